#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "test_support.hpp"
#include "countyleap/error.hpp"
#include "countyleap/io/dataset.hpp"

BOOST_AUTO_TEST_SUITE(test_dataset_io)

using namespace countyleap;
using test_support::expect_throw;
namespace fs = std::filesystem;

namespace {

const fs::path fixture = fs::path(COUNTYLEAP_TEST_DATA_DIR) / "io_dataset";

// A fresh, empty folder for files a test writes.
fs::path scratch_dir(const std::string& name) { return test_support::scratch_dir("dataset_io", name); }


// Sets an environment variable for the lifetime of the object and restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_.empty()) ::unsetenv(name_);
    else ::setenv(name_, old_.c_str(), 1);
  }

 private:
  const char* name_;
  std::string old_;
};

}  // namespace

BOOST_AUTO_TEST_CASE(fixture_folder_reads_completely) {
  const io::Dataset ds = io::read_dataset(fixture.string());
  BOOST_TEST(ds.directory == fixture.string());
  BOOST_TEST(ds.regions.size() == 3u);
  BOOST_TEST((ds.regions.at("130123").kind == RegionKind::county));  // the default kind
  BOOST_REQUIRE(ds.framework.has_value());
  BOOST_TEST(ds.framework->n_leaves() == 2u);
  BOOST_TEST(ds.framework->node("fiscal_st_share").weight == 60.0);
  BOOST_REQUIRE(ds.plan.has_value());
  BOOST_TEST(ds.plan->tiers().tiers.size() == 3u);
  BOOST_TEST(ds.plan->observed()[0].code == "130109");
  BOOST_REQUIRE(ds.panel.has_value());
  BOOST_TEST(ds.panel_file == "panel.csv");

  const Panel& p = *ds.panel;
  // 130182 is the old code of 130109: its row lands on 130109, which appears first
  BOOST_TEST(p.regions() == (std::vector<std::string>{"130109", "130102", "130123"}));
  BOOST_TEST(p.variables() == (std::vector<std::string>{"fiscal_st_exp", "public_budget_exp", "patents"}));
  BOOST_TEST(p.first_year() == 2013);
  BOOST_TEST(p.last_year() == 2020);
  BOOST_TEST(p(0, 0, 0) == 812.5);
  BOOST_TEST(p.note(0, 0, 0) == "before the code change");
  BOOST_TEST(p(0, 0, 7) == 3100.0);
  BOOST_TEST(p(1, 1, 7) == 360000.0);
  BOOST_TEST(!p.has(2, 2, 7));
  BOOST_TEST(p.note(2, 2, 7) == "not reported");
  BOOST_TEST(p.count_present() == 4u);
  BOOST_TEST(p.comments() == std::vector<std::string>{"Test fixture for read_dataset: made-up numbers."});
  // no dataset.json: named after the folder, not marked illustrative
  BOOST_TEST(ds.info.name == "io_dataset");
  BOOST_TEST(!ds.info.illustrative);
  BOOST_TEST(ds.info.comments.empty());
}

