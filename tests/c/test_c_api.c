/* The C interface (include/countyleap/countyleap.h), compiled as C99 with -Wall -Wextra -pedantic
 * -Werror: the main job on the bundled Shijiazhuang dataset, then every error path with its
 * status and message. Run by CTest as it is and under valgrind (no leak, no invalid access).
 *
 * Arguments: <data/shijiazhuang folder> <tests/c/data folder> <scratch folder> <store file>; the
 * store is built by make_store (the fixture c.make_store) from the same folder in two batches
 * (years 2019-2021, then 2022), with what the C++ Store reports of its vintages in <store>.vintage.
 * Expected values come from outside the C interface: the plan's published 2020 tier counts
 * (A 8, B 4, C 9, 石政办函〔2022〕17号, which the illustrative panel is calibrated to give), the
 * 2020 composite scores of the generator's own numpy implementation (data/shijiazhuang/
 * generate_panel.py, as in tests/cpp/test_illustrative_panel.cpp), Hebei's cut-offs (A >= 80,
 * B >= 60) for the margins, a rank counted here by hand, and for the store the folder's own
 * results and the vintages Store::batches() and Store::vintage() report. */
#include <countyleap/countyleap.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                                                      \
  do {                                                                                                   \
    if (!(cond)) {                                                                                       \
      fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, __LINE__, #cond, cl_last_error()); \
      ++failures;                                                                                        \
    }                                                                                                    \
  } while (0)

#define CHECK_OK(call) CHECK((call) == CL_OK)

/* A call that must fail with `status` and a message containing every fragment given. */
static void expect_error(int line, cl_status got, cl_status want, const char* fragment1, const char* fragment2) {
  const char* message = cl_last_error();
  if (got != want) {
    fprintf(stderr, "line %d: expected %s, got %s (%s)\n", line, cl_status_name(want), cl_status_name(got), message);
    ++failures;
    return;
  }
  if (strstr(message, fragment1) == NULL || (fragment2 != NULL && strstr(message, fragment2) == NULL)) {
    fprintf(stderr, "line %d: message '%s' lacks '%s'%s%s\n", line, message, fragment1, fragment2 ? " or " : "",
            fragment2 ? fragment2 : "");
    ++failures;
  }
}
#define EXPECT_ERROR(call, status, f1, f2) expect_error(__LINE__, (call), (status), (f1), (f2))

/* The number after the first `"key": ` in a JSON text (NaN when absent). */
static double json_number(const char* json, const char* key) {
  char pattern[128];
  const char* at;
  snprintf(pattern, sizeof pattern, "\"%s\": ", key);
  at = strstr(json, pattern);
  return at ? strtod(at + strlen(pattern), NULL) : NAN;
}

static int contains(const char* text, const char* fragment) { return text != NULL && strstr(text, fragment) != NULL; }

static size_t index_of(const cl_result* r, const char* code) {
  size_t n = 0, i;
  const char* c = NULL;
  cl_result_count(r, &n);
  for (i = 0; i < n; ++i)
    if (cl_result_code(r, i, &c) == CL_OK && strcmp(c, code) == 0) return i;
  return (size_t)-1;
}

static void copy_file(const char* from, const char* to) {
  char buffer[65536];
  size_t n;
  FILE* in = fopen(from, "rb");
  FILE* out = fopen(to, "wb");
  CHECK(in != NULL && out != NULL);
  if (in && out)
    while ((n = fread(buffer, 1, sizeof buffer, in)) > 0) fwrite(buffer, 1, n, out);
  if (in) fclose(in);
  if (out) fclose(out);
}

