#pragma once
// Helpers shared by the C++ tests: catching an expected exception, scratch folders, and bitwise
// comparison of doubles.

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace test_support {

/// Runs f and returns the exception of type E it throws; fails the test when it throws none.
template <class E, class F>
E expect_throw(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e;
  }
  BOOST_FAIL("expected an exception");
  throw std::logic_error("unreachable");
}

/// The what() of the exception of type E that f throws.
template <class E, class F>
std::string message_of(F&& f) {
  return expect_throw<E>(std::forward<F>(f)).what();
}

/// True when `part` occurs in `text` (for checking what an error message names).
inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// A fresh, empty folder for files a test writes, unique per process: <tmp>/countyleap_<suite>_<pid>_<name>.
inline std::filesystem::path scratch_dir(const std::string& suite, const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("countyleap_" + suite + "_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// The same double bit for bit (so -0.0 differs from 0.0), any NaN equal to any NaN.
inline bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b));
}

}  // namespace test_support