BOOST_AUTO_TEST_CASE(dataset_json_carries_the_illustrative_flag) {
  const fs::path dir = scratch_dir("manifest");
  fs::copy_file(fixture / "regions.json", dir / "regions.json");
  std::ofstream(dir / "dataset.json") << R"({"schema": "countyleap.dataset/1", "name": "demo", "illustrative": true,
    "comments": ["invented", "第二行"], "note": "for the test"})";
  const io::Dataset ds = io::read_dataset(dir.string() + "/");
  BOOST_TEST(ds.info.name == "demo");
  BOOST_TEST(ds.info.illustrative);
  BOOST_TEST(ds.info.comments == (std::vector<std::string>{"invented", "第二行"}));
  BOOST_TEST(ds.info.note == "for the test");
  // without a name: the folder's name, also when the path ends with a separator
  std::ofstream(dir / "dataset.json", std::ios::trunc) << R"({"schema": "countyleap.dataset/1", "illustrative": false})";
  const io::Dataset unnamed = io::read_dataset(dir.string() + "/");
  BOOST_TEST(unnamed.info.name == dir.filename().string());
  BOOST_TEST(!unnamed.info.illustrative);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(bad_dataset_json_is_a_parse_error_naming_the_key) {
  const fs::path dir = scratch_dir("bad_manifest");
  fs::copy_file(fixture / "regions.json", dir / "regions.json");
  const std::string file = (dir / "dataset.json").string();
  const auto check = [&](const std::string& text, const std::string& expected) {
    std::ofstream(file, std::ios::trunc) << text;
    const auto e = expect_throw<parse_error>([&] { io::read_dataset(dir.string()); });
    BOOST_TEST(e.where().file == file);
    BOOST_TEST(std::string(e.what()).find(expected) != std::string::npos, e.what());
  };
  check(R"({"schema": "countyleap.dataset/1", "illustrative": "yes"})", "/illustrative: expected true or false");
  check(R"({"schema": "countyleap.dataset/1", "ilustrative": true})", "unknown key 'ilustrative'");
  check(R"({"schema": "countyleap.dataset/1", "comments": "one"})", "/comments: expected an array of strings");
  check(R"({"schema": "countyleap.dataset/1", "comments": ["a", 2]})", "/comments/1: expected a string");
  check(R"({"schema": "countyleap.regions/1"})", "/schema: expected \"countyleap.dataset/1\"");
  check(R"({"schema": "countyleap.dataset/1",)", "malformed JSON");
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(only_regions_are_required) {
  const fs::path dir = scratch_dir("regions_only");
  fs::copy_file(fixture / "regions.json", dir / "regions.json");
  const io::Dataset ds = io::read_dataset(dir.string());
  BOOST_TEST(ds.regions.size() == 3u);
  BOOST_TEST(!ds.framework.has_value());
  BOOST_TEST(!ds.plan.has_value());
  BOOST_TEST(!ds.panel.has_value());
  BOOST_TEST(ds.panel_file.empty());
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(missing_folder_or_regions_is_an_io_error) {
  const auto none = expect_throw<io_error>([] { io::read_dataset("/nonexistent/countyleap/dataset"); });
  BOOST_TEST(none.where().file == "/nonexistent/countyleap/dataset");
  const fs::path dir = scratch_dir("empty");
  const auto no_regions = expect_throw<io_error>([&] { io::read_dataset(dir.string()); });
  BOOST_TEST(no_regions.where().file == (dir / "regions.json").string());
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(first_panel_file_by_name) {
  const fs::path dir = scratch_dir("panels");
  fs::copy_file(fixture / "regions.json", dir / "regions.json");
  std::ofstream(dir / "panel-b.csv") << "code,variable,year,value\n130102,x,2021,2\n";
  std::ofstream(dir / "panel-a.csv") << "code,variable,year,value\n130102,x,2020,1\n";
  std::ofstream(dir / "panels.csv") << "not a panel\n";
  const io::Dataset ds = io::read_dataset(dir.string());
  BOOST_TEST(ds.panel_file == "panel-a.csv");
  BOOST_TEST(ds.panel->first_year() == 2020);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(panel_codes_are_checked_against_the_regions) {
  const fs::path dir = scratch_dir("unknown_code");
  fs::copy_file(fixture / "regions.json", dir / "regions.json");
  std::ofstream(dir / "panel.csv") << "code,variable,year,value\n130102,x,2020,1\n130104,x,2020,2\n";
  const auto e = expect_throw<unknown_id_error>([&] { io::read_dataset(dir.string()); });
  BOOST_TEST(e.where().file == (dir / "panel.csv").string());
  BOOST_TEST(e.where().line == 3u);
  BOOST_TEST(e.where().id == "130104");
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(plan_is_validated_against_framework_and_regions) {
  const fs::path dir = scratch_dir("plan_refs");
  for (const char* f : {"regions.json", "framework.json"}) fs::copy_file(fixture / f, dir / f);
  std::ofstream(dir / "plan.json") << R"({"schema": "countyleap.plan/1", "tier_scheme": {"rule": "fixed", "tiers": [{"label": "A", "min": 1}, {"label": "B"}]},
    "goals": [{"code": "130181", "evaluation_year": 2021, "tier": "A"}]})";
  const auto code = expect_throw<unknown_id_error>([&] { io::read_dataset(dir.string()); });
  BOOST_TEST(code.where().file == (dir / "plan.json").string());
  BOOST_TEST(code.where().id == "130181");
  // without framework.json, a plan that names an indicator cannot be checked
  fs::remove(dir / "framework.json");
  fs::copy_file(fixture / "plan.json", dir / "plan.json", fs::copy_options::overwrite_existing);
  const auto indicator = expect_throw<unknown_id_error>([&] { io::read_dataset(dir.string()); });
  BOOST_TEST(indicator.where().id == "fiscal_st_share");
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(bundled_dataset_dir_honours_the_environment) {
  {
    const ScopedEnv env("COUNTYLEAP_DATA_DIR", COUNTYLEAP_TEST_DATA_DIR);
    BOOST_TEST(io::bundled_dataset_dir("io_dataset") == fixture.string());
    const auto e = expect_throw<io_error>([] { io::bundled_dataset_dir("no_such_dataset"); });
    BOOST_TEST(e.where().file == (fs::path(COUNTYLEAP_TEST_DATA_DIR) / "no_such_dataset").string());
  }
  BOOST_CHECK_THROW(io::bundled_dataset_dir("../tests"), io_error);  // names, not paths
  const ScopedEnv unset("COUNTYLEAP_DATA_DIR", nullptr);
  BOOST_CHECK_THROW(io::bundled_dataset_dir("no_such_dataset"), io_error);
  // the bundled dataset is found in the installed data folder or else in the source tree
  const fs::path found = io::bundled_dataset_dir("shijiazhuang");
  BOOST_TEST(found.filename() == "shijiazhuang");
  BOOST_TEST(fs::is_directory(found));
}

BOOST_AUTO_TEST_CASE(dataset_spec_is_spec_json_or_none) {
  // the bundled folder's spec.json: ratio to standard, scale 100, capped (data/shijiazhuang/spec.json)
  const auto spec = io::read_dataset_spec(std::string(COUNTYLEAP_SOURCE_DIR) + "/data/shijiazhuang");
  BOOST_REQUIRE(spec.has_value());
  BOOST_TEST((spec->normalise.options.method == NormaliseMethod::ratio_to_standard));  // the default is minmax
  BOOST_TEST(spec->normalise.options.scale == 100.0);
  BOOST_TEST(!io::read_dataset_spec(scratch_dir("no_spec").string()).has_value());
  const fs::path bad = scratch_dir("bad_spec");
  std::ofstream(bad / "spec.json") << "{\"normalise\": ";
  BOOST_CHECK_THROW(io::read_dataset_spec(bad.string()), parse_error);
}

BOOST_AUTO_TEST_CASE(bundled_dataset_spec_by_name) {
  // the spec a store named "shijiazhuang" is read with: data/shijiazhuang/spec.json (ratio to standard)
  const ScopedEnv unset("COUNTYLEAP_DATA_DIR", nullptr);
  const auto spec = io::bundled_dataset_spec("shijiazhuang");
  BOOST_REQUIRE(spec.has_value());
  BOOST_TEST((spec->normalise.options.method == NormaliseMethod::ratio_to_standard));
  // no bundled dataset of that name, or not a name at all: no spec (the pipeline's defaults)
  BOOST_TEST(!io::bundled_dataset_spec("no_such_dataset").has_value());
  BOOST_TEST(!io::bundled_dataset_spec("../data/shijiazhuang").has_value());
  BOOST_TEST(!io::bundled_dataset_spec("").has_value());
  // a bundled dataset without spec.json (the fixture folder, through $COUNTYLEAP_DATA_DIR): none;
  // a malformed one is its parse error, not the defaults
  const fs::path data = scratch_dir("bundled");
  fs::create_directories(data / "plain");
  const ScopedEnv env("COUNTYLEAP_DATA_DIR", data.c_str());
  BOOST_TEST(!io::bundled_dataset_spec("plain").has_value());
  std::ofstream(data / "plain" / "spec.json") << "{\"normalise\": ";
  BOOST_CHECK_THROW(io::bundled_dataset_spec("plain"), parse_error);
}

BOOST_AUTO_TEST_CASE(illustrative_is_dataset_json_else_the_panel_comments) {
  // The one rule (read_dataset): a dataset.json is believed whatever the comment lines say; a
  // folder without one is judged by its panel's comment lines.
  const fs::path dir = scratch_dir("illustrative");
  const std::string src = std::string(COUNTYLEAP_TEST_DATA_DIR) + "/io_dataset";
  auto folder = [&](const std::string& name, const char* manifest, const char* comment) {
    const fs::path f = dir / name;
    fs::create_directories(f);
    for (const char* part : {"regions.json", "framework.json"}) fs::copy_file(fs::path(src) / part, f / part, fs::copy_options::overwrite_existing);
    std::ofstream(f / "panel.csv") << comment << "code,variable,year,value\n130102,fiscal_st_exp,2020,5400\n";
    if (manifest) std::ofstream(f / "dataset.json") << manifest;
    return io::read_dataset(f.string()).info.illustrative;
  };
  BOOST_TEST(folder("loose_marked", nullptr, "# ILLUSTRATIVE values\n"));
  BOOST_TEST(!folder("loose_plain", nullptr, "# from the 2021 yearbook\n"));
  BOOST_TEST(!folder("described_official", R"({"schema": "countyleap.dataset/1", "illustrative": false})", "# illustrative\n"));
  BOOST_TEST(folder("described_invented", R"({"schema": "countyleap.dataset/1", "illustrative": true})", ""));
}

BOOST_AUTO_TEST_SUITE_END()
