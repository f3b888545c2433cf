// countyleap/gaps.hpp -> measure_gap, target_gaps and growth_checks as columns
// (countyleap._plan_tools turns them into DataFrames).

#include "bindings.hpp"

namespace countyleap::python {

namespace {

using namespace pybind11::literals;

py::dict measures(const GapMeasures& g) {
  return py::dict("value"_a = g.value, "target"_a = g.target, "gap"_a = g.gap, "relative_gap"_a = g.relative_gap,
                  "attainment"_a = g.attainment, "years_left"_a = g.years_left,
                  "required_growth_pct"_a = g.required_growth_pct, "growth_need"_a = to_string(g.growth_need),
                  "status"_a = to_string(g.status));
}

py::dict gap_columns(const GapTable& table) {
  const std::size_t n = table.rows.size();
  py::list region, indicator, tier, unit, section, growth_need, status;
  std::vector<Eigen::Index> data_year, target_year, years_left, direction;
  std::vector<double> value(n), target(n), gap(n), relative(n), attainment(n), required(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Gap& g = table.rows[i];
    region.append(g.region);
    indicator.append(g.indicator);
    tier.append(g.tier);
    unit.append(g.unit);
    section.append(g.section);
    growth_need.append(to_string(g.growth_need));
    status.append(to_string(g.status));
    data_year.push_back(g.data_year);
    target_year.push_back(g.target_year);
    years_left.push_back(g.years_left);
    direction.push_back(sign(g.direction));
    value[i] = g.value;
    target[i] = g.target;
    gap[i] = g.gap;
    relative[i] = g.relative_gap;
    attainment[i] = g.attainment;
    required[i] = g.required_growth_pct;
  }
  const auto doubles = [](const std::vector<double>& v) { return py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data()); };
  py::list without_code, without_year;
  for (const RegionYear& w : table.without_goal) {
    without_code.append(w.code);
    without_year.append(w.year);
  }
  return py::dict("columns"_a = py::dict("code"_a = region, "indicator"_a = indicator, "tier"_a = tier,
                                         "data_year"_a = index_array(data_year), "target_year"_a = index_array(target_year),
                                         "years_left"_a = index_array(years_left), "value"_a = doubles(value),
                                         "target"_a = doubles(target), "gap"_a = doubles(gap),
                                         "relative_gap"_a = doubles(relative), "attainment"_a = doubles(attainment),
                                         "required_growth_pct"_a = doubles(required), "growth_need"_a = growth_need,
                                         "status"_a = status, "direction"_a = index_array(direction), "unit"_a = unit,
                                         "section"_a = section),
                  "without_goal"_a = py::dict("code"_a = without_code, "year"_a = without_year));
}

py::dict growth_columns(const std::vector<GrowthCheck>& checks) {
  py::list region, variable, rule, status, detail, section, yearly;
  std::vector<Eigen::Index> from_year, to_year;
  std::vector<double> min_rate, realised;
  for (const GrowthCheck& c : checks) {
    region.append(c.region);
    variable.append(c.variable);
    rule.append(to_string(c.rule));
    status.append(to_string(c.status));
    detail.append(c.detail);
    section.append(c.section);
    yearly.append(py::cast(c.yearly_pct));
    from_year.push_back(c.from_year);
    to_year.push_back(c.to_year);
    min_rate.push_back(c.min_rate_pct);
    realised.push_back(c.realised_pct);
  }
  return py::dict("code"_a = region, "variable"_a = variable, "rule"_a = rule,
                  "min_rate_pct"_a = py::array_t<double>(static_cast<py::ssize_t>(min_rate.size()), min_rate.data()),
                  "from_year"_a = index_array(from_year), "to_year"_a = index_array(to_year),
                  "realised_pct"_a = py::array_t<double>(static_cast<py::ssize_t>(realised.size()), realised.data()),
                  "status"_a = status, "detail"_a = detail, "section"_a = section, "yearly_pct"_a = yearly);
}

constexpr const char* measure_gap_doc =
    "The gap of one value to one target with `years_left` = target year - data year years to go.\n\n"
    "gap = target - value (higher is better) or value - target (lower is better): positive means still to go; "
    "relative_gap = gap / |target|; attainment = value / target (higher is better) or target / value; "
    "required_growth_pct = ((target / value)^(1/n) - 1) x 100, the average annual growth that takes the value to "
    "the target in n years (国家统计局's geometric-mean 年均增长速度, solved for the rate). Met means value >= "
    "target (<= for lower-is-better) within 1e-9 x |target|.\n\n"
    "Worked example: 4,000 万元 of fiscal S&T expenditure against the A-tier 7,000 万元 two years ahead: gap "
    "3,000, relative gap 42.86 %, attainment 57.14 %, required growth (7000/4000)^(1/2) - 1 = 32.29 % a year, "
    "unmet.\n\n"
    "Returns\n-------\ndict\n    value, target, gap, relative_gap, attainment, years_left, required_growth_pct, "
    "growth_need ('computed', 'no_time_left', 'undefined', 'no_data') and status ('met', 'unmet', 'no_data'). A "
    "NaN value gives status 'no_data' and NaN measures.";

}  // namespace

void bind_gaps(py::module_& m) {
  m.def(
      "measure_gap",
      [](double value, double target, Direction direction, int years_left) {
        return measures(measure_gap(value, target, direction, years_left));
      },
      "value"_a, "target"_a, py::kw_only(), "direction"_a = Direction::higher_is_better, "years_left"_a,
      measure_gap_doc);

  m.def(
      "_target_gaps",
      [](const Panel& panel, const Framework& fw, const Plan& plan, std::optional<int> year, std::string tier,
         int target_year, std::vector<std::string> indicators, std::vector<std::string> regions) {
        GapOptions options{std::move(tier), target_year, std::move(indicators), std::move(regions)};
        std::vector<std::string> targeted;
        for (const auto& t : plan.indicator_targets()) targeted.push_back(t.indicator);
        GapTable table;
        {
          py::gil_scoped_release release;
          const Panel derived = with_indicators(panel, fw, targeted);
          table = target_gaps(derived, fw, plan, year.value_or(panel.last_year()), options);
        }
        return gap_columns(table);
      },
      "panel"_a, "framework"_a, "plan"_a, "year"_a, "tier"_a, "target_year"_a, "indicators"_a, "regions"_a,
      "Columns of target_gaps (countyleap.target_gaps returns them as a DataFrame).");

  m.def(
      "_growth_checks",
      [](const Panel& panel, const Plan& plan, std::optional<int> year, std::vector<std::string> regions,
         const Framework* fw) {
        std::vector<GrowthCheck> checks;
        {
          py::gil_scoped_release release;
          std::vector<std::string> targeted;
          for (const auto& g : plan.growth_targets())
            if (fw && !panel.find_variable(g.variable) && fw->find_indicator(g.variable)) targeted.push_back(g.variable);
          const Panel data = fw ? with_indicators(panel, *fw, targeted) : panel;
          checks = growth_checks(data, plan, year.value_or(panel.last_year()), regions);
        }
        return growth_columns(checks);
      },
      "panel"_a, "plan"_a, "year"_a, "regions"_a, "framework"_a,
      "Columns of growth_checks (countyleap.growth_checks returns them as a DataFrame).");
}

}  // namespace countyleap::python
