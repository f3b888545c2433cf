// Compiled definitions of countyleap/pipeline.hpp: see that header for each function's formula and source.
#include "countyleap/pipeline.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "countyleap/aggregate.hpp"
#include "countyleap/denominate.hpp"
#include "countyleap/derive.hpp"
#include "countyleap/detail/parallel.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/impl/pipeline/steps.hpp"
#include "countyleap/impute.hpp"
#include "countyleap/normalise.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/rank.hpp"
#include "countyleap/region.hpp"
#include "countyleap/scores.hpp"
#include "countyleap/screen.hpp"
#include "countyleap/treat.hpp"
#include "countyleap/version.hpp"
#include "countyleap/weight.hpp"

namespace countyleap::detail {

/// The leaf indicators' values in every year of a panel: one regions × leaves matrix per year
/// slot, derived (ratios, growth) and, when asked, denominated.
struct LeafData {
  std::vector<Eigen::MatrixXd> by_year;  ///< per year slot
  PipelineLog log;                       ///< derivation and denomination records of year t
};

LeafData leaf_data(const Panel& panel, const Framework& fw, bool denominate, Panel::Index t, bool all_years) {
  const std::vector<std::string> leaves = fw.scored_indicators();
  bool plain = true;  // every leaf is its own raw variable: read the panel directly
  for (std::size_t j = 0; j < leaves.size(); ++j) {
    const Indicator& ind = fw.leaf_indicator(j);
    plain = plain && (ind.kind == IndicatorKind::raw || ind.kind == IndicatorKind::qualitative) && ind.source() == ind.id;
  }
  DeriveOptions derive_options;
  derive_options.indicators = leaves;
  Derived derived;
  if (!plain) derived = derive(panel, fw, derive_options);
  else check_data(fw, panel, leaves);
  const Panel& source = plain ? panel : derived.panel;

  LeafData out;
  for (const auto& issue : derived.issues)
    if (issue.year == panel.year_at(t)) out.log.derivation.push_back(issue);
  const auto nr = panel.n_regions(), nl = static_cast<Eigen::Index>(leaves.size());
  std::vector<Eigen::Index> column(leaves.size()), by(leaves.size(), no_denominator);
  std::vector<Eigen::Index> denominator_vars;
  for (std::size_t j = 0; j < leaves.size(); ++j) {
    column[j] = source.variable_index(leaves[j]);
    const Indicator& ind = fw.leaf_indicator(j);
    if (denominate && !ind.denominate_by.empty()) {
      by[j] = static_cast<Eigen::Index>(denominator_vars.size());
      denominator_vars.push_back(source.variable_index(ind.denominate_by));
    }
  }
  out.by_year.resize(static_cast<std::size_t>(panel.n_years()));
  for (Panel::Index y = 0; y < panel.n_years(); ++y) {
    if (!all_years && y != t) continue;
    const auto year = source.year(y);
    Eigen::MatrixXd& x = out.by_year[static_cast<std::size_t>(y)];
    x.resize(nr, nl);
    for (Eigen::Index j = 0; j < nl; ++j) x.col(j) = year.col(column[static_cast<std::size_t>(j)]);
    if (denominator_vars.empty()) continue;
    Eigen::MatrixXd d(nr, static_cast<Eigen::Index>(denominator_vars.size()));
    for (std::size_t k = 0; k < denominator_vars.size(); ++k) d.col(static_cast<Eigen::Index>(k)) = year.col(denominator_vars[k]);
    const DenominateReport report = countyleap::denominate(x, d, by, {}, leaves);
    if (y == t) {
      out.log.denominator_missing = report.missing_denominator;
      out.log.denominator_zero = report.zero_denominator;
    }
  }
  return out;
}

RegionGroups region_groups(const Panel& panel, const RegionSet* regions, const std::string& attribute) {
  if (!regions) throw validation_error("impute: group methods need the regions and their '" + attribute + "' attribute");
  std::vector<std::string> labels;
  labels.reserve(panel.regions().size());
  bool any = false;
  for (const auto& code : panel.regions()) {
    const auto& attrs = regions->at(code).attributes;
    auto it = attrs.find(attribute);
    any = any || it != attrs.end();
    labels.push_back(it == attrs.end() ? std::string() : it->second);
  }
  if (!any) {  // a misspelt attribute would otherwise make every region its own ungrouped case
    std::string known;
    for (const auto& code : panel.regions())
      for (const auto& [name, value] : regions->at(code).attributes)
        if (known.find("'" + name + "'") == std::string::npos) (known += known.empty() ? "" : ", ") += "'" + name + "'";
    throw validation_error("impute: no region has the group attribute '" + attribute + "' (attributes present: " +
                           (known.empty() ? std::string("none") : known) + ")");
  }
  return RegionGroups(labels);
}

/// evaluate()'s data steps: validates the spec, derives and denominates the leaves, imputes and
/// screens (see evaluate()). Shared by evaluate() and the uncertainty analysis, which runs it
/// once per distinct choice of these steps.
PreparedLeaves prepare_leaves(const Panel& panel, const Framework& fw, const PipelineSpec& spec, int year,
                              const RegionSet* regions) {
  spec.validate(fw);
  if (panel.n_years() == 0) throw validation_error("the panel has no years");
  PreparedLeaves out;
  const Panel::Index t = year == 0 ? panel.n_years() - 1 : panel.year_index(year);
  out.t = t;
  const bool time_impute = spec.impute && is_time_method(spec.impute->options.method);

  LeafData leaf = leaf_data(panel, fw, spec.denominate, t, time_impute);
  out.log = std::move(leaf.log);
  Eigen::MatrixXd& x = out.x;
  x = std::move(leaf.by_year[static_cast<std::size_t>(t)]);

  if (spec.impute) {
    ImputeReport report;
    if (time_impute) {
      for (Eigen::Index j = 0; j < x.cols(); ++j) {  // years × regions series of leaf j
        Eigen::MatrixXd series(panel.n_years(), x.rows());
        for (Panel::Index y = 0; y < panel.n_years(); ++y) series.row(y) = leaf.by_year[static_cast<std::size_t>(y)].col(j).transpose();
        const ImputeReport r = impute_time(series, spec.impute->options);
        for (const Cell& c : r.cells)
          if (c.row == t) report.cells.push_back({c.col, j});
        x.col(j) = series.row(t).transpose();
      }
      for (Eigen::Index r = 0; r < x.rows(); ++r)
        for (Eigen::Index j = 0; j < x.cols(); ++j) report.still_missing += std::isnan(x(r, j));
    } else {
      const RegionGroups groups = spec.impute->group.empty() ? RegionGroups()
                                                             : region_groups(panel, regions, spec.impute->group);
      report = impute(x, spec.impute->options, groups);
    }
    out.log.imputed = std::move(report.cells);
    out.log.still_missing = report.still_missing;
  }

  out.kept.resize(static_cast<std::size_t>(x.rows()));
  for (std::size_t r = 0; r < out.kept.size(); ++r) out.kept[r] = static_cast<Eigen::Index>(r);
  if (spec.screen) {
    const ScreenResult s = screen(x, *spec.screen);
    for (const DroppedUnit& d : s.dropped) {
      out.log.dropped.push_back(panel.regions()[static_cast<std::size_t>(d.row)]);
      out.log.dropped_data_share.push_back(d.data_share);
    }
    out.kept = s.kept;
    x = keep_rows(x, out.kept);
  }
  for (Eigen::Index r : out.kept) out.regions.push_back(panel.regions()[static_cast<std::size_t>(r)]);
  return out;
}

/// evaluate()'s outlier treatment of every leaf column of `x` in place, one record per leaf
/// appended to `log` when any treatment is specified (see evaluate()).
void treat_leaves(Eigen::MatrixXd& x, const Framework& fw, const PipelineSpec& spec, PipelineLog& log) {
  const std::vector<std::string> leaves = fw.scored_indicators();
  for (std::size_t j = 0; j < leaves.size(); ++j) {
    if (const auto treat = spec.treat_for(leaves[j]))
      log.treatment.push_back(treat_column(x.col(static_cast<Eigen::Index>(j)), *treat, leaves[j]));
    else if (!spec.nodes.empty() || spec.treat) log.treatment.emplace_back();  // keep one record per leaf
  }
}

/// evaluate()'s normalisation of every leaf column of `x` in place, with the indicator's
/// direction; `regions` are the codes of the rows (for ratio_to_reference). See evaluate().
void normalise_leaves(Eigen::MatrixXd& x, const Framework& fw, const PipelineSpec& spec,
                      const std::vector<std::string>& regions) {
  const std::vector<std::string> leaves = fw.scored_indicators();
  for (std::size_t j = 0; j < leaves.size(); ++j) {
    const Indicator& ind = fw.leaf_indicator(j);
    const NormaliseStep& step = spec.normalise_for(leaves[j]);
    NormaliseOptions options = spec.leaf_normalisation(ind);
    if (options.method == NormaliseMethod::ratio_to_reference) {
      const auto it = std::find(regions.begin(), regions.end(), step.reference);
      if (it == regions.end())
        throw unknown_id_error("reference region of ratio_to_reference is not among the regions evaluated",
                               Location{"", 0, 0, "", step.reference});
      options.reference_row = static_cast<Eigen::Index>(it - regions.begin());
    }
    normalise_column(x.col(static_cast<Eigen::Index>(j)), ind.direction, options, ind.id);
  }
}

}  // namespace countyleap::detail

