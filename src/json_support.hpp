#pragma once
// Private to countyleap::io: the JSON helpers of every JSON reader and writer (regions,
// framework, plan, pipeline spec, tier scheme). Reading checks every key, so that a typo is an
// error naming the key and its JSON pointer rather than a silently ignored setting; writing
// keeps keys in schema order and numbers in round-trip form.

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "countyleap/detail/text.hpp"
#include "countyleap/error.hpp"
#include "countyleap/indicator.hpp"
#include "encoding.hpp"
#include "io_support.hpp"

namespace countyleap::io::internal {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;  // keeps keys in the order written: schema order
constexpr double inf = std::numeric_limits<double>::infinity();


// ---- reading ------------------------------------------------------------------------------

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 2,
// column 7: "; the location is reported through Location instead, so keep only the reason.
inline std::string reason(const char* what) {
  std::string_view s(what);
  if (s.substr(0, 16) == "[json.exception." && s.find("] ") != std::string_view::npos) s.remove_prefix(s.find("] ") + 2);
  if (s.substr(0, 14) == "parse error at" && s.find(": ") != std::string_view::npos) s.remove_prefix(s.find(": ") + 2);
  return std::string(s);
}

// Parses JSON text after the UTF-8 check every reader makes. A key given twice in one object is
// an error (nlohmann would keep the last one silently).
inline json parse_document(std::string_view bytes, const std::string& file) {
  std::string decoded;
  const std::string_view text = internal::to_utf8(bytes, Encoding::utf8, file, decoded);
  std::vector<std::set<std::string>> open_objects;
  auto check_keys = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) open_objects.emplace_back();
    else if (event == json::parse_event_t::object_end) open_objects.pop_back();
    else if (event == json::parse_event_t::key && !open_objects.back().insert(parsed.get<std::string>()).second)
      throw parse_error("duplicate key '" + parsed.get<std::string>() + "' in one object", Location{file});
    return true;
  };
  try {
    return json::parse(text.begin(), text.end(), check_keys);
  } catch (const json::parse_error& e) {
    throw parse_error("malformed JSON: " + reason(e.what()),
                      internal::location_of_offset(text, e.byte > 0 ? e.byte - 1 : 0, file));
  } catch (const json::exception& e) {  // e.g. a number beyond the range of a double
    throw parse_error("malformed JSON: " + reason(e.what()), Location{file});
  }
}

// RFC 6901 escaping of one reference token.
inline std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// One JSON object of the document with its pointer: typed access to its keys, each error
// naming the file and the pointer of the offending value. Construction rejects unknown keys.
class Object {
 public:
  Object(const json& value, std::string at, const std::string& file, std::initializer_list<std::string_view> keys)
      : value_(value), pointer_(std::move(at)), file_(file) {
    if (!value_.is_object()) fail_at(pointer_, "expected an object");
    for (const auto& item : value_.items()) {
      bool known = false;
      for (std::string_view k : keys) known = known || item.key() == k;
      if (!known) {
        std::string list;
        for (std::string_view k : keys) (list += list.empty() ? "" : ", ") += k;
        fail_at(pointer(item.key()), "unknown key '" + item.key() + "' (expected one of: " + list + ")");
      }
    }
  }

  const std::string& file() const { return file_; }
  // The object's own JSON pointer ("" for the document root).
  const std::string& at() const { return pointer_; }
  std::string pointer(std::string_view key) const { return pointer_ + "/" + pointer_token(key); }
  const json* find(std::string_view key) const {
    auto it = value_.find(std::string(key));
    return it == value_.end() ? nullptr : &*it;
  }
  // The object under `key` (required), with its own key list checked.
  Object child(std::string_view key, std::initializer_list<std::string_view> keys) const {
    return Object(require(key), pointer(key), file_, keys);
  }
  const json& require(std::string_view key) const {
    if (const json* v = find(key)) return *v;
    fail_at(pointer_, "missing required key '" + std::string(key) + "'");
  }

  [[noreturn]] void fail_at(const std::string& at, const std::string& what) const {
    throw parse_error((at.empty() ? std::string("(root)") : at) + ": " + what, Location{file_});
  }
  [[noreturn]] void invalid(std::string_view key, const std::string& what) const {
    throw validation_error(pointer(key) + ": " + what, Location{file_});
  }

