#ifndef COUNTYLEAP_COUNTYLEAP_H
#define COUNTYLEAP_COUNTYLEAP_H
/**
 * @file countyleap.h
 * @brief The plain C interface (C99) of countyleap, for systems written in Java (JNA, Panama),
 * .NET (P/Invoke), Go (cgo) or C. Link `libcountyleap_c` (CMake: `countyleap::c`).
 *
 * The rules every function follows (docs/c-api.md has them in full, with the JSON schemas and a
 * Java example):
 * - **Status.** Every function that can fail returns a ::cl_status; ::CL_OK is 0. On failure the
 *   output arguments are left unchanged and cl_last_error() gives a UTF-8 message naming the
 *   file, row, column or id, as the C++ exceptions do. No C++ exception crosses this interface.
 * - **Handles.** A ::cl_dataset and a ::cl_result are opaque; close each with its
 *   `cl_*_close` (NULL is accepted and ignored).
 * - **Memory.** A `char**` output (JSON text) is allocated by the library and freed by the
 *   caller with cl_free(). A `const char**` or `const double**` output is borrowed from the
 *   handle and stays valid until the handle is closed (or, for a result, re-classified). The
 *   `cl_result_copy_*` functions copy into a buffer the caller owns.
 * - **Strings** are UTF-8, NUL-terminated.
 * - **Threads.** Distinct handles may be used from any number of threads at once. One handle
 *   may be read (every function taking a `const` handle) from several threads at once;
 *   cl_classify() changes its result and must not run while another thread uses that result.
 *   The last error is per thread.
 * - **Data honesty.** Every JSON text says whether the data are illustrative (`"illustrative"`),
 *   and the bundled panel is: no output made from it is an official statistic.
 */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The version of this interface: raised when a function's meaning or signature changes. */
#define CL_API_VERSION 1

/**
 * @def CL_API
 * Marks a function of this interface: exported from libcountyleap_c (the only symbols it
 * exports), imported by its users on Windows.
 */
#if defined(_WIN32) && defined(COUNTYLEAP_C_BUILDING)
#define CL_API __declspec(dllexport)
#elif defined(_WIN32)
#define CL_API __declspec(dllimport)
#elif defined(__GNUC__)
#define CL_API __attribute__((visibility("default")))
#else
#define CL_API
#endif

/** What a call did: ::CL_OK, or the kind of error (the C++ exception type it comes from). */
typedef enum cl_status {
  CL_OK = 0,                     /**< success */
  CL_ERROR_NULL_ARGUMENT = 1,    /**< a required pointer argument is NULL (the message names it) */
  CL_ERROR_INVALID_ARGUMENT = 2, /**< an index out of range, a buffer too small, a negative count */
  CL_ERROR_IO = 3,               /**< a file or folder that cannot be opened or read (countyleap::io_error) */
  CL_ERROR_PARSE = 4,            /**< malformed CSV or JSON text (countyleap::parse_error) */
  CL_ERROR_ENCODING = 5,         /**< bytes that are not valid UTF-8 or GB18030 (countyleap::encoding_error) */
  CL_ERROR_VALIDATION = 6,       /**< a value that is well formed but not allowed (countyleap::validation_error) */
  CL_ERROR_CODE_FORMAT = 7,      /**< a malformed region code (countyleap::code_format_error) */
  CL_ERROR_FRAMEWORK = 8,        /**< a framework that is not a valid tree (countyleap::framework_error) */
  CL_ERROR_PLAN = 9,             /**< a plan that contradicts itself (countyleap::plan_error) */
  CL_ERROR_UNKNOWN_ID = 10,      /**< an unknown region, year, indicator, node or tier (countyleap::unknown_id_error) */
  CL_ERROR_DUPLICATE = 11,       /**< the same key given twice (countyleap::duplicate_error) */
  CL_ERROR_OTHER = 12,           /**< another countyleap::error */
  CL_ERROR_OUT_OF_MEMORY = 13,   /**< an allocation failed */
  CL_ERROR_INTERNAL = 14,        /**< any other failure inside the library (a bug: please report it) */
  /** a database file that is not a store or cannot be used as asked (countyleap::store_error): the
   *  message starts with the fault in brackets, e.g. "[newer_schema] ", then names the file */
  CL_ERROR_STORE = 15
} cl_status;

/**
 * A dataset: regions, framework, plan, panel and pipeline spec, read once from a folder or from
 * a store at one vintage, with its provenance (name, illustrative flag, source, vintage).
 */
typedef struct cl_dataset cl_dataset;

/** The evaluation of one year: composite scores and ranks and, after cl_classify(), tiers. */
typedef struct cl_result cl_result;

/* ---- library ------------------------------------------------------------------------------- */

/** The library's version, "major.minor.patch" (static storage; never NULL). */
CL_API const char* cl_version(void);

