#pragma once
// Private to countyleap::store: an incremental SHA-256 (FIPS 180-4), for hashes over data that
// is not in one string (a vintage's rows).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace countyleap::store_internal {

class Sha256 {
 public:
  /// A hash that uses the processor's SHA extensions when it has them (`accelerate`), else the
  /// portable code; both give the same digest.
  explicit Sha256(bool accelerate = true) : accelerate_(accelerate && accelerated()) {}
  /// True when this processor has the SHA extensions (x86-64 SHA-NI) and they are used.
  static bool accelerated();
  /// Adds bytes to the message.
  void update(std::string_view bytes);
  /// Finishes the message: the digest as 64 lower-case hex digits (call once).
  std::string hex();

 private:
  void compress(const unsigned char* blocks, std::size_t n);
  void compress_portable(const unsigned char* block);
  bool accelerate_;
  std::uint32_t h_[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  unsigned char buffer_[64] = {};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;
};

}  // namespace countyleap::store_internal
