// Fuzz target: COINr's iData and iMeta together (io::read_coinr), the input being iData, a
// line `%%`, then iMeta; both are written to files because the reader takes paths.
#include "countyleap/io/coinr.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace countyleap;
  return fuzz::run(data, size, [](std::string_view text) {
    const auto parts = fuzz::split_parts(text, 2);
    const auto idata = fuzz::scratch_dir() / "iData.csv";
    const auto imeta = fuzz::scratch_dir() / "iMeta.csv";
    fuzz::write_file(idata, parts[0]);
    fuzz::write_file(imeta, parts.size() > 1 ? parts[1] : std::string_view());
    io::read_coinr(idata.string(), imeta.string());
  });
}
