// Dataset folders (io/dataset.hpp): dataset.json, regions.json, framework.json, plan.json and a panel CSV.

#include "countyleap/io/dataset.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "countyleap/detail/text.hpp"
#include "countyleap/io/csv.hpp"
#include "countyleap/io/json.hpp"
#include "countyleap/io/published.hpp"
#include "countyleap/io/spec.hpp"
#include "io_support.hpp"
#include "json_support.hpp"

namespace countyleap::io {

namespace fs = std::filesystem;

namespace {

bool existing_file(const fs::path& p) {
  std::error_code ec;  // a path that cannot be inspected counts as absent
  return fs::is_regular_file(p, ec);
}

bool existing_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

// panel.csv, else the first panel-*.csv by name (a sorted choice, so the same folder always
// gives the same panel); empty when there is none.
std::string panel_file_in(const fs::path& dir) {
  if (existing_file(dir / "panel.csv")) return "panel.csv";
  std::vector<std::string> candidates;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 10 && name.compare(0, 6, "panel-") == 0 && name.compare(name.size() - 4, 4, ".csv") == 0 &&
        existing_file(entry.path()))
      candidates.push_back(name);
  }
  if (ec) throw io_error("cannot list the folder: " + ec.message(), Location{dir.string()});
  std::sort(candidates.begin(), candidates.end());
  return candidates.empty() ? std::string() : candidates.front();
}

constexpr const char* dataset_schema = "countyleap.dataset/1";

// dataset.json: what the data are (the illustrative flag lives here, with the data, not in the
// panel CSV's comment lines).
DatasetInfo read_info(const fs::path& file) {
  const std::string path = file.string();
  const internal::json doc = internal::parse_document(internal::read_file(path), path);
  const internal::Object root =
      internal::open_root(doc, path, dataset_schema, {"schema", "name", "illustrative", "comments", "note"});
  DatasetInfo info;
  info.name = root.string("name");
  info.illustrative = root.boolean("illustrative", false);
  info.note = root.string("note");
  if (const internal::json* comments = root.find("comments")) {
    if (!comments->is_array()) root.fail_at(root.pointer("comments"), "expected an array of strings");
    for (std::size_t i = 0; i < comments->size(); ++i)
      info.comments.push_back(root.as_string((*comments)[i], root.pointer("comments") + "/" + std::to_string(i)));
  }
  return info;
}

}  // namespace

Dataset read_dataset(const std::string& directory) {
  const fs::path dir(directory);
  if (!existing_dir(dir)) throw io_error("dataset folder not found", Location{directory});
  const fs::path regions_file = dir / "regions.json";
  if (!existing_file(regions_file)) throw io_error("a dataset folder needs regions.json", Location{regions_file.string()});
  Dataset ds;
  ds.directory = directory;
  const fs::path manifest = dir / "dataset.json";
  const bool described = existing_file(manifest);
  if (described) ds.info = read_info(manifest);
  if (ds.info.name.empty()) {  // the folder's own name ("data/shijiazhuang/" -> "shijiazhuang")
    fs::path folder = fs::absolute(dir).lexically_normal();
    ds.info.name = (folder.has_filename() ? folder : folder.parent_path()).filename().string();
  }
  ds.regions = read_regions_json(regions_file.string());
  if (const fs::path f = dir / "framework.json"; existing_file(f)) ds.framework = read_framework_json(f.string());
  if (const fs::path f = dir / "plan.json"; existing_file(f)) {
    ds.plan = read_plan_json(f.string());
    // Without a framework, a plan that names indicators cannot be checked: it is an error.
    const Framework no_framework;
    try {
      ds.plan->validate(ds.framework ? *ds.framework : no_framework, ds.regions);
    } catch (const error&) {
      internal::rethrow_in_file(f.string());
    }
  }
  ds.panel_file = panel_file_in(dir);
  if (!ds.panel_file.empty()) {
    ReadOptions options;
    options.regions = &ds.regions;
    ds.panel = read_panel_csv((dir / ds.panel_file).string(), CsvLayout::long_table, options);
    // Data never described (no dataset.json) are judged by their panel's comment lines; a
    // dataset.json is believed, whatever the comments say.
    if (!described) ds.info.illustrative = ds.panel->illustrative();
  }
  if (const fs::path f = dir / "published-results.csv"; existing_file(f))
    ds.published = read_published_results_csv(f.string());
  return ds;
}

std::optional<PipelineSpec> read_dataset_spec(const std::string& directory) {
  const fs::path f = fs::path(directory) / "spec.json";
  if (!existing_file(f)) return std::nullopt;
  return read_pipeline_spec(f.string());
}

std::string bundled_dataset_dir(const std::string& name) {
  if (!detail::is_valid_id(name))
    throw io_error("invalid dataset name '" + name + "' (expected a plain name such as shijiazhuang)");
  if (const char* env = std::getenv("COUNTYLEAP_DATA_DIR"); env && *env) {
    const fs::path p = fs::path(env) / name;
    if (!existing_dir(p)) throw io_error("no dataset '" + name + "' in $COUNTYLEAP_DATA_DIR", Location{p.string()});
    return p.string();
  }
  for (const char* root : {COUNTYLEAP_INSTALL_DATA_DIR, COUNTYLEAP_SOURCE_DATA_DIR}) {
    const fs::path p = fs::path(root) / name;
    if (existing_dir(p)) return p.string();
  }
  throw io_error("no bundled dataset '" + name + "' (looked in " COUNTYLEAP_INSTALL_DATA_DIR " and " COUNTYLEAP_SOURCE_DATA_DIR
                 "; set COUNTYLEAP_DATA_DIR to a folder that holds it)");
}

std::optional<PipelineSpec> bundled_dataset_spec(const std::string& name) {
  std::string folder;
  try {
    folder = bundled_dataset_dir(name);
  } catch (const io_error&) {
    return std::nullopt;  // not a bundled dataset's name: the data carry no method
  }
  return read_dataset_spec(folder);
}

}  // namespace countyleap::io
