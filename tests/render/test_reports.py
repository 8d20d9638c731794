"""HTML report, Excel workbook and thresholds through the CLI (SPEC §4.2, §4.3, §1.4)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

# The bad-input corpus's headers: contract id, municipality, dates, goals and follow-ups.
from data.bad.generate import HEADER
from typer.testing import CliRunner

from integaudit.cli import app
from tests.render.browser import NEEDS_BROWSER, run_browser
from tests.render.htmltree import parse

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "rr2014"


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"INTEGAUDIT_KEY": "k"})


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    result = run("check", str(SAMPLE), "--html", str(out / "r.html"), "--xlsx", str(out / "r.xlsx"))
    assert result.exit_code == 0, result.output
    return out


def test_html_headline_shows_65_25_26(reports):
    tree = parse((reports / "r.html").read_text(encoding="utf-8"))
    cards = {e.attrs["data-rule"]: e for e in tree.find_all("div", cls="key-finding")}
    rates = {rule: card.find_all(cls="rate")[0].text() for rule, card in cards.items()}
    assert rates == {"missing-goal": "65 %", "late-signing": "25 %", "missed-follow-up": "26 %"}
    assert "71 / 109" in cards["missing-goal"].text()


def test_html_has_one_row_per_municipality(reports):
    tree = parse((reports / "r.html").read_text(encoding="utf-8"))
    rows = tree.find_all("tr", cls="group")
    assert len(rows) == 56
    keys = [row.attrs["data-key"] for row in rows]
    assert keys == sorted(keys, key=int)
    small = {row.attrs["data-key"] for row in tree.find_all("tr", cls="small")}
    assert small == set(keys) - {"101"}  # København has 5 contracts; the rest fewer


def test_html_audit_trail_lists_every_input_with_its_sha256(reports):
    tree = parse((reports / "r.html").read_text(encoding="utf-8"))
    shown = {cell.text() for cell in tree.find_all("td", cls="sha256")}
    expected = {
        hashlib.sha256(p.read_bytes()).hexdigest()
        for p in SAMPLE.iterdir()
        if p.suffix in (".xlsx", ".csv")
    }
    assert shown == expected


def test_html_references_no_external_resource(reports):
    html = (reports / "r.html").read_text(encoding="utf-8")
    tree = parse(html)
    for element in tree.iter():
        for name in ("src", "href", "xlink:href", "action", "data"):
            value = element.attrs.get(name)
            # Only references inside the document: the maps' <use href="#k101">.
            assert not value or (element.tag == "use" and value.startswith("#")), (
                element.tag,
                name,
                value,
            )
    assert tree.find_all("script") == []
    assert tree.find_all("link") == []
    assert not re.search(r"url\(", html)
    assert "http://" not in html and "https://" not in html
    assert tree.find_all("svg"), "the chart is inline SVG"


def test_html_rule_section_comes_from_rule_metadata(reports):
    from integaudit.rules.rulesets import RULESETS

    tree = parse((reports / "r.html").read_text(encoding="utf-8"))
    for rule in RULESETS["rr2014"]:
        section = tree.find_all("div", cls="rule", id=f"rule-{rule.id}")[0]
        assert rule.legal_basis["da"] in section.text()
        assert " ".join(rule.explanation["da"].split()) in section.text()


def test_html_in_english_with_lang_en(tmp_path):
    run("check", str(SAMPLE), "--lang", "en", "--html", str(tmp_path / "en.html"))
    tree = parse((tmp_path / "en.html").read_text(encoding="utf-8"))
    assert tree.find_all("html")[0].attrs["lang"] == "en"
    assert "Key findings" in tree.text()
    rates = [e.text() for e in tree.find_all(cls="rate")]
    assert rates[:3] == ["65%", "25%", "26%"]


def _hostile(folder: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kontrakter"
    ws.append(HEADER)
    ws.append(
        [
            "K-1",
            "<script>alert(1)</script>",
            "01-02-2014",
            "01-04-2014",
            '=HYPERLINK("http://x","y")',
            "<script>alert(1)</script>",
            "01-04-2014",
        ]
    )
    ws.append(["@SUM(1)", "Aarhus", "01-02-2014", "01-05-2014", "+1", "-1", "01-05-2014"])
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                cell.data_type = "s"  # text in the extract, as a hostile export would carry it
    wb.save(folder / "hostile.xlsx")


def test_script_in_municipality_or_goal_is_escaped_in_html(tmp_path):
    _hostile(tmp_path)
    result = run(
        "check",
        str(tmp_path / "hostile.xlsx"),
        "--as-of",
        "2014-06-30",
        "--html",
        str(tmp_path / "h.html"),
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "h.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert parse(html).find_all("script") == []


def test_formula_like_text_is_stored_as_text_in_xlsx(tmp_path):
    _hostile(tmp_path)
    run(
        "check",
        str(tmp_path / "hostile.xlsx"),
        "--as-of",
        "2014-06-30",
        "--xlsx",
        str(tmp_path / "h.xlsx"),
    )
    wb = openpyxl.load_workbook(tmp_path / "h.xlsx")
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    texts = {c.value: c.data_type for c in cells if isinstance(c.value, str)}
    assert texts['=HYPERLINK("http://x","y")'] == "s"
    assert texts["@SUM(1)"] == "s"
    assert texts["+1"] == "s"
    assert all(c.data_type != "f" for c in cells)


def test_xlsx_sheets_frozen_header_autofilter_and_formats(reports):
    wb = openpyxl.load_workbook(reports / "r.xlsx")
    assert wb.sheetnames == ["Oversigt", "Kommuner", "Fund", "Dataproblemer", "Revisionsspor"]
    for ws in wb:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    summary = wb["Oversigt"]
    header = [c.value for c in summary[1]]
    rate = header.index("Andel") + 1
    row = next(r for r in summary.iter_rows(min_row=2) if r[0].value == "missing-goal")
    assert row[rate - 1].value == pytest.approx(0.6514)
    assert row[rate - 1].number_format == "0.0%"
    groups = wb["Kommuner"]
    assert groups.max_row == 1 + 56 + 1  # header, municipalities, total
    findings = wb["Fund"]
    assert findings.max_row - 1 == 71 + 27 + 28
    header = [c.value for c in findings[1]]
    taken_over = findings.cell(row=2, column=header.index("Overtagelsesdato") + 1)
    assert isinstance(taken_over.value, dt.datetime) and taken_over.is_date
    assert findings.column_dimensions["A"].width >= len("Kontrakt-id")


def test_xlsx_in_english_has_english_sheet_names(tmp_path):
    run("check", str(SAMPLE), "--lang", "en", "--xlsx", str(tmp_path / "en.xlsx"))
    wb = openpyxl.load_workbook(tmp_path / "en.xlsx")
    assert wb.sheetnames == ["Summary", "Municipalities", "Findings", "Data issues", "Audit trail"]


def test_fail_above_exits_1_and_says_which_threshold(tmp_path):
    result = run(
        "check",
        str(SAMPLE),
        "--lang",
        "en",
        "--fail-above",
        "missing-goal=60",
        "--fail-above",
        "late-signing=30",
        "--html",
        str(tmp_path / "t.html"),
    )
    assert result.exit_code == 1
    assert "Threshold exceeded: missing-goal is 65.1%, the limit is 60.0%" in result.output
    assert "late-signing is" not in result.output
    html = (tmp_path / "t.html").read_text(encoding="utf-8")
    breaches = parse(html).find_all("section", cls="breaches")
    assert breaches and "missing-goal" in breaches[0].text()


def test_fail_above_not_hit_exits_0():
    assert run("check", str(SAMPLE), "--fail-above", "missing-goal=70").exit_code == 0


@pytest.mark.parametrize(
    "value", ["missing-goal", "nope=10", "missing-goal=abc", "missing-goal=120"]
)
def test_fail_above_bad_values_exit_2(value):
    result = run("check", str(SAMPLE), "--fail-above", value)
    assert result.exit_code == 2
    assert "--fail-above" in result.stderr


def test_strict_exits_1_on_error_level_issue(tmp_path):
    shutil.copy(SAMPLE / "101.xlsx", tmp_path / "101.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    assert run("check", str(tmp_path), "--as-of", "2014-06-30").exit_code == 0
    result = run("check", str(tmp_path), "--as-of", "2014-06-30", "--strict", "--lang", "en")
    assert result.exit_code == 1
    assert "--strict: 1 error-level data issue(s)" in result.output


def test_report_refuses_to_overwrite_an_input(tmp_path):
    shutil.copy(SAMPLE / "101.xlsx", tmp_path / "101.xlsx")
    before = (tmp_path / "101.xlsx").read_bytes()
    result = run(
        "check", str(tmp_path), "--as-of", "2014-06-30", "--xlsx", str(tmp_path / "101.xlsx")
    )
    assert result.exit_code == 2
    assert "input" in result.stderr
    assert (tmp_path / "101.xlsx").read_bytes() == before


@NEEDS_BROWSER
def test_report_headline_in_a_real_browser_dom(reports, tmp_path):
    dom = run_browser(tmp_path / "profile", "--dump-dom", (reports / "r.html").as_uri()).stdout
    tree = parse(dom)
    rates = [e.text() for e in tree.find_all(cls="rate")]
    assert rates[:3] == ["65 %", "25 %", "26 %"]
    assert len(tree.find_all("tr", cls="group")) == 56
