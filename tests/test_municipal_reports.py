"""integaudit municipal-reports: one report per municipality and an index, from one national
audit, each holding that municipality's contracts and nothing of any other."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from integaudit.audit.municipal import file_stem
from tests.conftest import run_cli_in
from tests.render.browser import NEEDS_PDFTOPPM, print_pages

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "rr2014"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """Return the folder of the rr2014 sample's municipal reports and the national JSON."""
    root = tmp_path_factory.mktemp("municipal")
    result = run_cli_in(
        root, "municipal-reports", str(SAMPLE), "--out", "out", "--xlsx", "--json", "n.json"
    )
    assert result.exit_code == 0, result.output
    assert "56 kommunerapporter og index.html skrevet til out" in result.flat
    return root / "out", json.loads((root / "n.json").read_text(encoding="utf-8"))


def test_one_report_and_workbook_per_municipality_and_an_index(reports) -> None:
    out, national = reports
    stems = {file_stem(g["key"], g["name"]) for g in national["groups"]}
    assert len(stems) == 56
    assert {p.name for p in out.iterdir()} == {
        "index.html",
        *(f"{s}.html" for s in stems),
        *(f"{s}.xlsx" for s in stems),
    }
    assert "461-odense.html" in {p.name for p in out.iterdir()}
    assert all(p.name.isascii() for p in out.iterdir())


def test_each_report_holds_its_findings_and_no_other_municipalitys_contracts(reports) -> None:
    out, national = reports
    all_ids = {c["contract_id"]: c["municipality_code"] for c in national["contracts"]}
    for group in national["groups"]:
        html = (out / f"{file_stem(group['key'], group['name'])}.html").read_text("utf-8")
        own = [
            (f["contract_id"], f["rule"])
            for f in national["findings"]
            if f["municipality_code"] == group["key"]
        ]
        cells = re.findall(r'<tr><td class="token">([^<]+)</td>', html)
        assert sorted(cells) == sorted(cid for cid, _ in own), group["key"]
        others = [cid for cid, code in all_ids.items() if code != group["key"]]
        assert not [cid for cid in others if re.search(rf"\b{re.escape(cid)}\b", html)]


def test_each_reports_figures_are_the_national_runs_group_figures(reports) -> None:
    out, national = reports
    for group in national["groups"]:
        html = (out / f"{file_stem(group['key'], group['name'])}.html").read_text("utf-8")
        for rule, stats in group["rules"].items():
            row = re.search(rf'<tr data-rule="{rule}">(.*?)</tr>', html, re.S).group(1)
            assessed = stats["pass"] + stats["fail"]
            assert f"{stats['fail']} af {assessed}" in row, (group["key"], rule)
            rate = f"{stats['rate'] * 100:.1f}".replace(".", ",")
            assert f"<strong>{rate} %</strong>" in row


def test_each_workbook_cuts_the_findings_and_keeps_its_files_checksums(reports) -> None:
    out, national = reports
    odense = openpyxl.load_workbook(out / "461-odense.xlsx")
    assert odense.sheetnames == ["Fund", "Dataproblemer", "Revisionsspor"]
    rows = list(odense["Fund"].iter_rows(values_only=True))[1:]
    want = [f for f in national["findings"] if f["municipality_code"] == "461"]
    assert sorted((r[0], r[4]) for r in rows if r[0]) == sorted(
        (f["contract_id"], f["rule"]) for f in want
    )
    # The audit trail names the files that held Odense's contracts, with the national run's
    # checksums, and none of the other municipalities' files; it counts those.
    trail = list(odense["Revisionsspor"].iter_rows(values_only=True))
    listed = {r[1]: r[2] for r in trail if r[0] == "Inputfil"}
    own = {f["path"]: f["sha256"] for f in national["inputs"] if "odense" in f["path"].lower()}
    assert listed == own and len(own) == 1
    others = {r[0]: r[1] for r in trail}["Andre inputfiler"]
    assert f"desuden {len(national['inputs']) - 1} andre filer" in others
    html = (out / "461-odense.html").read_text(encoding="utf-8")
    shown = {f["sha256"] for f in national["inputs"] if f["sha256"] in html}
    assert shown == set(own.values())


def test_index_links_every_report_and_names_the_municipalities_without_contracts(reports):
    out, _ = reports
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+\.html)">', index)
    assert len(links) == 56 and all((out / link).exists() for link in links)
    assert "42 kommuner har ingen kontrakter i udtrækket" in index
    assert index.count('<figure class="map">') == 3


def test_a_second_run_replaces_its_reports_and_refuses_a_page_of_the_users(tmp_path) -> None:
    args = ("municipal-reports", str(SAMPLE), "--out", "out")
    assert run_cli_in(tmp_path, *args).exit_code == 0
    assert run_cli_in(tmp_path, *args).exit_code == 0
    (tmp_path / "out" / "index.html").write_text("<p>my notes</p>", encoding="utf-8")
    refused = run_cli_in(tmp_path, *args)
    assert refused.exit_code == 2
    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8") == "<p>my notes</p>"
    inside = run_cli_in(tmp_path, "municipal-reports", str(SAMPLE), "--out", str(SAMPLE / "x"))
    assert inside.exit_code == 2 and not (SAMPLE / "x").exists()


@NEEDS_PDFTOPPM
def test_the_largest_municipalitys_report_prints_on_two_a4_pages(reports, tmp_path) -> None:
    out, national = reports
    largest = max(national["groups"], key=lambda g: g["contracts"])
    page = out / f"{file_stem(largest['key'], largest['name'])}.html"
    assert len(print_pages(tmp_path / "profile", page, tmp_path, dpi=10)) <= 2


def test_municipalities_written_as_odd_numbers_or_at_great_length_get_reports_of_their_own(
    tmp_path,
) -> None:
    # "²³" and "①②③" look like digits to str.isdigit() and are no code; a name of 300
    # characters is more than a file name may hold; "Ødby" and "Odby" read alike in ASCII.
    long = "Langtvækkekommune" * 18
    lines = ["Kontrakt nr.;Kommune;Overtagelsesdato;Underskrevet;Beskæftigelsesmål"]
    for i, name in enumerate(["²³", "①②③", long, long + "x", "Ødby", "Odby", "Odense"]):
        lines.append(f"K-{i};{name};06-01-2014;20-01-2014;Job")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    result = run_cli_in(tmp_path, "municipal-reports", "in", "--out", "out", "--xlsx",
                        "--as-of", "2014-06-30", "--lang", "en")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "7 municipal reports and index.html written to out" in result.flat
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(names) == 2 * 7 + 1
    assert max(len(n.encode()) for n in names) <= 100
    assert "461-odense.html" in names
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    for name in names:
        if name.endswith(".html") and name != "index.html":
            assert f'href="{name}"' in index, name
