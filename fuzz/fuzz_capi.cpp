// Fuzz target: the C interface (countyleap.h) on a dataset folder made from the input: up to
// five parts separated by lines `%%`, written as regions.json, framework.json, plan.json,
// panel.csv and spec.json (a missing part is a missing file). The folder is opened with
// cl_dataset_open; an opened dataset is evaluated and classified for its last year, and asked
// for the plan check, gaps, warnings, the last region's leap path and the bulletin. A failure the
// C interface reports as a status (a countyleap error) is expected; CL_ERROR_INTERNAL or
// CL_ERROR_OUT_OF_MEMORY is a finding, and so is any crash, leak or exception that escapes a
// cl_* function.
#include <cstdio>
#include <filesystem>
#include <string>

#include "countyleap/countyleap.h"
#include "fuzz_support.hpp"

namespace {

// Aborts (a finding for libFuzzer) on a status that is no countyleap error.
cl_status check(cl_status status) {
  if (status == CL_ERROR_INTERNAL || status == CL_ERROR_OUT_OF_MEMORY) {
    std::fprintf(stderr, "%s: %s\n", cl_status_name(status), cl_last_error());
    std::abort();
  }
  return status;
}

// A call that returns JSON text: the text is freed, the status checked.
template <class Call>
void json_call(Call call) {
  char* json = nullptr;
  check(call(&json));
  cl_free(json);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  if (size > countyleap::fuzz::max_input) return -1;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const char* const names[] = {"regions.json", "framework.json", "plan.json", "panel.csv", "spec.json"};
  const auto parts = countyleap::fuzz::split_parts(text, std::size(names));
  const fs::path& dir = countyleap::fuzz::scratch_dir();
  for (std::size_t k = 0; k < std::size(names); ++k) {
    if (k < parts.size()) {
      countyleap::fuzz::write_file(dir / names[k], parts[k]);
    } else {
      std::error_code ec;
      fs::remove(dir / names[k], ec);
    }
  }
  cl_dataset* ds = nullptr;
  if (check(cl_dataset_open(dir.c_str(), &ds)) != CL_OK) return 0;
  cl_result* result = nullptr;
  if (check(cl_evaluate(ds, 0, &result)) == CL_OK) {
    size_t n = 0;
    check(cl_result_count(result, &n));
    if (check(cl_classify(result, ds)) == CL_OK && n > 0) {
      const char* tier = nullptr;
      check(cl_result_tier(result, n - 1, &tier));
    }
    const char* code = nullptr;  // the leap path of the last region to its next plan goal
    if (n > 0 && check(cl_result_code(result, n - 1, &code)) == CL_OK) {
      const std::string region = code;  // the result owns the text; it is closed below
      json_call([&](char** json) { return cl_leap_path_json(ds, region.c_str(), 0, nullptr, 0, json); });
    }
    cl_result_close(result);
  }
  json_call([&](char** json) { return cl_plan_check_json(ds, json); });
  json_call([&](char** json) { return cl_gaps_json(ds, 0, json); });
  json_call([&](char** json) { return cl_warnings_json(ds, 0, json); });
  json_call([&](char** json) { return cl_bulletin_json(ds, 0, json); });
  cl_dataset_close(ds);
  return 0;
}