static void write_file(const char* path, const char* text) {
  FILE* f = fopen(path, "wb");
  CHECK(f != NULL);
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

/* ---- the main job ------------------------------------------------------------------------------- */

static void test_library(void) {
  CHECK(cl_api_version() == CL_API_VERSION);
  CHECK(strcmp(cl_version(), COUNTYLEAP_EXPECTED_VERSION) == 0);
  CHECK(strcmp(cl_status_name(CL_ERROR_UNKNOWN_ID), "CL_ERROR_UNKNOWN_ID") == 0);
  CHECK(strcmp(cl_status_name((cl_status)99), "CL_UNKNOWN_STATUS") == 0);
  CHECK(strcmp(cl_last_error(), "") == 0); /* nothing failed yet on this thread */
  cl_free(NULL);
  cl_dataset_close(NULL);
  cl_result_close(NULL);
}

static void test_evaluate_and_classify(const cl_dataset* ds) {
  cl_result* r = NULL;
  size_t n = 0, i, j, counts[3] = {0, 0, 0};
  int year = 0, first = 0, last = 0, illustrative = 0;
  const double *scores = NULL, *ranks = NULL, *up = NULL, *down = NULL;
  double copied[21], small[3];
  const char *tier = NULL, *zh = NULL, *en = NULL;

  CHECK_OK(cl_dataset_years(ds, &first, &last));
  CHECK(first == 2019 && last == 2022);
  CHECK_OK(cl_dataset_illustrative(ds, &illustrative));
  CHECK(illustrative == 1);
  CHECK_OK(cl_dataset_region_name(ds, "130129", &zh, &en));
  CHECK(strcmp(zh, "赞皇县") == 0 && strcmp(en, "Zanhuang") == 0);

  CHECK_OK(cl_evaluate(ds, 2020, &r));
  CHECK_OK(cl_result_year(r, &year));
  CHECK(year == 2020);
  CHECK_OK(cl_result_count(r, &n));
  CHECK(n == 21); /* the 21 units of the plan (辛集市 out of scope) */
  CHECK_OK(cl_result_scores(r, &scores));
  CHECK_OK(cl_result_ranks(r, &ranks));
  /* the generator's numpy implementation: 130108 90.000088, 130129 46.168163, 130125 50.000002 */
  CHECK(fabs(scores[index_of(r, "130108")] - 90.000088) < 1e-6);
  CHECK(fabs(scores[index_of(r, "130129")] - 46.168163) < 1e-6);
  CHECK(fabs(scores[index_of(r, "130125")] - 50.000002) < 1e-6);
  /* rank = 1 + the number of higher scores, counted here */
  for (i = 0; i < n; ++i) {
    size_t higher = 0;
    for (j = 0; j < n; ++j) higher += scores[j] > scores[i];
    CHECK(ranks[i] == (double)(higher + 1));
  }
  CHECK_OK(cl_result_copy_scores(r, copied, 21));
  CHECK(memcmp(copied, scores, sizeof copied) == 0);
  CHECK_OK(cl_result_copy_ranks(r, copied, 21));
  CHECK(memcmp(copied, ranks, sizeof copied) == 0);
  EXPECT_ERROR(cl_result_copy_scores(r, small, 3), CL_ERROR_INVALID_ARGUMENT, "buffer of 3 values is too small for 21",
               NULL);
  EXPECT_ERROR(cl_result_code(r, 21, &tier), CL_ERROR_INVALID_ARGUMENT, "region index 21 out of range", "21 regions");
  EXPECT_ERROR(cl_result_tier(r, 0, &tier), CL_ERROR_VALIDATION, "no tiers: call cl_classify() first", NULL);
  EXPECT_ERROR(cl_result_margins(r, &up, &down), CL_ERROR_VALIDATION, "cl_classify()", NULL);

  CHECK_OK(cl_classify(r, ds));
  CHECK_OK(cl_result_margins(r, &up, &down));
  for (i = 0; i < n; ++i) {
    CHECK_OK(cl_result_tier(r, i, &tier));
    /* Hebei: A >= 80, 60 <= B < 80, C < 60; margin up to the next boundary, down to one's own */
    if (scores[i] >= 80) {
      CHECK(strcmp(tier, "A") == 0 && isnan(up[i]) && fabs(down[i] - (scores[i] - 80)) < 1e-9);
      ++counts[0];
    } else if (scores[i] >= 60) {
      CHECK(strcmp(tier, "B") == 0 && fabs(up[i] - (80 - scores[i])) < 1e-9 && fabs(down[i] - (scores[i] - 60)) < 1e-9);
      ++counts[1];
    } else {
      CHECK(strcmp(tier, "C") == 0 && fabs(up[i] - (60 - scores[i])) < 1e-9 && isnan(down[i]));
      ++counts[2];
    }
  }
  CHECK(counts[0] == 8 && counts[1] == 4 && counts[2] == 9); /* the plan's 2020 tiers */
  cl_result_close(r);

  r = NULL;
  CHECK_OK(cl_evaluate(ds, 0, &r)); /* 0: the panel's last year */
  CHECK_OK(cl_result_year(r, &year));
  CHECK(year == 2022);
  cl_result_close(r);
}

static void test_json(const cl_dataset* ds, const char* test_data) {
  char* json = NULL;
  char spec[4096];
  cl_result* r = NULL;
  const double* scores = NULL;
  double nominal;

  CHECK_OK(cl_plan_check_json(ds, &json));
  CHECK(contains(json, "\"schema\": \"countyleap.c.plan_check/1\"") && contains(json, "\"consistent\": true"));
  CHECK(contains(json, "\"illustrative\": true") && contains(json, "not official statistics"));
  cl_free(json);

  json = NULL;
  CHECK_OK(cl_gaps_json(ds, 2022, &json));
  CHECK(contains(json, "\"data_year\": 2022") && contains(json, "\"growth_need\"") && contains(json, "\"status\": \"unmet\""));
  cl_free(json);

  json = NULL;
  CHECK_OK(cl_warnings_json(ds, 0, &json));
  CHECK(contains(json, "\"base_year\": 2022") && contains(json, "\"phases\"") && contains(json, "\"status\": \"off_track\""));
  cl_free(json);

  /* 赞皇县 130129, tier C in 2022: its next goal is B in 2022 (plan.json: "seed 第二阶段: C→B"),
   * observed; the path reaches B's boundary 60 with one indicator, as the Python Study finds
   * (study.leap_path("130129", year=2022).total_relative_change = 0.6526239937566376) */
  json = NULL;
  CHECK_OK(cl_leap_path_json(ds, "130129", 2022, NULL, 0, &json));
  CHECK(contains(json, "\"code\": \"130129\"") && contains(json, "\"goal\": \"B\"") && contains(json, "\"year\": 2022"));
  CHECK(contains(json, "\"projected\": false") && json_number(json, "boundary") == 60);
  CHECK(contains(json, "\"feasible\": true") && json_number(json, "new_score") >= 60);
  CHECK(fabs(json_number(json, "total_relative_change") - 0.6526239937566376) < 1e-12);
  cl_free(json);
  /* from the 2021 data (tier C) the next goal is still B in 2022: projected from 2019-2021
   * (Python: study.leap_path("130129", year=2021).total_relative_change = 1.8941660219222058) */
  json = NULL;
  CHECK_OK(cl_leap_path_json(ds, "130129", 2021, NULL, 0, &json));
  CHECK(contains(json, "\"base_year\": 2021") && contains(json, "\"year\": 2022") && contains(json, "\"projected\": true"));
  CHECK(fabs(json_number(json, "total_relative_change") - 1.8941660219222058) < 1e-9);
  cl_free(json);
  /* an explicit goal in the data year: observed, boundary A = 80 */
  json = NULL;
  CHECK_OK(cl_leap_path_json(ds, "130129", 2022, "A", 0, &json));
  CHECK(contains(json, "\"goal\": \"A\"") && contains(json, "\"year\": 2022") && contains(json, "\"projected\": false"));
  CHECK(json_number(json, "boundary") == 80);
  cl_free(json);

  /* the uncertainty summary: the nominal score is evaluate()'s */
  snprintf(spec, sizeof spec, "%s/ua_weights.json", test_data);
  json = NULL;
  CHECK_OK(cl_uncertainty_json(ds, spec, 2022, 1, &json));
  CHECK(contains(json, "\"replications\": 40") && contains(json, "\"p_goal\"") && contains(json, "\"p_tier\""));
  /* weight noise and arithmetic/geometric means keep one score scale: no scale warning */
  CHECK(contains(json, "\"warnings\": []"));
  CHECK_OK(cl_evaluate(ds, 2022, &r));
  CHECK_OK(cl_result_scores(r, &scores));
  nominal = json_number(strstr(json, "\"code\": \"130102\""), "nominal_score");
  CHECK(fabs(nominal - scores[index_of(r, "130102")]) < 1e-9);
  cl_result_close(r);
  cl_free(json);

  json = NULL;
  CHECK_OK(cl_bulletin_json(ds, 2022, &json));
  CHECK(contains(json, "\"schema\": \"countyleap.c.bulletin/1\"") && contains(json, "\"previous_year\": 2021"));
  CHECK(contains(json, "\"ranking\"") && contains(json, "\"tier_counts\"") && contains(json, "\"leap_paths\""));
  CHECK(contains(json, "\"weak_spots\"") && contains(json, "\"tier_move\": \"jump\""));
  cl_free(json);
}

/* ---- errors --------------------------------------------------------------------------------------- */

static void test_errors(const cl_dataset* ds, const char* data, const char* test_data, const char* scratch) {
  cl_dataset* opened = NULL;
  cl_result* r = NULL;
  char* json = NULL;
  char path[4096], from[4096];
  const char* const parts[] = {"regions.json", "framework.json", "plan.json", "spec.json"};
  size_t i;
  int year = 0;

  /* missing folder, unknown bundled name */
  EXPECT_ERROR(cl_dataset_open("/nonexistent/countyleap", &opened), CL_ERROR_IO, "/nonexistent/countyleap",
               "dataset folder not found");
  CHECK(opened == NULL); /* outputs untouched on failure */
  EXPECT_ERROR(cl_dataset_open_bundled("atlantis", &opened), CL_ERROR_IO, "atlantis", NULL);

  /* malformed JSON: names the file, line and column */
  snprintf(path, sizeof path, "%s/malformed", test_data);
  EXPECT_ERROR(cl_dataset_open(path, &opened), CL_ERROR_PARSE, "malformed/regions.json:5", NULL);
  CHECK(opened == NULL);

  /* malformed panel CSV: a copy of the bundled folder whose panel has text for a number */
  for (i = 0; i < sizeof parts / sizeof parts[0]; ++i) {
    snprintf(from, sizeof from, "%s/%s", data, parts[i]);
    snprintf(path, sizeof path, "%s/%s", scratch, parts[i]);
    copy_file(from, path);
  }
  snprintf(path, sizeof path, "%s/panel.csv", scratch);
  write_file(path, "code,variable,year,value\n130102,fiscal_st_exp,2019,5670.2\n130104,fiscal_st_exp,2019,lots\n");
  EXPECT_ERROR(cl_dataset_open(scratch, &opened), CL_ERROR_PARSE, "panel.csv:3:4 (column 'value')", "lots");
  CHECK(opened == NULL);

  /* a folder without plan: evaluation works, the plan analyses name what they need */
  snprintf(path, sizeof path, "%s/plan.json", scratch);
  remove(path);
  snprintf(path, sizeof path, "%s/panel.csv", scratch);
  write_file(path, "code,variable,year,value\n130102,fiscal_st_exp,2019,5670.2\n");
  CHECK_OK(cl_dataset_open(scratch, &opened));
  EXPECT_ERROR(cl_gaps_json(opened, 0, &json), CL_ERROR_VALIDATION, "target gaps needs a plan", scratch);
  CHECK(json == NULL);
  cl_dataset_close(opened);

  /* unknown region */
  EXPECT_ERROR(cl_leap_path_json(ds, "999999", 2022, NULL, 0, &json), CL_ERROR_UNKNOWN_ID, "region not in the scores",
               "'999999'");
  EXPECT_ERROR(cl_leap_path_json(ds, "999999", 2022, "A", 0, &json), CL_ERROR_UNKNOWN_ID, "999999", NULL);
  EXPECT_ERROR(cl_dataset_region_name(ds, "999999", NULL, NULL), CL_ERROR_UNKNOWN_ID, "999999", NULL);
  EXPECT_ERROR(cl_leap_path_json(ds, "130129", 2022, "Z", 0, &json), CL_ERROR_UNKNOWN_ID, "'Z'", NULL);
  CHECK(json == NULL);

  /* a year outside the data (2019-2022) */
  EXPECT_ERROR(cl_evaluate(ds, 1990, &r), CL_ERROR_UNKNOWN_ID, "year not in panel (2019-2022)", "'1990'");
  CHECK(r == NULL);
  EXPECT_ERROR(cl_gaps_json(ds, 2030, &json), CL_ERROR_UNKNOWN_ID, "'2030'", NULL);
  EXPECT_ERROR(cl_warnings_json(ds, 2018, &json), CL_ERROR_UNKNOWN_ID, "'2018'", NULL);
  EXPECT_ERROR(cl_bulletin_json(ds, 2023, &json), CL_ERROR_UNKNOWN_ID, "'2023'", NULL);
  EXPECT_ERROR(cl_leap_path_json(ds, "130129", 1999, NULL, 0, &json), CL_ERROR_UNKNOWN_ID, "'1999'", NULL);
  snprintf(path, sizeof path, "%s/ua_weights.json", test_data);
  EXPECT_ERROR(cl_uncertainty_json(ds, path, 2031, 1, &json), CL_ERROR_UNKNOWN_ID, "'2031'", NULL);
  CHECK(json == NULL);

  /* a missing uncertainty spec file */
  snprintf(path, sizeof path, "%s/no-such-spec.json", test_data);
  EXPECT_ERROR(cl_uncertainty_json(ds, path, 0, 1, &json), CL_ERROR_IO, "no-such-spec.json", NULL);

  /* NULL arguments: named, never a crash */
  EXPECT_ERROR(cl_dataset_open(NULL, &opened), CL_ERROR_NULL_ARGUMENT, "argument 'folder' is NULL", NULL);
  EXPECT_ERROR(cl_dataset_open(data, NULL), CL_ERROR_NULL_ARGUMENT, "argument 'out' is NULL", NULL);
  EXPECT_ERROR(cl_dataset_open_bundled(NULL, &opened), CL_ERROR_NULL_ARGUMENT, "'name'", NULL);
  EXPECT_ERROR(cl_dataset_years(NULL, &year, &year), CL_ERROR_NULL_ARGUMENT, "'dataset'", NULL);
  EXPECT_ERROR(cl_dataset_illustrative(ds, NULL), CL_ERROR_NULL_ARGUMENT, "'illustrative'", NULL);
  EXPECT_ERROR(cl_dataset_region_name(ds, NULL, NULL, NULL), CL_ERROR_NULL_ARGUMENT, "'code'", NULL);
  EXPECT_ERROR(cl_evaluate(NULL, 0, &r), CL_ERROR_NULL_ARGUMENT, "'dataset'", NULL);
  EXPECT_ERROR(cl_evaluate(ds, 0, NULL), CL_ERROR_NULL_ARGUMENT, "'out'", NULL);
  EXPECT_ERROR(cl_result_year(NULL, &year), CL_ERROR_NULL_ARGUMENT, "'result'", NULL);
  EXPECT_ERROR(cl_result_count(NULL, NULL), CL_ERROR_NULL_ARGUMENT, "'result'", NULL);
  EXPECT_ERROR(cl_result_code(NULL, 0, NULL), CL_ERROR_NULL_ARGUMENT, "'result'", NULL);
  EXPECT_ERROR(cl_result_scores(NULL, NULL), CL_ERROR_NULL_ARGUMENT, "'result'", NULL);
  EXPECT_ERROR(cl_result_ranks(NULL, NULL), CL_ERROR_NULL_ARGUMENT, "'result'", NULL);
  EXPECT_ERROR(cl_result_copy_scores(NULL, NULL, 0), CL_ERROR_NULL_ARGUMENT, "'result'", NULL);
  EXPECT_ERROR(cl_result_copy_ranks(NULL, NULL, 0), CL_ERROR_NULL_ARGUMENT, "'result'", NULL);
  EXPECT_ERROR(cl_classify(NULL, ds), CL_ERROR_NULL_ARGUMENT, "'result'", NULL);
  EXPECT_ERROR(cl_result_tier(NULL, 0, NULL), CL_ERROR_NULL_ARGUMENT, "'result'", NULL);
  EXPECT_ERROR(cl_result_margins(NULL, NULL, NULL), CL_ERROR_NULL_ARGUMENT, "'result'", NULL);
  EXPECT_ERROR(cl_plan_check_json(NULL, &json), CL_ERROR_NULL_ARGUMENT, "'dataset'", NULL);
  EXPECT_ERROR(cl_plan_check_json(ds, NULL), CL_ERROR_NULL_ARGUMENT, "'json'", NULL);
  EXPECT_ERROR(cl_gaps_json(NULL, 0, &json), CL_ERROR_NULL_ARGUMENT, "'dataset'", NULL);
  EXPECT_ERROR(cl_warnings_json(ds, 0, NULL), CL_ERROR_NULL_ARGUMENT, "'json'", NULL);
  EXPECT_ERROR(cl_leap_path_json(ds, NULL, 0, NULL, 0, &json), CL_ERROR_NULL_ARGUMENT, "'code'", NULL);
  EXPECT_ERROR(cl_uncertainty_json(ds, NULL, 0, 1, &json), CL_ERROR_NULL_ARGUMENT, "'spec_path'", NULL);
  EXPECT_ERROR(cl_bulletin_json(NULL, 0, &json), CL_ERROR_NULL_ARGUMENT, "'dataset'", NULL);
  CHECK(json == NULL);

  CHECK_OK(cl_evaluate(ds, 2021, &r));
  EXPECT_ERROR(cl_result_scores(r, NULL), CL_ERROR_NULL_ARGUMENT, "'scores'", NULL);
  EXPECT_ERROR(cl_result_copy_ranks(r, NULL, 21), CL_ERROR_NULL_ARGUMENT, "'buffer'", NULL);
  EXPECT_ERROR(cl_classify(r, NULL), CL_ERROR_NULL_ARGUMENT, "'dataset'", NULL);
  cl_result_close(r);
}

/* ---- the indicator database (cl_dataset_open_db) ------------------------------------------------ */

/* The value after "key " on its line of the vintage file make_store wrote ("" when absent). */
static void vintage_value(const char* file, const char* key, char* value, size_t size) {
  char line[512];
  size_t n = strlen(key);
  FILE* f = fopen(file, "r");
  value[0] = '\0';
  CHECK(f != NULL);
  if (f == NULL) return;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, key, n) == 0 && line[n] == ' ') {
      snprintf(value, size, "%s", line + n + 1);
      value[strcspn(value, "\n")] = '\0';
    }
  fclose(f);
  CHECK(value[0] != '\0');
}