/** The ::CL_API_VERSION the library was built with (compare with the header's). */
CL_API int cl_api_version(void);

/**
 * The message of the last failed call on this thread (UTF-8, naming file, row, column or id),
 * or "" when none failed yet. Valid until the next failing call on this thread; never NULL.
 */
CL_API const char* cl_last_error(void);

/** The name of a status, e.g. "CL_ERROR_IO" (static storage; "CL_UNKNOWN_STATUS" for others). */
CL_API const char* cl_status_name(cl_status status);

/** Frees text the library allocated (the `char**` outputs). NULL is ignored. */
CL_API void cl_free(void* text);

/* ---- datasets ------------------------------------------------------------------------------ */

/**
 * Opens a dataset folder: regions.json, framework.json, plan.json, a panel CSV (panel.csv or
 * panel-*.csv, long layout) and spec.json (the pipeline spec; without it the pipeline's
 * defaults), as the bundled data/shijiazhuang/. Further sources (a database file) get their own
 * `cl_dataset_open_*` function and give the same handle.
 * @param folder the folder (UTF-8 path)
 * @param out    receives the handle; close it with cl_dataset_close()
 * @return ::CL_ERROR_IO for a missing folder or regions.json, the readers' errors for malformed
 *         files (::CL_ERROR_PARSE naming file, line and column), ::CL_ERROR_VALIDATION for a
 *         folder without framework or panel.
 */
CL_API cl_status cl_dataset_open(const char* folder, cl_dataset** out);

/**
 * Opens a bundled dataset by name ("shijiazhuang"): `$COUNTYLEAP_DATA_DIR/<name>` when set, else
 * the installed data folder, else the source tree's data/. ::CL_ERROR_IO for an unknown name.
 */
CL_API cl_status cl_dataset_open_bundled(const char* name, cl_dataset** out);

/**
 * Opens the indicator database (a store file written by countyleap::Store or `countyleap db`) read
 * only, and reads the dataset as it stood at a vintage: the store's latest regions, framework and
 * plan, and the panel of every batch up to `as_of` (for each cell the latest row; a retraction
 * makes it missing). The method is the spec.json of the bundled dataset whose name the store
 * carries (as the Python `Store.dataset().study()`), else the pipeline's defaults. Every other
 * function works on the handle as on a folder's; every JSON text carries the vintage.
 * @param path  the database file (UTF-8 path); the file is never written
 * @param as_of NULL or "" = the latest batch; a batch id ("17" or "batch:17"); or an ISO 8601
 *              date-time ("2023-05-01T12:00:00", "Z" or "+08:00"; no offset = UTC; a date alone =
 *              the end of that day): the last batch committed at or before it
 * @param out   receives the handle; close it with cl_dataset_close()
 * @return ::CL_ERROR_IO for a missing file; ::CL_ERROR_STORE for a file that is not an SQLite
 *         database, is damaged, is not a countyleap store or has a newer schema (the message
 *         names the fault and the file); ::CL_ERROR_VALIDATION for an `as_of` that is neither a
 *         batch id nor a date-time, for a store without framework and for a vintage without any
 *         observation; ::CL_ERROR_UNKNOWN_ID for a batch that does not exist. Each message names
 *         the file and, for the last three, the `as_of`.
 */
CL_API cl_status cl_dataset_open_db(const char* path, const char* as_of, cl_dataset** out);

/** Closes a dataset. NULL is ignored. Results made from it stay valid. */
CL_API void cl_dataset_close(cl_dataset* dataset);

/** The first and last year of the dataset's panel (either pointer may be NULL). */
CL_API cl_status cl_dataset_years(const cl_dataset* dataset, int* first, int* last);

/**
 * 1 when the data are illustrative (invented values, not statistics), else 0: the dataset's
 * metadata say so (a folder's dataset.json, a store's), or, for a folder without dataset.json,
 * the panel's comment lines do.
 */
CL_API cl_status cl_dataset_illustrative(const cl_dataset* dataset, int* illustrative);

/**
 * The Chinese and English names of a region (borrowed, valid while the dataset is open; either
 * pointer may be NULL; "" when the name is not known). ::CL_ERROR_UNKNOWN_ID for an unknown code.
 */
CL_API cl_status cl_dataset_region_name(const cl_dataset* dataset, const char* code, const char** name_zh,
                                        const char** name_en);

/**
 * The dataset's provenance as JSON (`countyleap.c.provenance/1`, free with cl_free()): the common
 * header of every JSON text, whose `provenance` object holds the dataset's name, the illustrative
 * flag, the data source (the panel file of a folder, the database file of a store), the vintage
 * (`as_of`, `batch`, `committed_at`, `content_hash`; null for a folder), the library version and
 * the SHA-256 of the canonical pipeline spec, as the Python layer's provenance record.
 */
CL_API cl_status cl_dataset_provenance_json(const cl_dataset* dataset, char** json);

