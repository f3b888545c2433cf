// Tier schemes: Hebei cut-offs, EIS and China's relative bands, quotas, Jenks natural breaks,
// k-of-n targets; margins; year-over-year moves.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "countyleap/tier.hpp"
#include "countyleap/impl/tier/jenks.hpp"

BOOST_TEST_DONT_PRINT_LOG_VALUE(countyleap::TierMove)
BOOST_TEST_DONT_PRINT_LOG_VALUE(countyleap::TierRule)

BOOST_AUTO_TEST_SUITE(test_tier)

using namespace countyleap;
namespace tt = boost::test_tools;

namespace {
Eigen::VectorXd vec(std::vector<double> v) { return Eigen::Map<Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size())); }
std::vector<std::size_t> tiers_of(const Classification& c) {
  std::vector<std::size_t> t;
  for (const auto& a : c.regions) t.push_back(a.tier);
  return t;
}
TierScheme scheme(TierRule rule, std::vector<TierBand> bands) {
  TierScheme s;
  s.rule = rule;
  s.tiers = std::move(bands);
  return s;
}
const double missing = std::numeric_limits<double>::quiet_NaN();
}  // namespace

BOOST_AUTO_TEST_CASE(hebei_cutoffs_and_margins) {
  // A >= 80, 60 <= B < 80, C < 60
  const auto c = classify(vec({85, 80, 79.99, 60, 59.9, 100}), TierScheme::hebei());
  BOOST_TEST((tiers_of(c) == std::vector<std::size_t>{0, 0, 1, 1, 2, 0}));
  BOOST_TEST((c.counts == std::vector<std::size_t>{3, 2, 1}));
  BOOST_TEST(std::isnan(c.regions[0].margin_up));           // already in the best tier
  BOOST_TEST(c.regions[0].margin_down == 5.0, tt::tolerance(1e-12));    // 85 − 80
  BOOST_TEST(c.regions[1].margin_down == 0.0);                         // exactly on the boundary
  BOOST_TEST(c.regions[2].margin_up == 0.01, tt::tolerance(1e-9));      // 80 − 79.99
  BOOST_TEST(c.regions[2].margin_down == 19.99, tt::tolerance(1e-12));  // 79.99 − 60
  BOOST_TEST(c.regions[4].margin_up == 0.1, tt::tolerance(1e-9));       // 60 − 59.9
  BOOST_TEST(std::isnan(c.regions[4].margin_down));
}

BOOST_AUTO_TEST_CASE(exclusive_boundary) {
  auto s = TierScheme::hebei();
  s.tiers[0].inclusive = false;  // A > 80
  const auto c = classify(vec({80, 80.5}), s);
  BOOST_TEST((tiers_of(c) == std::vector<std::size_t>{1, 0}));
}

BOOST_AUTO_TEST_CASE(eis_relative_to_mean) {
  // scores 130, 110, 80, 60: mean 95 → boundaries 118.75, 95, 66.5 (all strict ">")
  auto s = scheme(TierRule::relative_to_mean, {TierBand{"leader", 1.25, false}, TierBand{"strong", 1.0, false},
                                               TierBand{"moderate", 0.7, false}, TierBand{"emerging"}});
  const auto c = classify(vec({130, 110, 80, 60}), s);
  BOOST_TEST((tiers_of(c) == std::vector<std::size_t>{0, 1, 2, 3}));
  BOOST_TEST(c.boundaries[0] == 118.75, tt::tolerance(1e-12));
  BOOST_TEST(c.boundaries[2] == 66.5, tt::tolerance(1e-12));
  BOOST_TEST(c.regions[1].margin_up == 8.75, tt::tolerance(1e-12));  // 118.75 − 110
  // a score exactly at 100 % of the mean is not "above" it
  const auto at_mean = classify(vec({95, 95}), s);
  BOOST_TEST(at_mean.regions[0].tier == 2u);
}