/* The tiers of `year` from the store's dataset equal the folder's, region by region (found by code:
 * the store orders regions as its region set does), with the same scores. */
static void expect_same_tiers(const cl_dataset* folder, const cl_dataset* db, int year) {
  cl_result *a = NULL, *b = NULL;
  size_t n = 0, m = 0, i, j;
  const double *sa = NULL, *sb = NULL;
  const char *code = NULL, *ta = NULL, *tb = NULL;
  CHECK_OK(cl_evaluate(folder, year, &a));
  CHECK_OK(cl_evaluate(db, year, &b));
  if (a == NULL || b == NULL) {
    cl_result_close(a);
    cl_result_close(b);
    return;
  }
  CHECK_OK(cl_classify(a, folder));
  CHECK_OK(cl_classify(b, db));
  cl_result_count(a, &n);
  cl_result_count(b, &m);
  CHECK(n == 21 && m == n);
  cl_result_scores(a, &sa);
  cl_result_scores(b, &sb);
  for (i = 0; i < n; ++i) {
    CHECK_OK(cl_result_code(a, i, &code));
    j = index_of(b, code);
    CHECK(j < m);
    if (j >= m) continue;
    CHECK_OK(cl_result_tier(a, i, &ta));
    CHECK_OK(cl_result_tier(b, j, &tb));
    CHECK(strcmp(ta, tb) == 0);
    CHECK(fabs(sa[i] - sb[j]) <= 1e-9 * fabs(sa[i]));
  }
  cl_result_close(a);
  cl_result_close(b);
}

