// The C interface (include/countyleap/countyleap.h): errors, datasets, evaluation and tiers.
// Every exported function runs its body through guarded(), so no exception leaves the library.

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include "capi_internal.hpp"
#include "countyleap/pipeline.hpp"
#include "countyleap/projection.hpp"
#include "countyleap/version.hpp"

namespace countyleap::c_api {

namespace {

thread_local std::string last_error;


// The handle of a dataset read by read_dataset(): a folder without framework or panel cannot be
// evaluated, so it is refused when opened (as the Python Study refuses it), naming the folder.
cl_dataset* open_dataset(const std::string& folder) {
  auto ds = std::make_unique<cl_dataset>();
  ds->data = io::read_dataset(folder);
  if (!ds->data.framework) throw validation_error("the dataset has no framework.json", Location{folder});
  if (!ds->data.panel) throw validation_error("the dataset has no panel CSV (panel.csv or panel-*.csv)", Location{folder});
  if (auto spec = io::read_dataset_spec(folder)) ds->spec = std::move(*spec);
  ds->illustrative = ds->data.info.illustrative;  // read_dataset / the store decided (io::Dataset::info)
  ds->source = (std::filesystem::path(folder) / ds->data.panel_file).string();  // as the Python Study's "data"
  return ds.release();
}

// The handle of a store's dataset as of `as_of`, read in one read-only connection that is closed
// before returning (the handle holds the data, not the file). A store without framework, or a
// vintage without any observation (before the first batch), cannot be evaluated: refused here,
// naming the file and the as of point.
cl_dataset* open_store(const std::string& path, const std::string& as_of) {
  StoreOptions options;
  options.read_only = true;
  StoreDataset read = Store(path, options).dataset(as_of);
  const std::string when = as_of.empty() ? "in the latest batch" : "as of '" + as_of + "'";
  if (!read.dataset.framework) throw validation_error("the store has no framework", Location{path});
  if (!read.dataset.panel || read.dataset.panel->n_regions() == 0)
    throw validation_error("the store has no observation " + when + " (batch " + std::to_string(read.vintage.batch) + ")",
                           Location{path, 0, 0, "", as_of});
  auto ds = std::make_unique<cl_dataset>();
  ds->data = std::move(read.dataset);
  if (auto spec = io::bundled_dataset_spec(ds->data.info.name)) ds->spec = std::move(*spec);
  ds->illustrative = ds->data.info.illustrative;  // read_dataset / the store decided (io::Dataset::info)
  ds->source = path;
  ds->vintage = std::move(read.vintage);
  return ds.release();
}

std::size_t checked_index(const cl_result* r, std::size_t index) {
  if (index >= r->codes.size())
    throw argument_error{CL_ERROR_INVALID_ARGUMENT, "region index " + std::to_string(index) + " out of range (the result has " +
                                                        std::to_string(r->codes.size()) + " regions)"};
  return index;
}

void require_classified(const cl_result* r) {
  if (!r->classified)
    throw validation_error("the result of " + std::to_string(r->year) + " has no tiers: call cl_classify() first");
}

void copy_values(const std::vector<double>& values, double* buffer, std::size_t capacity, const char* what) {
  require(buffer, "buffer");
  if (capacity < values.size())
    throw argument_error{CL_ERROR_INVALID_ARGUMENT, std::string("buffer of ") + std::to_string(capacity) + " values is too small for " +
                                                        std::to_string(values.size()) + " " + what};
  std::memcpy(buffer, values.data(), values.size() * sizeof(double));
}

}  // namespace

cl_status fail(cl_status status, const std::string& message) noexcept {
  try {
    last_error = message;
  } catch (...) {
    last_error.clear();  // no memory for the message: the status still says what happened
  }
  return status;
}

const Plan& require_plan(const cl_dataset& ds, const char* what) {
  if (!ds.data.plan) throw validation_error(std::string(what) + " needs a plan: the dataset has no plan.json", Location{ds.data.directory});
  return *ds.data.plan;
}

int resolve_year(const cl_dataset& ds, int year) {
  const Panel& panel = *ds.data.panel;
  if (year == 0) return panel.last_year();
  panel.year_index(year);  // names a year outside the panel before any step could name another
  return year;
}

char* new_text(const std::string& text) {
  char* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out == nullptr) throw std::bad_alloc();
  std::memcpy(out, text.c_str(), text.size() + 1);
  return out;
}

}  // namespace countyleap::c_api

