#pragma once
// Private to countyleap::io: small helpers that more than one reader or writer needs.

#include <cstddef>
#include <string>
#include <unordered_set>

#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"

namespace countyleap::io::internal {

/// Call inside a catch block: rethrows the active countyleap::error as the same type with
/// `file` filled into its location, so errors of the model constructors (which know ids but not
/// files) say which file they came from. Other exceptions pass through unchanged.
[[noreturn]] inline void rethrow_in_file(const std::string& file) {
  auto located = [&](const error& e) {
    Location at = e.where();
    if (at.file.empty()) at.file = file;
    return at;
  };
  try {
    throw;
  } catch (const encoding_error& e) {
    throw encoding_error(e.detail(), located(e));
  } catch (const parse_error& e) {
    throw parse_error(e.detail(), located(e));
  } catch (const code_format_error& e) {
    throw code_format_error(e.detail(), located(e));
  } catch (const framework_error& e) {
    throw framework_error(e.detail(), located(e));
  } catch (const plan_error& e) {
    throw plan_error(e.detail(), located(e));
  } catch (const validation_error& e) {
    throw validation_error(e.detail(), located(e));
  } catch (const unknown_id_error& e) {
    throw unknown_id_error(e.detail(), located(e));
  } catch (const duplicate_error& e) {
    throw duplicate_error(e.detail(), located(e));
  } catch (const io_error& e) {
    throw io_error(e.detail(), located(e));
  } catch (const error& e) {
    throw error(e.detail(), located(e));
  }
}

/// Runs `make` and attaches `file` to the countyleap errors it throws (see rethrow_in_file).
template <class F>
auto in_file(const std::string& file, F&& make) {
  try {
    return make();
  } catch (const error&) {
    rethrow_in_file(file);
  }
}

/// The variable a raw, qualitative, growth or cagr indicator declares implicitly when its own id
/// is not a declared variable (as the Framework constructor does).
inline Variable implicit_variable(const Indicator& ind) {
  return Variable{ind.id, ind.name_zh, ind.name_en, ind.unit, {}, "declared by its indicator"};
}

/// Number of leading variables of `fw` that were declared explicitly: the rest are exactly the
/// ones the constructor declares implicitly, so writers can leave them out and a reader rebuilds
/// the same list. Writing them all would also read back equal, but would turn every implicit
/// declaration into an explicit one in the file.
inline std::size_t explicit_variable_count(const Framework& fw) {
  const auto& vars = fw.variables();
  auto same = [](const Variable& a, const Variable& b) {
    return a.id == b.id && a.name_zh == b.name_zh && a.name_en == b.name_en && a.unit == b.unit &&
           a.note == b.note && a.range.lo == b.range.lo && a.range.hi == b.range.hi;
  };
  for (std::size_t m = 0; m < vars.size(); ++m) {
    // With vars[0, m) declared, would the constructor add exactly vars[m, end)?
    std::unordered_set<std::string> declared;
    for (std::size_t i = 0; i < m; ++i) declared.insert(vars[i].id);
    std::size_t k = m;
    bool match = true;
    for (const Indicator& ind : fw.indicators()) {
      if (ind.kind == IndicatorKind::ratio || ind.source() != ind.id) continue;
      if (declared.count(ind.id)) continue;
      if (k == vars.size() || !same(vars[k], implicit_variable(ind))) {
        match = false;
        break;
      }
      declared.insert(ind.id);
      ++k;
    }
    if (match && k == vars.size()) return m;
  }
  return vars.size();
}

}  // namespace countyleap::io::internal