/* A copy of the first `size` bytes of `from` at `to` (all of them when size is 0), with the 4
 * bytes at `patch_at` (when >= 0) set to the big-endian `patch`. */
static void copy_bytes(const char* from, const char* to, long size, long patch_at, unsigned long patch) {
  char* buffer = NULL;
  long n = 0;
  FILE* in = fopen(from, "rb");
  FILE* out = fopen(to, "wb");
  CHECK(in != NULL && out != NULL);
  if (in && out && fseek(in, 0, SEEK_END) == 0 && (n = ftell(in)) > 0 && fseek(in, 0, SEEK_SET) == 0 &&
      (buffer = (char*)malloc((size_t)n)) != NULL && fread(buffer, 1, (size_t)n, in) == (size_t)n) {
    if (size > 0 && size < n) n = size;
    if (patch_at >= 0 && patch_at + 4 <= n) {
      buffer[patch_at] = (char)(patch >> 24 & 0xff);
      buffer[patch_at + 1] = (char)(patch >> 16 & 0xff);
      buffer[patch_at + 2] = (char)(patch >> 8 & 0xff);
      buffer[patch_at + 3] = (char)(patch & 0xff);
    }
    CHECK(fwrite(buffer, 1, (size_t)n, out) == (size_t)n);
  } else {
    CHECK(!"cannot copy the store");
  }
  free(buffer);
  if (in) fclose(in);
  if (out) fclose(out);
}

