#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "test_support.hpp"
#include "countyleap/error.hpp"
#include "countyleap/io/csv.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/region.hpp"

BOOST_AUTO_TEST_SUITE(test_csv_io)

using namespace countyleap;
using test_support::expect_throw;
using io::CsvLayout;
using io::parse_panel_csv;
namespace fs = std::filesystem;

namespace {

// A fresh, empty folder for files a test writes.
fs::path scratch_dir(const std::string& name) { return test_support::scratch_dir("csv_io", name); }

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The fenced blocks of one language in docs/file-formats.md, in order.
std::vector<std::string> doc_blocks(const std::string& language) {
  std::istringstream in(slurp(fs::path(COUNTYLEAP_SOURCE_DIR) / "docs" / "file-formats.md"));
  std::vector<std::string> blocks;
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside && line == "```" + language) {
      inside = true;
      blocks.emplace_back();
    } else if (inside && line == "```") {
      inside = false;
    } else if (inside) {
      blocks.back() += line + "\n";
    }
  }
  return blocks;
}

// Runs f, which must throw E; returns the exception for further checks.

using test_support::same_bits;

// Every kind of value and note the writers must carry through unchanged.
Panel tricky_panel() {
  Panel p({"130102", "130104", "130105", "130181"}, {"a", "b.x", "c_2", "d"}, 2018, 2022);
  const double values[] = {0.1,     1e-300, 123456789.123456789, -0.0, 5e-324, std::numeric_limits<double>::max(),
                           -1.5e300, 1.0 / 3, 0.0,                 42,   -7.25, 2.2250738585072014e-308};
  int k = 0;
  // region 130105 and variable d stay empty, 2019 and 2022 hold nothing: the axes must survive
  for (Panel::Index t : {0, 2, 3})
    for (Panel::Index v : {0, 1, 2})
      for (Panel::Index r : {0, 1, 3}) p.set(r, v, t, values[(k++) % 12]);
  p.set_note(0, 0, 0, "7th census, 2020-11-01");
  p.set_note(1, 1, 0, "he said \"so\"");
  p.set_note(3, 2, 2, "two\nlines");
  p.set_note(3, 2, 3, "CRLF\r\ninside");
  p.set_note(2, 3, 1, "缺失：未公布");  // on a missing value
  p.set_note(0, 1, 3, " leading and trailing space ");
  p.set_note(1, 2, 0, "#not a comment");
  p.set_comments({"Illustrative data, not official statistics.", "", "  indented", "来源：示例"});
  return p;
}

}  // namespace

// ---- reading what the documentation shows --------------------------------------------------

BOOST_AUTO_TEST_CASE(long_example_of_the_docs) {
  const auto blocks = doc_blocks("csv");
  BOOST_REQUIRE_EQUAL(blocks.size(), 2u);
  const Panel p = parse_panel_csv(blocks[0]);
  BOOST_TEST(p.comments() == std::vector<std::string>{"Illustrative data, not official statistics."});
  BOOST_TEST(p.regions() == (std::vector<std::string>{"130102", "130104"}));
  BOOST_TEST(p.variables() == (std::vector<std::string>{"fiscal_st_exp", "population"}));
  BOOST_TEST(p.first_year() == 2020);
  BOOST_TEST(p.last_year() == 2020);
  BOOST_TEST(p(0, 0, 0) == 8123.5);
  BOOST_TEST(p(0, 1, 0) == 587000.0);
  BOOST_TEST(p.note(0, 1, 0) == "7th census, 2020-11-01");
  BOOST_TEST(!p.has(1, 0, 0));
  BOOST_TEST(p.note(1, 0, 0) == "not reported");
  BOOST_TEST(p.count_present() == 2u);
  BOOST_TEST(p.n_notes() == 2u);
}