namespace countyleap {
namespace {

/// evaluate()'s coverage: Scores::present and Scores::expected, bottom-up from the leaf values
/// that entered the aggregation, and the log's list of regions scored on partial data.
void count_coverage(Scores& out, const Framework& fw) {
  const auto n_leaves = static_cast<Eigen::Index>(fw.n_leaves());
  out.present.resize(out.values.rows(), out.values.cols());
  out.expected.resize(out.values.cols());
  out.present.leftCols(n_leaves) = (out.values.leftCols(n_leaves).array() == out.values.leftCols(n_leaves).array()).cast<int>().matrix();
  out.expected.head(n_leaves).setOnes();
  for (std::size_t i = fw.n_leaves(); i < fw.size(); ++i) {
    const auto col = static_cast<Eigen::Index>(i);
    out.present.col(col).setZero();
    out.expected[col] = 0;
    for (std::size_t kid : fw.children(i)) {
      out.present.col(col) += out.present.col(static_cast<Eigen::Index>(kid));
      out.expected[col] += out.expected[static_cast<Eigen::Index>(kid)];
    }
  }
  const std::size_t root = fw.size() - 1;
  for (std::size_t r = 0; r < out.regions.size(); ++r)
    if (out.partial(r, root)) out.log.partial.push_back(out.regions[r]);
}

}  // namespace

Scores evaluate(const Panel& panel, const Framework& fw, const PipelineSpec& spec, int year,
                const RegionSet* regions) {
  detail::PreparedLeaves leaf = detail::prepare_leaves(panel, fw, spec, year, regions);
  Scores out;
  out.log = std::move(leaf.log);
  out.regions = std::move(leaf.regions);
  Eigen::MatrixXd& x = leaf.x;
  const Panel::Index t = leaf.t;
  detail::treat_leaves(x, fw, spec, out.log);
  detail::normalise_leaves(x, fw, spec, out.regions);

  const auto n_nodes = static_cast<Eigen::Index>(fw.size());
  out.values.resize(x.rows(), n_nodes);
  out.values.leftCols(x.cols()) = x;
  out.weights = Eigen::VectorXd::Ones(n_nodes);
  Eigen::MatrixXd children;
  Eigen::VectorXd given, w;
  for (std::size_t i = fw.n_leaves(); i < fw.size(); ++i) {
    const Node& node = fw.nodes()[i];
    const auto& kids = fw.children(i);
    const auto k = static_cast<Eigen::Index>(kids.size());
    children.resize(x.rows(), k);
    given.resize(k);
    for (Eigen::Index c = 0; c < k; ++c) {
      children.col(c) = out.values.col(static_cast<Eigen::Index>(kids[static_cast<std::size_t>(c)]));
      given[c] = fw.nodes()[kids[static_cast<std::size_t>(c)]].weight;
    }
    try {
      w = node_weights(spec.weights_for(node.id), children, given);
      for (Eigen::Index c = 0; c < k; ++c) out.weights[static_cast<Eigen::Index>(kids[static_cast<std::size_t>(c)])] = w[c];
      out.values.col(static_cast<Eigen::Index>(i)) = aggregate(children, w, spec.aggregate_for(node));
    } catch (const aggregation_domain_error& e) {  // name the region and component, not positions
      const std::string& component = fw.nodes()[kids[static_cast<std::size_t>(e.component())]].id;
      throw validation_error("region " + out.regions[static_cast<std::size_t>(e.row())] + ", component '" + component +
                                 "': " + e.reason(),
                             Location{"", 0, 0, "", node.id});
    } catch (const validation_error& e) {
      if (!e.where().id.empty()) throw;
      throw validation_error(e.detail(), Location{"", 0, 0, "", node.id});
    }
  }

  count_coverage(out, fw);
  out.ranks = rank_columns(out.values);
  for (const auto& n : fw.nodes()) out.nodes.push_back(n.id);
  out.n_leaves = fw.n_leaves();
  out.year = panel.year_at(t);
  out.spec = spec;
  out.version = version;
  return out;
}

std::vector<Scores> evaluate_years(const Panel& panel, const Framework& fw, const PipelineSpec& spec,
                                   std::vector<int> years, const RegionSet* regions,
                                   unsigned threads) {
  if (years.empty())
    for (Panel::Index t = 0; t < panel.n_years(); ++t) years.push_back(panel.year_at(t));
  std::vector<Scores> out(years.size());
  std::vector<std::exception_ptr> errors(years.size());
  struct NoState {};
  detail::parallel_items(
      years.size(), detail::resolve_threads(threads), [] { return NoState{}; },
      [&](std::size_t i, NoState&) {
        try {
          out[i] = evaluate(panel, fw, spec, years[i], regions);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      });
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  return out;
}

}  // namespace countyleap
