// Fuzz target: the store's import path (issue 15). One store per process, created from the
// bundled dataset in the scratch folder; each input is a panel CSV (long layout), a line `%%`,
// then an as-of text. The CSV is read as a submission (submission_from_csv), confronted with the
// rules, and imported as a batch (a rejected or duplicate batch changes nothing); then the panel
// is read as of the text. A countyleap::error (store_error included) is an expected answer.
#include "countyleap/io/dataset.hpp"
#include "countyleap/store.hpp"
#include "fuzz_support.hpp"

namespace {

countyleap::Store& store() {
  using namespace countyleap;
  static Store s = [] {
    const io::Dataset d = io::read_dataset(io::bundled_dataset_dir("shijiazhuang"));
    StoreInit init;
    init.regions = d.regions;
    init.framework = d.framework;
    init.plan = d.plan;
    init.info = d.info;
    return Store::create((fuzz::scratch_dir() / "fuzz.db").string(), init);
  }();
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace countyleap;
  Store& s = store();
  return fuzz::run(data, size, [&s](std::string_view text) {
    const auto parts = fuzz::split_parts(text, 2);
    const auto csv = fuzz::scratch_dir() / "submission.csv";
    fuzz::write_file(csv, parts[0]);
    const Submission submission = submission_from_csv(csv.string(), io::CsvLayout::long_table, "fuzz");
    s.check(submission);
    s.import_batch(submission);
    s.panel(parts.size() > 1 ? std::string(parts[1]) : std::string());
  });
}
