#pragma once
// What every fuzz target shares (issue 15): the input as text, its size cap, the rule that a
// countyleap::error is an expected answer and anything else a finding, and the files a reader
// that takes paths is given.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "countyleap/error.hpp"

namespace countyleap::fuzz {

/// Larger inputs are refused (-1: libFuzzer keeps them out of the corpus): a reader's memory
/// stays proportional to its input, so 1 MiB says everything a larger file could.
inline constexpr std::size_t max_input = std::size_t{1} << 20;

/// Runs `read(text)` on the input. A countyleap::error is the reader's expected answer to bad
/// input; any other exception escapes and libFuzzer reports it as a crash.
template <class Read>
int run(const std::uint8_t* data, std::size_t size, Read read) {
  if (size > max_input) return -1;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    read(text);
  } catch (const countyleap::error&) {
  }
  return 0;
}

/// The input's parts, separated by lines `%%` (a multi-file input: iData and iMeta, a dataset
/// folder). At most `n` parts; the last one keeps any further separators.
inline std::vector<std::string_view> split_parts(std::string_view text, std::size_t n) {
  static constexpr std::string_view separator = "\n%%\n";
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < n) {
    const std::size_t at = text.find(separator);
    if (at == std::string_view::npos) break;
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + separator.size());
  }
  parts.push_back(text);
  return parts;
}

/// A scratch folder of this process (in /dev/shm when there is one), emptied at exit.
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    namespace fs = std::filesystem;
    const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    std::string pattern = (base / "countyleap-fuzz-XXXXXX").string();
    if (!mkdtemp(pattern.data())) std::abort();
    std::atexit([] { std::error_code ec; fs::remove_all(scratch_dir(), ec); });
    return fs::path(pattern);
  }();
  return dir;
}

/// Writes `text` to `path` (binary, replacing the file).
inline void write_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) std::abort();
}

}  // namespace countyleap::fuzz
