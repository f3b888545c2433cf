#pragma once
/// @file io/imeta.hpp
/// @brief COINr's iMeta table alone, as a Framework: the one reader behind `read_coinr`, a
/// framework file given as iMeta on the command line and `Framework.from_frame(imeta)` in Python.
/// Link countyleap::io.

#include <string>
#include <string_view>

#include "countyleap/framework.hpp"
#include "countyleap/io/csv.hpp"
#include "countyleap/panel.hpp"

namespace countyleap::io {

/// Reads COINr's iMeta (the rules of io/coinr.hpp: Indicator, Aggregate, Denominator, Group and
/// Other rows). With `panel`, a Denominator must name one of its variables, as in read_coinr();
/// without it, a Denominator named only by an indicator becomes a variable unchecked.
/// @throws the CSV reader's errors, unknown_id_error, validation_error, the Framework's errors.
Framework read_imeta(const std::string& path, Encoding encoding = Encoding::utf8, const Panel* panel = nullptr);

/// read_imeta() of CSV text (UTF-8); `file` names it in messages.
Framework parse_imeta(std::string_view text, const std::string& file = "", const Panel* panel = nullptr);

}  // namespace countyleap::io
