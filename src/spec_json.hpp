#pragma once
// Private to countyleap::io: the pipeline-spec JSON of spec_json.cpp, step by step, for the
// readers and writers that embed pipeline steps (the uncertainty spec's "pipeline" and its
// whole-step alternatives). Each reader takes the JSON value, its pointer and the file name, so
// that errors name the value's own pointer (e.g. /vary/1/values/0/method).

#include "countyleap/pipeline_spec.hpp"
#include "countyleap/tier.hpp"
#include "json_support.hpp"

namespace countyleap::io::internal {

ImputeStep impute_step_from(const json& value, const std::string& at, const std::string& file);
ScreenOptions screen_step_from(const json& value, const std::string& at, const std::string& file);
TreatOptions treat_step_from(const json& value, const std::string& at, const std::string& file);
NormaliseStep normalise_step_from(const json& value, const std::string& at, const std::string& file);
WeightOptions weights_step_from(const json& value, const std::string& at, const std::string& file);
AggregateOptions aggregate_step_from(const json& value, const std::string& at, const std::string& file);
// A whole pipeline spec object at pointer `at` ("" for a document root).
PipelineSpec pipeline_spec_from(const json& value, const std::string& at, const std::string& file);

// The canonical JSON of each step (every option of its method written out).
ojson impute_to(const ImputeStep& s);
ojson screen_to(const ScreenOptions& s);
ojson treat_to(const TreatOptions& t);
ojson normalise_to(const NormaliseStep& s);
ojson weights_to(const WeightOptions& w);
ojson aggregate_to(const AggregateOptions& a);
ojson pipeline_spec_to(const PipelineSpec& spec);

// The tier scheme object of json_io.cpp (docs/file-formats.md, "Tier scheme JSON"), without
// "schema": read (validated) and written.
TierScheme tier_scheme_from(const Object& o);
ojson tier_scheme_to(const TierScheme& scheme);

}  // namespace countyleap::io::internal