BOOST_AUTO_TEST_CASE(eis_sub_bands) {
  // one band [mean, 1.25·mean) split in three; scores 100, 50, 150, 110: mean 102.5
  auto s = scheme(TierRule::relative_to_mean, {TierBand{"top", 1.0, true}, TierBand{"rest"}});
  s.sub_bands = 3;
  const auto c = classify(vec({100, 50, 150, 110}), s);
  // top tier spans [102.5, 150] (open band ends at the highest score): thirds of width 15.833…
  BOOST_TEST(c.regions[2].sub_band == 0);  // 150: top third
  BOOST_TEST(c.regions[3].sub_band == 2);  // 110: (150 − 110)/15.83 = 2.5 → bottom third
  // rest spans [50, 102.5): 100 → (102.5 − 100)/17.5 = 0.14 → top third; 50 → bottom third
  BOOST_TEST(c.regions[0].sub_band == 0);
  BOOST_TEST(c.regions[1].sub_band == 2);
}

BOOST_AUTO_TEST_CASE(china_mixed_relative_and_absolute) {
  // first group above the mean, second above 50, third 50 or below; scores 80, 60, 50, 20: mean 52.5
  auto s = scheme(TierRule::relative_to_mean,
                  {TierBand{"1", 1.0, false, true}, TierBand{"2", 50, false, false}, TierBand{"3"}});
  const auto c = classify(vec({80, 60, 50, 20}), s);
  BOOST_TEST((tiers_of(c) == std::vector<std::size_t>{0, 0, 2, 2}));
  BOOST_TEST(c.boundaries[0] == 52.5, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(quotas_counts_shares_and_ties) {
  auto s = scheme(TierRule::quota, {TierBand{"A", 1}, TierBand{"B", 2}, TierBand{"C"}});
  const auto c = classify(vec({70, 90, 85, 84, 60}), s);
  BOOST_TEST((tiers_of(c) == std::vector<std::size_t>{2, 0, 1, 1, 2}));
  BOOST_TEST(c.regions[2].margin_up == 5.0, tt::tolerance(1e-12));    // 90 − 85
  BOOST_TEST(c.regions[0].margin_up == 14.0, tt::tolerance(1e-12));   // 84 − 70
  // a tie at the boundary shares the better tier: A = top 1 but two regions score 90
  const auto tie = classify(vec({90, 90, 80}), s);
  BOOST_TEST((tiers_of(tie) == std::vector<std::size_t>{0, 0, 1}));
  // shares: top 40 % of 5 regions = 2
  auto shares = scheme(TierRule::quota, {TierBand{"A", 0.4}, TierBand{"B"}});
  shares.quota_share = true;
  BOOST_TEST((classify(vec({1, 2, 3, 4, 5}), shares).counts == std::vector<std::size_t>{2, 3}));
}

namespace {
// Brute force: every way to cut the sorted values into k classes, lowest within-class SSD.
double ssd(const std::vector<double>& v, std::size_t a, std::size_t b) {
  double m = 0;
  for (std::size_t i = a; i < b; ++i) m += v[i];
  m /= static_cast<double>(b - a);
  double s = 0;
  for (std::size_t i = a; i < b; ++i) s += (v[i] - m) * (v[i] - m);
  return s;
}
std::vector<std::size_t> brute_force_breaks(const std::vector<double>& asc) {
  double best = std::numeric_limits<double>::infinity();
  std::vector<std::size_t> starts;
  for (std::size_t i = 1; i < asc.size(); ++i)
    for (std::size_t j = i + 1; j < asc.size(); ++j) {
      const double c = ssd(asc, 0, i) + ssd(asc, i, j) + ssd(asc, j, asc.size());
      if (c < best) best = c, starts = {0, i, j};
    }
  return starts;
}
}  // namespace

BOOST_AUTO_TEST_CASE(jenks_natural_breaks) {
  // {1,2,3 | 10,11,12 | 30}: the obvious optimum, checked against brute force below
  auto s = scheme(TierRule::natural_breaks, {TierBand{"high"}, TierBand{"mid"}, TierBand{"low"}});
  const auto c = classify(vec({10, 1, 30, 2, 12, 3, 11}), s);
  BOOST_TEST((tiers_of(c) == std::vector<std::size_t>{1, 2, 0, 2, 1, 2, 1}));
  BOOST_TEST(c.boundaries[0] == 30.0);
  BOOST_TEST(c.boundaries[1] == 10.0);
  // a less obvious data set: the DP must agree with exhaustive search
  const std::vector<double> asc = {0.5, 1.7, 2.2, 4.1, 4.4, 5.9, 7.3, 7.4, 9.8, 10.0, 13.5};
  const auto expect = brute_force_breaks(asc);
  BOOST_TEST((detail::jenks_starts(asc, 3) == expect));
  BOOST_CHECK_THROW(classify(vec({1, 1, 2}), s), validation_error);  // two distinct values, three classes
}

BOOST_AUTO_TEST_CASE(k_of_n_targets) {
  // tier A needs 12 of A's targets, B needs 10 of B's; columns: met A-targets, met B-targets, unused
  auto s = scheme(TierRule::targets_met, {TierBand{"A", 12}, TierBand{"B", 10}, TierBand{"C"}});
  Eigen::MatrixXi met(3, 3);
  met << 13, 16, 0,  //
      9, 11, 0,      //
      2, 7, 0;
  const auto c = classify_by_targets(met, s);
  BOOST_TEST((tiers_of(c) == std::vector<std::size_t>{0, 1, 2}));
  BOOST_TEST(c.regions[0].margin_down == 1.0);  // may miss one A target and stay A
  BOOST_TEST(c.regions[1].margin_up == 3.0);    // 12 − 9 more A targets to reach A
  BOOST_TEST(c.regions[2].margin_up == 3.0);    // 10 − 7 more B targets to reach B
  BOOST_CHECK_THROW(classify(vec({1, 2, 3}), s), validation_error);
}

BOOST_AUTO_TEST_CASE(scheme_validation) {
  auto s = TierScheme::hebei();
  s.tiers[1].bound = 90;  // B above A
  BOOST_CHECK_THROW(classify(vec({1}), s), validation_error);
  s = TierScheme::hebei();
  s.tiers[1].label = "A";
  BOOST_CHECK_THROW(s.validate(), duplicate_error);
  s = TierScheme::hebei();
  BOOST_CHECK_THROW(classify(vec({50, missing}), s), validation_error);
  BOOST_CHECK_THROW(s.index_of("D"), unknown_id_error);
  BOOST_TEST(s.index_of("B") == 1u);
  BOOST_TEST(tier_rule_from_string("natural_breaks") == TierRule::natural_breaks);
  BOOST_CHECK_THROW(tier_rule_from_string("jenks"), validation_error);
}

BOOST_AUTO_TEST_CASE(year_over_year_moves_and_rank_bands) {
  // five regions; region 0 jumps from C to A and gains four places
  const auto before = classify(vec({55, 90, 85, 70, 65}), TierScheme::hebei());
  const auto after = classify(vec({95, 91, 84, 70, 50}), TierScheme::hebei());
  const auto moves = compare_years(before, after);
  BOOST_TEST(moves[0].move == TierMove::jump);
  BOOST_TEST(moves[0].tiers_moved == 2);
  BOOST_TEST(moves[0].rank_change == 4);  // 5th → 1st
  BOOST_TEST(moves[0].rank_band == "+1 to +4");
  BOOST_TEST(moves[0].score_change == 40.0, tt::tolerance(1e-12));
  BOOST_TEST(moves[4].move == TierMove::drop);  // 65 (B) → 50 (C)
  BOOST_TEST(moves[4].rank_change == -1);
  BOOST_TEST(moves[3].move == TierMove::hold);
  BOOST_TEST(rank_change_band(12) == "+10 or more");
  BOOST_TEST(rank_change_band(-7) == "-5 to -9");
  BOOST_TEST(rank_change_band(0) == "unchanged");
}

BOOST_AUTO_TEST_SUITE_END()
