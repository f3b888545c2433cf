// RFC 4180 tokenizer and field writer (see csv_table.hpp for the rules).

#include "csv_table.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "countyleap/detail/text.hpp"

namespace countyleap::io::internal {

namespace {

// Length of the line break at `pos` (1 for LF, 2 for CRLF, 1 for a CR that ends the text), 0
// when there is none. Any other lone CR is ordinary data: RFC 4180 breaks lines with CRLF, and
// LF alone is accepted as everyone writes it.
std::size_t line_break_at(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return 0;
  if (text[pos] == '\n') return 1;
  if (text[pos] == '\r') return pos + 1 == text.size() ? 1 : text[pos + 1] == '\n' ? 2 : 0;
  return 0;
}

}  // namespace

CsvTable::CsvTable(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {
  // Leading comment lines (blank lines among them are skipped like everywhere else).
  while (pos_ < text_.size()) {
    if (const std::size_t nl = line_break_at(text_, pos_)) {
      pos_ += nl;
      ++line_;
      continue;
    }
    if (text_[pos_] != '#') break;
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    std::string_view comment = text_.substr(pos_ + 1, end - pos_ - 1);
    if (!comment.empty() && comment.back() == '\r') comment.remove_suffix(1);
    if (!comment.empty() && comment.front() == ' ') comment.remove_prefix(1);
    comments_.emplace_back(comment);
    pos_ = std::min(end + 1, text_.size());
    ++line_;
  }
  if (!read_record()) throw parse_error("empty file: no header line", Location{file_, line_});
  header_line_ = record_line_;
  header_.reserve(fields_.size());
  for (const Field& f : fields_) header_.emplace_back(f.text);
}

std::optional<CsvTable> CsvTable::split_in_two() {
  constexpr std::size_t smallest = std::size_t{2} << 20;
  const std::string_view rest = text_.substr(pos_);
  if (rest.size() < smallest || rest.find('"') != std::string_view::npos) return std::nullopt;
  const std::size_t nl = text_.find('\n', pos_ + rest.size() / 2);
  if (nl == std::string_view::npos || nl + 1 >= text_.size()) return std::nullopt;
  CsvTable second(*this);
  second.pos_ = nl + 1;
  second.line_ = line_ + static_cast<std::size_t>(std::count(text_.begin() + static_cast<std::ptrdiff_t>(pos_),
                                                             text_.begin() + static_cast<std::ptrdiff_t>(nl + 1), '\n'));
  text_ = text_.substr(0, nl + 1);
  return second;
}

void CsvTable::fail(const std::string& what, std::size_t line, std::size_t field) const {
  Location at{file_, line, field + 1};
  if (field < header_.size()) at.column_name = header_[field];
  throw parse_error(what, std::move(at));
}

bool CsvTable::next() {
  if (!read_record()) return false;
  if (fields_.size() != header_.size()) {
    const std::size_t first_wrong = std::min(fields_.size(), header_.size());
    fail("row has " + std::to_string(fields_.size()) + " fields but the header has " + std::to_string(header_.size()),
         record_line_, first_wrong);
  }
  return true;
}

bool CsvTable::read_record() {
  fields_.clear();
  unescaped_.clear();
  while (const std::size_t nl = line_break_at(text_, pos_)) {  // blank lines carry no record
    pos_ += nl;
    ++line_;
  }
  if (pos_ >= text_.size()) return false;
  record_line_ = line_;
  for (;;) {
    Field f;
    f.line = line_;
    if (text_[pos_] == '"') read_quoted(f);
    else read_unquoted(f);
    fields_.push_back(f);
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      if (pos_ == text_.size()) {  // "a,b," at the very end: the last field is empty
        fields_.push_back(Field{text_.substr(pos_, 0), line_});
        break;
      }
      continue;
    }
    if (const std::size_t nl = line_break_at(text_, pos_)) {
      pos_ += nl;
      ++line_;
    }
    break;
  }
  // unescaped_ no longer grows for this record, so views into it are now stable.
  for (Field& f : fields_)
    if (f.unescaped_at != npos) f.text = std::string_view(unescaped_.data() + f.unescaped_at, f.unescaped_size);
  return true;
}

void CsvTable::read_unquoted(Field& f) {
  const std::size_t start = pos_;
  const char* p = text_.data();
  const std::size_t n = text_.size();
  std::size_t i = pos_;
  for (; i < n; ++i) {
    const char c = p[i];
    if (c == ',' || c == '\n') break;
    if (c == '\r' && (i + 1 == n || p[i + 1] == '\n')) break;
    if (c == '"')
      fail("stray quote in an unquoted field (a field with quotes must be enclosed in quotes, with \"\" for each quote)",
           line_, fields_.size());
  }
  pos_ = i;
  f.text = text_.substr(start, i - start);
}

void CsvTable::read_quoted(Field& f) {
  const std::size_t open_line = line_;
  const std::size_t start = ++pos_;
  bool doubled = false;
  std::size_t close;
  for (;;) {
    const void* q = std::memchr(text_.data() + pos_, '"', text_.size() - pos_);
    if (!q) fail("unterminated quoted field (the quote that opens it is never closed)", open_line, fields_.size());
    close = static_cast<std::size_t>(static_cast<const char*>(q) - text_.data());
    line_ += static_cast<std::size_t>(std::count(text_.begin() + static_cast<std::ptrdiff_t>(pos_),
                                                 text_.begin() + static_cast<std::ptrdiff_t>(close), '\n'));
    if (close + 1 < text_.size() && text_[close + 1] == '"') {
      doubled = true;
      pos_ = close + 2;
      continue;
    }
    pos_ = close + 1;
    break;
  }
  const std::string_view raw = text_.substr(start, close - start);
  if (doubled) {  // only these fields are copied: "" -> "
    f.unescaped_at = unescaped_.size();
    for (std::size_t i = 0; i < raw.size(); ++i) {
      unescaped_ += raw[i];
      if (raw[i] == '"') ++i;
    }
    f.unescaped_size = unescaped_.size() - f.unescaped_at;  // the view is made when the record is complete
  } else {
    f.text = raw;
  }
  if (pos_ < text_.size() && text_[pos_] != ',' && !line_break_at(text_, pos_))
    fail("unexpected text after the closing quote of a quoted field", line_, fields_.size());
}

std::optional<double> CsvTable::number(std::size_t i) const {
  const std::string_view s = detail::trim(fields_[i].text);
  if (s.empty() || s == "NA") return std::nullopt;
  double x = 0;
  switch (detail::parse_double(s, x)) {
    case detail::NumberText::ok: return x;
    case detail::NumberText::non_finite:
      throw parse_error("non-finite value '" + std::string(s) + "' (leave the field empty or write NA for a missing value)",
                        where(i));
    case detail::NumberText::out_of_range:
      throw parse_error("value '" + std::string(s) + "' is out of range for a double", where(i));
    case detail::NumberText::not_a_number: break;
  }
  throw parse_error("non-numeric value '" + std::string(s) + "'", where(i));
}

int CsvTable::integer(std::size_t i) const {
  int x = 0;
  if (!detail::parse_int(fields_[i].text, x))
    throw parse_error("expected an integer, got '" + std::string(fields_[i].text) + "'", where(i));
  return x;
}

void append_csv_field(std::string& out, std::string_view field, bool first) {
  const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!field.empty() && (field.front() == ' ' || field.front() == '\t' || field.back() == ' ' ||
                                         field.back() == '\t')) ||
                     (first && (field.empty() || field.front() == '#'));
  if (!quote) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_csv_comments(std::string& out, const std::vector<std::string>& comments) {
  for (std::size_t i = 0; i < comments.size(); ++i) {
    const std::string& c = comments[i];
    if (c.find_first_of("\r\n") != std::string::npos)
      throw validation_error("comment " + std::to_string(i + 1) + " holds a line break; CSV comments are single lines");
    out += '#';
    if (!c.empty()) (out += ' ') += c;
    out += '\n';
  }
}

}  // namespace countyleap::io::internal
