// Region, RegionSet, GB/T 2260 codes and code history.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "test_support.hpp"
#include "countyleap/region.hpp"

BOOST_TEST_DONT_PRINT_LOG_VALUE(countyleap::RegionKind)

BOOST_AUTO_TEST_SUITE(test_region)

using namespace countyleap;
using test_support::message_of;

namespace {
Region unit(std::string code, std::string name_zh, RegionKind kind) {
  Region r;
  r.code = std::move(code);
  r.name_zh = std::move(name_zh);
  r.kind = kind;
  r.parent = "130100";
  return r;
}
// Four real Shijiazhuang units (codes from the plan) and the 2014 change 藁城市 → 藁城区.
RegionSet sample() {
  return RegionSet({unit("130102", "长安区", RegionKind::district), unit("130109", "藁城区", RegionKind::district),
                    unit("130121", "井陉县", RegionKind::county), unit("130183", "晋州市", RegionKind::county_level_city)},
                   {CodeChange{"130182", "130109", 2014, "藁城市", ""}});
}
}  // namespace

BOOST_AUTO_TEST_CASE(gbt2260_codes) {
  BOOST_TEST(is_gbt2260_code("130102"));
  BOOST_TEST(is_gbt2260_code("110101"));  // 北京市东城区
  BOOST_TEST(is_gbt2260_code("820001"));  // Macao prefix 82
  BOOST_TEST(!is_gbt2260_code("13010"));   // five digits
  BOOST_TEST(!is_gbt2260_code("1301020"));
  BOOST_TEST(!is_gbt2260_code("13010a"));
  BOOST_TEST(!is_gbt2260_code("190102"));  // 19 is no province
  BOOST_TEST(!is_gbt2260_code("000000"));
  BOOST_TEST(!is_gbt2260_code("１３０１０２"));  // full-width digits are not ASCII digits
}

BOOST_AUTO_TEST_CASE(kind_from_code_digits) {
  BOOST_TEST(kind_implied_by_code("130102") == RegionKind::district);
  BOOST_TEST(kind_implied_by_code("130120") == RegionKind::district);
  BOOST_TEST(kind_implied_by_code("130121") == RegionKind::county);
  BOOST_TEST(kind_implied_by_code("130180") == RegionKind::county);
  BOOST_TEST(kind_implied_by_code("130181") == RegionKind::county_level_city);
  BOOST_TEST(kind_implied_by_code("130100") == RegionKind::prefecture);
  BOOST_TEST(kind_implied_by_code("130000") == RegionKind::province);
}

