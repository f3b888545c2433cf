#pragma once
// Private to countyleap::io: an RFC 4180 CSV tokenizer over UTF-8 text already in memory, and
// the matching field writer. Shared by the panel reader/writer and the COINr tables so that
// quoting, line numbers and the number syntax are the same in every CSV countyleap reads.
//
// Reading rules: fields separated by ','; records end with LF or CRLF (the last may end the
// file without one, or with a lone CR); a field that starts with '"' is quoted and may hold commas, line breaks
// and doubled quotes; a quote anywhere else in a field is an error. Lines at the top that start
// with '#' are comments; blank lines (outside quotes) carry no fields and are skipped. The first
// other line is the header; every record must have as many fields as the header.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "countyleap/error.hpp"

namespace countyleap::io::internal {

/// A CSV table read record by record. Field views point into the text (or, for quoted fields
/// with doubled quotes, into a per-record buffer) and stay valid until the next call of next().
class CsvTable {
 public:
  /// Reads the comments and the header of `text`, which must outlive the table.
  /// @throws parse_error for an empty file (no header) and for a malformed header.
  CsvTable(std::string_view text, std::string file);

  /// The file name used in messages.
  const std::string& file() const noexcept { return file_; }
  /// The leading comment lines without their '#' and one following space.
  const std::vector<std::string>& comments() const noexcept { return comments_; }
  /// The header's column names.
  const std::vector<std::string>& header() const noexcept { return header_; }
  /// Physical line of the header.
  std::size_t header_line() const noexcept { return header_line_; }
  /// Number of columns (fields of the header).
  std::size_t width() const noexcept { return header_.size(); }
  /// Location of header column i (0-based).
  Location header_where(std::size_t i) const { return Location{file_, header_line_, i + 1, header_[i]}; }

  /// Reads the next record; false at the end of the text.
  /// @throws parse_error for an unterminated quote, a stray quote, text after a closing quote
  /// or a record whose field count differs from the header's.
  bool next();

  /// Field i (0-based) of the current record.
  std::string_view operator[](std::size_t i) const { return fields_[i].text; }
  /// Physical line of the start of the current record.
  std::size_t record_line() const noexcept { return record_line_; }
  /// Location of field i of the current record: file, the line it starts on, column i + 1 and
  /// the header name.
  Location where(std::size_t i) const { return Location{file_, fields_[i].line, i + 1, header_[i]}; }

  /// Splits the records still to be read in two at a line break near the middle, when that is
  /// safe: the text from here on holds no quote (so every line break ends a record) and at least
  /// 2 MB. This table then ends at the split; the returned one (same file, comments and header)
  /// reads the rest with the right line numbers. nullopt (this table unchanged) when not safe.
  std::optional<CsvTable> split_in_two();

  /// Field i as a number: nullopt when empty or `NA` (R's missing marker).
  /// @throws parse_error at where(i) for text, NaN/Inf and numbers beyond a double's range.
  std::optional<double> number(std::size_t i) const;
  /// Field i as an int. @throws parse_error at where(i) when it is not one.
  int integer(std::size_t i) const;

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  struct Field {
    std::string_view text;
    std::size_t line = 0;
    std::size_t unescaped_at = npos;  // offset into unescaped_ when the text lives there
    std::size_t unescaped_size = 0;   // its length there
  };

  bool read_record();
  void read_quoted(Field& f);
  void read_unquoted(Field& f);
  [[noreturn]] void fail(const std::string& what, std::size_t line, std::size_t field) const;

  std::string_view text_;
  std::string file_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
  std::size_t header_line_ = 0;
  std::vector<std::string> comments_;
  std::vector<std::string> header_;
  std::vector<Field> fields_;
  std::string unescaped_;  // quoted fields of the current record that had doubled quotes
};

/// Appends `field` to `out`, quoted (with doubled quotes) only when a reader would otherwise
/// misread it: a comma, quote, CR or LF inside, a space or tab at either end, or, in the first
/// field of a line (`first`), a leading '#' that would make the line a comment or an empty
/// field that would make a one-column line blank.
void append_csv_field(std::string& out, std::string_view field, bool first);

/// Appends the comment lines as `# text` lines (`#` alone for an empty comment).
/// @throws validation_error when a comment holds a line break (it could not be read back).
void append_csv_comments(std::string& out, const std::vector<std::string>& comments);

}  // namespace countyleap::io::internal
