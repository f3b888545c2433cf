// countyleap/indicator.hpp and countyleap/framework.hpp -> Variable, Indicator, Node,
// FrameworkInfo, Framework.

#include <optional>

#include "bindings.hpp"

namespace countyleap::python {
namespace {

/// Node index i of `fw`, checked: the C++ index accessors assume a valid index.
std::size_t node_at(const Framework& fw, py::ssize_t i) {
  if (i < 0 || static_cast<std::size_t>(i) >= fw.size())
    throw unknown_id_error("node index out of range (the framework has " + std::to_string(fw.size()) + " nodes)",
                           Location{"", 0, 0, "", std::to_string(i)});
  return static_cast<std::size_t>(i);
}

std::string range_repr(const ValidRange& r) {
  return r.unbounded() ? "" : ", range=(" + number(r.lo) + ", " + number(r.hi) + ")";
}

}  // namespace

void bind_framework(py::module_& m) {
  using namespace pybind11::literals;
  const double inf = std::numeric_limits<double>::infinity();
  const ValidRange unbounded{-inf, inf};

  py::class_<Variable>(m, "Variable",
                       "A raw statistic as collected, e.g. 地方财政科技支出 in 万元. Panels hold variables.\n\n"
                       "Parameters\n----------\n"
                       "id : str\n    ASCII id used in data files, e.g. 'fiscal_st_exp'.\n"
                       "name_zh, name_en : str\n    Chinese and English names.\n"
                       "unit : str\n    Unit, e.g. 万元 (10k yuan), count, persons, %.\n"
                       "range : tuple[float | None, float | None]\n    Closed valid interval [lo, hi]; None (or "
                       "inf) is an unbounded end.\n"
                       "note : str\n    Definition or source.")
      .def(py::init([](std::string id, std::string name_zh, std::string name_en, std::string unit, ValidRange range,
                       std::string note) {
             return Variable{std::move(id), std::move(name_zh), std::move(name_en), std::move(unit), range,
                             std::move(note)};
           }),
           "id"_a, "name_zh"_a = "", "name_en"_a = "", py::kw_only(), "unit"_a = "", "range"_a = unbounded,
           "note"_a = "")
      .def_readwrite("id", &Variable::id, "ASCII id used in data files.")
      .def_readwrite("name_zh", &Variable::name_zh, "Chinese name.")
      .def_readwrite("name_en", &Variable::name_en, "English name.")
      .def_readwrite("unit", &Variable::unit, "Unit, e.g. 万元.")
      .def_readwrite("range", &Variable::range, "Valid range (lo, hi); ±inf = unbounded.")
      .def_readwrite("note", &Variable::note, "Definition or source.")
      .def("__repr__", [](const Variable& v) {
        return "Variable(" + quoted(v.id) + ", " + quoted(v.name_zh) + ", " + quoted(v.name_en) +
               (v.unit.empty() ? "" : ", unit=" + quoted(v.unit)) + range_repr(v.range) + ")";
      });

  py::class_<Indicator>(
      m, "Indicator",
      "An indicator: a variable or a value derived from variables that the framework scores or the plan "
      "targets.\n\n"
      "Derivation rules (see derive), for a region in year t, n = `years`:\n\n"
      "- 'raw', 'qualitative': x = v_t\n"
      "- 'ratio': x = numerator_t / denominator_t * scale (e.g. patents per 10,000 residents)\n"
      "- 'growth': x = (v_t / v_{t-n} - 1) * 100, percent\n"
      "- 'cagr': x = ((v_t / v_{t-n})^(1/n) - 1) * 100, compound average annual growth in percent\n\n"
      "Parameters\n----------\n"
      "id : str\n    ASCII id, e.g. 'fiscal_st_share'.\n"
      "name_zh, name_en : str\n    Names, e.g. 地方财政科技支出占公共财政支出的比重.\n"
      "unit : str\n    Unit of the derived value, e.g. '%'.\n"
      "direction : int\n    1 if higher is better, -1 if lower is better (COINr's Direction).\n"
      "kind : str\n    'raw', 'ratio', 'growth', 'cagr' or 'qualitative'.\n"
      "variable : str\n    Source variable (raw, qualitative, growth, cagr; '' = the indicator's own id) or the "
      "numerator (ratio).\n"
      "denominator : str\n    Ratio only: the denominator variable.\n"
      "scale : float\n    Ratio only: multiplier, e.g. 100 for percent, 10000 per 10k.\n"
      "years : int\n    Growth and cagr: the span n in years.\n"
      "range : tuple[float | None, float | None]\n    Valid range of the derived value.\n"
      "denominate_by : str\n    COINr's Denominator: a variable an optional 'denominate' step divides by.\n"
      "target : float or None\n    A reference level (COINr's Target), None when there is none.\n"
      "note : str\n    Definition, source, or why the indicator was chosen.")
      .def(py::init([](std::string id, std::string name_zh, std::string name_en, std::string unit, Direction direction,
                       IndicatorKind kind, std::string variable, std::string denominator, double scale, int years,
                       ValidRange range, std::string denominate_by, std::optional<double> target, std::string note) {
             Indicator ind;
             ind.id = std::move(id);
             ind.name_zh = std::move(name_zh);
             ind.name_en = std::move(name_en);
             ind.unit = std::move(unit);
             ind.direction = direction;
             ind.kind = kind;
             ind.variable = std::move(variable);
             ind.denominator = std::move(denominator);
             ind.scale = scale;
             ind.years = years;
             ind.range = range;
             ind.denominate_by = std::move(denominate_by);
             if (target) ind.target = *target;
             ind.note = std::move(note);
             return ind;
           }),
           "id"_a, "name_zh"_a = "", "name_en"_a = "", py::kw_only(), "unit"_a = "",
           "direction"_a = Direction::higher_is_better, "kind"_a = IndicatorKind::raw, "variable"_a = "",
           "denominator"_a = "", "scale"_a = 1.0, "years"_a = 1, "range"_a = unbounded, "denominate_by"_a = "",
           "target"_a = py::none(), "note"_a = "")
      .def_readwrite("id", &Indicator::id, "ASCII id.")
      .def_readwrite("name_zh", &Indicator::name_zh, "Chinese name.")
      .def_readwrite("name_en", &Indicator::name_en, "English name.")
      .def_readwrite("unit", &Indicator::unit, "Unit of the derived value.")
      .def_readwrite("direction", &Indicator::direction, "1 if higher is better, -1 if lower is better.")
      .def_readwrite("kind", &Indicator::kind, "'raw', 'ratio', 'growth', 'cagr' or 'qualitative'.")
      .def_readwrite("variable", &Indicator::variable, "Source variable or ratio numerator ('' = own id).")
      .def_readwrite("denominator", &Indicator::denominator, "Ratio denominator variable.")
      .def_readwrite("scale", &Indicator::scale, "Ratio multiplier.")
      .def_readwrite("years", &Indicator::years, "Growth/cagr span in years.")
      .def_readwrite("range", &Indicator::range, "Valid range (lo, hi) of the derived value; ±inf = unbounded.")
      .def_readwrite("denominate_by", &Indicator::denominate_by, "COINr's Denominator ('' for none).")
      .def_property(
          "target",
          [](const Indicator& ind) -> std::optional<double> {
            if (std::isnan(ind.target)) return std::nullopt;
            return ind.target;
          },
          [](Indicator& ind, std::optional<double> t) {
            ind.target = t ? *t : std::numeric_limits<double>::quiet_NaN();
          },
          "Reference level (COINr's Target), or None.")
      .def_readwrite("note", &Indicator::note, "Definition or source.")
      .def_property_readonly("source", &Indicator::source,
                             "The variable the value is read from (or the ratio numerator): `variable`, or the id "
                             "when that is empty.")
      .def("__repr__", [](const Indicator& i) {
        std::string s = "Indicator(" + quoted(i.id) + ", " + quoted(i.name_zh) + ", " + quoted(i.name_en) +
                        ", kind=" + quoted(to_string(i.kind));
        if (i.kind == IndicatorKind::ratio)
          s += ", variable=" + quoted(i.variable) + ", denominator=" + quoted(i.denominator) + ", scale=" + number(i.scale);
        else if (!i.variable.empty())
          s += ", variable=" + quoted(i.variable);
        if (i.kind == IndicatorKind::growth || i.kind == IndicatorKind::cagr) s += ", years=" + std::to_string(i.years);
        if (i.direction == Direction::lower_is_better) s += ", direction=-1";
        if (!i.unit.empty()) s += ", unit=" + quoted(i.unit);
        return s + range_repr(i.range) + ")";
      });

  py::class_<Node>(m, "Node",
                   "A node of the framework tree: an aggregate (index, dimension, pillar) or a leaf whose id is the "
                   "id of a scored indicator.\n\n"
                   "Parameters\n----------\n"
                   "id : str\n    Unique id; a leaf's id is its indicator's id.\n"
                   "parent : str\n    Id of the parent node; '' for the root.\n"
                   "weight : float\n    Weight relative to the siblings: a node's share of its parent is weight / "
                   "sum of sibling weights. Finite, >= 0, not all zero in a node.\n"
                   "name_zh, name_en : str\n    Names (leaves may leave them empty: the indicator's are used).\n"
                   "aggregation : str\n    Aggregation rule for this node's children; '' = the pipeline's "
                   "default.\n"
                   "note : str\n    Remarks, e.g. why the weight was chosen.")
      .def(py::init([](std::string id, std::string parent, double weight, std::string name_zh, std::string name_en,
                       std::string aggregation, std::string note) {
             return Node{std::move(id), std::move(name_zh), std::move(name_en), std::move(parent), weight,
                         std::move(aggregation), std::move(note)};
           }),
           "id"_a, "parent"_a = "", "weight"_a = 1.0, py::kw_only(), "name_zh"_a = "", "name_en"_a = "",
           "aggregation"_a = "", "note"_a = "")
      .def_readwrite("id", &Node::id, "Unique id.")
      .def_readwrite("name_zh", &Node::name_zh, "Chinese name.")
      .def_readwrite("name_en", &Node::name_en, "English name.")
      .def_readwrite("parent", &Node::parent, "Parent id; '' for the root.")
      .def_readwrite("weight", &Node::weight, "Weight relative to the siblings.")
      .def_readwrite("aggregation", &Node::aggregation, "Aggregation rule of the children ('' = default).")
      .def_readwrite("note", &Node::note, "Remarks.")
      .def("__repr__", [](const Node& n) {
        return "Node(" + quoted(n.id) + ", " + quoted(n.parent) + ", " + number(n.weight) +
               (n.name_zh.empty() ? "" : ", name_zh=" + quoted(n.name_zh)) +
               (n.name_en.empty() ? "" : ", name_en=" + quoted(n.name_en)) + ")";
      });

  py::class_<FrameworkInfo>(m, "FrameworkInfo", "Title and provenance of a framework.")
      .def(py::init([](std::string id, std::string name_zh, std::string name_en, std::string note) {
             return FrameworkInfo{std::move(id), std::move(name_zh), std::move(name_en), std::move(note)};
           }),
           py::kw_only(), "id"_a = "", "name_zh"_a = "", "name_en"_a = "", "note"_a = "")
      .def_readwrite("id", &FrameworkInfo::id, "Short id, e.g. 'hebei-county-default'.")
      .def_readwrite("name_zh", &FrameworkInfo::name_zh, "Chinese title.")
      .def_readwrite("name_en", &FrameworkInfo::name_en, "English title.")
      .def_readwrite("note", &FrameworkInfo::note, "Provenance; says when weights are a default, not an official set.")
      .def("__repr__", [](const FrameworkInfo& i) {
        return "FrameworkInfo(id=" + quoted(i.id) + ", name_zh=" + quoted(i.name_zh) + ", name_en=" + quoted(i.name_en) +
               ")";
      });

  py::class_<Framework>(
      m, "Framework",
      "A validated indicator framework: raw variables, indicators and a weighted tree of dimensions (COINr's "
      "index structure).\n\n"
      "Nodes are kept in a canonical order: first the leaves (scored indicators) in the order given, then the "
      "aggregates by ascending level (a leaf has level 1, an aggregate 1 + the largest level of its children), "
      "ties in the order given; the root is last. Node indices refer to this order.\n\n"
      "Validation on construction, each failure naming the id: ids well formed and unique among variables, "
      "among indicators and among nodes (DuplicateError); indicator references to undeclared variables and "
      "unknown parents (UnknownIdError); a ratio without numerator/denominator or with a zero or non-finite "
      "scale, growth/cagr with years < 1, negative or non-finite weights, all-zero weights within a node, an "
      "aggregate without children, a leaf with children, a cycle, no root or several roots (FrameworkError). "
      "A raw, qualitative, growth or cagr indicator whose source is its own undeclared id declares that "
      "variable implicitly.\n\n"
      "Parameters\n----------\n"
      "variables : list[Variable]\n    Raw variables.\n"
      "indicators : list[Indicator]\n    All indicators, scored (in the tree) or not.\n"
      "nodes : list[Node]\n    The tree; a node whose id is an indicator id is a leaf.\n"
      "info : FrameworkInfo, optional\n    Title and provenance.")
      .def(py::init<>())
      .def(py::init([](std::vector<Variable> variables, std::vector<Indicator> indicators, std::vector<Node> nodes,
                       std::optional<FrameworkInfo> info) {
             return Framework(std::move(variables), std::move(indicators), std::move(nodes),
                              info.value_or(FrameworkInfo{}));
           }),
           "variables"_a, "indicators"_a, "nodes"_a, py::kw_only(), "info"_a = py::none())
      .def_property_readonly("info", &Framework::info, copied, "Title and provenance (a copy).")
      .def_property_readonly("variables", &Framework::variables, copied,
                             "Declared raw variables, implicitly declared ones included, in order (copies).")
      .def_property_readonly("indicators", &Framework::indicators, copied, "All indicators, scored or not (copies).")
      .def_property_readonly("nodes", &Framework::nodes, copied, "Nodes in canonical order (copies).")
      .def("__len__", &Framework::size, "Number of nodes.")
      .def_property_readonly("n_leaves", &Framework::n_leaves,
                             "Number of leaves (scored indicators); they are nodes 0 .. n_leaves-1.")
      .def_property_readonly("root", &Framework::root, "Index of the root (always len(framework) - 1).")
      .def(
          "is_leaf", [](const Framework& fw, py::ssize_t i) { return fw.is_leaf(node_at(fw, i)); }, "i"_a,
          "True when node i is a leaf (an indicator).")
      .def(
          "level", [](const Framework& fw, py::ssize_t i) { return fw.level(node_at(fw, i)); }, "i"_a,
          "Level of node i: 1 for leaves, 1 + max child level for aggregates (COINr's Level).")
      .def(
          "parent", [](const Framework& fw, py::ssize_t i) { return fw.parent(node_at(fw, i)); }, "i"_a,
          "Parent index of node i, or None for the root.")
      .def(
          "children", [](const Framework& fw, py::ssize_t i) { return fw.children(node_at(fw, i)); }, "i"_a,
          "Children of node i in the order given (empty for leaves).")
      .def(
          "share", [](const Framework& fw, py::ssize_t i) { return fw.share(node_at(fw, i)); }, "i"_a,
          "Share of node i in its parent: weight / sum of the weights of its siblings (1 for the root).")
      .def("find_node", &Framework::find_node, "id"_a, "Node index by id, or None.")
      .def("node_index", &Framework::node_index, "id"_a, "Node index by id. Raises UnknownIdError.")
      .def("node", &Framework::node, "id"_a, "The node with this id (a copy). Raises UnknownIdError.")
      .def(
          "find_indicator",
          [](const Framework& fw, const std::string& id) -> std::optional<Indicator> {
            if (const Indicator* ind = fw.find_indicator(id)) return *ind;
            return std::nullopt;
          },
          "id"_a, "Indicator by id (a copy), or None.")
      .def("indicator", &Framework::indicator, "id"_a, "Indicator by id (a copy). Raises UnknownIdError.")
      .def(
          "find_variable",
          [](const Framework& fw, const std::string& id) -> std::optional<Variable> {
            if (const Variable* v = fw.find_variable(id)) return *v;
            return std::nullopt;
          },
          "id"_a, "Variable by id (a copy), or None.")
      .def(
          "leaf_indicator",
          [](const Framework& fw, py::ssize_t i) {
            const std::size_t k = node_at(fw, i);
            if (!fw.is_leaf(k))
              throw unknown_id_error("node is not a leaf", Location{"", 0, 0, "", fw.nodes()[k].id});
            return fw.leaf_indicator(k);
          },
          "i"_a, "The indicator of leaf i (i < n_leaves). Raises UnknownIdError for an aggregate.")
      .def("scored_indicators", &Framework::scored_indicators, "Ids of the scored indicators (the leaves), in leaf order.")
      .def("unscored_indicators", &Framework::unscored_indicators,
           "Ids of indicators that are defined but not in the tree (monitored or targeted only).")
      .def_static("inputs_of", &Framework::inputs_of, "indicator"_a,
                  "Ids of the variables an indicator is computed from (source, denominator, denominate_by).")
      .def("__repr__", [](const Framework& fw) {
        const std::string title = fw.info().name_zh.empty() ? fw.info().id : fw.info().name_zh;
        return "<Framework" + (title.empty() ? std::string() : " " + quoted(title)) + ": " +
               std::to_string(fw.size()) + " nodes, " + std::to_string(fw.n_leaves()) + " scored of " +
               std::to_string(fw.indicators().size()) + " indicators, " + std::to_string(fw.variables().size()) +
               " variables>";
      });
}

}  // namespace countyleap::python
