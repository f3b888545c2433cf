// countyleap/tier.hpp -> TierBand, TierScheme, classify, classify_by_targets, Classification,
// the year-over-year comparison and rank_change_band. (TierScheme's JSON methods: bind_io.cpp.)

#include "bindings.hpp"

#include "countyleap/detail/checks.hpp"

namespace countyleap::python {
namespace {

using namespace pybind11::literals;

/// A Classification with what labels it: the scheme's tier labels and, when known, the codes of
/// the regions classified (a pandas Series' index, or the codes passed).
struct TierResult {
  Classification result;            ///< the assignments
  std::vector<std::string> labels;  ///< the scheme's tier labels, best first
  std::vector<std::string> codes;   ///< per region, or empty
};

std::vector<std::string> tier_labels(const TierScheme& scheme) {
  std::vector<std::string> out;
  for (const auto& t : scheme.tiers) out.push_back(t.label);
  return out;
}

/// Codes for `n` regions: `codes` when given, else the index of a pandas Series (an `index`
/// attribute that is not a method, as a list's is), else none.
std::vector<std::string> codes_for(py::handle scores, const std::optional<std::vector<std::string>>& codes,
                                   std::size_t n) {
  std::vector<std::string> out;
  if (codes) out = *codes;
  else if (py::hasattr(scores, "index") && !PyCallable_Check(scores.attr("index").ptr()))
    out = labels_from(scores.attr("index"));
  if (!out.empty() && out.size() != n)
    throw validation_error("classify: " + std::to_string(out.size()) + " codes for " + std::to_string(n) + " scores");
  return out;
}

std::string band_repr(const TierBand& t) {
  std::string s = "TierBand(" + quoted(t.label);
  if (!std::isnan(t.bound)) s += ", " + number(t.bound);
  if (!t.inclusive) s += ", inclusive=False";
  if (!t.relative) s += ", relative=False";
  if (!t.name_zh.empty()) s += ", name_zh=" + quoted(t.name_zh);
  if (!t.name_en.empty()) s += ", name_en=" + quoted(t.name_en);
  return s + ")";
}

template <class F>
py::array_t<double> per_region(const TierResult& r, F f) {
  py::array_t<double> out(static_cast<py::ssize_t>(r.result.regions.size()));
  auto a = out.mutable_unchecked<1>();
  for (std::size_t i = 0; i < r.result.regions.size(); ++i) a(static_cast<py::ssize_t>(i)) = f(r.result.regions[i]);
  return out;
}

}  // namespace

void bind_tier(py::module_& m) {
  py::class_<TierBand>(
      m, "TierBand",
      "One tier of a TierScheme. What `bound` means depends on the scheme's rule: fixed -> lowest score of the "
      "tier; relative_to_mean -> multiple of the mean (or a score when `relative` is False); quota -> number of "
      "regions (or share in (0, 1] when the scheme's quota_share is set); targets_met -> k, the number of this "
      "tier's targets to meet; natural_breaks -> unused. The last tier's bound is unused (None).\n\n"
      "Parameters\n----------\n"
      "label : str\n    e.g. 'A'.\n"
      "bound : float or None\n    See above.\n"
      "min : float or None\n    The same as bound, under the name of the tier scheme file's key (`\"min\"`).\n"
      "inclusive : bool\n    fixed/relative: whether a score equal to the bound is in the tier (default True).\n"
      "relative : bool\n    relative_to_mean only: bound x mean (True, default) or the bound as a score.\n"
      "name_zh, name_en : str\n    e.g. A类县, Tier A.")
      .def(py::init([](std::string label, std::optional<double> bound, std::optional<double> min, bool inclusive,
                       bool relative, std::string name_zh, std::string name_en) {
             if (bound && min)
               throw validation_error("TierBand: give the bound once, as bound= or as min= (the tier scheme file's key)",
                                      detail::at_id(label));
             return TierBand{std::move(label), or_nan(bound ? bound : min), inclusive, relative, std::move(name_zh),
                             std::move(name_en)};
           }),
           "label"_a, "bound"_a = py::none(), py::kw_only(), "min"_a = py::none(), "inclusive"_a = true,
           "relative"_a = true, "name_zh"_a = "", "name_en"_a = "")
      .def_readwrite("label", &TierBand::label, "Tier label, e.g. 'A'.")
      .def_property(
          "bound", [](const TierBand& t) { return none_if_nan(t.bound); },
          [](TierBand& t, std::optional<double> b) { t.bound = or_nan(b); },
          "The bound (see the class description); None when unused.")
      .def_readwrite("inclusive", &TierBand::inclusive, "Whether a score equal to the bound is in the tier.")
      .def_readwrite("relative", &TierBand::relative, "relative_to_mean: bound x mean (True) or a score (False).")
      .def_readwrite("name_zh", &TierBand::name_zh, "e.g. A类县.")
      .def_readwrite("name_en", &TierBand::name_en, "e.g. Tier A.")
      .def("__repr__", &band_repr);

  py::class_<TierScheme>(
      m, "TierScheme",
      "A rule that maps scores (or counts of targets met) to tiers, best tier first.\n\n"
      "Rules:\n\n"
      "- 'fixed': fixed lower bounds on the score; a score is in the first tier whose bound it reaches (>= "
      "when inclusive, > otherwise). Hebei: A >= 80, B >= 60, C below (TierScheme.hebei()).\n"
      "- 'relative_to_mean': lower bounds as multiples of the mean score (bound x mean), or per tier as "
      "absolute values. EIS: Leaders > 125 %, Strong 100-125 %, Moderate 70-100 %, Emerging < 70 % of the "
      "average; sub_bands splits every band into equal parts (the Regional Innovation Scoreboard's +, , -).\n"
      "- 'quota': the best n regions (or the best share) form the first tier, the next n the second, ...; the "
      "last tier takes the rest; ties at a boundary share the better tier.\n"
      "- 'natural_breaks': Jenks natural breaks, the partition of the sorted scores into k classes that "
      "minimises the within-class sum of squared deviations (Fisher's exact dynamic programme).\n"
      "- 'targets_met': a region is in the first tier of which it meets at least k indicator targets "
      "(classify_by_targets).\n\n"
      "Parameters\n----------\n"
      "rule : str\n    One of the rules above.\n"
      "tiers : list[TierBand]\n    Best first; at least two.\n"
      "quota_share : bool\n    quota: bounds are shares of the regions, not counts.\n"
      "sub_bands : int\n    relative_to_mean: equal sub-bands per band (1 = none).\n\n"
      "The scheme is validated on construction (ValidationError naming the tier): at least two tiers, unique "
      "non-empty labels, bounds of every tier but the last finite and strictly decreasing for fixed/relative, "
      "positive quotas (shares summing to at most 1), k >= 1, sub_bands >= 1.")
      .def(py::init([](TierRule rule, std::vector<TierBand> tiers, bool quota_share, int sub_bands) {
             TierScheme s{rule, std::move(tiers), quota_share, sub_bands};
             s.validate();
             return s;
           }),
           "rule"_a, "tiers"_a, py::kw_only(), "quota_share"_a = false, "sub_bands"_a = 1)
      .def_static("hebei", &TierScheme::hebei,
                  "Hebei's county scheme: A >= 80, 60 <= B < 80, C < 60 on a 100-point score.")
      .def_readwrite("rule", &TierScheme::rule, "'fixed', 'relative_to_mean', 'quota', 'natural_breaks' or 'targets_met'.")
      .def_readwrite("tiers", &TierScheme::tiers, "The tiers, best first (a copy; assign a whole list).")
      .def_readwrite("quota_share", &TierScheme::quota_share, "quota: bounds are shares of the regions.")
      .def_readwrite("sub_bands", &TierScheme::sub_bands, "relative_to_mean: equal sub-bands per band.")
      .def_property_readonly("labels", &tier_labels, "Tier labels, best first.")
      .def("validate", &TierScheme::validate, "Checks the scheme (see the class description). Raises ValidationError.")
      .def("index_of", &TierScheme::index_of, "label"_a, "Position of a label (0 = best). Raises UnknownIdError.")
      .def("__len__", [](const TierScheme& s) { return s.tiers.size(); })
      .def(
          "__getitem__",
          [](const TierScheme& s, py::ssize_t i) {
            const auto n = static_cast<py::ssize_t>(s.tiers.size());
            if (i < 0) i += n;
            if (i < 0 || i >= n) throw py::index_error("tier index out of range");
            return s.tiers[static_cast<std::size_t>(i)];
          },
          "i"_a, "The tier at position i (a copy).")
      .def("__iter__", [](const TierScheme& s) { return py::iter(py::cast(s.tiers)); })
      .def(
          "__eq__",
          [](const TierScheme& a, const TierScheme& b) { return io::format_tier_scheme_json(a) == io::format_tier_scheme_json(b); },
          py::is_operator(), "Same rule, options and tiers.")
      .def("__repr__", [](const TierScheme& s) {
        std::string tiers;
        for (const auto& t : s.tiers) tiers += (tiers.empty() ? "" : ", ") + band_repr(t);
        return "TierScheme(" + quoted(to_string(s.rule)) + ", [" + tiers + "]" + (s.quota_share ? ", quota_share=True" : "") +
               (s.sub_bands != 1 ? ", sub_bands=" + std::to_string(s.sub_bands) : "") + ")";
      });

  py::class_<TierResult>(
      m, "Classification",
      "Tiers of a set of regions (classify, classify_by_targets), in input order. Per region: `tier` (label), "
      "`tier_index` (0 = best), `score`, `sub_band` (relative_to_mean with sub_bands > 1: 0 = top), `margin_up` "
      "(how much the score must rise to reach the next better tier; NaN in the best tier; with an exclusive "
      "boundary the score must exceed it) and `margin_down` (how far the score is above its own tier's lower "
      "boundary; NaN in the worst tier). `boundaries` (lower boundary of each tier in score units, -inf for "
      "the last) and `counts` per tier label. to_frame() gives a DataFrame.")
      .def_property_readonly("codes", [](const TierResult& r) { return r.codes; },
                             "Codes of the regions (the scores' index), or [] when not known.")
      .def_property_readonly("tier_labels", [](const TierResult& r) { return r.labels; }, "The scheme's labels, best first.")
      .def_property_readonly(
          "tier",
          [](const TierResult& r) {
            std::vector<std::string> out;
            for (const auto& a : r.result.regions) out.push_back(r.labels[a.tier]);
            return out;
          },
          "Tier label per region.")
      .def_property_readonly(
          "tier_index",
          [](const TierResult& r) {
            std::vector<Eigen::Index> t;
            for (const auto& a : r.result.regions) t.push_back(static_cast<Eigen::Index>(a.tier));
            return index_array(t);
          },
          "Tier position per region (0 = best), int64.")
      .def_property_readonly(
          "partial_data",
          [](const TierResult& r) {
            py::array_t<bool> out(static_cast<py::ssize_t>(r.result.regions.size()));
            for (std::size_t i = 0; i < r.result.regions.size(); ++i) out.mutable_at(static_cast<py::ssize_t>(i)) = r.result.regions[i].partial_data;
            return out;
          },
          "Per region: the tier was decided on partial data (the score rests on fewer indicators than the framework "
          "has; see Scores.coverage). Known only when classifying Scores; False for plain scores.")
      .def_property_readonly("score", [](const TierResult& r) { return per_region(r, [](const TierAssignment& a) { return a.score; }); },
                             "The score classified (targets_met: targets met of the tier found).")
      .def_property_readonly(
          "sub_band",
          [](const TierResult& r) {
            std::vector<Eigen::Index> s;
            for (const auto& a : r.result.regions) s.push_back(a.sub_band);
            return index_array(s);
          },
          "relative_to_mean with sub_bands > 1: sub-band in the tier, 0 = top; else 0.")
      .def_property_readonly("margin_up", [](const TierResult& r) { return per_region(r, [](const TierAssignment& a) { return a.margin_up; }); },
                             "Rise needed to reach the next better tier (NaN in the best tier).")
      .def_property_readonly(
          "margin_down", [](const TierResult& r) { return per_region(r, [](const TierAssignment& a) { return a.margin_down; }); },
          "Room above the tier's lower boundary (NaN in the worst tier).")
      .def_property_readonly(
          "boundaries",
          [](const TierResult& r) {
            py::dict out;
            for (std::size_t t = 0; t < r.labels.size(); ++t) out[py::str(r.labels[t])] = r.result.boundaries[t];
            return out;
          },
          "Lower boundary of each tier in score units (-inf for the last), by label.")
      .def_property_readonly(
          "counts",
          [](const TierResult& r) {
            py::dict out;
            for (std::size_t t = 0; t < r.labels.size(); ++t) out[py::str(r.labels[t])] = r.result.counts[t];
            return out;
          },
          "Regions per tier, by label.")
      .def("__len__", [](const TierResult& r) { return r.result.regions.size(); })
      .def("__repr__", [](const TierResult& r) {
        std::string counts;
        for (std::size_t t = 0; t < r.labels.size(); ++t)
          counts += (counts.empty() ? "" : ", ") + r.labels[t] + ": " + std::to_string(r.result.counts[t]);
        return "<Classification of " + std::to_string(r.result.regions.size()) + " regions: " + counts + ">";
      });

  m.def(
      "classify",
      [](const ScoresResult& scores, const TierScheme& scheme, std::optional<std::string> node) {
        TierResult r;
        r.labels = tier_labels(scheme);
        r.result = classify(scores.scores, scheme, node.value_or(""));
        r.codes = scores.scores.regions;
        return r;
      },
      "scores"_a, "scheme"_a, "node"_a = py::none(),
      "Classifies Scores by the score of `node` (default the root, the composite index), marking each tier decided "
      "on partial data (`partial_data`: the score rests on fewer indicators than the node has).\n\n"
      "Raises\n------\nValidationError\n    A missing score (names the region code), an invalid scheme.\n"
      "UnknownIdError\n    An unknown node.");

  m.def(
      "classify",
      [](py::object scores, const TierScheme& scheme, std::optional<std::vector<std::string>> codes) {
        auto values = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(scores);
        if (!values || values.ndim() != 1) throw validation_error("classify: scores must be a one-dimensional sequence of numbers");
        TierResult r;
        r.codes = codes_for(scores, codes, static_cast<std::size_t>(values.size()));
        for (std::size_t i = 0; i < r.codes.size(); ++i)  // with codes, a missing score is named by its code
          if (!std::isfinite(values.data()[i]))
            throw validation_error("score is missing or not finite: tiers need a score (impute or drop the region first)",
                                   detail::at_id(r.codes[i]));
        r.labels = tier_labels(scheme);
        r.result = classify(Eigen::Map<const Eigen::VectorXd>(values.data(), values.size()), scheme);
        return r;
      },
      "scores"_a, "scheme"_a, "codes"_a = py::none(),
      "Classifies scores with a score-based scheme (every rule but targets_met).\n\n"
      "Boundaries in score units: fixed -> the bounds; relative_to_mean -> bound x mean of the scores (or the "
      "bound itself when not relative); quota -> the lowest score inside each tier; natural_breaks -> the lowest "
      "score of each class. A region is in the first tier whose boundary its score reaches (>= when inclusive; "
      "quota and natural breaks are inclusive).\n\n"
      "Parameters\n----------\n"
      "scores : array_like or pandas.Series\n    One score per region; a Series' index becomes the codes.\n"
      "scheme : TierScheme\n"
      "codes : list[str], optional\n    Codes of the regions.\n\n"
      "Returns\n-------\nClassification\n\n"
      "Raises\n------\nValidationError\n    An invalid scheme, a missing (NaN) score (impute or drop the region first), "
      "a targets_met scheme, or fewer distinct scores than natural-break classes.");

  m.def(
      "classify_by_targets",
      [](const Eigen::MatrixXi& met, const TierScheme& scheme, std::optional<std::vector<std::string>> codes) {
        TierResult r;
        r.codes = codes_for(py::none(), codes, static_cast<std::size_t>(met.rows()));
        r.labels = tier_labels(scheme);
        r.result = classify_by_targets(met, scheme);
        return r;
      },
      "met"_a, "scheme"_a, "codes"_a = py::none(),
      "Classifies by the number of each tier's indicator targets met (rule 'targets_met').\n\n"
      "`met[r, t]` is the number of tier t's targets that region r meets (t = 0 best; the last column is unused). "
      "A region is in the first tier t with met[r, t] >= k_t. Margins are in targets: margin_up = k_{t-1} - "
      "met[r, t-1] (targets still to meet for the better tier), margin_down = met[r, t] - k_t.\n\n"
      "Raises ValidationError for a scheme of another rule or a shape mismatch.");

  m.def(
      "_compare_years",
      [](const TierResult& previous, const TierResult& current) {
        if (!previous.codes.empty() && !current.codes.empty() && previous.codes != current.codes)
          throw validation_error("compare_years: the two classifications are not of the same regions in the same order");
        const std::vector<YearMove> moves = compare_years(previous.result, current.result);
        py::list move, band, before, after;
        std::vector<Eigen::Index> tiers_moved, rank_change;
        std::vector<double> score_change;
        for (std::size_t i = 0; i < moves.size(); ++i) {
          move.append(to_string(moves[i].move));
          band.append(moves[i].rank_band);
          before.append(previous.labels[previous.result.regions[i].tier]);
          after.append(current.labels[current.result.regions[i].tier]);
          tiers_moved.push_back(moves[i].tiers_moved);
          rank_change.push_back(moves[i].rank_change);
          score_change.push_back(moves[i].score_change);
        }
        return py::dict("tier_before"_a = before, "tier_after"_a = after, "move"_a = move,
                        "tiers_moved"_a = index_array(tiers_moved), "score_change"_a = py::array_t<double>(static_cast<py::ssize_t>(score_change.size()), score_change.data()),
                        "rank_change"_a = index_array(rank_change), "rank_band"_a = band,
                        "code"_a = current.codes.empty() ? previous.codes : current.codes);
      },
      "previous"_a, "current"_a,
      "Columns of compare_years (countyleap.compare_years returns them as a DataFrame).");

  m.def("rank_change_band", &rank_change_band, "places_gained"_a,
        "Hebei's bands for a rank change (places gained; negative = lost): '+10 or more', '+5 to +9', '+1 to +4', "
        "'unchanged', '-1 to -4', '-5 to -9', '-10 or more' (the bands of the provincial bulletin's 进位/退位).");
}

}  // namespace countyleap::python
