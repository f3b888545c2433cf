// The uncertainty spec as JSON: issue 5's example as written, the canonical form round trip,
// every kind of vary entry, and errors that name their JSON pointer.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "countyleap/io/uncertainty_spec.hpp"
#include "test_support.hpp"

BOOST_AUTO_TEST_SUITE(test_uncertainty_spec_io)

using namespace countyleap;

namespace {
const char* issue_spec = R"({"pipeline": {"denominate": true,
              "impute": {"method": "group_mean", "group": "EurAsia_group"},
              "screen": {"min_data": 0.9},
              "treat": {"method": "coinr", "winmax": 5},
              "normalise": {"method": "minmax", "range": [0, 100]},
              "aggregate": {"method": "arithmetic"}},
 "vary": [{"path": "treat.winmax", "values": [1, 2, 3, 4, 5]},
          {"path": "normalise", "values": [{"method": "minmax", "range": [1, 100]},
                                            {"method": "zscore", "mean": 10, "sd": 2}]},
          {"path": "weights", "noise": 0.25, "levels": [2, 3], "sets": 100},
          {"path": "aggregate.method", "values": ["arithmetic", "geometric"]}],
 "replications": 1000, "seed": 1})";

// True when parsing `text` raises an error whose message names the file and `pointer`.
bool names(const std::string& text, const std::string& pointer) {
  const std::string message = test_support::message_of<error>([&] { io::parse_uncertainty_spec(text, "ua.json"); });
  BOOST_TEST_MESSAGE(message);
  return message.find(pointer) != std::string::npos && message.find("ua.json") != std::string::npos;
}
std::string with_vary(const std::string& entry, const std::string& extra = "") {
  return R"({"pipeline": {"treat": {"method": "coinr"}}, "vary": [)" + entry + "]" + extra + "}";
}
}  // namespace

BOOST_AUTO_TEST_CASE(issue_example_parses) {
  const UncertaintySpec s = io::parse_uncertainty_spec(issue_spec);
  BOOST_TEST(s.pipeline.denominate);
  BOOST_TEST(s.pipeline.treat->winmax == 5);
  BOOST_TEST(s.replications == 1000u);
  BOOST_TEST(s.seed == 1u);
  BOOST_TEST(!s.tiers.has_value());
  BOOST_TEST(s.vary.size() == 4u);
  BOOST_TEST(s.vary[0].path == "treat.winmax");
  BOOST_TEST((s.vary[0].kind == VaryKind::values));
  BOOST_TEST(s.vary[0].values.size() == 5u);
  BOOST_TEST(std::get<double>(s.vary[0].values[4]) == 5.0);
  const auto& z = std::get<NormaliseStep>(s.vary[1].values[1]);
  BOOST_TEST((z.options.method == NormaliseMethod::zscore));
  BOOST_TEST(z.options.mean == 10.0);
  BOOST_TEST(z.options.sd == 2.0);
  BOOST_TEST(std::get<NormaliseStep>(s.vary[1].values[0]).options.range_lo == 1.0);
  BOOST_TEST((s.vary[2].kind == VaryKind::noise));
  BOOST_TEST(s.vary[2].noise == 0.25);
  BOOST_TEST(s.vary[2].levels == (std::vector<int>{2, 3}));
  BOOST_TEST(s.vary[2].sets == 100);
  BOOST_TEST(std::get<std::string>(s.vary[3].values[1]) == "geometric");
}

BOOST_AUTO_TEST_CASE(bench_file_is_the_issue_example) {
  // bench/asem_uncertainty.json is the file the benchmark and the sensitivity test read.
  const UncertaintySpec file = io::read_uncertainty_spec(std::string(COUNTYLEAP_SOURCE_DIR) + "/bench/asem_uncertainty.json");
  BOOST_TEST(io::format_uncertainty_spec(file) == io::format_uncertainty_spec(io::parse_uncertainty_spec(issue_spec)));
}