using namespace countyleap;
using namespace countyleap::c_api;

extern "C" {

CL_API const char* cl_version(void) { return countyleap::version; }

CL_API int cl_api_version(void) { return CL_API_VERSION; }

CL_API const char* cl_last_error(void) { return last_error.c_str(); }

CL_API const char* cl_status_name(cl_status status) {
  // A C caller may pass any int (the C test passes 99); in C++ reading a cl_status outside the
  // range of its enumerators is undefined (UBSan's -fsanitize=enum stops there), so the argument
  // is read as the int the caller passed.
  int code = 0;
  static_assert(sizeof code == sizeof status, "cl_status is passed as an int");
  std::memcpy(&code, &status, sizeof code);
  switch (code) {
    case CL_OK: return "CL_OK";
    case CL_ERROR_NULL_ARGUMENT: return "CL_ERROR_NULL_ARGUMENT";
    case CL_ERROR_INVALID_ARGUMENT: return "CL_ERROR_INVALID_ARGUMENT";
    case CL_ERROR_IO: return "CL_ERROR_IO";
    case CL_ERROR_PARSE: return "CL_ERROR_PARSE";
    case CL_ERROR_ENCODING: return "CL_ERROR_ENCODING";
    case CL_ERROR_VALIDATION: return "CL_ERROR_VALIDATION";
    case CL_ERROR_CODE_FORMAT: return "CL_ERROR_CODE_FORMAT";
    case CL_ERROR_FRAMEWORK: return "CL_ERROR_FRAMEWORK";
    case CL_ERROR_PLAN: return "CL_ERROR_PLAN";
    case CL_ERROR_UNKNOWN_ID: return "CL_ERROR_UNKNOWN_ID";
    case CL_ERROR_DUPLICATE: return "CL_ERROR_DUPLICATE";
    case CL_ERROR_OTHER: return "CL_ERROR_OTHER";
    case CL_ERROR_OUT_OF_MEMORY: return "CL_ERROR_OUT_OF_MEMORY";
    case CL_ERROR_INTERNAL: return "CL_ERROR_INTERNAL";
    case CL_ERROR_STORE: return "CL_ERROR_STORE";
  }
  return "CL_UNKNOWN_STATUS";
}

CL_API void cl_free(void* text) { std::free(text); }

// ---- datasets ---------------------------------------------------------------------------------

CL_API cl_status cl_dataset_open(const char* folder, cl_dataset** out) {
  return guarded([&] {
    require(folder, "folder");
    require(out, "out");
    *out = open_dataset(folder);
  });
}

CL_API cl_status cl_dataset_open_bundled(const char* name, cl_dataset** out) {
  return guarded([&] {
    require(name, "name");
    require(out, "out");
    *out = open_dataset(io::bundled_dataset_dir(name));
  });
}

CL_API cl_status cl_dataset_open_db(const char* path, const char* as_of, cl_dataset** out) {
  return guarded([&] {
    require(path, "path");
    require(out, "out");
    *out = open_store(path, as_of ? as_of : "");
  });
}

CL_API void cl_dataset_close(cl_dataset* dataset) { delete dataset; }

CL_API cl_status cl_dataset_years(const cl_dataset* dataset, int* first, int* last) {
  return guarded([&] {
    require(dataset, "dataset");
    if (first) *first = dataset->data.panel->first_year();
    if (last) *last = dataset->data.panel->last_year();
  });
}

CL_API cl_status cl_dataset_illustrative(const cl_dataset* dataset, int* illustrative) {
  return guarded([&] {
    require(dataset, "dataset");
    require(illustrative, "illustrative");
    *illustrative = dataset->illustrative ? 1 : 0;
  });
}

CL_API cl_status cl_dataset_region_name(const cl_dataset* dataset, const char* code, const char** name_zh,
                                        const char** name_en) {
  return guarded([&] {
    require(dataset, "dataset");
    require(code, "code");
    const Region& region = dataset->data.regions.at(code);
    if (name_zh) *name_zh = region.name_zh.c_str();
    if (name_en) *name_en = region.name_en.c_str();
  });
}

// ---- evaluation and tiers ---------------------------------------------------------------------

CL_API cl_status cl_evaluate(const cl_dataset* dataset, int year, cl_result** out) {
  return guarded([&] {
    require(dataset, "dataset");
    require(out, "out");
    const cl_dataset& ds = *dataset;
    auto result = std::make_unique<cl_result>();
    result->evaluation =
        evaluate(*ds.data.panel, *ds.data.framework, ds.spec, resolve_year(ds, year), &ds.data.regions);
    const Scores& s = result->evaluation;
    const Eigen::Index root = s.values.cols() - 1;
    result->year = s.year;
    result->codes = s.regions;
    result->scores.assign(s.values.col(root).data(), s.values.col(root).data() + s.values.rows());
    result->ranks.assign(s.ranks.col(root).data(), s.ranks.col(root).data() + s.ranks.rows());
    *out = result.release();
  });
}

CL_API void cl_result_close(cl_result* result) { delete result; }

CL_API cl_status cl_result_year(const cl_result* result, int* year) {
  return guarded([&] {
    require(result, "result");
    require(year, "year");
    *year = result->year;
  });
}

CL_API cl_status cl_result_count(const cl_result* result, size_t* count) {
  return guarded([&] {
    require(result, "result");
    require(count, "count");
    *count = result->codes.size();
  });
}

CL_API cl_status cl_result_code(const cl_result* result, size_t index, const char** code) {
  return guarded([&] {
    require(result, "result");
    require(code, "code");
    *code = result->codes[checked_index(result, index)].c_str();
  });
}

CL_API cl_status cl_result_scores(const cl_result* result, const double** scores) {
  return guarded([&] {
    require(result, "result");
    require(scores, "scores");
    *scores = result->scores.data();
  });
}

CL_API cl_status cl_result_ranks(const cl_result* result, const double** ranks) {
  return guarded([&] {
    require(result, "result");
    require(ranks, "ranks");
    *ranks = result->ranks.data();
  });
}

CL_API cl_status cl_result_copy_scores(const cl_result* result, double* buffer, size_t capacity) {
  return guarded([&] {
    require(result, "result");
    copy_values(result->scores, buffer, capacity, "scores");
  });
}

CL_API cl_status cl_result_copy_ranks(const cl_result* result, double* buffer, size_t capacity) {
  return guarded([&] {
    require(result, "result");
    copy_values(result->ranks, buffer, capacity, "ranks");
  });
}

CL_API cl_status cl_classify(cl_result* result, const cl_dataset* dataset) {
  return guarded([&] {
    require(result, "result");
    require(dataset, "dataset");
    const TierScheme& scheme = require_plan(*dataset, "classifying").tiers();
    const Classification c = classify_composite(result->evaluation, scheme);
    std::vector<std::string> tiers;
    std::vector<double> up, down;
    for (const auto& a : c.regions) {
      tiers.push_back(scheme.tiers[a.tier].label);
      up.push_back(a.margin_up);
      down.push_back(a.margin_down);
    }
    result->tiers = std::move(tiers);
    result->margin_up = std::move(up);
    result->margin_down = std::move(down);
    result->classified = true;
  });
}

CL_API cl_status cl_result_tier(const cl_result* result, size_t index, const char** tier) {
  return guarded([&] {
    require(result, "result");
    require(tier, "tier");
    require_classified(result);
    *tier = result->tiers[checked_index(result, index)].c_str();
  });
}

CL_API cl_status cl_result_margins(const cl_result* result, const double** up, const double** down) {
  return guarded([&] {
    require(result, "result");
    require_classified(result);
    if (up) *up = result->margin_up.data();
    if (down) *down = result->margin_down.data();
  });
}

}  // extern "C"
