"""Findings a caseworker can act on, the baseline marker, the translated grouping, and
reports that fit a 1280-pixel window (SPEC §4.2, §4.3, §4.5, §4.6)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import openpyxl
import pytest

from integaudit.rules.rulesets import RULESETS
from tests.conftest import run_cli_in, write_xlsx
from tests.render.browser import NEEDS_BROWSER, run_browser
from tests.render.htmltree import parse

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NO_REPR = re.compile(r"\b(None|nan|NaT)\b")


def _extract(folder: Path) -> Path:
    """Write 20 contracts of Aarhus, 13 of them without a goal (65 %, Rigsrevisionen's
    rate): K-1 followed up on 30 April and 1 September (the follow-up due 30 July was
    missed); K-2 has no follow-up at all (the first was due 30 April)."""
    rows: list[list] = [
        ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet", "Jobmål", "Opfølgninger"]
    ]
    for i in range(1, 21):
        goal = "" if i <= 13 else "Job som kok"
        follow_ups = "30-04-2014; 01-09-2014" if i == 1 else ""
        if i > 2:
            follow_ups = "30-04-2014; 29-07-2014; 20-10-2014"
        rows.append(
            [f"K-{i}", "Aarhus", dt.date(2014, 1, 10), dt.date(2014, 1, 31), goal, follow_ups]
        )
    return write_xlsx(folder / "aarhus.xlsx", {"Kontrakter": rows})


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("findings")
    _extract(folder / "in")
    for lang in ("da", "en"):
        result = run_cli_in(
            folder,
            "check",
            "in",
            "--as-of",
            "2014-10-31",
            "--lang",
            lang,
            "--json",
            f"{lang}.json",
            "--html",
            f"{lang}.html",
            "--xlsx",
            f"{lang}.xlsx",
        )
        assert result.exit_code == 0, result.output
    return {"folder": folder}


def _findings(folder: Path, lang: str) -> dict[tuple[str, str], dict]:
    doc = json.loads((folder / f"{lang}.json").read_text(encoding="utf-8"))
    return {(f["contract_id"], f["rule"]): f for f in doc["findings"]}


def test_json_missed_follow_up_findings_list_follow_ups_and_due(reports):
    found = _findings(reports["folder"], "da")
    assert found[("K-1", "missed-follow-up")]["follow_ups"] == ["2014-04-30", "2014-09-01"]
    assert found[("K-1", "missed-follow-up")]["due"] == "2014-07-30"
    assert found[("K-2", "missed-follow-up")]["follow_ups"] == []
    assert found[("K-2", "missed-follow-up")]["due"] == "2014-04-30"
    # only missed-follow-up findings carry the keys; the others are as before
    other = found[("K-3", "missing-goal")]
    assert set(other) == {"contract_id", "municipality_code", "municipality", "person"} | {
        "rule",
        "detail",
    }
    assert [k for k in found if k[1] == "missed-follow-up"] == [
        ("K-1", "missed-follow-up"),
        ("K-2", "missed-follow-up"),
    ]


def _finding_rows(html: str) -> dict[tuple[str, str], list]:
    tree = parse(html)
    table = tree.find_all("table", cls="findings")[0]
    rows = {}
    for tr in table.find_all("tr")[1:]:
        cells = tr.find_all("td")
        rows[(cells[0].text(), cells[3].text())] = cells
    return rows


def test_html_findings_show_follow_ups_and_due_and_never_break_ids(reports):
    html = (reports["folder"] / "da.html").read_text(encoding="utf-8")
    rows = _finding_rows(html)
    k1 = rows[("K-1", "Manglende opfølgning")]
    assert [span.text() for span in k1[5].find_all("span", cls="token")] == [
        "2014-04-30",
        "2014-09-01",
    ]
    assert k1[6].text() == "2014-07-30"
    assert [c.text() for c in rows[("K-2", "Manglende opfølgning")][5:]] == ["ingen", "2014-04-30"]
    assert [c.text() for c in rows[("K-3", "Mangler mål")][5:]] == ["", ""]
    header = parse(html).find_all("table", cls="findings")[0].find_all("th")
    assert [h.text() for h in header][5:] == ["Opfølgninger", "Opfølgning senest"]
    # contract ids, pseudonyms and dates are tokens the browser may not break
    assert re.search(r"\.token\s*{\s*white-space:\s*nowrap;", html)
    for cells in rows.values():
        assert "token" in cells[0].attrs["class"].split()
        assert "token" in cells[2].attrs["class"].split()
        assert "break-all" not in cells[2].attrs.get("style", "")
    assert not re.search(r"\.mono\s*{[^}]*break-all", html)
    assert not NO_REPR.search(parse(html).text())


def test_workbook_fund_lists_follow_ups_and_due_as_a_date(reports):
    for lang, names in (
        ("da", ("Fund", "Opfølgninger", "Opfølgning senest", "ingen")),
        ("en", ("Findings", "Follow-ups", "Follow-up due", "none")),
    ):
        book = openpyxl.load_workbook(reports["folder"] / f"{lang}.xlsx")
        sheet = book[names[0]]
        rows = list(sheet.iter_rows(values_only=True))
        header = list(rows[0])
        dates, due = header.index(names[1]), header.index(names[2])
        by_key = {(r[0], r[4]): r for r in rows[1:]}
        k1 = by_key[("K-1", "missed-follow-up")]
        assert k1[dates] == "2014-04-30, 2014-09-01"
        assert k1[due] == dt.datetime(2014, 7, 30)
        assert by_key[("K-2", "missed-follow-up")][dates] == names[3]
        assert by_key[("K-3", "missing-goal")][dates] is None
        assert by_key[("K-3", "missing-goal")][due] is None
        for row in rows:
            assert not any(isinstance(v, str) and NO_REPR.search(v) for v in row)


def test_grouping_is_named_in_the_reports_language(reports, tmp_path):
    for lang, label, value in (
        ("da", "Grupperet efter", "kommune"),
        ("en", "Grouped by", "municipality"),
    ):
        tree = parse((reports["folder"] / f"{lang}.html").read_text(encoding="utf-8"))
        trail = {
            tr.find_all("th")[0].text(): tr.find_all("td")[0].text()
            for tr in tree.find_all("table", cls="trail")[0].find_all("tr")
        }
        assert trail[label] == value
        book = openpyxl.load_workbook(reports["folder"] / f"{lang}.xlsx")
        sheet = book["Revisionsspor" if lang == "da" else "Audit trail"]
        assert (label, value) in [r[:2] for r in sheet.iter_rows(values_only=True)]
    _extract(tmp_path / "in")
    result = run_cli_in(tmp_path, "check", "in", "--by", "region", "--html", "r.html")
    assert result.exit_code == 0, result.output
    tree = parse((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert "Grupperet efter region" in tree.find_all("table", cls="trail")[0].text()


def test_baseline_marker_shows_when_the_rate_equals_it(reports):
    """13 of 20 contracts without a goal is 65 %, Rigsrevisionen's rate: the marker sits on
    the bar's end, reaches above and below the bar, has a white edge against the bar, and is
    drawn after the bar and its interval so nothing covers it."""
    tree = parse((reports["folder"] / "da.html").read_text(encoding="utf-8"))
    svg = tree.find_all("svg")[0]
    children = svg.children
    rect = next(c for c in children if c.tag == "rect")
    marker = next(c for c in children if c.tag == "g" and "baseline" in c.attrs.get("class", ""))
    end = float(rect.attrs["x"]) + float(rect.attrs["width"])
    lines = marker.find_all("line")
    assert all(float(line.attrs["x1"]) == pytest.approx(end) for line in lines)
    top, bottom = float(rect.attrs["y"]), float(rect.attrs["y"]) + float(rect.attrs["height"])
    for line in lines:
        assert float(line.attrs["y1"]) < top and float(line.attrs["y2"]) > bottom
    assert {line.attrs["stroke"] for line in lines} == {"#ffffff", "#e09b00"}
    assert marker.find_all("polygon")  # a pointer above the bar
    first_rule = children[children.index(rect) : children.index(marker)]
    assert [c.tag for c in first_rule if c.tag == "line"]  # the interval is drawn before it
    assert "Rigsrevisionen 2014: 65 %" in marker.find_all("title")[0].text()


@pytest.fixture(scope="module")
def comparison(tmp_path_factory) -> Path:
    """Return a folder with compare HTML of bek2020 (six rules) and rr2014, in Danish and
    English."""
    folder = tmp_path_factory.mktemp("compare-html")
    for sample, dates in (
        ("bek2020", ("2021-06-30", "2022-06-30")),
        ("rr2014", ("2014-06-30", "2014-12-31")),
    ):
        for i, as_of in enumerate(dates):
            result = run_cli_in(
                folder, "check", str(ROOT / "samples" / sample), "--as-of", as_of, "--json",
                f"{sample}-{i}.json",
            )  # fmt: skip
            assert result.exit_code == 0, result.output
        for lang in ("da", "en"):
            result = run_cli_in(
                folder, "compare", f"{sample}-0.json", f"{sample}-1.json", "--lang", lang,
                "--html", f"{sample}-{lang}.html",
            )  # fmt: skip
            assert result.exit_code == 0, result.output
    result = run_cli_in(folder, "check", str(ROOT / "samples" / "rr2014"), "--html", "report.html")
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.parametrize("sample", ["bek2020", "rr2014"])
def test_compare_html_heads_rules_by_short_title_and_names_the_grouping(comparison, sample):
    for lang, group, grouped, contracts, any_fail in (
        ("da", "Kommune", "grupperet efter kommune", "Kontrakter", "Mindst ét brud"),
        ("en", "Municipality", "grouped by municipality", "Contracts", "At least one breach"),
    ):
        html = (comparison / f"{sample}-{lang}.html").read_text(encoding="utf-8")
        tree = parse(html)
        headers = [th.text() for th in tree.find_all("table", cls="compare")[0].find_all("th")]
        titles = [r.short_title[lang] for r in RULESETS[sample]]
        assert headers == [group, contracts, *titles, any_fail]
        assert grouped in tree.find_all("p", cls="subtitle")[0].text()
        assert "municipality" not in tree.text().replace(grouped, "") or lang == "en"
        assert not NO_REPR.search(tree.text())
        total = tree.find_all("tr", cls="total")[0]
        assert len(total.find_all("td")) == 3 + len(RULESETS[sample])


def _page_widths(page: Path, profile: Path) -> tuple[int, int]:
    """Return (scroll width, client width) of ``page`` in a 1280-pixel window: a copy of the
    page with a script that writes both into the DOM, dumped by headless Chromium (the
    report itself has no script)."""
    copy = page.with_name(page.stem + "-measured.html")
    probe = (
        "<script>addEventListener('load',()=>{const d=document.documentElement;"
        "document.body.dataset.scroll=d.scrollWidth;document.body.dataset.client=d.clientWidth})"
        "</script>"
    )
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", probe + "</body>"))
    dom = run_browser(
        profile, "--window-size=1280,900", "--virtual-time-budget=3000", "--dump-dom", copy.as_uri()
    ).stdout
    body = parse(dom).find_all("body")[0]
    return int(body.attrs["data-scroll"]), int(body.attrs["data-client"])


@NEEDS_BROWSER
def test_compare_and_report_fit_a_1280_pixel_window_in_a_real_browser(comparison, tmp_path):
    for name in ("bek2020-da.html", "bek2020-en.html", "rr2014-da.html", "report.html"):
        scroll, client = _page_widths(comparison / name, tmp_path / "profile")
        assert 1200 <= client <= 1280, (name, client)
        assert scroll <= client, f"{name}: {scroll} px wide in a window of {client} px"


def test_golden_findings_gained_only_follow_ups_and_due_on_missed_follow_up():
    """schema_version stays 1: keys are only added. Every missed-follow-up finding of the
    sample has its follow-up dates and a due date; every other finding has the six keys it
    always had."""
    golden = json.loads((ROOT / "tests" / "data" / "golden" / "rr2014.json").read_text("utf-8"))
    assert golden["schema_version"] == 1
    base = ["contract_id", "municipality_code", "municipality", "person", "rule", "detail"]
    missed = [f for f in golden["findings"] if f["rule"] == "missed-follow-up"]
    assert len(missed) == 28
    for finding in golden["findings"]:
        if finding["rule"] == "missed-follow-up":
            assert list(finding) == [*base, "follow_ups", "due"]
            assert dt.date.fromisoformat(finding["due"])
            assert finding["due"] in finding["detail"]
            assert all(dt.date.fromisoformat(d) for d in finding["follow_ups"])
            assert finding["follow_ups"] == sorted(set(finding["follow_ups"]))
        else:
            assert list(finding) == base


def test_bek2020_missed_follow_up_is_due_at_the_end_of_its_period(tmp_path):
    """Benefit: the fourth follow-up was due by the end of the period, 6 months after the
    visitation (1 Feb → 1 Aug); maternity: the follow-up was due 6 months after the birth."""
    header = ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet", "Jobmål"]
    header += ["Forsørgelsesgrundlag", "Visitationsdato", "Barns fødselsdato", "Opfølgninger"]
    taken, signed = dt.date(2021, 1, 1), dt.date(2021, 1, 15)
    rows = [
        header,
        ["B-1", "Aarhus", taken, signed, "Job", "ydelse", dt.date(2021, 2, 1), None,
         "01-05-2021; 01-06-2021; 01-07-2021"],
        ["M-1", "Aarhus", taken, signed, "Job", "barsel", None, dt.date(2021, 3, 10), ""],
    ]  # fmt: skip
    write_xlsx(tmp_path / "in" / "aarhus.xlsx", {"Kontrakter": rows})
    result = run_cli_in(
        tmp_path, "check", "in", "--ruleset", "bek2020", "--as-of", "2022-06-30", "--json", "a.json"
    )
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    found = {f["contract_id"]: f for f in doc["findings"] if f["rule"] == "missed-follow-up"}
    assert found["B-1"]["follow_ups"] == ["2021-05-01", "2021-06-01", "2021-07-01"]
    assert found["B-1"]["due"] == "2021-08-01"
    assert found["M-1"]["follow_ups"] == []
    assert found["M-1"]["due"] == "2021-09-10"
