// countyleap/weak_spots.hpp and countyleap/benchmark.hpp (抓短板 and 对标先进, one concept in the
// API overview) -> weak_spots and benchmarks as columns (countyleap._plan_tools turns them into
// DataFrames).

#include "bindings.hpp"

namespace countyleap::python {
namespace {

using namespace pybind11::literals;

py::dict weak_spot_columns(const WeakSpots& w) {
  py::list region, indicator, tier;
  std::vector<Eigen::Index> rank;
  std::vector<double> value, target, normalised, at_target, weight, score, score_at_target, gain;
  for (const WeakSpot& s : w.rows) {
    region.append(s.region);
    indicator.append(s.indicator);
    tier.append(s.tier);
    rank.push_back(s.rank);
    value.push_back(s.value);
    target.push_back(s.target);
    normalised.push_back(s.normalised);
    at_target.push_back(s.normalised_at_target);
    weight.push_back(s.weight);
    score.push_back(s.score);
    score_at_target.push_back(s.score_at_target);
    gain.push_back(s.gain);
  }
  return py::dict("columns"_a = py::dict("code"_a = region, "rank"_a = index_array(rank), "indicator"_a = indicator,
                                         "tier"_a = tier, "value"_a = doubles(value), "target"_a = doubles(target),
                                         "normalised"_a = doubles(normalised),
                                         "normalised_at_target"_a = doubles(at_target), "weight"_a = doubles(weight),
                                         "score"_a = doubles(score), "score_at_target"_a = doubles(score_at_target),
                                         "gain"_a = doubles(gain)),
                  "data_year"_a = w.data_year, "target_year"_a = w.target_year, "without_goal"_a = w.without_goal,
                  "dropped"_a = w.dropped);
}

/// One row per (region, benchmark, lead); a benchmark on which no indicator leads has one row
/// with the lead columns missing.
py::dict benchmark_columns(const std::vector<Benchmark>& list, const std::vector<std::string>& labels) {
  py::list region, region_tier, benchmark, benchmark_tier, indicator;
  std::vector<Eigen::Index> rank, lead_rank;
  std::vector<double> distance, difference, value, benchmark_value, value_difference;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const Benchmark& b : list) {
    const std::size_t rows = std::max<std::size_t>(1, b.leads.size());
    for (std::size_t k = 0; k < rows; ++k) {
      region.append(b.region);
      region_tier.append(labels[b.region_tier]);
      benchmark.append(b.benchmark);
      benchmark_tier.append(labels[b.benchmark_tier]);
      rank.push_back(b.rank);
      distance.push_back(b.distance);
      if (b.leads.empty()) {
        indicator.append(py::none());
        lead_rank.push_back(0);
        for (auto* column : {&difference, &value, &benchmark_value, &value_difference}) column->push_back(nan);
        continue;
      }
      const BenchmarkLead& l = b.leads[k];
      indicator.append(l.indicator);
      lead_rank.push_back(static_cast<Eigen::Index>(k + 1));
      difference.push_back(l.normalised_difference);
      value.push_back(l.value);
      benchmark_value.push_back(l.benchmark_value);
      value_difference.push_back(l.value_difference);
    }
  }
  return py::dict("code"_a = region, "region_tier"_a = region_tier, "benchmark"_a = benchmark,
                  "benchmark_tier"_a = benchmark_tier, "rank"_a = index_array(rank), "distance"_a = doubles(distance),
                  "lead_rank"_a = index_array(lead_rank), "indicator"_a = indicator,
                  "normalised_difference"_a = doubles(difference), "value"_a = doubles(value),
                  "benchmark_value"_a = doubles(benchmark_value), "value_difference"_a = doubles(value_difference));
}

}  // namespace

void bind_weak_spots(py::module_& m) {
  m.def(
      "_weak_spots",
      [](const Panel& panel, const Framework& fw, py::object spec, const Plan& plan, std::optional<int> year,
         std::string tier, int target_year, const RegionSet* regions) {
        const PipelineSpec s = spec_from(spec);
        WeakSpots result;
        {
          py::gil_scoped_release release;
          result = weak_spots(panel, fw, s, plan, year.value_or(0), WeakSpotOptions{std::move(tier), target_year}, regions);
        }
        return weak_spot_columns(result);
      },
      "panel"_a, "framework"_a, "spec"_a, "plan"_a, "year"_a, "tier"_a, "target_year"_a, "regions"_a,
      "Columns and context of weak_spots (countyleap.weak_spots returns a DataFrame).");

  m.def(
      "_benchmarks",
      [](const ScoresResult& scores, const TierScheme& scheme, const Panel& panel, std::size_t k, std::size_t leads) {
        std::vector<Benchmark> result;
        std::vector<std::string> labels;
        for (const auto& t : scheme.tiers) labels.push_back(t.label);
        {
          py::gil_scoped_release release;
          const Framework& fw = *scores.framework;
          const Panel derived = with_indicators(panel, fw, fw.scored_indicators());
          const Classification tiers = classify_composite(scores.scores, scheme);
          result = benchmarks(scores.scores, fw, tiers, derived, BenchmarkOptions{k, leads});
        }
        return benchmark_columns(result, labels);
      },
      "scores"_a, "scheme"_a, "panel"_a, "k"_a, "leads"_a,
      "Columns of benchmarks (countyleap.benchmarks returns them as a DataFrame).");
}

}  // namespace countyleap::python
