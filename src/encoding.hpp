#pragma once
// Private to countyleap::io: file access and text decoding shared by the CSV and JSON readers.
// Every reader goes through to_utf8(), so invalid bytes are reported the same way everywhere
// (file, line and column of the first bad byte) and no reader ever sees anything but UTF-8.

#include <cstddef>
#include <string>
#include <string_view>

#include "countyleap/error.hpp"
#include "countyleap/io/csv.hpp"

namespace countyleap::io::internal {

/// The whole file as bytes. @throws io_error naming the path when it cannot be opened or read.
std::string read_file(const std::string& path);

/// Replaces the file with `text`. @throws io_error naming the path on any failure.
void write_file(const std::string& path, std::string_view text);

/// `bytes` as UTF-8 text without a byte-order mark.
/// utf8: validates and returns a view into `bytes` (no copy). gb18030: decodes with iconv into
/// `storage` and returns a view into it.
/// @throws encoding_error naming `file`, line and column of the first byte that does not decode;
/// for invalid UTF-8 that decodes as GB18030 the message suggests encoding="gb18030".
std::string_view to_utf8(std::string_view bytes, Encoding encoding, const std::string& file, std::string& storage);

/// Location of byte `offset` (0 <= offset <= text.size()) of valid UTF-8 `text`: 1-based line
/// and 1-based column counted in characters (code points), as an editor shows them.
Location location_of_offset(std::string_view text, std::size_t offset, const std::string& file);

}  // namespace countyleap::io::internal