static void test_store(const cl_dataset* folder, const char* db, const char* scratch) {
  cl_dataset *latest = NULL, *first = NULL, *opened = NULL;
  cl_result* r = NULL;
  char vintage_file[4096], path[4096], expected[1024], value[256], committed1[256], committed2[256];
  char* json = NULL;
  const char* at = NULL;
  int from = 0, to = 0, illustrative = 0;

  snprintf(vintage_file, sizeof vintage_file, "%s.vintage", db);
  vintage_value(vintage_file, "batch1_committed_at", committed1, sizeof committed1);
  vintage_value(vintage_file, "batch2_committed_at", committed2, sizeof committed2);

  /* latest (NULL and "" alike): both batches, 2019-2022, the tiers of the folder in every year */
  CHECK_OK(cl_dataset_open_db(db, NULL, &latest));
  if (latest == NULL) return;
  CHECK_OK(cl_dataset_years(latest, &from, &to));
  CHECK(from == 2019 && to == 2022);
  CHECK_OK(cl_dataset_illustrative(latest, &illustrative));
  CHECK(illustrative == 1); /* the store's metadata (dataset.json's flag, kept by the store) */
  expect_same_tiers(folder, latest, 2020);
  expect_same_tiers(folder, latest, 2022);

  /* its provenance: the vintage the Store reports (batch 2, its commit time and content hash) */
  CHECK_OK(cl_dataset_provenance_json(latest, &json));
  CHECK(contains(json, "\"schema\": \"countyleap.c.provenance/1\""));
  CHECK(contains(json, "\"dataset\": \"shijiazhuang\"") && contains(json, "\"illustrative\": true"));
  snprintf(expected, sizeof expected, "\"data\": \"%s\"", db);
  CHECK(contains(json, expected));
  CHECK(contains(json, "\"as_of\": \"\"") && contains(json, "\"batch\": 2,"));
  snprintf(expected, sizeof expected, "\"committed_at\": \"%s\"", committed2);
  CHECK(contains(json, expected));
  vintage_value(vintage_file, "latest_content_hash", value, sizeof value);
  snprintf(expected, sizeof expected, "\"content_hash\": \"%s\"", value);
  CHECK(contains(json, expected));
  cl_free(json);
  /* every JSON text carries it: a plan analysis of the store's data names the same vintage */
  json = NULL;
  CHECK_OK(cl_leap_path_json(latest, "130129", 2022, NULL, 0, &json));
  CHECK(contains(json, "\"provenance\"") && contains(json, expected) && contains(json, "\"goal\": \"B\""));
  cl_free(json);

  /* as of batch 1: the years up to 2021 only, each with the folder's tiers */
  CHECK_OK(cl_dataset_open_db(db, "1", &first));
  if (first != NULL) {
    CHECK_OK(cl_dataset_years(first, &from, &to));
    CHECK(from == 2019 && to == 2021);
    expect_same_tiers(folder, first, 2021);
    EXPECT_ERROR(cl_evaluate(first, 2022, &r), CL_ERROR_UNKNOWN_ID, "'2022'", NULL);
    json = NULL;
    CHECK_OK(cl_dataset_provenance_json(first, &json));
    CHECK(contains(json, "\"as_of\": \"1\"") && contains(json, "\"batch\": 1,"));
    vintage_value(vintage_file, "batch1_content_hash", value, sizeof value);
    snprintf(expected, sizeof expected, "\"content_hash\": \"%s\"", value);
    CHECK(contains(json, expected));
    cl_free(json);
    cl_dataset_close(first);
  }

  /* as of batch 1's commit time (microseconds, UTC): batch 1; "batch:2": batch 2 */
  CHECK_OK(cl_dataset_open_db(db, committed1, &opened));
  json = NULL;
  CHECK_OK(cl_dataset_provenance_json(opened, &json));
  CHECK(contains(json, "\"batch\": 1,"));
  cl_free(json);
  cl_dataset_close(opened);
  opened = NULL;
  CHECK_OK(cl_dataset_open_db(db, "batch:2", &opened));
  CHECK_OK(cl_dataset_years(opened, &from, &to));
  CHECK(to == 2022);
  cl_dataset_close(opened);
  opened = NULL;

  /* a folder has no vintage: null, and its data are the panel file; the store's method is the
   * spec.json of the bundled dataset it names, so both state the same spec's SHA-256 */
  json = NULL;
  CHECK_OK(cl_dataset_provenance_json(folder, &json));
  CHECK(contains(json, "\"vintage\": null") && contains(json, "panel-illustrative.csv\""));
  at = json ? strstr(json, "\"spec_sha256\"") : NULL;
  snprintf(expected, sizeof expected, "%.80s", at ? at : "");
  cl_free(json);
  json = NULL;
  CHECK_OK(cl_dataset_provenance_json(latest, &json));
  CHECK(strlen(expected) == 80 && contains(json, expected)); /* "spec_sha256": "<64 hex digits>" */
  cl_free(json);

  /* bad input: each its status, the message naming the file (and the as of point) */
  EXPECT_ERROR(cl_dataset_open_db("/nonexistent/leap.db", NULL, &opened), CL_ERROR_IO, "/nonexistent/leap.db", NULL);
  snprintf(path, sizeof path, "%s/not-a-database.db", scratch);
  write_file(path, "code,variable,year,value\n130102,fiscal_st_exp,2019,5670.2\n");
  EXPECT_ERROR(cl_dataset_open_db(path, NULL, &opened), CL_ERROR_STORE, "[not_a_database]", path);
  snprintf(path, sizeof path, "%s/truncated.db", scratch);
  copy_bytes(db, path, 8192, -1, 0);
  EXPECT_ERROR(cl_dataset_open_db(path, NULL, &opened), CL_ERROR_STORE, "[corrupt]", path);
  /* the header's user_version (4 bytes at offset 60, SQLite's file format) raised to 99 */
  snprintf(path, sizeof path, "%s/newer.db", scratch);
  copy_bytes(db, path, 0, 60, 99);
  EXPECT_ERROR(cl_dataset_open_db(path, NULL, &opened), CL_ERROR_STORE, "[newer_schema]", path);
  CHECK(contains(cl_last_error(), "schema version 99"));
  EXPECT_ERROR(cl_dataset_open_db(db, "yesterday", &opened), CL_ERROR_VALIDATION, "'yesterday'", db);
  EXPECT_ERROR(cl_dataset_open_db(db, "99", &opened), CL_ERROR_UNKNOWN_ID, "'99'", db);
  EXPECT_ERROR(cl_dataset_open_db(db, "2000-01-01", &opened), CL_ERROR_VALIDATION, "no observation as of '2000-01-01'",
               db);
  EXPECT_ERROR(cl_dataset_open_db(NULL, NULL, &opened), CL_ERROR_NULL_ARGUMENT, "argument 'path' is NULL", NULL);
  EXPECT_ERROR(cl_dataset_open_db(db, NULL, NULL), CL_ERROR_NULL_ARGUMENT, "argument 'out' is NULL", NULL);
  EXPECT_ERROR(cl_dataset_provenance_json(NULL, &json), CL_ERROR_NULL_ARGUMENT, "'dataset'", NULL);
  CHECK(opened == NULL);
  CHECK(strcmp(cl_status_name(CL_ERROR_STORE), "CL_ERROR_STORE") == 0);

  cl_dataset_close(latest);
}

