// The machinery shared by the files of the C interface (src/c/): the handles' contents and the
// boundary that turns every C++ exception into a status code and a thread-local message.
#pragma once

#include <new>
#include <optional>
#include <string>
#include <vector>

#include "countyleap/countyleap.h"
#include "countyleap/error.hpp"
#include "countyleap/io/dataset.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/scores.hpp"
#include "countyleap/store.hpp"

/// A dataset read once (from a folder, or from a store at one vintage): its parts, its pipeline
/// spec and its provenance, which every JSON text states (the Python layer's provenance record).
struct cl_dataset {
  countyleap::io::Dataset data;   ///< framework and panel always present (checked when opened); info.name is its name
  countyleap::PipelineSpec spec;  ///< the method every analysis uses
  bool illustrative = false;      ///< the metadata (dataset.json, the store's) or the panel's comments say so
  std::string source;             ///< the data read: a folder's panel file, a store's database file
  std::optional<countyleap::Vintage> vintage;  ///< the store vintage read; nullopt for a folder
};

/// One year's evaluation, flattened to the arrays the accessors lend out.
struct cl_result {
  countyleap::Scores evaluation;  ///< evaluate()'s result: every node, for classify_composite()
  int year = 0;
  std::vector<std::string> codes;
  std::vector<double> scores;  ///< the composite (root) scores
  std::vector<double> ranks;   ///< the composite ranks
  bool classified = false;     ///< cl_classify() has filled the three below
  std::vector<std::string> tiers;
  std::vector<double> margin_up;
  std::vector<double> margin_down;
};

namespace countyleap::c_api {

/// An error of the C interface itself (a NULL or out-of-range argument): its status and message.
struct argument_error {
  cl_status status;
  std::string message;
};

/// Records `message` as this thread's last error and returns `status`.
cl_status fail(cl_status status, const std::string& message) noexcept;

/// Throws argument_error CL_ERROR_NULL_ARGUMENT naming `name` when `p` is NULL.
inline void require(const void* p, const char* name) {
  if (p == nullptr) throw argument_error{CL_ERROR_NULL_ARGUMENT, std::string("argument '") + name + "' is NULL"};
}

/// Runs `body`, returning CL_OK, or the status of the exception it threw with its message
/// recorded: the one place where C++ exceptions stop.
template <class F>
cl_status guarded(F&& body) noexcept {
  try {
    body();
    return CL_OK;
  } catch (const argument_error& e) {
    return fail(e.status, e.message);
  } catch (const encoding_error& e) {
    return fail(CL_ERROR_ENCODING, e.what());
  } catch (const parse_error& e) {
    return fail(CL_ERROR_PARSE, e.what());
  } catch (const code_format_error& e) {
    return fail(CL_ERROR_CODE_FORMAT, e.what());
  } catch (const framework_error& e) {
    return fail(CL_ERROR_FRAMEWORK, e.what());
  } catch (const plan_error& e) {
    return fail(CL_ERROR_PLAN, e.what());
  } catch (const validation_error& e) {
    return fail(CL_ERROR_VALIDATION, e.what());
  } catch (const unknown_id_error& e) {
    return fail(CL_ERROR_UNKNOWN_ID, e.what());
  } catch (const duplicate_error& e) {
    return fail(CL_ERROR_DUPLICATE, e.what());
  } catch (const store_error& e) {
    return fail(CL_ERROR_STORE, std::string("[") + to_string(e.fault()) + "] " + e.what());
  } catch (const io_error& e) {
    return fail(CL_ERROR_IO, e.what());
  } catch (const error& e) {
    return fail(CL_ERROR_OTHER, e.what());
  } catch (const std::bad_alloc&) {
    return fail(CL_ERROR_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return fail(CL_ERROR_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(CL_ERROR_INTERNAL, "internal error: an unknown exception");
  }
}

/// The dataset's plan. @throws validation_error naming the folder and `what` when it has none.
const Plan& require_plan(const cl_dataset& ds, const char* what);

/// `year`, or the panel's last year for 0. @throws unknown_id_error for a year outside the panel.
int resolve_year(const cl_dataset& ds, int year);

/// A copy of `text` in memory the caller frees with cl_free().
char* new_text(const std::string& text);

}  // namespace countyleap::c_api
