"""No CPR number or name reaches any output (SPEC §1.3, §4.4)."""

from __future__ import annotations

import json
import re

import openpyxl
import pytest
from typer.testing import CliRunner

from integaudit.cli import app
from tests.privacy.helpers import NAMES, fake_cprs, leaks

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow


@pytest.fixture
def hostile_extract(tmp_path):
    cprs = fake_cprs(12)
    folder = tmp_path / "in"
    folder.mkdir()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = f"Kontrakter {cprs[11]}"
    ws.append(
        [
            "Kontrakt nr.", "Kommune", "CPR-nr", "Navn", "Overtagelsesdato", "Underskrevet",
            "Beskæftigelsesmål", "Uddannelsesmål", "Koordinerende enhed", "Opfølgninger",
        ]
    )  # fmt: skip
    ws.append(
        [
            cprs[0], "Aarhus", cprs[1], NAMES[0], "01-02-2014", cprs[2],
            f"Job; borger {cprs[3]}", None, f"Jobcenter v/ {cprs[4]}", f"01-04-2014; {cprs[5]}",
        ]
    )  # fmt: skip
    ws.append(
        [
            "K-2", f"Kommune {cprs[6]}", int(cprs[7].replace("-", "")), NAMES[1], "01-02-2014",
            "20-04-2014", None, f"se notat {cprs[8].replace('-', '')}", None, "01-05-2014",
        ]
    )  # fmt: skip
    fu = wb.create_sheet("Opfølgninger")
    fu.append(["Kontrakt nr.", "Opfølgningsdato"])
    fu.append([cprs[9], "01-03-2014"])
    fu.append(["K-2", cprs[10]])
    wb.save(folder / "aarhus.xlsx")
    return folder, cprs


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_cpr_or_name_in_terminal_or_json(hostile_extract, tmp_path, lang):
    folder, cprs = hostile_extract
    out = tmp_path / "audit.json"
    result = CliRunner().invoke(
        app,
        ["check", str(folder), "--as-of", "2014-06-30", "--json", str(out), "--lang", lang, "-v"],
        env={"INTEGAUDIT_KEY": "k"},
    )
    assert result.exit_code == 0, result.output
    document = out.read_text(encoding="utf-8")
    assert leaks(result.output, cprs) == []
    assert leaks(document, cprs) == []
    data = json.loads(document)
    assert data["total"]["contracts"] == 2
    assert all(re.fullmatch(r"P-[0-9a-f]{12}", f["person"]) for f in data["findings"])
    # The CPR used as a contract id is audited under its pseudonym, not dropped.
    assert any(c["contract_id"].startswith("P-") for c in data["contracts"])


def test_no_cpr_in_json_on_stdout(hostile_extract):
    folder, cprs = hostile_extract
    result = CliRunner().invoke(
        app,
        ["check", str(folder), "--as-of", "2014-06-30", "--json", "-"],
        env={"INTEGAUDIT_KEY": ""},
    )
    assert result.exit_code == 0
    assert leaks(result.output, cprs) == []
    # Without a key, the run says pseudonyms are not stable, in the JSON too.
    data = json.loads(result.stdout)
    assert any("random key" in issue["message"] for issue in data["data_issues"])


def test_same_key_gives_same_pseudonyms_and_other_key_differs(hostile_extract, tmp_path):
    folder, _ = hostile_extract
    persons = []
    for key in ("one", "one", "two"):
        result = CliRunner().invoke(
            app,
            ["check", str(folder), "--as-of", "2014-06-30", "--json", "-"],
            env={"INTEGAUDIT_KEY": key},
        )
        persons.append(sorted(f["person"] for f in json.loads(result.stdout)["findings"]))
    assert persons[0], "the extract must give at least one finding"
    assert persons[0] == persons[1]
    assert persons[0] != persons[2]


def test_no_cpr_or_name_in_html_or_xlsx_cells_or_sheet_names(hostile_extract, tmp_path):
    folder, cprs = hostile_extract
    html, xlsx = tmp_path / "r.html", tmp_path / "r.xlsx"
    result = CliRunner().invoke(
        app,
        ["check", str(folder), "--as-of", "2014-06-30", "--html", str(html), "--xlsx", str(xlsx)],
        env={"INTEGAUDIT_KEY": "k"},
    )
    assert result.exit_code == 0, result.output
    assert leaks(html.read_text(encoding="utf-8"), cprs) == []
    workbook = openpyxl.load_workbook(xlsx)
    texts = [ws.title for ws in workbook]
    texts += [str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value]
    assert leaks("\n".join(texts), cprs) == []
    # The hostile sheet name held a CPR: the workbook's Fund sheet shows its pseudonym instead.
    assert any(t.startswith("Kontrakter P-") for t in texts)


def test_a_file_named_by_a_cpr_number_is_shown_by_its_pseudonym(hostile_extract, tmp_path):
    folder, cprs = hostile_extract
    named = folder / f"{cprs[0].replace('-', '')}.xlsx"
    (folder / "aarhus.xlsx").rename(named)
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        app,
        ["check", str(folder), "--as-of", "2014-06-30", "--json", str(out), "-v"],
        env={"INTEGAUDIT_KEY": "k"},
    )
    assert result.exit_code == 0, result.output
    assert leaks(result.output + out.read_text(encoding="utf-8"), cprs) == []
    assert json.loads(out.read_text())["inputs"][0]["path"].endswith(".xlsx")
