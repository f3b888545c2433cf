// Fuzz targets of the readers that take text (issue 15): this file is built once per reader,
// with COUNTYLEAP_FUZZ_READER naming it (fuzz/CMakeLists.txt), into fuzz_<reader>.
#include "countyleap/io/csv.hpp"
#include "countyleap/io/imeta.hpp"
#include "countyleap/io/json.hpp"
#include "countyleap/io/spec.hpp"
#include "countyleap/io/uncertainty_spec.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace countyleap;

enum class Reader {
  panel_csv_long,     // code,variable,year,value[,note], UTF-8
  panel_csv_wide,     // code,year,<variable>..., UTF-8
  panel_csv_gb18030,  // the long layout in GB18030 (decoded with iconv)
  regions_json,
  framework_json,
  plan_json,
  tier_scheme_json,
  pipeline_spec,
  uncertainty_spec,
  imeta  // COINr's iMeta on its own (iData with it: fuzz_coinr)
};

constexpr Reader reader = Reader::COUNTYLEAP_FUZZ_READER;

void read(std::string_view text) {
  switch (reader) {
    case Reader::panel_csv_long: io::parse_panel_csv(text, io::CsvLayout::long_table); return;
    case Reader::panel_csv_wide: io::parse_panel_csv(text, io::CsvLayout::wide_table); return;
    case Reader::panel_csv_gb18030: {
      io::ReadOptions options;
      options.encoding = io::Encoding::gb18030;
      io::parse_panel_csv(text, io::CsvLayout::long_table, options);
      return;
    }
    case Reader::regions_json: io::parse_regions_json(text); return;
    case Reader::framework_json: io::parse_framework_json(text); return;
    case Reader::plan_json: io::parse_plan_json(text); return;
    case Reader::tier_scheme_json: io::parse_tier_scheme_json(text); return;
    case Reader::pipeline_spec: io::parse_pipeline_spec(text); return;
    case Reader::uncertainty_spec: io::parse_uncertainty_spec(text); return;
    case Reader::imeta: io::parse_imeta(text); return;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::run(data, size, read);
}
