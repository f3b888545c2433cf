// File access and decoding for every reader of countyleap::io (see encoding.hpp).

#include "encoding.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>

#include "countyleap/detail/text.hpp"

namespace countyleap::io::internal {

namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

std::string_view strip_bom(std::string_view text) {
  if (text.substr(0, utf8_bom.size()) == utf8_bom) text.remove_prefix(utf8_bom.size());
  return text;
}

// The same answer as detail::first_invalid_utf8, which checks byte by byte: this skips ASCII
// eight bytes at a time (data files are mostly digits and commas) and hands each multi-byte
// sequence to first_invalid_utf8, so the rules of RFC 3629 live in one place.
std::optional<std::size_t> find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    std::uint64_t word;
    while (i + 8 <= n && (std::memcpy(&word, p + i, 8), (word & 0x8080808080808080ULL) == 0)) i += 8;
    while (i < n && p[i] < 0x80) ++i;
    if (i == n) break;
    const std::size_t len = p[i] >= 0xF0 ? 4 : p[i] >= 0xE0 ? 3 : 2;  // an invalid lead byte fails below
    if (detail::first_invalid_utf8(s.substr(i, len))) return i;
    i += len;
  }
  return std::nullopt;
}

std::string hex_byte(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", c);
  return buf;
}

// Closes the iconv descriptor on every path out of gb18030_to_utf8.
struct IconvHandle {
  iconv_t cd;
  ~IconvHandle() {
    if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
  }
};

// Decodes GB18030 into `out` (replacing its contents). Returns nullopt on success, else the
// input offset of the first sequence that does not decode; `out` then holds the text decoded
// before it, which is what the error location is computed from.
std::optional<std::size_t> gb18030_to_utf8(std::string_view bytes, std::string& out, const std::string& file) {
  IconvHandle h{iconv_open("UTF-8", "GB18030")};
  if (h.cd == reinterpret_cast<iconv_t>(-1))
    throw encoding_error("GB18030 decoding is not available on this system (iconv_open failed)", Location{file});
  // A GB18030 character takes 1, 2 or 4 bytes and its UTF-8 form at most 4 (2 bytes -> 3), so
  // twice the input plus a little always fits; growing on E2BIG keeps that an optimisation only.
  out.assign(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());  // iconv's signature is not const-correct
  std::size_t in_left = bytes.size();
  std::size_t written = 0;
  while (in_left > 0) {
    char* dst = out.data() + written;
    std::size_t dst_left = out.size() - written;
    const std::size_t rc = iconv(h.cd, &in, &in_left, &dst, &dst_left);
    written = static_cast<std::size_t>(dst - out.data());
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    out.resize(written);  // EILSEQ (invalid) or EINVAL (truncated at the end)
    return bytes.size() - in_left;
  }
  out.resize(written);
  return std::nullopt;
}

}  // namespace

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error("cannot open file for reading", Location{path});
  std::string bytes;
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) throw io_error("cannot read file", Location{path});
  bytes.resize(static_cast<std::size_t>(size));
  in.seekg(0, std::ios::beg);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!in) throw io_error("cannot read file", Location{path});
  return bytes;
}

void write_file(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw io_error("cannot open file for writing", Location{path});
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) throw io_error("cannot write file", Location{path});
}

Location location_of_offset(std::string_view text, std::size_t offset, const std::string& file) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t nl = before.rfind('\n');
  const std::string_view in_line = nl == std::string_view::npos ? before : before.substr(nl + 1);
  // characters = bytes that are not UTF-8 continuation bytes (10xxxxxx)
  const auto chars = std::count_if(in_line.begin(), in_line.end(),
                                   [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  return Location{file, line, static_cast<std::size_t>(chars) + 1};
}

std::string_view to_utf8(std::string_view bytes, Encoding encoding, const std::string& file, std::string& storage) {
  if (encoding == Encoding::gb18030) {
    if (auto bad = gb18030_to_utf8(bytes, storage, file))
      throw encoding_error("byte " + hex_byte(static_cast<unsigned char>(bytes[*bad])) +
                               " does not start a valid GB18030 character",
                           location_of_offset(strip_bom(storage), storage.size(), file));
    return strip_bom(storage);
  }
  const std::string_view text = strip_bom(bytes);
  const auto bad = find_invalid_utf8(text);
  if (!bad) return text;
  std::string message = "invalid UTF-8 (byte " + hex_byte(static_cast<unsigned char>(text[*bad])) + ")";
  std::string decoded;
  if (!gb18030_to_utf8(bytes, decoded, file))
    message += "; the file decodes as GB18030/GBK: if that is its encoding, read it with encoding=\"gb18030\"";
  else
    message += "; save the file as UTF-8";
  throw encoding_error(message, location_of_offset(text, *bad, file));
}

}  // namespace countyleap::io::internal
