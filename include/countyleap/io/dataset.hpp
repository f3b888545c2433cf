#pragma once
/// @file io/dataset.hpp
/// @brief A dataset folder: dataset.json, regions.json, framework.json, plan.json, a panel CSV and
/// published-results.csv, as the bundled `data/shijiazhuang/`. Link countyleap::io.

#include <optional>
#include <string>
#include <vector>

#include "countyleap/framework.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/plan.hpp"
#include "countyleap/published.hpp"
#include "countyleap/region.hpp"

namespace countyleap {

/// Descriptive metadata of a dataset (a folder's dataset.json, or a store). `illustrative` is a
/// property of the data, not of comment lines a spreadsheet can drop: every output made from
/// illustrative data must say ILLUSTRATIVE.
struct DatasetInfo {
  std::string name;                   ///< short name, e.g. "shijiazhuang"
  bool illustrative = false;          ///< true when the values are invented (demonstration data)
  std::vector<std::string> comments;  ///< provenance lines, carried as Panel::comments() by a store's panel()
  std::string note;                   ///< free text: source, licence, contact
};

}  // namespace countyleap

namespace countyleap::io {

/// The parts of a dataset folder; a part whose file is absent is empty (nullopt).
struct Dataset {
  std::string directory;              ///< the folder it was read from
  RegionSet regions;                  ///< regions.json (required)
  std::optional<Framework> framework; ///< framework.json
  std::optional<Plan> plan;           ///< plan.json, validated against framework and regions
  std::optional<Panel> panel;         ///< the first of panel.csv, panel-*.csv (long layout)
  std::string panel_file;             ///< name of the panel file read, empty if none
  std::optional<PublishedResults> published;  ///< published-results.csv: what the province published
  /// dataset.json (schema "countyleap.dataset/1": name, illustrative, comments, note); without
  /// that file the name is the folder's name and the data are illustrative when the panel's
  /// comment lines say so (Panel::illustrative). The one rule of every reader (C, Python, CLI).
  DatasetInfo info;
};

/// Reads a dataset folder. The panel's codes are resolved against the regions.
/// @throws io_error when the folder or regions.json is missing, parse_error for a dataset.json
/// that is malformed, of another schema or with an unknown or mistyped key (naming its JSON
/// pointer), and the readers' errors.
Dataset read_dataset(const std::string& directory);

/// The pipeline spec of a dataset folder: its spec.json read by read_pipeline_spec(), or nullopt
/// when the folder has none (the pipeline's defaults then apply).
/// @throws the errors of read_pipeline_spec().
std::optional<PipelineSpec> read_dataset_spec(const std::string& directory);

/// The pipeline spec of the bundled dataset `name` (its spec.json), or nullopt when no bundled
/// dataset has that name (bundled_dataset_dir() finds none) or it has no spec.json. A store names
/// its data (DatasetInfo::name) but keeps no method, so a reader of a store takes the spec of the
/// bundled dataset of that name, else the pipeline's defaults (the C interface's
/// cl_dataset_open_db(); the Python `StoreDataset.spec` follows the same rule).
/// @throws the errors of read_pipeline_spec() for a spec.json that cannot be read.
std::optional<PipelineSpec> bundled_dataset_spec(const std::string& name);

/// The folder of a bundled dataset by name (e.g. "shijiazhuang"): `$COUNTYLEAP_DATA_DIR/<name>`
/// when that variable is set, else the installed data folder, else the source tree's `data/`.
/// @throws io_error when no such folder exists.
std::string bundled_dataset_dir(const std::string& name);

}  // namespace countyleap::io
