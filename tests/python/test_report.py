"""The annual bulletin, `countyleap report` (issue 4, item 7): one self-contained HTML file and its
Markdown twin, made through the command line exactly as the issue writes it, through the
`--data/--framework/--plan` form with the files of data/shijiazhuang, and from a copy of the panel
without its 'illustrative' comment; then rendered in headless Chromium.

The expected values do not come from report.py: the scores are cl.evaluate's on the bundled
inputs, the tiers are the plan's fixed cut-offs (A >= 80, B >= 60, C below; plan.json
"tier_scheme") applied to those scores here, the plan's tier counts are read from plan.json, and
the section headings and banner texts are written out below. The HTML is parsed with
html.parser into a tree, so a tag left open or closed twice fails the test.
"""

import html.parser
import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import countyleap as cl
from test_cli import assert_one_line_error, run

YEAR = 2022
ILLUSTRATIVE_ZH = "示例数据，非官方统计"
ILLUSTRATIVE_EN = "Illustrative data, not official statistics"
# (anchor, Chinese, English) of the bulletin's sections, in order: issue 4 item 7's list
SECTIONS = [("summary", "概要", "Summary"), ("ranking", "排名与分类", "Ranking and tiers"),
            ("counts", "分类统计与计划", "Tier counts against the plan"),
            ("goals", "计划目标进展", "Plan goals"), ("warnings", "预警", "Warnings"),
            ("counties", "县（市、区）分析", "County pages"), ("method", "方法", "Method"),
            ("provenance", "数据来源", "Data provenance")]
# a dataset with published-results.csv (the bundled one) adds the province's published results after the goals
PUBLISHED_SECTION = ("published", "已公布结果", "Published results")


def sections(name: str) -> list:
    """The bulletin's sections: with --dataset the published results come in."""
    return SECTIONS[:4] + [PUBLISHED_SECTION] + SECTIONS[4:] if name == "dataset" else SECTIONS
# the parts of every county page: profile chart, weak spots, benchmarks, leap path, warnings
COUNTY_PARTS = [("指标得分", "Indicator profile"), ("短板", "Weak spots"), ("对标先进", "Benchmarks"),
                ("跃升路径", "Leap path"), ("预警", "Targets at risk or off track")]
# the tier colours of report.py's CSS (--a, --b, --c), as the screenshot's RGB pixels
TIER_RGB = {"A": (0x1B, 0x7F, 0x5B), "B": (0x2F, 0x6D, 0xB5), "C": (0xC0, 0x56, 0x2E)}
MOVE_TEXT = {"jump": "进位 up", "hold": "持平 held", "drop": "退位 down"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{3,}")


# ---- a small HTML tree ----------------------------------------------------------------------------

class Element:
    def __init__(self, tag: str, attrs: dict, line: int):
        self.tag, self.attrs, self.line, self.children = tag, attrs, line, []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def words(self) -> str:
        return " ".join(self.text().split())

    def iter(self, tag: str = None):
        if tag is None or self.tag == tag:
            yield self
        for c in self.children:
            if isinstance(c, Element):
                yield from c.iter(tag)

    def elements(self) -> list:
        return [c for c in self.children if isinstance(c, Element)]

    def classes(self) -> set:
        return set((self.attrs.get("class") or "").split())


class TreeBuilder(html.parser.HTMLParser):
    """html.parser into Elements; every end tag must close the innermost open element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, 0)
        self.stack = [self.root]
        self.errors = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.getpos()[0])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, dict(attrs), self.getpos()[0]))

    def handle_endtag(self, tag):
        top = self.stack[-1]
        if tag in VOID or top.tag != tag:
            self.errors.append(f"line {self.getpos()[0]}: </{tag}> while <{top.tag}> of line {top.line} is open")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(text: str) -> Element:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    assert builder.errors == [], builder.errors[:5]
    assert builder.stack == [builder.root], f"unclosed: {[(e.tag, e.line) for e in builder.stack[1:]]}"
    return builder.root


def body_of(root: Element) -> Element:
    return next(root.iter("body"))


def section(body: Element, anchor: str) -> list:
    """The elements of the body from <h2 id=anchor> to the next <h2>."""
    out, inside = [], False
    for e in body.elements():
        if e.tag == "h2":
            inside = e.attrs.get("id") == anchor
        elif inside:
            out.append(e)
    assert out, f"no section #{anchor}"
    return out


def table_rows(table: Element) -> list:
    """The body rows of a table, each a list of the cells' words."""
    tbody = next(table.iter("tbody"))
    return [[td.words() for td in tr.elements()] for tr in tbody.iter("tr")]


def md_table(md: str, header_start: str) -> list:
    """The rows of the Markdown table whose header line starts with `header_start`, as lists of cells."""
    lines = md.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith(header_start))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