/* ---- evaluation and tiers ------------------------------------------------------------------ */

/**
 * Evaluates one year with the dataset's pipeline spec: the composite score (the framework's
 * root) and rank (1 = best, ties share the best rank) of every region kept.
 * @param dataset the dataset
 * @param year the data year; 0 = the panel's last year. ::CL_ERROR_UNKNOWN_ID outside the panel.
 * @param out  receives the result; close it with cl_result_close()
 */
CL_API cl_status cl_evaluate(const cl_dataset* dataset, int year, cl_result** out);

/** Closes a result. NULL is ignored. */
CL_API void cl_result_close(cl_result* result);

/** The data year evaluated. */
CL_API cl_status cl_result_year(const cl_result* result, int* year);

/** The number of regions n in the result (the length of every array below). */
CL_API cl_status cl_result_count(const cl_result* result, size_t* count);

/** The code of region `index` (0 <= index < n; borrowed). */
CL_API cl_status cl_result_code(const cl_result* result, size_t index, const char** code);

/** The n composite scores (borrowed array; NaN = missing). */
CL_API cl_status cl_result_scores(const cl_result* result, const double** scores);

/** The n ranks (borrowed array; 1 = best, NaN for a missing score). */
CL_API cl_status cl_result_ranks(const cl_result* result, const double** ranks);

/** Copies the n scores into `buffer` of `capacity` values (::CL_ERROR_INVALID_ARGUMENT when smaller). */
CL_API cl_status cl_result_copy_scores(const cl_result* result, double* buffer, size_t capacity);

/** Copies the n ranks into `buffer` of `capacity` values. */
CL_API cl_status cl_result_copy_ranks(const cl_result* result, double* buffer, size_t capacity);

/**
 * Classifies the result with the tier scheme of the dataset's plan (Hebei's A >= 80,
 * 60 <= B < 80, C < 60 for the bundled plan). ::CL_ERROR_VALIDATION when the dataset has no
 * plan or a score is missing (naming the region).
 */
CL_API cl_status cl_classify(cl_result* result, const cl_dataset* dataset);

/** The tier label of region `index` (borrowed). ::CL_ERROR_VALIDATION before cl_classify(). */
CL_API cl_status cl_result_tier(const cl_result* result, size_t index, const char** tier);

/**
 * The n margins (borrowed arrays; either pointer may be NULL): `up` how much each score must rise
 * to reach the next better tier (NaN in the best tier), `down` how far it is above its own tier's
 * lower boundary (NaN in the worst). ::CL_ERROR_VALIDATION before cl_classify().
 */
CL_API cl_status cl_result_margins(const cl_result* result, const double** up, const double** down);

/* ---- plan analyses as JSON text (schemas in docs/c-api.md; free with cl_free) --------------- */

/** The plan check: findings and, per phase, stated and counted tiers and the named moves. */
CL_API cl_status cl_plan_check_json(const cl_dataset* dataset, char** json);

/** Every region's gaps to the plan's indicator targets, from the data of `year` (0 = last). */
CL_API cl_status cl_gaps_json(const cl_dataset* dataset, int year, char** json);

/** The early warning on the data up to `year` (0 = last): targets, tier goals and phases. */
CL_API cl_status cl_warnings_json(const cl_dataset* dataset, int year, char** json);

/**
 * The leap path of region `code` from the data of `year` (0 = last): the least change of its
 * indicators that lifts it into `goal`. `goal` NULL = the region's next plan goal above its tier
 * in `year` (computed for that goal's evaluation year, projected when later than `year`);
 * `target_year` 0 = that goal's year, or `year` with an explicit goal.
 */
CL_API cl_status cl_leap_path_json(const cl_dataset* dataset, const char* code, int year, const char* goal,
                                   int target_year, char** json);

/**
 * The Monte Carlo uncertainty summary of the uncertainty spec in file `spec_path` on the data of
 * `year` (0 = last): per region the nominal rank, rank mean, median, 5th and 95th percentiles,
 * score quantiles, and tier probabilities (the plan's scheme when the spec has none) with the
 * probability of reaching the plan's goal for `year` when the plan has goals for it.
 * `threads` 0 = all cores (the result does not depend on it).
 */
CL_API cl_status cl_uncertainty_json(const cl_dataset* dataset, const char* spec_path, int year, unsigned threads,
                                     char** json);

/**
 * What the annual bulletin of evaluation year `year` (0 = last) is made from: the ranking with
 * tiers, moves and goals, tier counts against the plan's phase, the early warning, weak spots and
 * every county's leap path. The HTML/Markdown bulletin itself is rendered by the Python layer
 * (`countyleap report`); this interface does not render it.
 */
CL_API cl_status cl_bulletin_json(const cl_dataset* dataset, int year, char** json);

#ifdef __cplusplus
}
#endif

#endif /* COUNTYLEAP_COUNTYLEAP_H */
