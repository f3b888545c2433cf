// Compiled definitions of countyleap/indicator.hpp: see that header for each function's formula and source.
#include "countyleap/indicator.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "countyleap/error.hpp"

namespace countyleap {

const char* to_string(IndicatorKind k) {
  switch (k) {
    case IndicatorKind::raw: return "raw";
    case IndicatorKind::ratio: return "ratio";
    case IndicatorKind::growth: return "growth";
    case IndicatorKind::cagr: return "cagr";
    case IndicatorKind::qualitative: return "qualitative";
  }
  return "raw";
}

IndicatorKind indicator_kind_from_string(std::string_view s) {
  for (auto k : {IndicatorKind::raw, IndicatorKind::ratio, IndicatorKind::growth, IndicatorKind::cagr,
                 IndicatorKind::qualitative})
    if (s == to_string(k)) return k;
  throw validation_error("unknown indicator kind '" + std::string(s) +
                         "' (expected raw, ratio, growth, cagr or qualitative)");
}

}  // namespace countyleap