BOOST_AUTO_TEST_CASE(wide_example_of_the_docs) {
  const Panel p = parse_panel_csv(doc_blocks("csv").at(1), CsvLayout::wide_table);
  BOOST_TEST(p.regions() == (std::vector<std::string>{"130102", "130104"}));
  BOOST_TEST(p.variables() == (std::vector<std::string>{"fiscal_st_exp", "population"}));
  BOOST_TEST(p(0, 0, 0) == 8123.5);
  BOOST_TEST(p(1, 1, 0) == 601000.0);
  BOOST_TEST(!p.has(1, 0, 0));
  BOOST_TEST(p.note(0, 1, 0) == "7th census");
  BOOST_TEST(p.n_notes() == 1u);
}

// ---- syntax ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(columns_in_any_order_crlf_quotes_and_no_final_newline) {
  const std::string text =
      "value,note,year,variable,code\r\n"
      "1.5,\"a, b\",2020,x,130102\r\n"
      "\"2\",\"say \"\"hi\"\"\",2020,x,130104\r\n"
      "3,\"line1\r\nline2\",2021,x,130102\r";  // a CR alone ends the text
  const Panel p = parse_panel_csv(text);
  BOOST_TEST(p.regions() == (std::vector<std::string>{"130102", "130104"}));
  BOOST_TEST(p(0, 0, 0) == 1.5);
  BOOST_TEST(p(1, 0, 0) == 2.0);
  BOOST_TEST(p(0, 0, 1) == 3.0);
  BOOST_TEST(p.note(0, 0, 0) == "a, b");
  BOOST_TEST(p.note(1, 0, 0) == "say \"hi\"");
  BOOST_TEST(p.note(0, 0, 1) == "line1\r\nline2");  // inside quotes a line break is data
}

// Regression (issue 15): a 409 KB long table of 20,000 codes x 20,000 variables, each given once,
// in the years 1949 and 2100, asked for a dense panel of 486 GB. The reader refuses a table whose
// panel would need more than 64 cells per value read (2^22 cells are always allowed).
BOOST_AUTO_TEST_CASE(a_sparse_table_is_refused_before_its_dense_panel_is_allocated) {
  std::string text = "code,variable,year,value\n";
  for (int i = 0; i < 20000; ++i)
    text += "U" + std::to_string(i) + ",v" + std::to_string(i) + "," + (i % 2 ? "2100" : "1949") + ",1\n";
  io::ReadOptions free_codes;
  free_codes.code_scheme = CodeScheme::free;
  const auto e = expect_throw<validation_error>([&] { parse_panel_csv(text, CsvLayout::long_table, free_codes, "sparse.csv"); });
  BOOST_TEST(e.where().file == "sparse.csv");
  BOOST_TEST(e.detail().rfind("the panel would need 20000 regions x 20000 variables x 152 years (1949-2100) = ", 0) == 0u,
             e.detail());
  BOOST_TEST(e.detail().find(" cells for 20000 values read") != std::string::npos, e.detail());  // 6.08e10 cells
  // The same rows with one code and one variable per year fill their panel: accepted.
  const Panel dense = parse_panel_csv("code,variable,year,value\nU1,v1,1949,1\nU1,v1,2100,2\n", CsvLayout::long_table, free_codes);
  BOOST_TEST(dense.n_years() == 152);
}

BOOST_AUTO_TEST_CASE(bom_is_skipped_and_blank_lines_carry_nothing) {
  const Panel p = parse_panel_csv("\xEF\xBB\xBF# made by hand\ncode,variable,year,value\n130102,x,2020,7\n\n");
  BOOST_TEST(p.comments() == std::vector<std::string>{"made by hand"});
  BOOST_TEST(p.regions() == std::vector<std::string>{"130102"});
  BOOST_TEST(p(0, 0, 0) == 7.0);
}