BOOST_AUTO_TEST_CASE(kind_spellings_round_trip) {
  for (auto k : {RegionKind::district, RegionKind::county, RegionKind::county_level_city, RegionKind::prefecture,
                 RegionKind::province, RegionKind::other})
    BOOST_TEST(region_kind_from_string(to_string(k)) == k);
  BOOST_TEST(region_kind_from_string("county-level city") == RegionKind::county_level_city);
  BOOST_TEST(message_of<validation_error>([] { region_kind_from_string("city"); }).find("'city'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(lookup_and_history) {
  const RegionSet rs = sample();
  BOOST_TEST(rs.size() == 4u);
  BOOST_TEST(rs.index("130121") == 2u);
  BOOST_TEST(rs.at("130183").name_zh == "晋州市");
  BOOST_TEST(rs.resolve("130109") == "130109");
  BOOST_TEST(rs.resolve("130182") == "130109");  // 藁城市 → 藁城区, 2014
  BOOST_TEST(!rs.contains("130182"));
  const auto msg = message_of<unknown_id_error>([&] { rs.index("130199"); });
  BOOST_TEST(msg.find("130199") != std::string::npos);
  BOOST_CHECK_THROW(rs.resolve("130199"), unknown_id_error);
}

BOOST_AUTO_TEST_CASE(history_in_several_steps) {
  // A → B → C: data keyed by A land on C.
  RegionSet rs({unit("130102", "长安区", RegionKind::district)},
               {CodeChange{"130103", "130104", 2000, "", ""}, CodeChange{"130104", "130102", 2014, "", ""}});
  BOOST_TEST(rs.resolve("130103") == "130102");
}

BOOST_AUTO_TEST_CASE(history_cycle_and_dangling_target_are_errors) {
  BOOST_CHECK_THROW(RegionSet({unit("130102", "长安区", RegionKind::district)},
                              {CodeChange{"130103", "130104", 2000, "", ""}, CodeChange{"130104", "130103", 2001, "", ""}}),
                    validation_error);
  const auto msg = message_of<unknown_id_error>([] {
    RegionSet({unit("130102", "长安区", RegionKind::district)}, {CodeChange{"130182", "130109", 2014, "", ""}});
  });
  BOOST_TEST(msg.find("130109") != std::string::npos);
  BOOST_CHECK_THROW(RegionSet({unit("130102", "长安区", RegionKind::district)}, {CodeChange{"130102", "130102", 2014, "", ""}}),
                    duplicate_error);
}

BOOST_AUTO_TEST_CASE(invalid_code_format_names_the_code) {
  const auto msg = message_of<code_format_error>([] { RegionSet({unit("13010X", "x", RegionKind::district)}); });
  BOOST_TEST(msg.find("13010X") != std::string::npos);
  BOOST_CHECK_THROW(RegionSet({[] { auto r = unit("130102", "长安区", RegionKind::district); r.parent = "1301"; return r; }()}),
                    code_format_error);
  // code_format_error is a validation_error and an error: callers may catch the base.
  BOOST_CHECK_THROW(RegionSet({unit("99", "x", RegionKind::district)}), validation_error);
}

BOOST_AUTO_TEST_CASE(duplicate_codes_are_errors) {
  const auto msg = message_of<duplicate_error>(
      [] { RegionSet({unit("130102", "长安区", RegionKind::district), unit("130102", "again", RegionKind::district)}); });
  BOOST_TEST(msg.find("130102") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(kind_must_agree_with_code) {
  // 130121 is in the county range 21–80, so calling it a district is a data error.
  const auto msg = message_of<validation_error>([] { RegionSet({unit("130121", "井陉县", RegionKind::district)}); });
  BOOST_TEST(msg.find("130121") != std::string::npos);
  BOOST_TEST(msg.find("county") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(free_scheme_accepts_iso_codes) {
  Region aut;
  aut.code = "AUT";
  aut.name_en = "Austria";
  aut.kind = RegionKind::other;
  RegionSet rs({aut}, {}, CodeScheme::free);
  BOOST_TEST(rs.contains("AUT"));
  Region bad = aut;
  bad.code = "A,T";
  BOOST_CHECK_THROW(RegionSet({bad}, {}, CodeScheme::free), code_format_error);
  bad.code = " AUT";
  BOOST_CHECK_THROW(RegionSet({bad}, {}, CodeScheme::free), code_format_error);
}

BOOST_AUTO_TEST_CASE(validity_years_and_scope) {
  Region old = unit("130124", "栾城县", RegionKind::county);
  old.valid_to = 2013;
  BOOST_TEST(old.valid_in(2013));
  BOOST_TEST(!old.valid_in(2014));
  old.valid_from = 2014;  // from after to
  BOOST_CHECK_THROW(RegionSet({old}), validation_error);

  Region xinji = unit("130181", "辛集市", RegionKind::county_level_city);
  xinji.in_scope = false;
  RegionSet rs({unit("130102", "长安区", RegionKind::district), xinji}, {CodeChange{"130103", "130102", 2014, "", ""}});
  const RegionSet in = rs.in_scope();
  BOOST_TEST(in.size() == 1u);
  BOOST_TEST(in[0].code == "130102");
  BOOST_TEST(in.resolve("130103") == "130102");
}

BOOST_AUTO_TEST_SUITE_END()
