#pragma once
/// @file detail/text.hpp
/// @brief Text helpers shared by the model and the readers: UTF-8 validation, identifiers,
/// shortest round-trip number formatting and strict number parsing. Not part of the public API.

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace countyleap::detail {

/// Byte offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates,
/// nothing above U+10FFFF), or nullopt when the whole text is valid.
inline std::optional<std::size_t> first_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) { ++i; continue; }
    std::size_t len;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
    else return i;
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    i += len;
  }
  return std::nullopt;
}

/// True for a non-empty string without leading/trailing spaces, control characters, commas or
/// double quotes, in valid UTF-8: what a region code or an id may look like in a CSV header.
inline bool is_plain_identifier(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return false;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F || c == ',' || c == '"') return false;
  }
  return !first_invalid_utf8(s).has_value();
}

/// True for ids of variables, indicators and nodes: ASCII letter or underscore first, then
/// letters, digits, '_', '-' or '.'. Keeping ids ASCII makes them safe as CSV headers, Python
/// attribute-like names and file-name parts.
inline bool is_valid_id(std::string_view s) {
  if (s.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(s.front())) return false;
  for (char c : s)
    if (!(alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
  return true;
}

/// Strips ASCII spaces and tabs from both ends.
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// Shortest decimal text that reads back to exactly `x` (std::to_chars without a precision,
/// C++17 [charconv.to.chars]): the round-trip guarantee of every writer.
inline std::string format_double(double x) {
  std::array<char, 32> buf{};
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  return std::string(buf.data(), res.ptr);
}

/// Outcome of parse_double.
enum class NumberText { ok, not_a_number, non_finite, out_of_range };

/// Parses a whole field (surrounding spaces allowed) as a finite double with
/// std::from_chars (locale independent, exact round trip). A leading '+' is accepted.
/// Text such as "nan" or "inf" gives non_finite; a number beyond the range of a double (1e999,
/// 1e-999) gives out_of_range; anything else that is not entirely a number gives not_a_number.
inline NumberText parse_double(std::string_view text, double& out) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return NumberText::not_a_number;
  const char* end = text.data() + text.size();
  auto res = std::from_chars(text.data(), end, out);
  if (res.ptr != end) return NumberText::not_a_number;
  if (res.ec == std::errc::result_out_of_range) return NumberText::out_of_range;
  if (res.ec != std::errc()) return NumberText::not_a_number;
  if (!std::isfinite(out)) return NumberText::non_finite;
  return NumberText::ok;
}

/// Parses a whole field as a base-10 int (surrounding spaces allowed); false when it is not one.
inline bool parse_int(std::string_view text, int& out) {
  text = trim(text);
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto res = std::from_chars(text.data(), end, out);
  return res.ec == std::errc() && res.ptr == end;
}

/// The items separated by `sep` ("a, b, c").
inline std::string join(const std::vector<std::string>& items, std::string_view sep = ", ") {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

/// "2019–2022" (en dash).
inline std::string year_span(int from, int to) { return std::to_string(from) + "\u2013" + std::to_string(to); }

/// x with four significant digits, trailing zeros removed ("12.3", "2.6", "1235", "0.01235").
inline std::string short_number(double x) {
  if (!std::isfinite(x)) return x != x ? "nan" : (x > 0 ? "inf" : "-inf");
  if (x == 0) return "0";
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(x))));
  const int decimals = std::max(0, 3 - magnitude);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, x);
  std::string s = buffer;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

}  // namespace countyleap::detail
