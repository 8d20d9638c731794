"""Reports that print whole (issue 20 §3): every table of every HTML report — check, compare,
a municipality's report and the index — fits A4 portrait when Chromium prints it, and on
screen a table wider than the page scrolls in its own box, never the page. The subtitle
counts municipalities, whatever the grouping."""

from __future__ import annotations

import html as html_text
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from integaudit.rules.rulesets import RULESETS
from tests.conftest import run_cli_in
from tests.paths import SAMPLES
from tests.render.browser import NEEDS_BROWSER, NEEDS_PDFTOTEXT, print_pdf, run_browser
from tests.render.htmltree import parse

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

# A4 is 595 × 842 points; the reports print with 14 mm margins (39.7 points).
MARGIN = 14 / 25.4 * 72


@dataclass(frozen=True)
class Word:
    page: int
    x_min: float
    x_max: float
    text: str


def pdf_words(pdf: Path) -> tuple[float, list[Word]]:
    """Return the page width and every word of a PDF with its page and horizontal extent,
    in reading order (pdftotext -bbox)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', out).group(1))
    words = []
    for number, page in enumerate(re.split(r"<page ", out)[1:], start=1):
        for x_min, x_max, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            page,
        ):
            words.append(Word(number, float(x_min), float(x_max), html_text.unescape(text)))
    return width, words


def assert_inside_the_page(pdf: Path) -> list[Word]:
    """Assert that no word of a printed report reaches past the right margin of its A4 page
    (a table cut at the page's edge would), and return the words."""
    width, words = pdf_words(pdf)
    assert width == pytest.approx(595, abs=1)
    outside = [w for w in words if w.x_max > width - MARGIN + 1 or w.x_min < MARGIN - 1]
    assert not outside, [(w.page, w.text, w.x_max) for w in outside[:10]]
    return words


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder with the bek2020 sample's check report, its comparison across two
    audit dates, its municipal reports, and an rr2014 report (with the baseline)."""
    folder = tmp_path_factory.mktemp("print")
    sample = SAMPLES / "bek2020"
    runs = [
        ("check", str(sample), "--html", "bek2020.html", "--json", "new.json"),
        ("check", str(sample), "--as-of", "2021-06-30", "--json", "old.json"),
        ("compare", "old.json", "new.json", "--html", "compare.html"),
        ("municipal-reports", str(sample), "--out", "kommuner"),
        ("check", str(SAMPLES / "rr2014"), "--html", "rr2014.html"),
    ]
    for args in runs:
        result = run_cli_in(folder, *args)
        assert result.exit_code == 0, (args, result.output)
    return folder


def _section(words: list[Word], start: str, end: str) -> str:
    """Return the printed text from the heading ``start`` to the heading ``end``."""
    text = " ".join(w.text for w in words)
    return text.split(start, 1)[1].split(end, 1)[0]


@NEEDS_PDFTOTEXT
def test_the_bek2020_group_table_prints_every_rule_on_a4(reports, tmp_path):
    words = assert_inside_the_page(
        print_pdf(tmp_path, reports / "bek2020.html", tmp_path / "r.pdf")
    )
    table = _section(words, "Resultater pr. gruppe", "Reglerne")
    for rule in RULESETS["bek2020"]:
        assert rule.short_title["da"] in table, rule.id
    assert "Mindst ét brud" in table
    # Printed in parts, each repeating the group column (and its header on every page it
    # reaches): every municipality, and the total, once in each part.
    assert table.split().count("Kommune") >= 2
    assert table.count("461 Odense") == 2 and table.count("I alt") == 2


@NEEDS_PDFTOTEXT
@pytest.mark.parametrize(
    "page", ["compare.html", "rr2014.html", "kommuner/101-koebenhavn.html", "kommuner/index.html"]
)
def test_every_report_prints_inside_a4_portrait(reports, tmp_path, page):
    words = assert_inside_the_page(print_pdf(tmp_path, reports / page, tmp_path / "p.pdf"))
    text = " ".join(w.text for w in words)
    if page == "compare.html":
        table = _section(words, "andel brud fra", "Revisionsspor")
        for rule in RULESETS["bek2020"]:
            assert rule.short_title["da"] in table, rule.id
        assert "Mindst ét brud" in table and table.count("I alt") == 2
        assert "SHA-256" in text.split("Revisionsspor", 1)[1]
    if page.startswith("kommuner/1"):
        for rule in RULESETS["bek2020"]:
            assert " ".join(rule.title["da"].split()) in text, rule.id


def _box_widths(page: Path, profile: Path, width: int) -> dict[str, int]:
    """Return, for ``page`` in a window ``width`` pixels wide, the page's scroll and client
    widths and how many table boxes scroll sideways: a copy of the page with a script that
    writes them into the DOM, dumped by headless Chromium (the report has no script)."""
    copy = page.with_name(page.stem + "-measured.html")
    probe = (
        "<script>addEventListener('load',()=>{const d=document.documentElement,b=document.body;"
        "b.dataset.scroll=d.scrollWidth;b.dataset.client=d.clientWidth;"
        "b.dataset.boxes=[...document.querySelectorAll('.table-box')]"
        ".filter(e=>e.offsetParent&&e.scrollWidth>e.clientWidth).length})</script>"
    )
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", probe + "</body>"))
    dom = run_browser(
        profile, f"--window-size={width},900", "--virtual-time-budget=3000", "--dump-dom",
        copy.as_uri(),
    ).stdout  # fmt: skip
    body = parse(dom).find_all("body")[0]
    return {k: int(body.attrs[f"data-{k}"]) for k in ("scroll", "client", "boxes")}


@NEEDS_BROWSER
def test_a_wide_table_scrolls_in_its_own_box_never_the_page(reports, tmp_path):
    narrow = _box_widths(reports / "compare.html", tmp_path / "profile", 900)
    assert narrow["scroll"] <= narrow["client"], narrow
    assert narrow["boxes"] >= 1, narrow  # the comparison scrolls in its box
    wide = _box_widths(reports / "bek2020.html", tmp_path / "profile", 1400)
    assert wide["scroll"] <= wide["client"], wide


def test_the_subtitle_counts_municipalities_whatever_the_grouping(tmp_path):
    for by in ("municipality", "region", "none"):
        result = run_cli_in(
            tmp_path, "check", str(SAMPLES / "rr2014"), "--by", by, "--html", f"{by}.html"
        )
        assert result.exit_code == 0, result.output
        subtitle = parse((tmp_path / f"{by}.html").read_text(encoding="utf-8"))
        text = subtitle.find_all("p", cls="subtitle")[0].text()
        assert text.startswith("109 kontrakter fra 56 kommuner"), (by, text)