BOOST_AUTO_TEST_CASE(missing_values_name_the_axes_but_store_nothing) {
  const Panel p = parse_panel_csv("code,variable,year,value\n130102,x,2020,NA\n130104,y,2023,\n130102,y,2021,4\n");
  BOOST_TEST(p.regions() == (std::vector<std::string>{"130102", "130104"}));
  BOOST_TEST(p.variables() == (std::vector<std::string>{"x", "y"}));
  BOOST_TEST(p.first_year() == 2020);
  BOOST_TEST(p.last_year() == 2023);
  BOOST_TEST(p.count_present() == 1u);
  BOOST_TEST(p.n_notes() == 0u);
  BOOST_TEST(p(0, 1, 1) == 4.0);
}

BOOST_AUTO_TEST_CASE(free_codes_need_the_free_scheme) {
  const std::string text = "code,variable,year,value\nAUT,LPI,2018,4.097985\n";
  io::ReadOptions options;
  options.code_scheme = CodeScheme::free;
  BOOST_TEST(parse_panel_csv(text, CsvLayout::long_table, options)(0, 0, 0) == 4.097985);
  const auto e = expect_throw<code_format_error>([&] { parse_panel_csv(text); });
  BOOST_TEST(e.where().line == 2u);
  BOOST_TEST(e.where().column == 1u);
}