/* ---- threads: one dataset read by two threads at once; each thread has its own last error ------ */

struct thread_job {
  const cl_dataset* ds;
  int year;
  cl_status status;
  double score_130129;
  char message[256];
};

static void* evaluate_in_thread(void* arg) {
  struct thread_job* job = (struct thread_job*)arg;
  cl_result* r = NULL;
  const double* scores = NULL;
  job->status = cl_evaluate(job->ds, job->year, &r);
  if (job->status == CL_OK) {
    cl_result_scores(r, &scores);
    job->score_130129 = scores[index_of(r, "130129")];
    cl_result_close(r);
  }
  snprintf(job->message, sizeof job->message, "%s", cl_last_error());
  return NULL;
}

static void test_threads(const cl_dataset* ds) {
  struct thread_job good = {NULL, 2020, CL_OK, 0, ""}, bad = {NULL, 1990, CL_OK, 0, ""};
  pthread_t t1, t2;
  cl_dataset* none = NULL;
  good.ds = bad.ds = ds;
  /* this thread's last error, set before the threads run, must survive them */
  EXPECT_ERROR(cl_dataset_open(NULL, &none), CL_ERROR_NULL_ARGUMENT, "'folder'", NULL);
  CHECK(pthread_create(&t1, NULL, evaluate_in_thread, &good) == 0);
  CHECK(pthread_create(&t2, NULL, evaluate_in_thread, &bad) == 0);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  CHECK(good.status == CL_OK && fabs(good.score_130129 - 46.168163) < 1e-6 && strcmp(good.message, "") == 0);
  CHECK(bad.status == CL_ERROR_UNKNOWN_ID && contains(bad.message, "'1990'"));
  CHECK(strcmp(cl_last_error(), "argument 'folder' is NULL") == 0);
}

int main(int argc, char** argv) {
  cl_dataset* ds = NULL;
  cl_dataset* bundled = NULL;
  if (argc != 5) {
    fprintf(stderr, "usage: test_c_api <data/shijiazhuang> <tests/c/data> <scratch folder> <store file>\n");
    return 2;
  }
  test_library();
  CHECK_OK(cl_dataset_open(argv[1], &ds));
  CHECK_OK(cl_dataset_open_bundled("shijiazhuang", &bundled));
  if (ds == NULL || bundled == NULL) {
    fprintf(stderr, "cannot open the dataset: %s\n", cl_last_error());
    return 1;
  }
  test_evaluate_and_classify(bundled);
  test_json(ds, argv[2]);
  test_errors(ds, argv[1], argv[2], argv[3]);
  test_threads(ds);
  test_store(ds, argv[4], argv[3]);
  cl_dataset_close(bundled);
  cl_dataset_close(ds);
  if (failures) fprintf(stderr, "%d checks failed\n", failures);
  else printf("test_c_api: all checks passed\n");
  return failures ? 1 : 0;
}