BOOST_AUTO_TEST_CASE(canonical_round_trip) {
  const std::string text = R"({"pipeline": {"impute": {"method": "mean"}, "screen": {"min_data": 0.5},
      "treat": {"method": "eis"}},
    "vary": [{"path": "impute", "values": [null, {"method": "median"}]},
             {"path": "screen.min_data", "values": [0.5, 0.75]},
             {"path": "treat", "values": [{"method": "coinr", "winmax": 3}, null]},
             {"path": "denominate", "values": [true, false]},
             {"path": "weights", "values": [{"method": "given"}, {"method": "equal"}]},
             {"path": "aggregate", "values": [{"method": "geometric", "shift": 1}]},
             {"path": "aggregate.p", "range": [0.5, 2]},
             {"path": "tiers", "values": [{"rule": "quota", "tiers": [{"label": "A", "count": 3}, {"label": "B"}]}]}],
    "tiers": {"rule": "fixed", "tiers": [{"label": "A", "min": 80}, {"label": "B"}]},
    "replications": 20, "seed": 18446744073709551615})";
  const UncertaintySpec s = io::parse_uncertainty_spec(text);
  BOOST_TEST(s.seed == 18446744073709551615ULL);
  BOOST_TEST(std::holds_alternative<std::monostate>(s.vary[0].values[0]));
  BOOST_TEST((s.vary[6].kind == VaryKind::range));
  BOOST_TEST(s.vary[6].lo == 0.5);
  BOOST_TEST(s.vary[6].hi == 2.0);
  BOOST_TEST((std::get<TierScheme>(s.vary[7].values[0]).rule == TierRule::quota));
  const std::string once = io::format_uncertainty_spec(s);
  const std::string twice = io::format_uncertainty_spec(io::parse_uncertainty_spec(once));
  BOOST_TEST(once == twice);
  BOOST_TEST(once.find("\"seed\": 18446744073709551615") != std::string::npos);
  BOOST_TEST(once.find("\"range\": [\n        0.5,\n        2\n      ]") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(errors_name_their_json_pointer) {
  BOOST_TEST(names(with_vary(R"({"path": "treat.winmx", "values": [1]})"), "/vary/0/path"));
  BOOST_TEST(names(with_vary(R"({"path": "treat.winmax", "range": [1, 5]})"), "/vary/0/range"));
  BOOST_TEST(names(with_vary(R"({"path": "treat.winmax", "values": [1.5]})"), "/vary/0/values/0"));
  BOOST_TEST(names(with_vary(R"({"path": "treat.winmax", "values": [2, -1]})"), "/vary/0/values/1"));
  BOOST_TEST(names(with_vary(R"({"path": "aggregate.method", "values": ["arithmetic", "arith"]})"), "/vary/0/values/1"));
  BOOST_TEST(names(with_vary(R"({"path": "normalise", "values": [{"method": "zscore", "sdd": 2}]})"), "/vary/0/values/0/sdd"));
  BOOST_TEST(names(with_vary(R"({"path": "normalise", "values": [null]})"), "/vary/0/values/0"));
  BOOST_TEST(names(with_vary(R"({"path": "weights", "noise": 1.5, "levels": [2]})"), "/vary/0/noise"));
  BOOST_TEST(names(with_vary(R"({"path": "weights", "noise": 0.2, "levels": [2, 2]})"), "/vary/0/levels/1"));
  BOOST_TEST(names(with_vary(R"({"path": "weights", "noise": 0.2})"), "missing required key 'levels'"));
  BOOST_TEST(names(with_vary(R"({"path": "weights", "values": [{"method": "entropy"}]})"), "/vary/0/values/0"));
  BOOST_TEST(names(with_vary(R"({"path": "treat.winmax", "values": [1], "range": [1, 2]})"), "/vary/0: expected exactly one"));
  BOOST_TEST(names(with_vary(R"({"path": "treat.winmax", "values": [1], "sets": 3})"), "/vary/0/sets"));
  BOOST_TEST(names(with_vary(R"({"path": "aggregate.p", "range": [2, 1]})"), "/vary/0/range"));
  BOOST_TEST(names(with_vary(R"({"path": "aggregate.min_data", "range": [0.5, 1.5]})"), "/vary/0/range"));
  BOOST_TEST(names(with_vary(R"({"path": "screen.min_data", "values": [0.5]})"), "/vary/0/path"));  // no screen step
  BOOST_TEST(names(with_vary(R"({"path": "treat.winmax", "values": [1]}, {"path": "treat.winmax", "values": [2]})"), "/vary/1/path"));
  BOOST_TEST(names(with_vary(R"({"path": "tiers", "values": []})"), "/vary/0/path"));  // no nominal scheme
  const std::string tiers = R"(, "tiers": {"rule": "fixed", "tiers": [{"label": "A", "min": 80}, {"label": "B"}]})";
  BOOST_TEST(names(with_vary(R"({"path": "tiers", "values": [{"rule": "fixed", "tiers": [{"label": "A", "min": 70}, {"label": "C"}]}]})", tiers),
                   "/vary/0/values/0"));
  BOOST_TEST(names(with_vary("", R"(, "tiers": {"rule": "targets_met", "tiers": [{"label": "A", "k": 2}, {"label": "B"}]})"), "/tiers"));
  BOOST_TEST(names(with_vary("", R"(, "seed": -3)"), "/seed"));
  BOOST_TEST(names(with_vary("", R"(, "replications": 0)"), "/replications"));
  BOOST_TEST(names(with_vary("", R"(, "replicates": 10)"), "unknown key 'replicates'"));
  BOOST_TEST(names(R"({"vary": []})", "missing required key 'pipeline'"));
  BOOST_TEST(names(R"({"pipeline": {"treat": {"method": "coinr", "winmx": 5}}, "vary": []})", "/pipeline/treat/winmx"));
  BOOST_TEST(names(R"({"pipeline": {}, "vary": [], "seed": 1,})", "malformed JSON"));
}

BOOST_AUTO_TEST_CASE(scale_warnings_name_the_entries_that_mix_scales) {
  // COINr's example varies the normalisation between min-max [1, 100] and z-scores (mean 10, sd 2):
  // score statistics mix scales; no tier scheme, so no tier warning
  const std::vector<std::string> coinr = scale_warnings(io::parse_uncertainty_spec(issue_spec));
  BOOST_TEST_REQUIRE(coinr.size() == 1u);
  BOOST_TEST(test_support::contains(coinr[0], "normalise: minmax [1, 100] / zscore (mean 10, sd 2)"));
  BOOST_TEST(test_support::contains(coinr[0], "score statistics"));
  BOOST_TEST(test_support::contains(coinr[0], "rank statistics"));
  // arithmetic and geometric means keep the components' scale: not named
  BOOST_TEST(!test_support::contains(coinr[0], "aggregate.method"));
  // with fixed cut-offs, the tier probabilities are named first
  const std::string fixed = R"(, "tiers": {"rule": "fixed", "tiers": [{"label": "A", "min": 80}, {"label": "B"}]})";
  const std::string mixed = R"({"path": "normalise.method", "values": ["minmax", "zscore"]})";
  const std::vector<std::string> tiers = scale_warnings(io::parse_uncertainty_spec(with_vary(mixed, fixed)));
  BOOST_TEST_REQUIRE(tiers.size() == 2u);
  BOOST_TEST(test_support::contains(tiers[0], "tier probabilities"));
  BOOST_TEST(test_support::contains(tiers[0], "normalise.method: minmax [0, 100] / zscore (mean 0, sd 1)"));
  // a quota scheme compares ranks: only the score statistics are named
  const std::string quota = R"(, "tiers": {"rule": "quota", "tiers": [{"label": "A", "count": 5}, {"label": "B"}]})";
  BOOST_TEST(scale_warnings(io::parse_uncertainty_spec(with_vary(mixed, quota))).size() == 1u);
  // TOPSIS gives closeness in [0, 1]: varying it against the arithmetic mean mixes scales
  BOOST_TEST(scale_warnings(io::parse_uncertainty_spec(
                                with_vary(R"({"path": "aggregate.method", "values": ["arithmetic", "topsis"]})")))
                 .size() == 1u);
  // one scale: winmax, weights, min-max alternatives with the same range, means of one scale
  BOOST_TEST(scale_warnings(io::parse_uncertainty_spec(with_vary(
                                R"({"path": "treat.winmax", "values": [1, 2]},
                                   {"path": "normalise", "values": [{"method": "minmax"}, {"method": "minmax", "range": [0, 100]}]},
                                   {"path": "aggregate.method", "values": ["arithmetic", "geometric"]})",
                                fixed)))
                 .empty());
}

BOOST_AUTO_TEST_SUITE_END()