// ---- round trips ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(long_round_trip_is_exact) {
  const Panel p = tricky_panel();
  const std::string text = io::format_panel_csv(p);
  const Panel back = parse_panel_csv(text);
  BOOST_TEST((back == p));
  BOOST_TEST(std::signbit(back(0, 1, 0)));  // -0.0 kept its sign
  BOOST_TEST(same_bits(back(1, 1, 0), 5e-324));
  BOOST_TEST(text.find(",0.1,") != std::string::npos);  // shortest text, not 0.10000000000000001
  BOOST_TEST(text.find(",123456789.12345679,") != std::string::npos);
  BOOST_TEST(text.find(",5e-324,") != std::string::npos);
  BOOST_TEST(text.find("\"he said \"\"so\"\"\"") != std::string::npos);
  BOOST_TEST(text.find(",#not a comment\n") != std::string::npos);  // only a first field needs quotes for #
  BOOST_TEST(text.find("\" leading and trailing space \"") != std::string::npos);
  BOOST_TEST(text.rfind("# Illustrative data, not official statistics.\n#\n#   indented\n# 来源：示例\ncode,", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(wide_round_trip_is_exact) {
  const Panel p = tricky_panel();
  const std::string text = io::format_panel_csv(p, CsvLayout::wide_table);
  BOOST_TEST((parse_panel_csv(text, CsvLayout::wide_table) == p));
  // 4 comments, the header, every (code, year) row (4 regions x 5 years), and the line breaks
  // inside two notes
  BOOST_TEST(std::count(text.begin(), text.end(), '\n') == 4 + 1 + 20 + 2);
  BOOST_TEST(text.find("code,year,a,a#note,b.x,b.x#note,c_2,c_2#note,d,d#note\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(round_trip_through_files) {
  const fs::path dir = scratch_dir("files");
  const Panel p = tricky_panel();
  for (auto layout : {CsvLayout::long_table, CsvLayout::wide_table}) {
    const fs::path file = dir / "panel.csv";
    io::write_panel_csv(p, file.string(), layout);
    const std::string bytes = slurp(file);
    BOOST_TEST(bytes.substr(0, 3) != "\xEF\xBB\xBF");
    BOOST_TEST(bytes.find("\r\n") == bytes.find("CRLF\r\n") + 4);  // the only CR is inside the note
    BOOST_TEST((io::read_panel_csv(file.string(), layout) == p));
  }
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(long_writer_text_and_order) {
  Panel p({"130104", "130102"}, {"y", "x"}, 2020, 2022);
  p.set(1, 0, 0, 2);
  p.set(0, 1, 1, 1e21);
  p.set(1, 1, 1, 4e-7);
  // By year, then variable, then region. Without the empty rows 130104 would come second,
  // and 2022 would be lost: they keep the axes and their order.
  const std::string expected =
      "code,variable,year,value\n"
      "130104,y,2020,\n"
      "130102,y,2020,2\n"
      "130104,x,2020,\n"
      "130104,x,2021,1e+21\n"
      "130102,x,2021,4e-07\n"
      "130104,y,2022,\n";
  BOOST_TEST(io::format_panel_csv(p) == expected);
  BOOST_TEST((parse_panel_csv(expected) == p));
}

BOOST_AUTO_TEST_CASE(empty_panel_round_trip) {
  Panel p;
  p.set_comments({"nothing yet"});
  const std::string text = io::format_panel_csv(p);
  BOOST_TEST(text == "# nothing yet\ncode,variable,year,value\n");
  BOOST_TEST((parse_panel_csv(text) == p));
}

BOOST_AUTO_TEST_CASE(free_code_starting_with_hash_is_quoted) {
  Panel p({"#1", "b"}, {"x"}, 2020, 2020);
  p.set(0, 0, 0, 1);
  p.set(1, 0, 0, 2);
  const std::string text = io::format_panel_csv(p);
  BOOST_TEST(text.find("\"#1\",x,2020,1\n") != std::string::npos);
  io::ReadOptions options;
  options.code_scheme = CodeScheme::free;
  BOOST_TEST((parse_panel_csv(text, CsvLayout::long_table, options) == p));
}

BOOST_AUTO_TEST_CASE(comment_with_line_break_is_refused) {
  Panel p;
  p.set_comments({"one\ntwo"});
  BOOST_CHECK_THROW(io::format_panel_csv(p), validation_error);
}

// ---- code history -----------------------------------------------------------------------------

namespace {
RegionSet gaocheng() {
  return RegionSet({Region{"130102", "长安区", "Chang'an", RegionKind::district, "130100"},
                    Region{"130109", "藁城区", "Gaocheng", RegionKind::district, "130100"}},
                   {CodeChange{"130182", "130109", 2014, "藁城市", ""}});
}
}  // namespace

BOOST_AUTO_TEST_CASE(old_codes_map_onto_new_ones) {
  const RegionSet regions = gaocheng();
  io::ReadOptions options;
  options.regions = &regions;
  const Panel p = parse_panel_csv("code,variable,year,value\n130182,x,2013,5\n130109,x,2014,6\n130102,x,2014,7\n",
                                  CsvLayout::long_table, options);
  BOOST_TEST(p.regions() == (std::vector<std::string>{"130109", "130102"}));
  BOOST_TEST(p(0, 0, 0) == 5.0);
  BOOST_TEST(p(0, 0, 1) == 6.0);
  BOOST_TEST(p(1, 0, 1) == 7.0);
}

BOOST_AUTO_TEST_CASE(old_and_new_code_for_one_cell_is_a_duplicate) {
  const RegionSet regions = gaocheng();
  io::ReadOptions options;
  options.regions = &regions;
  const auto e = expect_throw<duplicate_error>([&] {
    parse_panel_csv("code,variable,year,value\n130182,x,2014,5\n130102,x,2014,1\n130109,x,2014,6\n",
                    CsvLayout::long_table, options, "gaocheng.csv");
  });
  BOOST_TEST(e.where().file == "gaocheng.csv");
  BOOST_TEST(e.where().line == 4u);
  BOOST_TEST(std::string(e.what()).find("lines 2 and 4") != std::string::npos);
  BOOST_TEST(std::string(e.what()).find("130182 and 130109") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_region_code) {
  const RegionSet regions = gaocheng();
  io::ReadOptions options;
  options.regions = &regions;
  const auto e = expect_throw<unknown_id_error>([&] {
    parse_panel_csv("code,variable,year,value\n130102,x,2014,1\n130199,x,2014,6\n", CsvLayout::long_table, options,
                    "p.csv");
  });
  BOOST_TEST(e.where().line == 3u);
  BOOST_TEST(e.where().column == 1u);
  BOOST_TEST(e.where().id == "130199");
  BOOST_TEST(std::string(e.what()).rfind("p.csv:3:1 (column 'code') '130199': unknown region code", 0) == 0);
}

// ---- errors: each names where -----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(unterminated_quote) {
  const auto e = expect_throw<parse_error>([] {
    parse_panel_csv("code,variable,year,value,note\n130102,x,2020,1,ok\n130104,x,2020,2,\"never closed\n130105,x,2020,3,\n",
                    CsvLayout::long_table, {}, "q.csv");
  });
  BOOST_TEST(e.where().line == 3u);
  BOOST_TEST(e.where().column == 5u);
  BOOST_TEST(e.where().column_name == "note");
  BOOST_TEST(std::string(e.what()).rfind("q.csv:3:5 (column 'note'): unterminated quoted field", 0) == 0);
}

BOOST_AUTO_TEST_CASE(ragged_rows) {
  const auto few = expect_throw<parse_error>([] {
    parse_panel_csv("code,variable,year,value\n130102,x,2020,1\n130104,x,2020\n", CsvLayout::long_table, {}, "r.csv");
  });
  BOOST_TEST(few.where().line == 3u);
  BOOST_TEST(few.where().column == 4u);
  BOOST_TEST(few.where().column_name == "value");
  BOOST_TEST(few.detail() == "row has 3 fields but the header has 4");
  const auto many = expect_throw<parse_error>([] { parse_panel_csv("code,variable,year,value\n130102,x,2020,1,2\n"); });
  BOOST_TEST(many.where().line == 2u);
  BOOST_TEST(many.where().column == 5u);
}

BOOST_AUTO_TEST_CASE(stray_quote_and_text_after_a_closing_quote) {
  const auto stray = expect_throw<parse_error>([] { parse_panel_csv("code,variable,year,value\n130102,x,2020,1\"5\n"); });
  BOOST_TEST(stray.where().line == 2u);
  BOOST_TEST(stray.where().column == 4u);
  const auto after = expect_throw<parse_error>([] { parse_panel_csv("code,variable,year,value\n130102,\"x\"y,2020,1\n"); });
  BOOST_TEST(after.where().column == 2u);
}

BOOST_AUTO_TEST_CASE(non_numeric_value) {
  const auto text = expect_throw<parse_error>([] {
    parse_panel_csv("code,variable,year,value\n130102,x,2020,1\n130104,x,2020,abc\n", CsvLayout::long_table, {}, "v.csv");
  });
  BOOST_TEST(text.where().line == 3u);
  BOOST_TEST(text.where().column == 4u);
  BOOST_TEST(std::string(text.what()) == "v.csv:3:4 (column 'value'): non-numeric value 'abc'");
}

BOOST_AUTO_TEST_CASE(nan_inf_and_overflow_are_refused) {
  for (const char* bad : {"NaN", "nan", "Inf", "inf", "-Infinity"}) {
    const auto e = expect_throw<parse_error>(
        [&] { parse_panel_csv(std::string("code,variable,year,value\n130102,x,2020,") + bad + "\n"); });
    BOOST_TEST(e.where().line == 2u);
    BOOST_TEST(e.where().column == 4u);
    BOOST_TEST(e.detail().find("non-finite") != std::string::npos, bad);
  }
  const auto big = expect_throw<parse_error>([] { parse_panel_csv("code,variable,year,value\n130102,x,2020,1e999\n"); });
  BOOST_TEST(big.detail().find("out of range") != std::string::npos);
  BOOST_TEST(big.where().column == 4u);
}

BOOST_AUTO_TEST_CASE(duplicate_cell_names_both_lines) {
  const auto e = expect_throw<duplicate_error>([] {
    parse_panel_csv("code,variable,year,value,note\n130102,x,2020,1,\n130104,x,2020,2,\n130102,x,2020,,late\n",
                    CsvLayout::long_table, {}, "d.csv");
  });
  BOOST_TEST(e.where().line == 4u);
  BOOST_TEST(std::string(e.what()) == "d.csv:4 '130102': (130102, x, 2020) appears twice: lines 2 and 4");
}

BOOST_AUTO_TEST_CASE(invalid_code_format) {
  const auto e = expect_throw<code_format_error>([] {
    parse_panel_csv("code,variable,year,value\n130102,x,2020,1\n13010X,x,2020,2\n", CsvLayout::long_table, {}, "c.csv");
  });
  BOOST_TEST(e.where().line == 3u);
  BOOST_TEST(e.where().column == 1u);
  BOOST_TEST(std::string(e.what()).find("'13010X'") != std::string::npos);
  BOOST_CHECK_THROW(parse_panel_csv("code,variable,year,value\n990102,x,2020,1\n"), code_format_error);  // no province 99
}

BOOST_AUTO_TEST_CASE(year_out_of_range_or_not_a_year) {
  const auto old = expect_throw<validation_error>([] { parse_panel_csv("code,variable,year,value\n130102,x,1800,1\n"); });
  BOOST_TEST(old.where().line == 2u);
  BOOST_TEST(old.where().column == 3u);
  BOOST_TEST(old.detail() == "year 1800 is outside the accepted range [1949, 2100]");
  io::ReadOptions options;
  options.max_year = 2020;
  BOOST_CHECK_THROW(parse_panel_csv("code,variable,year,value\n130102,x,2021,1\n", CsvLayout::long_table, options),
                    validation_error);
  const auto frac = expect_throw<parse_error>([] { parse_panel_csv("code,variable,year,value\n130102,x,2020.5,1\n"); });
  BOOST_TEST(frac.where().column == 3u);
}

BOOST_AUTO_TEST_CASE(invalid_variable_id) {
  const auto e = expect_throw<validation_error>([] { parse_panel_csv("code,variable,year,value\n130102,2x,2020,1\n"); });
  BOOST_TEST(e.where().line == 2u);
  BOOST_TEST(e.where().column == 2u);
}

BOOST_AUTO_TEST_CASE(invalid_utf8) {
  const auto e = expect_throw<encoding_error>([] {
    parse_panel_csv("code,variable,year,value,note\n130102,x,2020,1,ok\n130104,x,2020,2,caf\xE9!\n", CsvLayout::long_table,
                    {}, "u.csv");
  });
  BOOST_TEST(e.where().file == "u.csv");
  BOOST_TEST(e.where().line == 3u);
  BOOST_TEST(e.where().column == 20u);  // "130104,x,2020,2,caf" is 19 characters
  BOOST_TEST(e.detail().find("invalid UTF-8 (byte 0xE9)") == 0u);
}

BOOST_AUTO_TEST_CASE(every_kind_of_bad_utf8_is_found_where_it_is) {
  // after 16 ASCII characters and two Chinese ones, so the bad byte is character 19 of line 2
  const std::string head = "code,variable,year,value,note\n130102,x,2020,1,长安";
  for (const std::string bad : {"\x80", "\xC0\x80" /* overlong */, "\xED\xA0\x80" /* surrogate */,
                                "\xF4\x90\x80\x80" /* above U+10FFFF */, "\xE5\x8C" /* cut short */, "\xF8"}) {
    const auto e = expect_throw<encoding_error>([&] { parse_panel_csv(head + bad + "x\n"); });
    BOOST_TEST(e.where().line == 2u);
    BOOST_TEST(e.where().column == 19u);
  }
  const auto at_end = expect_throw<encoding_error>([&] { parse_panel_csv(head + "\xE5\x8C"); });
  BOOST_TEST(at_end.where().column == 19u);
  // valid 2-, 3- and 4-byte characters pass and come back unchanged
  const Panel p = parse_panel_csv(head + "é😀\n");
  BOOST_TEST(p.note(0, 0, 0) == "长安é😀");
}

BOOST_AUTO_TEST_CASE(empty_file_and_missing_or_unknown_columns) {
  const auto empty = expect_throw<parse_error>([] { parse_panel_csv("", CsvLayout::long_table, {}, "e.csv"); });
  BOOST_TEST(std::string(empty.what()) == "e.csv:1: empty file: no header line");
  BOOST_CHECK_THROW(parse_panel_csv("# only a comment\n\n"), parse_error);
  const auto missing = expect_throw<parse_error>([] { parse_panel_csv("code,variable,year\n130102,x,2020\n"); });
  BOOST_TEST(missing.where().line == 1u);
  BOOST_TEST(missing.detail().find("missing column 'value'") == 0u);
  const auto unknown = expect_throw<parse_error>([] { parse_panel_csv("# c\ncode,variable,year,value,unit\n"); });
  BOOST_TEST(unknown.where().line == 2u);
  BOOST_TEST(unknown.where().column == 5u);
  BOOST_TEST(unknown.detail().find("unknown column 'unit'") == 0u);
  BOOST_CHECK_THROW(parse_panel_csv("code,variable,year,value,code\n"), parse_error);
}

BOOST_AUTO_TEST_CASE(wide_layout_errors) {
  const auto dup = expect_throw<duplicate_error>([] {
    parse_panel_csv("code,year,x\n130102,2020,1\n130102,2021,2\n130102,2020,3\n", CsvLayout::wide_table);
  });
  BOOST_TEST(dup.detail().find("lines 2 and 4") != std::string::npos);
  const auto orphan = expect_throw<parse_error>(
      [] { parse_panel_csv("code,year,x,y#note\n130102,2020,1,n\n", CsvLayout::wide_table); });
  BOOST_TEST(orphan.where().column == 4u);
  const auto no_year = expect_throw<parse_error>([] { parse_panel_csv("code,x\n130102,1\n", CsvLayout::wide_table); });
  BOOST_TEST(no_year.detail().find("missing column 'year'") == 0u);
  const auto bad = expect_throw<parse_error>(
      [] { parse_panel_csv("code,year,x\n130102,2020,1\n130104,2020,Inf\n", CsvLayout::wide_table); });
  BOOST_TEST(bad.where().line == 3u);
  BOOST_TEST(bad.where().column_name == "x");
}

BOOST_AUTO_TEST_CASE(missing_file_is_an_io_error) {
  const auto e = expect_throw<io_error>([] { io::read_panel_csv("/nonexistent/countyleap/panel.csv"); });
  BOOST_TEST(e.where().file == "/nonexistent/countyleap/panel.csv");
}

// ---- GB18030 ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(gbk_file_is_refused_by_default_and_decoded_on_request) {
  // "长安区" in GBK is B3 A4 B0 B2 C7 F8
  const std::string gbk = "code,variable,year,value,note\n130102,x,2020,1,\xB3\xA4\xB0\xB2\xC7\xF8\n";
  const fs::path dir = scratch_dir("gbk");
  const fs::path file = dir / "gbk.csv";
  std::ofstream(file, std::ios::binary) << gbk;

  const auto e = expect_throw<encoding_error>([&] { io::read_panel_csv(file.string()); });
  BOOST_TEST(e.where().file == file.string());
  BOOST_TEST(e.where().line == 2u);
  BOOST_TEST(e.where().column == 17u);  // after "130102,x,2020,1,"
  BOOST_TEST(e.detail().find("encoding=\"gb18030\"") != std::string::npos);

  io::ReadOptions options;
  options.encoding = io::Encoding::gb18030;
  const Panel p = io::read_panel_csv(file.string(), CsvLayout::long_table, options);
  BOOST_TEST(p.note(0, 0, 0) == "长安区");
  BOOST_TEST(p(0, 0, 0) == 1.0);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(undecodable_gb18030_names_the_position) {
  io::ReadOptions options;
  options.encoding = io::Encoding::gb18030;
  const auto e = expect_throw<encoding_error>([&] {
    parse_panel_csv("code,variable,year,value,note\n130102,x,2020,1,\xB3\xA4\xFF\n", CsvLayout::long_table, options, "g.csv");
  });
  BOOST_TEST(e.where().line == 2u);
  BOOST_TEST(e.where().column == 18u);  // the 0xFF follows 16 ASCII characters and 长
  BOOST_TEST(e.detail().find("0xFF") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