# ---- the bulletins ----------------------------------------------------------------------------------

def without_comments(panel: Path, out: Path) -> Path:
    """A copy of the panel CSV without its '#' comment lines (the 'illustrative' note among them)."""
    lines = panel.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text("".join(l for l in lines if not l.startswith("#")), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def bulletins(tmp_path_factory, source_dir):
    """The bulletin of 2022 three ways, each run in its own empty folder: `dataset` (the issue's exact
    command), `files` (--data/--framework/--plan, the bundled files), `plain` (the panel copied
    without its comments). name -> (result, folder, html_file, html text, its parsed root, Markdown text)."""
    folder = source_dir / "data" / "shijiazhuang"
    work = tmp_path_factory.mktemp("report")
    plain_panel = without_comments(folder / "panel-illustrative.csv", work / "panel-plain.csv")
    files = ["--framework", folder / "framework.json", "--plan", folder / "plan.json"]
    commands = {
        "dataset": ["report", "--dataset", "shijiazhuang", "--year", str(YEAR), "-o", "out/report.html"],
        "files": ["report", "--data", folder / "panel-illustrative.csv", *files, "--year", str(YEAR),
                  "-o", "out/report.html"],
        "plain": ["report", "--data", plain_panel, *files, "--year", str(YEAR), "-o", "out/report.html"],
    }
    cwd = {name: work / name for name in commands}
    for path in cwd.values():
        path.mkdir()
    with ThreadPoolExecutor(len(commands)) as pool:
        results = dict(zip(commands, pool.map(lambda n: run(*commands[n], cwd=cwd[n]), commands)))
    out = {}
    for name, result in results.items():
        assert result.returncode == 0, f"{name}: {result.stderr}"
        html_file, md_file = cwd[name] / "out" / "report.html", cwd[name] / "out" / "report.md"
        assert html_file.is_file() and md_file.is_file(), name
        text = html_file.read_text(encoding="utf-8")
        out[name] = SimpleNamespace(result=result, folder=cwd[name], html_file=html_file, html=text, root=parse(text),
                                    md=md_file.read_text(encoding="utf-8"))
    return out


def tier_of(score: float) -> str:
    """plan.json's fixed scheme: A >= 80, 60 <= B < 80, C < 60."""
    return "A" if score >= 80 else "B" if score >= 60 else "C"


@pytest.fixture(scope="module")
def expected(source_dir):
    """Scores of 2022 and 2021 from cl.evaluate; tiers by the cut-offs above; the plan's counts."""
    plan = json.loads((source_dir / "data" / "shijiazhuang" / "plan.json").read_text(encoding="utf-8"))
    assert plan["tier_scheme"]["rule"] == "fixed"
    assert [(t["label"], t.get("min")) for t in plan["tier_scheme"]["tiers"]] == [("A", 80), ("B", 60), ("C", None)]
    ds = cl.datasets.shijiazhuang()
    score = {y: cl.evaluate(ds.panel, ds.framework, ds.spec, year=y, regions=ds.regions).composite()
             for y in (YEAR - 1, YEAR)}
    now = score[YEAR].sort_values(ascending=False)
    ranks = {code: 1 + int((now > s).sum()) for code, s in now.items()}
    phase = next(p for p in plan["phases"] if p["evaluation_year"] == YEAR)
    return SimpleNamespace(score=now, rank=ranks,
                           tier={c: tier_of(s) for c, s in now.items()},
                           previous_tier={c: tier_of(s) for c, s in score[YEAR - 1].items()},
                           plan_counts=phase["tier_counts"], regions=ds.regions)


# ---- the files -------------------------------------------------------------------------------------

def test_cli_writes_both_files_and_prints_the_summary(bulletins):
    result = bulletins["dataset"].result
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "report.html: out/report.html"
    assert lines[1] == "report.md:   out/report.md"
    assert lines[2].startswith(f"tier counts {YEAR} against phase2: A 10 (plan 12), B 10 (plan 9), C 1 (plan 0)")
    assert sorted(os.listdir(bulletins["dataset"].folder / "out")) == ["report.html", "report.md"]


def test_html_is_well_formed_with_internal_links(bulletins):
    for name, b in bulletins.items():
        assert b.html.startswith("<!DOCTYPE html>\n"), name
        root = parse(b.html)  # every element closed, in order
        html_el = next(root.iter("html"))
        assert html_el.attrs.get("lang") == "zh-CN"
        assert any(m.attrs.get("charset") == "utf-8" for m in root.iter("meta"))
        ids = [e.attrs["id"] for e in root.iter() if "id" in e.attrs]
        assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
        hrefs = [e.attrs["href"] for e in root.iter() if "href" in e.attrs]
        assert hrefs, name
        for href in hrefs:
            assert href.startswith("#") and href[1:] in ids, f"{name}: href {href!r} has no target"
        # the table of contents reaches every section and every county page
        toc = next(e for e in root.iter("nav") if "toc" in e.classes())
        targets = [a.attrs["href"][1:] for a in toc.iter("a")]
        assert targets[:len(sections(name))] == [s[0] for s in sections(name)]
        assert len(targets) == len(sections(name)) + 21


def test_html_is_self_contained(bulletins):
    external = re.compile(r"^\s*(https?:|//|ftp:|file:)", re.I)
    for name, b in bulletins.items():
        root = b.root
        tags = {e.tag for e in root.iter()}
        assert not tags & {"script", "iframe", "object", "embed", "link", "base", "audio", "video"}, name
        assert "<script" not in b.html.lower()
        for e in root.iter():
            for attr in ("src", "href", "xlink:href", "srcset", "action", "poster"):
                value = e.attrs.get(attr)
                assert value is None or not external.match(value), f"{name}: <{e.tag} {attr}={value!r}>"
            if e.tag == "img":
                assert e.attrs.get("src", "").startswith("data:"), f"{name}: <img> not inline"
        styles = [s.text() for s in root.iter("style")] + [e.attrs["style"] for e in root.iter() if "style" in e.attrs]
        assert styles, name
        for css in styles:
            assert "@import" not in css
            for target in re.findall(r"url\(\s*['\"]?([^'\")]*)", css):
                assert target.startswith(("#", "data:")), f"{name}: url({target})"
        for target in re.findall(r"url\(\s*['\"]?([^'\")]*)", b.html):  # also in SVG attributes (filter=...)
            assert target.startswith(("#", "data:")), f"{name}: url({target})"
        # inline SVG charts: the ranking chart and one profile chart per county page
        body = body_of(root)
        assert any(e.tag == "svg" for e in section(body, "ranking"))
        articles = [e for e in root.iter("article") if "county" in e.classes()]
        assert len(articles) == 21
        for article in articles:
            svg = next(article.iter("svg"), None)
            assert svg is not None and len(list(svg.iter("rect"))) >= 17, article.attrs["id"]


def test_illustrative_banner_at_the_top_and_on_every_county_page(bulletins):
    for name in ("dataset", "files"):
        b = bulletins[name]
        root = b.root
        body = body_of(root)
        first = body.elements()[0]
        assert "banner" in first.classes(), name
        assert ILLUSTRATIVE_ZH in first.text() and ILLUSTRATIVE_EN in first.text()
        for article in root.iter("article"):
            header = next(article.iter("header"))
            assert ILLUSTRATIVE_ZH in header.text() and ILLUSTRATIVE_EN in header.text(), article.attrs["id"]
        md = b.md.splitlines()
        assert md[0].startswith("# 县域科技创新能力监测评价通报")
        banner = next(i for i, l in enumerate(md) if l.startswith(">"))
        assert banner < next(i for i, l in enumerate(md) if l.startswith("## "))
        assert ILLUSTRATIVE_ZH in md[banner] and ILLUSTRATIVE_EN in md[banner]
        counties = [i for i, l in enumerate(md) if re.match(r"### .* \(\d{6}\)$", l)]
        assert len(counties) == 21
        for i in counties:
            assert ILLUSTRATIVE_ZH in md[i + 1] and ILLUSTRATIVE_EN in md[i + 1], md[i]


def test_no_banner_when_the_panel_is_not_flagged_illustrative(bulletins):
    b = bulletins["plain"]
    for text in (b.html, b.md):
        assert ILLUSTRATIVE_ZH not in text and ILLUSTRATIVE_EN not in text
        assert "illustrative" not in text.lower()
    root = b.root
    assert not any(e.classes() & {"banner", "print-banner", "tag"} for e in root.iter())
    # the same data otherwise: the same ranking as the flagged panel's
    flagged = [r[:5] for r in table_rows(next(t for t in bulletins["files"].root.iter("table")
                                              if "ranking" in t.classes()))]
    assert [r[:5] for r in table_rows(next(t for t in root.iter("table") if "ranking" in t.classes()))] == flagged


def test_ranking_has_every_in_scope_county_with_evaluate_scores(bulletins, expected):
    rankings = {}
    for name, b in bulletins.items():
        root = b.root
        table = next(t for t in root.iter("table") if "ranking" in t.classes())
        assert table in section(body_of(root), "ranking")
        rows = table_rows(table)
        rankings[name] = rows
        codes = [r[1] for r in rows]
        in_scope = [r.code for r in expected.regions.regions if r.in_scope]
        assert len(codes) == 21 and sorted(codes) == sorted(in_scope)
        assert "130181" not in codes and not expected.regions["130181"].in_scope  # 辛集市, province-administered
        assert codes == list(expected.score.index)  # best first
        for rank, code, county, score, tier, previous, move, *_ in rows:
            region = expected.regions[code]
            assert county == f"{region.name_zh} {region.name_en}"
            assert int(rank) == expected.rank[code]
            assert score == f"{expected.score[code]:.2f}", code
            assert tier == expected.tier[code], code
            was, now = expected.previous_tier[code], expected.tier[code]
            assert previous == was, code
            kind = "hold" if was == now else "jump" if now < was else "drop"
            assert move == MOVE_TEXT[kind] + ("" if kind == "hold" else f" {was}→{now}"), code
    assert rankings["files"] == rankings["dataset"]
    # the files form names the files it read in the provenance
    provenance = " ".join(e.words() for e in section(body_of(bulletins["files"].root), "provenance"))
    assert "panel-illustrative.csv" in provenance and "plan.json" in provenance


def test_tier_counts_against_the_plan(bulletins, expected):
    counts = {t: sum(1 for v in expected.tier.values() if v == t) for t in "ABC"}
    previous = {t: sum(1 for v in expected.previous_tier.values() if v == t) for t in "ABC"}
    assert counts == {"A": 10, "B": 10, "C": 1}  # the illustrative storyline misses phase 2 (A 12, B 9, C 0)
    assert expected.plan_counts == {"A": 12, "B": 9, "C": 0}
    want = [[t, str(previous[t]), str(counts[t]), str(expected.plan_counts[t]),
             f"{counts[t] - expected.plan_counts[t]:+d}"] for t in "ABC"]
    for name, b in bulletins.items():
        table = next(e for e in section(body_of(b.root), "counts") if e.tag == "table")
        assert [[r[0]] + r[2:] for r in table_rows(table)] == want, name
        md = md_table(b.md, f"| 类别 Tier | 名称 Name | {YEAR - 1} | {YEAR} |")
        assert [[r[0]] + r[2:] for r in md] == want, name


def test_published_results_section_reproduces_the_2023_evaluation(bulletins):
    """--dataset: phase 2's goals beside the 2023 evaluation (published-outcomes.md): 10 of the 21
    units known A with their places (official), 深泽县 and 晋州市 unknown; never in the other forms."""
    b = bulletins["dataset"]
    rows = md_table(b.md, "| 目标 Goal | 县 County | 已公布 Published |")
    met = [r for r in rows if r[3] == "met"]
    assert len(met) == 10 and all(r[4] == "official" for r in met)
    assert any(r[1].startswith("赵县") and r[2] == "A, place 29" for r in rows)
    unknown = {r[1].split()[0] for r in rows if r[3] == "unknown" and r[1]}
    assert {"深泽县", "晋州市"} <= unknown
    assert "not this bulletin's data" in b.md
    for name in ("files", "plain"):
        assert "已公布结果" not in bulletins[name].md


def test_every_heading_in_chinese_and_english(bulletins):
    for name, b in bulletins.items():
        root = b.root
        h2 = [(e.attrs.get("id"), e.words()) for e in root.iter("h2")]
        assert [a for a, _ in h2] == [s[0] for s in sections(name)], name
        for (anchor, text), (_, zh, en) in zip(h2, sections(name)):
            assert text.startswith(f"{zh} {en}"), text
        for level in ("h2", "h3", "h4"):
            for e in root.iter(level):
                assert CJK.search(e.text()) and LATIN.search(e.text()), f"{name}: <{level}> {e.words()!r}"
        header = next(root.iter("header"))
        assert CJK.search(next(header.iter("h1")).text()) and LATIN.search(header.text())
        for th in root.iter("th"):  # a Chinese column label has its English alongside
            if CJK.search(th.text()):
                assert any("en" in s.classes() and s.text().strip() for s in th.iter("span")), th.words()
        for article in root.iter("article"):
            parts = [h.words() for h in article.iter("h4")]
            assert len(parts) == len(COUNTY_PARTS), article.attrs["id"]
            for text, (zh, en) in zip(parts, COUNTY_PARTS):
                assert text.startswith(f"{zh} {en}"), text


def test_markdown_twin_has_the_same_sections_and_ranking(bulletins):
    for name, b in bulletins.items():
        root = b.root
        md_sections = [l[3:] for l in b.md.splitlines() if l.startswith("## ")]
        assert md_sections == [e.words() for e in root.iter("h2")], name
        html_rows = table_rows(next(t for t in root.iter("table") if "ranking" in t.classes()))
        md_rows = md_table(b.md, "| 排名 Rank |")
        # rank, code, county, score, tier, previous tier, move
        assert [r[:7] for r in md_rows] == [r[:7] for r in html_rows], name
        # one county section per county, in the ranking's order, with the same parts
        md_counties = re.findall(r"^### .* \((\d{6})\)$", b.md, re.M)
        assert md_counties == [r[1] for r in html_rows]
        for zh, en in COUNTY_PARTS:
            assert len(re.findall(rf"^#### {re.escape(zh)} {re.escape(en)}", b.md, re.M)) == 21, en
        assert b.md.count("```json") == 1  # the spec in the method section
        assert "| 文件 File | 路径 Path |" in b.md


# ---- headless Chromium -----------------------------------------------------------------------------

@pytest.fixture()
def chromium():
    """Debian's `chromium`. Without it the render test skips, unless COUNTYLEAP_REQUIRE_BROWSER is
    set (scripts/test.sh sets it after installing the browser): then it fails."""
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("COUNTYLEAP_REQUIRE_BROWSER") is not None:
            pytest.fail("COUNTYLEAP_REQUIRE_BROWSER is set but 'chromium' is not on PATH: install Debian's "
                        "chromium (scripts/setup.sh --with-browser) or unset the variable to skip this test")
        pytest.skip("'chromium' is not on PATH (set COUNTYLEAP_REQUIRE_BROWSER=1 to make this a failure)")
    return path


def longest_run(mask: np.ndarray) -> int:
    """The longest run of True along the rows of a 2-D boolean mask."""
    best = 0
    for row in mask[mask.any(axis=1)]:
        edges = np.flatnonzero(np.diff(np.concatenate([[0], row.astype(np.int8), [0]])))
        best = max(best, int((edges[1::2] - edges[::2]).max()))
    return best


def headless(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    """One headless Chromium run with a private profile, 60 s at most; stderr without the D-Bus noise
    of a machine without a session bus."""
    result = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=60)
    noise = ("dbus", "zygote", "unexpected operator")
    result.stderr = "\n".join(l for l in result.stderr.splitlines() if not any(n in l for n in noise))
    return result


def test_renders_in_headless_chromium(bulletins, expected, chromium, tmp_path):
    from PIL import Image  # python3-pil, a dependency of python3-matplotlib

    page = bulletins["dataset"].html_file
    png = tmp_path / "report.png"
    # one launch: a 1280 x 2000 screenshot of the top of the page and the DOM after loading
    shown = headless(chromium, tmp_path / "profile", "--hide-scrollbars", "--window-size=1280,2000",
                     f"--screenshot={png}", "--dump-dom", page.as_uri())
    assert shown.returncode == 0, shown.stderr
    if not png.is_file():  # a Chromium that does one of --dump-dom and --screenshot per launch
        shot = headless(chromium, tmp_path / "profile-shot", "--hide-scrollbars", "--window-size=1280,2000",
                        f"--screenshot={png}", page.as_uri())
        assert shot.returncode == 0 and png.is_file(), shot.stderr
    with Image.open(png) as image:
        assert image.format == "PNG" and image.size == (1280, 2000)
        pixels = np.asarray(image.convert("RGB"))
    total, white = 1280 * 2000, int(np.all(pixels == 255, axis=2).sum())
    assert total - white > total // 10, f"the page rendered (nearly) blank: {white} of {total} pixels white"
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50  # anti-aliased text, charts, badges: not flat
    for tier, rgb in TIER_RGB.items():
        assert "#%02x%02x%02x" % rgb in bulletins["dataset"].html.lower()  # still report.py's tier colour
        # the ranking chart (within the first 2000 px) has a bar of every tier of 2022 (A 10, B 10, C 1):
        # a row of at least 300 px of the tier's colour, longer than any badge (C: 56.5 points ~ 450 px)
        run = longest_run(np.all(pixels == rgb, axis=2))
        assert run >= 300, f"tier {tier}: no bar of {rgb} (longest run {run} px)"

    root = parse(shown.stdout)  # the DOM after loading, as Chromium serialises it
    ranking = table_rows(next(t for t in root.iter("table") if "ranking" in t.classes()))
    assert [r[1] for r in ranking] == list(expected.score.index)
    articles = [e.attrs["id"] for e in root.iter("article") if "county" in e.classes()]
    assert articles == [f"c-{code}" for code in expected.score.index]
    assert len(list(root.iter("svg"))) == 22  # the ranking chart and 21 profile charts
    assert ILLUSTRATIVE_ZH in body_of(root).elements()[0].text()


# ---- bad input -------------------------------------------------------------------------------------

def test_bad_input_is_one_error_line_without_traceback(tmp_path, source_dir):
    folder = source_dir / "data" / "shijiazhuang"
    commands = {
        "unknown year": ["report", "--dataset", "shijiazhuang", "--year", "2030", "-o", "out/report.html"],
        "missing plan": ["report", "--data", folder / "panel-illustrative.csv",
                         "--framework", folder / "framework.json", "--plan", tmp_path / "nowhere" / "plan.json",
                         "-o", "out/report.html"],
        "not html": ["report", "--dataset", "shijiazhuang", "-o", "out/report.pdf"],
    }
    with ThreadPoolExecutor(len(commands)) as pool:
        results = dict(zip(commands, pool.map(lambda args: run(*args, cwd=tmp_path), commands.values())))
    assert_one_line_error(results["unknown year"], 1, "2030", "year not in panel")
    assert_one_line_error(results["missing plan"], 1, "nowhere/plan.json")
    assert_one_line_error(results["not html"], 2, ".html", "report.pdf")
    for result in results.values():
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


# ---- provenance in the bulletin's own pixels (issue 12) ----------------------------------------------

NOTICE = "石政办函〔2022〕17号"


def test_every_chart_carries_the_provenance_in_its_own_pixels(bulletins):
    """Each SVG chart ends with a provenance line of its own (a chart cut out of the page still says
    what it shows): ILLUSTRATIVE first when the data are, the data and the version."""
    for name, b in bulletins.items():
        charts = list(b.root.iter("svg"))
        assert len(charts) == 22, name
        for svg in charts:
            lines = [t for t in svg.iter("text") if "provenance" in t.classes()]
            assert len(lines) == 1, name
            text = lines[0].text()
            assert f"countyleap {cl.__version__}" in text
            if name == "plain":
                assert "ILLUSTRATIVE" not in text and ILLUSTRATIVE_ZH not in text
            else:
                assert text.startswith(f"ILLUSTRATIVE: {ILLUSTRATIVE_ZH} · {ILLUSTRATIVE_EN}"), text


def test_no_official_notice_number_under_the_title_of_an_illustrative_bulletin(bulletins):
    for name, b in bulletins.items():
        header = next(body_of(b.root).iter("header"))
        md_head = b.md.split("\n## ")[0]
        if name == "plain":  # data not flagged illustrative: the plan's issuer and number as published
            assert NOTICE in header.text() and NOTICE in md_head
            continue
        assert NOTICE not in header.text() and NOTICE not in md_head, name
        assert "ILLUSTRATIVE" in header.text() and "ILLUSTRATIVE" in md_head
        assert NOTICE in b.html  # still cited where the plan's source is given (provenance section)
