#!/usr/bin/python3
"""Writes panel-illustrative.csv: an ILLUSTRATIVE county panel, NOT official statistics.

The panel holds invented raw statistics for the 21 county-level units of the Shijiazhuang leap
plan (plan.json; 辛集市 130181 is out of scope) for the years 2019-2022: every variable of the
bundled framework (framework.json), including the denominators of its ratio indicators. It exists
to demonstrate countyleap: classification, gaps, warnings and the bulletin need a panel, and no
official county-level panel of these statistics is public. No value in it is a statistic of any
county. Populations, budgets and enterprise counts have realistic orders of magnitude, and the
scored indicators have scales comparable with the plan's 2022 tier targets; that is all.

How the values are made (numpy only, seeded, so every run writes the same file):

1. Size variables (not scored themselves, the denominators of the ratios) come first, per unit
   and year: population (persons), general public budget expenditure (万元), registered
   enterprises, industrial enterprises above designated size, their main business revenue and
   value added (万元). Each unit has a rough size (SIZE below, an order of magnitude, not a census
   figure) and a kind: the four central urban districts have many registered enterprises and few
   factories; the other units are the reverse.
2. Every scored quantity q then follows a log-linear model around its A-tier standard T (the
   indicator's `target` in framework.json):  ln(q / T) = beta_q * theta[u, t] + alpha[u, q] +
   delta_q * (t - 2019) + eps[u, q, t], where theta is the unit's overall strength in year t,
   alpha its fixed profile (strengths and weak spots), delta a common trend and eps yearly noise.
   Shares have soft ceilings (hi * tanh(x / hi)) so that they stay plausible; the ratio
   indicators' numerators are the ratio times the denominator (e.g. R&D expenditure = intensity x
   revenue), so the framework derives exactly the modelled ratio back. Stocks (platforms, service
   institutions, parks, innovative townships, invention patents) never fall from one year to the
   next. The three qualitative management scores are 100 - 12 exp(-0.7 (theta + alpha + eps)), on 0-100.
   Values are rounded as a statistical table would print them (counts whole, 万元 to one decimal,
   scores to 0.5).
3. Calibration: STORY below fixes a target composite score for every unit and year. For each
   year in turn and each unit, theta is found by bisection so that the default method's score of
   the rounded values just reaches the target (every value is non-decreasing in theta, so the
   score is too). The default method (spec.json) is re-implemented here with numpy: each scored
   indicator as a percentage of its standard, capped at 100 (ratio_to_standard, the 实现程度 of
   China's statistical monitoring), then weighted arithmetic means up the framework's tree with
   its point weights, which gives a 100-point score; tiers by plan.json's cut-offs (A >= 80,
   B >= 60, C below).
4. Checks, before anything is written: the 2020 tiers are exactly plan.json's observed tiers
   (A 8, B 4, C 9); no score of any year lies within MARGIN points of a tier boundary; in 2021 and
   2022 some per-unit goals are met and some missed, some 2022 indicator targets are met and some
   not, and local fiscal S&T expenditure grows by 30 % or more in some units and by less in
   others; every ratio lies within its indicator's range and every numerator below its
   denominator.

The storyline of 2021-2022 is invented: of the plan's named moves, 桥西区 (B->A), 新乐市 and 井陉县
(C->B) succeed in 2021 while 赵县 (B->A) and 无极县 (C->B) come a year late; in 2022 深泽县 reaches A,
晋州市 misses it, 赞皇县 stays C, and 元氏县 drops from A to B.

Usage:
    /usr/bin/python3 data/shijiazhuang/generate_panel.py          # write the panel, print scores
    /usr/bin/python3 data/shijiazhuang/generate_panel.py --check  # exit 1 if the file differs
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "panel-illustrative.csv"
SEED = 20220319  # the plan's publication date, 2022-03-19
YEARS = (2019, 2020, 2021, 2022)
MARGIN = 0.5  # no score may lie closer than this to a tier boundary

# Target composite score (default method) per unit for 2019, 2020, 2021, 2022. The 2020 column
# gives plan.json's observed tiers; the later columns are the invented storyline.
STORY = {
    "130102": (86.0, 87.5, 88.5, 89.5),  # 长安区 A, holds A
    "130104": (74.0, 76.0, 82.0, 84.0),  # 桥西区 B, named B->A 2021: met
    "130105": (82.5, 84.0, 85.0, 86.5),  # 新华区 A, holds A
    "130107": (42.0, 44.0, 47.5, 61.5),  # 井陉矿区 C, named C->B 2022: met
    "130108": (88.5, 90.0, 91.0, 92.0),  # 裕华区 A, holds A
    "130109": (84.0, 86.0, 87.0, 88.0),  # 藁城区 A, holds A
    "130110": (83.5, 85.0, 86.5, 87.0),  # 鹿泉区 A, holds A
    "130111": (81.5, 82.5, 83.5, 84.5),  # 栾城区 A, holds A
    "130121": (52.5, 55.0, 61.5, 64.5),  # 井陉县 C, named C->B 2021: met
    "130123": (87.0, 88.5, 90.0, 91.0),  # 正定县 A, holds A
    "130125": (47.0, 50.0, 53.0, 62.0),  # 行唐县 C, named C->B 2022: met
    "130126": (45.5, 48.0, 51.5, 62.5),  # 灵寿县 C, named C->B 2022: met
    "130127": (49.0, 51.0, 54.5, 64.0),  # 高邑县 C, named C->B 2022: met
    "130128": (66.0, 68.0, 72.0, 81.5),  # 深泽县 B, named B->A 2022: met
    "130129": (44.0, 46.0, 48.5, 56.5),  # 赞皇县 C, named C->B 2022: missed
    "130130": (51.0, 53.0, 57.0, 62.5),  # 无极县 C, named C->B 2021: missed, B in 2022
    "130131": (46.5, 49.0, 53.0, 63.0),  # 平山县 C, named C->B 2022: met
    "130132": (81.0, 82.0, 81.5, 76.5),  # 元氏县 A, drops to B in 2022
    "130133": (71.0, 73.0, 78.0, 81.5),  # 赵县 B, named B->A 2021: missed, A in 2022
    "130183": (63.5, 65.0, 67.0, 74.0),  # 晋州市 B, named B->A 2022: missed
    "130184": (53.5, 56.0, 62.0, 65.0),  # 新乐市 C, named C->B 2021: met
}

# Rough size (resident population, 10k persons; an order of magnitude for illustration, not a
# census figure) and kind: "core" = central urban district, "district" = other district,
# "county" = county or county-level city.
SIZE = {
    "130102": (62, "core"), "130104": (68, "core"), "130105": (60, "core"), "130107": (10, "district"),
    "130108": (65, "core"), "130109": (77, "district"), "130110": (46, "district"), "130111": (34, "district"),
    "130121": (28, "county"), "130123": (56, "county"), "130125": (40, "county"), "130126": (30, "county"),
    "130127": (17, "county"), "130128": (25, "county"), "130129": (24, "county"), "130130": (45, "county"),
    "130131": (42, "county"), "130132": (40, "county"), "130133": (55, "county"), "130183": (52, "county"),
    "130184": (48, "county"),
}

# Modelled quantities: elasticity beta to theta, spread of the unit profile alpha, common trend
# (growth factor a year), yearly noise sd, and a soft ceiling (None = none). The standard T is
# the indicator's target in framework.json (for tech_smes and hightech_ents also the absolute
# counts; their per-1k densities follow from the registered enterprises).
MODEL = {
    "fiscal_st_share":       dict(beta=1.0, alpha=0.25, trend=1.16, noise=0.10, ceiling=6.0),
    "ent_rd_intensity":      dict(beta=0.9, alpha=0.25, trend=1.06, noise=0.08, ceiling=5.0),
    "hightech_ents":         dict(beta=1.3, alpha=0.25, trend=1.15, noise=0.05, ceiling=None),
    "tech_smes":             dict(beta=1.3, alpha=0.25, trend=1.20, noise=0.06, ceiling=None),
    "rd_institution_share":  dict(beta=0.8, alpha=0.20, trend=1.05, noise=0.05, ceiling=95.0),
    "platforms":             dict(beta=1.3, alpha=0.30, trend=1.10, noise=0.05, ceiling=None),
    "service_institutions":  dict(beta=1.3, alpha=0.30, trend=1.10, noise=0.05, ceiling=None),
    "innovation_parks":      dict(beta=1.0, alpha=0.25, trend=1.06, noise=0.04, ceiling=None),
    "innovative_townships":  dict(beta=1.0, alpha=0.25, trend=1.08, noise=0.04, ceiling=None),
    "patents_per_10k":       dict(beta=1.3, alpha=0.30, trend=1.14, noise=0.04, ceiling=None),
    "hightech_va_share":     dict(beta=0.8, alpha=0.20, trend=1.04, noise=0.06, ceiling=85.0),
    "mgmt_organisation":     dict(beta=0.7, alpha=0.25, trend=1.00, noise=0.05, ceiling=None),
    "mgmt_policy":           dict(beta=0.7, alpha=0.25, trend=1.00, noise=0.05, ceiling=None),
    "mgmt_outreach":         dict(beta=0.7, alpha=0.25, trend=1.00, noise=0.05, ceiling=None),
    "support_awards":        dict(beta=1.0, alpha=0.30, trend=1.10, noise=0.08, ceiling=None),
}
STOCKS = ("platforms", "service_institutions", "innovation_parks", "innovative_townships", "invention_patents")
# Size effect on the absolute counts: ln q gains SIZE_EFFECT * ln(population / 400k).
SIZE_EFFECT = {"hightech_ents": 0.7, "tech_smes": 0.7, "platforms": 0.5, "service_institutions": 0.5,
               "innovation_parks": 0.3, "support_awards": 0.3}
# Kind effects on a unit's profile: the central districts hold more patents and have few townships.
KIND_EFFECT = {"core": {"patents_per_10k": 0.5, "innovative_townships": -0.7, "rd_institution_share": 0.15}}

COMMENTS = (
    "ILLUSTRATIVE DATA, NOT OFFICIAL STATISTICS: invented values for demonstrating the countyleap library.",
    f"Generated by data/shijiazhuang/generate_panel.py (numpy, seed {SEED}); regenerate with "
    "/usr/bin/python3 data/shijiazhuang/generate_panel.py.",
    "21 units of the Shijiazhuang leap plan (辛集市 130181 excluded), 2019-2022, every raw variable of "
    "framework hebei-county-default.",
    "Calibrated so that the default method (spec.json) gives the plan's 2020 tiers (A 8, B 4, C 9); "
    "2021 and 2022 follow an invented storyline.",
    "No value is a statistic of any county; do not cite these numbers.",
)


def load(name):
    with open(HERE / name, encoding="utf-8") as f:
        return json.load(f)


class Method:
    """The default method of spec.json on framework.json, in numpy (an implementation independent
    of countyleap's C++ code): ratio to standard capped at 100, weighted arithmetic means up the
    tree with the given weights, tiers by the plan's fixed cut-offs."""

    def __init__(self, framework, spec, plan):
        expected = {"normalise": {"method": "ratio_to_standard", "scale": 100, "cap": True},
                    "weights": {"method": "given"}, "aggregate": {"method": "arithmetic"}}
        assert spec == expected, f"spec.json is not the default method this generator implements: {spec}"
        self.indicators = {ind["id"]: ind for ind in framework["indicators"]}
        self.variables = [v["id"] for v in framework["variables"]]
        self.nodes = framework["nodes"]
        self.children = {}
        for n in self.nodes:
            if "parent" in n:
                self.children.setdefault(n["parent"], []).append(n)
        self.root = next(n["id"] for n in self.nodes if "parent" not in n)
        self.leaves = [n["id"] for n in self.nodes if n["id"] in self.indicators]
        scheme = plan["tier_scheme"]
        assert scheme["rule"] == "fixed" and all(t.get("inclusive", True) for t in scheme["tiers"])
        self.labels = [t["label"] for t in scheme["tiers"]]
        self.cuts = [t["min"] for t in scheme["tiers"][:-1]]

    def indicator(self, data, ind_id):
        """The indicator's values derived from raw variables (arrays): raw or qualitative = the
        variable; ratio = numerator / denominator * scale."""
        ind = self.indicators[ind_id]
        x = data[ind.get("variable", ind_id)]
        if ind.get("kind", "raw") == "ratio":
            x = x / data[ind["denominator"]] * ind.get("scale", 1)
        return x

    def leaf_score(self, data, ind_id):
        ind = self.indicators[ind_id]
        x, target = self.indicator(data, ind_id), ind["target"]
        ratio = x / target if ind.get("direction", 1) == 1 else target / x
        return np.minimum(ratio, 1.0) * 100

    def score(self, data, node_id=None):
        node_id = node_id or self.root
        if node_id in self.indicators:
            return self.leaf_score(data, node_id)
        kids = self.children[node_id]
        w = np.array([k.get("weight", 1.0) for k in kids])
        s = np.array([self.score(data, k["id"]) for k in kids])
        return np.tensordot(w, s, axes=1) / w.sum()

    def tier(self, score):
        for label, cut in zip(self.labels, self.cuts):
            if score >= cut:
                return label
        return self.labels[-1]

    def margin(self, score):
        """Distance of a score to the nearest tier boundary."""
        return min(abs(score - c) for c in self.cuts)


class Generator:
    def __init__(self, method, codes):
        self.m = method
        self.codes = codes
        rng = np.random.default_rng(SEED)
        nu, ny = len(codes), len(YEARS)
        self.kind = [SIZE[c][1] for c in codes]
        pop0 = np.array([SIZE[c][0] * 1e4 for c in codes]) * np.exp(rng.normal(0, 0.03, nu))
        core = np.array([k == "core" for k in self.kind])
        pop_growth = np.where(core, rng.uniform(0.004, 0.012, nu), rng.uniform(-0.006, 0.008, nu))
        t = np.arange(ny)
        pop = pop0[:, None] * (1 + pop_growth[:, None]) ** t
        # budget: 5,500-9,500 yuan per resident; 2020 up (epidemic spending), 2021 flat, 2022 up
        per_capita = rng.uniform(0.55, 0.95, nu)
        budget_path = np.cumprod(np.column_stack([np.ones(nu), 1.08 + rng.normal(0, 0.03, nu),
                                                  0.99 + rng.normal(0, 0.03, nu), 1.04 + rng.normal(0, 0.03, nu)]), axis=1)
        budget = pop0[:, None] * per_capita[:, None] * budget_path
        # registered enterprises per 1,000 residents: 45-70 in the central districts, 15-30 elsewhere
        density = np.where(core, rng.uniform(45, 70, nu), rng.uniform(15, 30, nu)) / 1000
        reg_growth = rng.uniform(0.06, 0.12, nu)
        registered = pop0[:, None] * density[:, None] * (1 + reg_growth[:, None]) ** t
        # industrial enterprises above designated size: few in the central districts
        ind_ents0 = np.where(core, rng.uniform(35, 90, nu), pop0 / 1e4 * rng.uniform(4.0, 7.5, nu))
        ind_ents = ind_ents0[:, None] * np.exp(np.cumsum(np.column_stack([np.zeros(nu), rng.normal(0.02, 0.04, (nu, ny - 1))]), axis=1))
        revenue_per_ent = rng.uniform(12000, 30000, nu)  # 万元 a year per enterprise
        rev_growth = np.cumprod(np.column_stack([np.ones(nu), 1 + rng.normal(0.06, 0.03, (nu, ny - 1))]), axis=1)
        revenue = ind_ents0[:, None] * revenue_per_ent[:, None] * rev_growth
        va_share = rng.uniform(0.20, 0.28, nu)
        self.size = {
            "population": np.round(pop),
            "public_budget_exp": np.round(budget, 1),
            "registered_ents": np.round(registered),
            "industrial_ents": np.round(ind_ents),
            "main_business_revenue": np.round(revenue, 1),
            "industrial_va": np.round(revenue * va_share[:, None], 1),
        }
        self.agri = np.round(np.clip(rng.uniform(52, 70, nu)[:, None] + rng.uniform(0.5, 2.5, nu)[:, None] * t
                                     + rng.normal(0, 0.6, (nu, ny)), 0, 100), 1)
        # profiles and noise, drawn in a fixed order
        self.alpha, self.eps = {}, {}
        log_size = np.log(pop0 / 4e5)
        for q, spec in MODEL.items():
            a = rng.normal(0, spec["alpha"], nu) + SIZE_EFFECT.get(q, 0.0) * log_size
            for k, effects in KIND_EFFECT.items():
                a = a + np.where(np.array(self.kind) == k, effects.get(q, 0.0), 0.0)
            self.alpha[q] = a
            self.eps[q] = rng.normal(0, spec["noise"], (nu, ny))
        self.values = {v: np.full((nu, ny), np.nan) for v in method.variables}
        for v, x in self.size.items():
            self.values[v][:] = x
        self.values["agri_industrialisation_rate"][:] = self.agri

    def level(self, q, u, ti, theta):
        """The modelled level of quantity q (in the indicator's own unit)."""
        spec = MODEL[q]
        standard = self.m.indicators[q]["target"]
        x = standard * np.exp(spec["beta"] * theta + self.alpha[q][u] + np.log(spec["trend"]) * ti + self.eps[q][u, ti])
        if spec["ceiling"] is not None:
            x = spec["ceiling"] * np.tanh(x / spec["ceiling"])
        return x

    def unit_values(self, u, ti, theta):
        """All 22 raw variables of unit u in year slot ti for strength theta, rounded."""
        size = {v: x[u, ti] for v, x in self.size.items()}
        out = dict(size)
        out["agri_industrialisation_rate"] = self.agri[u, ti]
        out["fiscal_st_exp"] = round(self.level("fiscal_st_share", u, ti, theta) * size["public_budget_exp"] / 100, 1)
        out["ent_rd_exp"] = round(self.level("ent_rd_intensity", u, ti, theta) * size["main_business_revenue"] / 100, 1)
        out["ents_with_rd_institution"] = float(round(self.level("rd_institution_share", u, ti, theta) * size["industrial_ents"] / 100))
        out["hightech_va"] = round(self.level("hightech_va_share", u, ti, theta) * size["industrial_va"] / 100, 1)
        out["invention_patents"] = float(round(self.level("patents_per_10k", u, ti, theta) * size["population"] / 1e4))
        # enterprise counts stay below 5 % (high-tech) and 40 % (tech SMEs) of registered enterprises
        for q, share in (("hightech_ents", 0.05), ("tech_smes", 0.40)):
            hi = share * size["registered_ents"]
            out[q] = float(round(hi * np.tanh(self.level(q, u, ti, theta) / hi)))
        for q in ("platforms", "service_institutions", "innovation_parks", "innovative_townships", "support_awards"):
            out[q] = float(round(self.level(q, u, ti, theta)))
        for q in ("mgmt_organisation", "mgmt_policy", "mgmt_outreach"):
            spec = MODEL[q]
            x = 100 - 12 * np.exp(-spec["beta"] * theta - self.alpha[q][u] - self.eps[q][u, ti])
            out[q] = round(2 * float(np.clip(x, 0, 100))) / 2
        if ti > 0:
            for v in STOCKS:
                out[v] = max(out[v], self.values[v][u, ti - 1])
        return out

    def unit_score(self, u, ti, theta):
        vals = self.unit_values(u, ti, theta)
        return float(self.m.score({v: np.array([x]) for v, x in vals.items()})[0])

    def calibrate(self):
        """Per year, per unit: the smallest theta (bisection) whose score reaches the story's target."""
        for ti, year in enumerate(YEARS):
            for u, code in enumerate(self.codes):
                target = STORY[code][ti]
                lo, hi = -6.0, 6.0
                assert self.unit_score(u, ti, lo) < target <= self.unit_score(u, ti, hi), (code, year, target)
                for _ in range(60):
                    mid = (lo + hi) / 2
                    if self.unit_score(u, ti, mid) >= target:
                        hi = mid
                    else:
                        lo = mid
                for v, x in self.unit_values(u, ti, hi).items():
                    self.values[v][u, ti] = x


def check(gen, method, plan):
    """The calibration and the mixed picture; returns the scores (units x years)."""
    codes = gen.codes
    data = gen.values
    scores = method.score(data)
    tiers = [[method.tier(s) for s in row] for row in scores]
    ti2020 = YEARS.index(2020)
    observed = {o["code"]: o["tier"] for o in plan["observed"] if o["evaluation_year"] == 2020}
    assert sorted(observed) == sorted(codes)
    got = {c: tiers[u][ti2020] for u, c in enumerate(codes)}
    assert got == observed, {c: (got[c], observed[c]) for c in codes if got[c] != observed[c]}
    counts = {label: sum(t == label for t in got.values()) for label in method.labels}
    baseline = next(p for p in plan["phases"] if p.get("baseline"))
    assert counts == baseline["tier_counts"], counts
    worst = float(np.min([[method.margin(s) for s in row] for row in scores]))
    assert worst >= MARGIN, f"a score lies {worst:.3f} points from a tier boundary"

    rank = {label: i for i, label in enumerate(method.labels)}
    for year in (2021, 2022):
        ti = YEARS.index(year)
        met = [g["code"] for g in plan["goals"] if g["evaluation_year"] == year
               and rank[tiers[codes.index(g["code"])][ti]] <= rank[g["tier"]]]
        missed = [g["code"] for g in plan["goals"] if g["evaluation_year"] == year and g["code"] not in met]
        assert met and missed, (year, met, missed)
    # 2022 indicator targets of each unit's goal tier: some met, some not
    goal_2022 = {g["code"]: g["tier"] for g in plan["goals"] if g["evaluation_year"] == 2022}
    ti = YEARS.index(2022)
    n_met = n_missed = 0
    for t in plan["indicator_targets"]:
        x = method.indicator(data, t["indicator"])[:, ti]
        for u, c in enumerate(codes):
            if goal_2022[c] == t["tier"]:
                n_met += bool(x[u] >= t["value"])
                n_missed += bool(x[u] < t["value"])
    assert n_met and n_missed, (n_met, n_missed)
    # fiscal S&T expenditure growth: 30 % or more in some units, less in others, in 2021 and 2022
    fiscal = data["fiscal_st_exp"]
    for ti in (2, 3):
        growth = fiscal[:, ti] / fiscal[:, ti - 1] - 1
        assert (growth >= 0.30).any() and (growth < 0.30).any(), (YEARS[ti], growth)
    # ranges: every indicator inside its range, every numerator at most its denominator
    for ind in method.indicators.values():
        x = method.indicator(data, ind["id"])
        lo, hi = ind.get("range", [None, None])
        assert lo is None or (x >= lo).all(), ind["id"]
        assert hi is None or (x <= hi).all(), ind["id"]
        if ind.get("kind") == "ratio":
            assert (data[ind["variable"]] <= data[ind["denominator"]]).all(), ind["id"]
    for v in STOCKS:
        assert (np.diff(data[v], axis=1) >= 0).all(), v
    for v, x in data.items():
        assert np.isfinite(x).all() and (x >= 0).all(), v
    return scores


def number(x):
    """The shortest text that reads back to x, as countyleap writes numbers (std::to_chars: fixed
    or scientific, whichever is shorter, fixed on a tie), so the file is in the library's
    canonical form."""
    fixed = np.format_float_positional(x, unique=True, trim="-")
    sci = np.format_float_scientific(x, unique=True, trim="-", exp_digits=2)
    return sci if len(sci) < len(fixed) else fixed


def panel_text(gen, method):
    lines = [f"# {c}" for c in COMMENTS]
    lines.append("code,variable,year,value")
    for ti, year in enumerate(YEARS):
        for v in method.variables:
            for u, code in enumerate(gen.codes):
                lines.append(f"{code},{v},{year},{number(float(gen.values[v][u, ti]))}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the file on disk instead of writing it")
    args = parser.parse_args()

    framework, plan, regions = load("framework.json"), load("plan.json"), load("regions.json")
    method = Method(framework, load("spec.json"), plan)
    codes = [r["code"] for r in regions["regions"] if r.get("in_scope", True)]
    assert sorted(codes) == sorted(STORY) == sorted(SIZE) and len(codes) == 21
    gen = Generator(method, codes)
    gen.calibrate()
    scores = check(gen, method, plan)
    text = panel_text(gen, method)

    names = {r["code"]: r["name_zh"] for r in regions["regions"]}
    print("code    name      " + "  ".join(f"{y:>12}" for y in YEARS))
    for u, c in enumerate(codes):
        cells = "  ".join(f"{s:10.6f} {method.tier(s)}" for s in scores[u])
        print(f"{c}  {names[c]:<6}  {cells}")
    for ti, y in enumerate(YEARS):
        counts = {label: sum(method.tier(s) == label for s in scores[:, ti]) for label in method.labels}
        print(y, counts)

    if args.check:
        same = OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text
        print(f"{OUTPUT.name} is {'up to date' if same else 'OUT OF DATE'}")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT} ({text.count(chr(10)) - len(COMMENTS) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
