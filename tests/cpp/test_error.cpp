// The exception hierarchy and how locations appear in messages.
#include <boost/test/unit_test.hpp>

#include <string>
#include <type_traits>

#include "countyleap/error.hpp"

BOOST_AUTO_TEST_SUITE(test_error)

using namespace countyleap;

BOOST_AUTO_TEST_CASE(hierarchy) {
  static_assert(std::is_base_of_v<std::runtime_error, error>);
  static_assert(std::is_base_of_v<error, parse_error>);
  static_assert(std::is_base_of_v<parse_error, encoding_error>);
  static_assert(std::is_base_of_v<validation_error, code_format_error>);
  static_assert(std::is_base_of_v<validation_error, framework_error>);
  static_assert(std::is_base_of_v<validation_error, plan_error>);
  static_assert(std::is_base_of_v<error, unknown_id_error>);
  static_assert(std::is_base_of_v<error, duplicate_error>);
  static_assert(std::is_base_of_v<error, io_error>);
  BOOST_CHECK_THROW(throw encoding_error("x"), error);
}

BOOST_AUTO_TEST_CASE(location_in_message) {
  const parse_error full("non-numeric value 'abc'", Location{"panel.csv", 12, 4, "value", ""});
  BOOST_TEST(std::string(full.what()) == "panel.csv:12:4 (column 'value'): non-numeric value 'abc'");
  BOOST_TEST(full.detail() == "non-numeric value 'abc'");
  BOOST_TEST(full.where().line == 12u);

  const unknown_id_error id_only("unknown region code", Location{"", 0, 0, "", "130199"});
  BOOST_TEST(std::string(id_only.what()) == "'130199': unknown region code");

  const error no_location("plain");
  BOOST_TEST(std::string(no_location.what()) == "plain");

  const duplicate_error file_line("duplicate", Location{"f.csv", 3, 0, "", "130102"});
  BOOST_TEST(std::string(file_line.what()) == "f.csv:3 '130102': duplicate");

  const parse_error line_only("x", Location{"", 7, 0, "", ""});
  BOOST_TEST(std::string(line_only.what()) == "line 7: x");
}

BOOST_AUTO_TEST_SUITE_END()
