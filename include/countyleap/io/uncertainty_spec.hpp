#pragma once
/// @file io/uncertainty_spec.hpp
/// @brief The uncertainty spec as JSON. Link countyleap::io.
///
/// ```json
/// {"pipeline": {"denominate": true,
///               "impute": {"method": "group_mean", "group": "EurAsia_group"},
///               "screen": {"min_data": 0.9},
///               "treat": {"method": "coinr", "winmax": 5},
///               "normalise": {"method": "minmax", "range": [0, 100]},
///               "aggregate": {"method": "arithmetic"}},
///  "vary": [{"path": "treat.winmax", "values": [1, 2, 3, 4, 5]},
///           {"path": "normalise", "values": [{"method": "minmax", "range": [1, 100]},
///                                            {"method": "zscore", "mean": 10, "sd": 2}]},
///           {"path": "weights", "noise": 0.25, "levels": [2, 3], "sets": 100},
///           {"path": "aggregate.method", "values": ["arithmetic", "geometric"]}],
///  "replications": 1000, "seed": 1}
/// ```
/// Keys: `pipeline` (required; the pipeline spec of docs/pipeline-spec.md), `vary` (required; an
/// array of entries), `replications` (default 1000), `seed` (a whole number in [0, 2⁶⁴ − 1],
/// default 1), `tiers` (optional; a tier scheme object as in docs/file-formats.md "Tier scheme
/// JSON", without "schema"). Each vary entry has `path` (see vary_paths()) and exactly one of
/// `values` (an array of alternatives of the path's type: numbers, method names, step objects
/// as in the pipeline spec, null for "skip the step" where allowed, tier scheme objects),
/// `range` (`[lo, hi]`) or `noise` (with `levels`, and `sets`, default 100).

#include <string>
#include <string_view>

#include "countyleap/uncertainty_spec.hpp"

namespace countyleap::io {

/// Reads an uncertainty spec from a JSON file.
/// @throws io_error, encoding_error, parse_error (malformed JSON with line and column; an
/// unknown key or path, a missing or mistyped value, each with its JSON pointer),
/// validation_error (UncertaintySpec::validate(): an unknown method name, a value out of range,
/// with its JSON pointer).
UncertaintySpec read_uncertainty_spec(const std::string& path);

/// Parses an uncertainty spec from JSON text; `source_name` stands for the file name in messages.
UncertaintySpec parse_uncertainty_spec(std::string_view text, const std::string& source_name = "<uncertainty spec>");

/// The canonical JSON of an uncertainty spec: the pipeline as format_pipeline_spec() writes it,
/// every vary entry with its alternatives written out the same way, the replications and the
/// seed. parse_uncertainty_spec(format_uncertainty_spec(s)) gives back `s`.
std::string format_uncertainty_spec(const UncertaintySpec& spec);

}  // namespace countyleap::io