  std::string string(std::string_view key) const {
    const json* v = find(key);
    return v ? as_string(*v, pointer(key)) : std::string();
  }
  std::string required_string(std::string_view key) const { return as_string(require(key), pointer(key)); }
  int integer(std::string_view key, int fallback = 0) const {
    const json* v = find(key);
    return v ? as_int(*v, pointer(key)) : fallback;
  }
  int required_integer(std::string_view key) const { return as_int(require(key), pointer(key)); }
  double number(std::string_view key, double fallback) const {
    const json* v = find(key);
    return v ? as_number(*v, pointer(key)) : fallback;
  }
  double required_number(std::string_view key) const { return as_number(require(key), pointer(key)); }
  bool boolean(std::string_view key, bool fallback) const {
    const json* v = find(key);
    if (!v) return fallback;
    if (!v->is_boolean()) fail_at(pointer(key), "expected true or false");
    return v->get<bool>();
  }
  // A number, or null meaning `null_means`.
  double number_or_null(std::string_view key, double fallback, double null_means) const {
    const json* v = find(key);
    if (!v) return fallback;
    return v->is_null() ? null_means : as_number(*v, pointer(key));
  }
  // An array of strings (absent: empty).
  std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> out;
    const json* v = find(key);
    if (!v) return out;
    if (!v->is_array()) fail_at(pointer(key), "expected an array of strings");
    for (std::size_t i = 0; i < v->size(); ++i) out.push_back(as_string((*v)[i], pointer(key) + "/" + std::to_string(i)));
    return out;
  }
  // `[lo, hi]` with null for an unbounded end.
  ValidRange range(std::string_view key) const {
    const json* v = find(key);
    if (!v) return {};
    if (!v->is_array() || v->size() != 2)
      fail_at(pointer(key), "expected [lo, hi] (numbers, or null for an unbounded end)");
    const json& lo = (*v)[0];
    const json& hi = (*v)[1];
    ValidRange r;
    r.lo = lo.is_null() ? -inf : as_number(lo, pointer(key) + "/0");
    r.hi = hi.is_null() ? inf : as_number(hi, pointer(key) + "/1");
    return r;
  }
  // Calls f(Object) for each element of the array under `key` (absent: nothing, unless required).
  template <class F>
  void each(std::string_view key, bool required, std::initializer_list<std::string_view> keys, F&& f) const {
    const json* v = required ? &require(key) : find(key);
    if (!v) return;
    if (!v->is_array()) fail_at(pointer(key), "expected an array");
    for (std::size_t i = 0; i < v->size(); ++i) f(Object((*v)[i], pointer(key) + "/" + std::to_string(i), file_, keys));
  }
  // The entries of an object under `key` as (name, value, pointer).
  template <class F>
  void each_entry(std::string_view key, F&& f) const {
    const json* v = find(key);
    if (!v) return;
    if (!v->is_object()) fail_at(pointer(key), "expected an object");
    for (const auto& item : v->items()) f(item.key(), item.value(), pointer(key) + "/" + pointer_token(item.key()));
  }

  std::string as_string(const json& v, const std::string& at) const {
    if (!v.is_string()) fail_at(at, "expected a string");
    return v.get<std::string>();
  }
  int as_int(const json& v, const std::string& at) const {
    if (v.is_number_unsigned() && v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
      return static_cast<int>(v.get<std::uint64_t>());
    if (v.is_number_integer() && !v.is_number_unsigned()) {
      const auto x = v.get<std::int64_t>();
      if (x >= std::numeric_limits<int>::min() && x <= std::numeric_limits<int>::max()) return static_cast<int>(x);
    }
    fail_at(at, "expected an integer");
  }
  double as_number(const json& v, const std::string& at) const {
    if (!v.is_number()) fail_at(at, "expected a number");
    return v.get<double>();
  }

 private:
  const json& value_;
  std::string pointer_;
  const std::string& file_;
};

// The root object after checking `schema` first, so that a file of the wrong kind is reported
// as such rather than by its first unfamiliar key.
inline Object open_root(const json& doc, const std::string& file, const char* schema, std::initializer_list<std::string_view> keys) {
  if (!doc.is_object()) throw parse_error("(root): expected an object", Location{file});
  auto it = doc.find("schema");
  if (it == doc.end()) throw parse_error(std::string("(root): missing required key 'schema' (\"") + schema + "\")", Location{file});
  if (!it->is_string() || it->get<std::string>() != schema)
    // Quote a string, name any other kind: dump() of a hostile value (100,000 nested arrays)
    // would recurse through all of it.
    throw parse_error(std::string("/schema: expected \"") + schema + "\", got " +
                          (it->is_string() ? "\"" + it->get<std::string>().substr(0, 80) + "\"" : std::string(it->type_name())),
                      Location{file});
  return Object(doc, "", file, keys);
}

// ---- writing ------------------------------------------------------------------------------

// The one number writer of the JSON files: integral values as JSON integers (as a person writes
// `"weight": 25`), everything else as nlohmann's shortest round-trip double; -0.0 stays a
// double so its sign survives. Non-finite numbers have no JSON form.
inline ojson number(double x, const std::string& what) {
  if (!std::isfinite(x)) throw validation_error("cannot write the non-finite number " + detail::format_double(x) + " as JSON: " + what);
  if (x == std::trunc(x) && std::fabs(x) < 9007199254740992.0 && !(x == 0 && std::signbit(x)))
    return ojson(static_cast<std::int64_t>(x));
  return ojson(x);
}

// Optional keys are written only when they differ from their default.
inline void put(ojson& o, const char* key, const std::string& s) {
  if (!s.empty()) o[key] = s;
}
inline void put(ojson& o, const char* key, int x, int fallback) {
  if (x != fallback) o[key] = x;
}
inline void put(ojson& o, const char* key, bool x, bool fallback) {
  if (x != fallback) o[key] = x;
}

inline void put(ojson& o, const char* key, const std::vector<std::string>& items) {
  if (!items.empty()) o[key] = items;
}

// `[lo, hi]` with null for infinite ends; nothing for an unbounded range.
inline void put_range(ojson& o, const char* key, const ValidRange& r, const std::string& owner) {
  if (r.unbounded()) return;
  auto end = [&](double x, double open) { return x == open ? ojson(nullptr) : number(x, owner + " range"); };
  o[key] = ojson::array({end(r.lo, -inf), end(r.hi, inf)});
}

inline std::string dump(const ojson& doc) {
  try {
    return doc.dump(2, ' ', false, ojson::error_handler_t::strict) + "\n";
  } catch (const ojson::type_error& e) {
    throw encoding_error("cannot write a string that is not valid UTF-8: " + reason(e.what()));
  }
}

}  // namespace countyleap::io::internal
