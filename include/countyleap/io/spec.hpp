#pragma once
/// @file io/spec.hpp
/// @brief The pipeline spec as JSON (docs/pipeline-spec.md). Link countyleap::io.

#include <string>
#include <string_view>

#include "countyleap/pipeline_spec.hpp"

namespace countyleap::io {

/// Reads a pipeline spec from a JSON file.
/// @throws io_error, encoding_error, parse_error (malformed JSON with line and column; an unknown
/// key, a missing or mistyped value with its JSON pointer), validation_error (an unknown method
/// name, with its pointer).
PipelineSpec read_pipeline_spec(const std::string& path);

/// Parses a pipeline spec from JSON text; `source_name` stands for the file name in messages.
PipelineSpec parse_pipeline_spec(std::string_view text, const std::string& source_name = "<spec>");

/// The canonical JSON of a spec: every step that runs, with every option of its method written
/// out (defaults included), keys in step order. parse_pipeline_spec(format_pipeline_spec(s))
/// gives back `s`; results carry this text so that a run can be reproduced exactly.
std::string format_pipeline_spec(const PipelineSpec& spec);

}  // namespace countyleap::io
