#pragma once
/// @file io/dataset.hpp
/// @brief A dataset folder: regions.json, framework.json, plan.json and a panel CSV, as the
/// bundled `data/shijiazhuang/`. Link countyleap::io.

#include <optional>
#include <string>

#include "countyleap/framework.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/plan.hpp"
#include "countyleap/region.hpp"

namespace countyleap::io {

/// The parts of a dataset folder; a part whose file is absent is empty (nullopt).
struct Dataset {
  std::string directory;              ///< the folder it was read from
  RegionSet regions;                  ///< regions.json (required)
  std::optional<Framework> framework; ///< framework.json
  std::optional<Plan> plan;           ///< plan.json, validated against framework and regions
  std::optional<Panel> panel;         ///< the first of panel.csv, panel-*.csv (long layout)
  std::string panel_file;             ///< name of the panel file read, empty if none
};

/// Reads a dataset folder. The panel's codes are resolved against the regions.
/// @throws io_error when the folder or regions.json is missing, and the readers' errors.
Dataset read_dataset(const std::string& directory);

/// The pipeline spec of a dataset folder: its spec.json read by read_pipeline_spec(), or nullopt
/// when the folder has none (the pipeline's defaults then apply).
/// @throws the errors of read_pipeline_spec().
std::optional<PipelineSpec> read_dataset_spec(const std::string& directory);

/// The folder of a bundled dataset by name (e.g. "shijiazhuang"): `$COUNTYLEAP_DATA_DIR/<name>`
/// when that variable is set, else the installed data folder, else the source tree's `data/`.
/// @throws io_error when no such folder exists.
std::string bundled_dataset_dir(const std::string& name);

}  // namespace countyleap::io
