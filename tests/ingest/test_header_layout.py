"""Where the header is: below title rows and below a band of group labels, headers of two
rows, and ``[[layout]]`` in integaudit.toml for the files the heuristics read wrongly
(issue 19 §2)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, run_cli_in, write_csv, write_xlsx
from data.bad.generate import xlsx

from integaudit.ingest.headers import build_alias_index, find_header

D = dt.date
TITLE = [["Nexus – udtræk af integrationskontrakter"], [], ["Kørt 30-06-2014"]]
BAND = ["Borger", None, "Sag", None, "Underskrevet", None, "Afsluttet", "Status"]
SUB = ["CPR", "Navn", "Sagsnr", "Overtaget", "Borger", "Kommune", "Dato", "Kommune"]
ROWS = [
    ["010190-1235", "Anna A", "N-1", D(2014, 1, 6), D(2014, 1, 20), D(2014, 1, 22), None, "Aarhus"],
    ["020290-1234", "Bo B", "N-2", D(2014, 1, 6), D(2014, 3, 20), D(2014, 1, 22), None, "Aarhus"],
]


def _nexus(path: Path) -> Path:
    """Write a Nexus-style workbook: three title rows, a band of group labels merged over the
    real headers in row 5, two contracts."""

    def merge(workbook: Any) -> None:
        for cells in ("A4:B4", "C4:D4", "E4:F4"):
            workbook["Kontrakter"].merge_cells(cells)

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xlsx({"Kontrakter": [*TITLE, BAND, SUB, *ROWS]}, merge))
    return path


def _json(root: Path, *args: str) -> tuple[Result, dict[str, Any]]:
    out = root / "out.json"
    out.unlink(missing_ok=True)
    result = run_cli_in(root, "check", "in", "--as-of", "2014-06-30", "--json", str(out), *args)
    assert "Traceback" not in result.output
    doc = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    return result, doc


def _columns(root: Path, *args: str) -> dict[str, Any]:
    result = run_cli_in(root, "columns", "in", "--json", "-", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _sheet(report: dict[str, Any], name: str = "Kontrakter") -> dict[str, Any]:
    return next(s for f in report["files"] for s in f["sheets"] if s["sheet"] == name)


def _config(root: Path, text: str) -> None:
    (root / "in").mkdir(parents=True, exist_ok=True)
    (root / "in" / "integaudit.toml").write_text(text, encoding="utf-8")


# --- a band of group labels ------------------------------------------------------------------


def test_a_nexus_band_over_the_header_row_is_read_with_it(tmp_path: Path) -> None:
    _nexus(tmp_path / "in" / "aarhus.xlsx")
    result, doc = _json(tmp_path)
    assert result.exit_code == 0, result.output
    statuses = {c["contract_id"]: c["status"] for c in doc["contracts"]}
    # N-1 signed by both after 16 days, N-2 by the citizen after 73 days.
    assert statuses["N-1"]["late-signing"] == "pass"
    assert statuses["N-2"]["late-signing"] == "fail"
    sheet = _sheet(_columns(tmp_path))
    fields = {c["header"]: c["field"] for c in sheet["columns"]}
    assert fields["Underskrevet Borger"] == "signed_citizen_date"
    assert fields["Underskrevet Kommune"] == "signed_municipality_date"
    assert fields["Afsluttet Dato"] == "end_date"
    assert fields["Borger CPR"] == "person_id"
    # "Kommune" under the group "Status" may mean another thing than the municipality.
    assert fields["Status Kommune"] is None
    assert (sheet["header_row"], sheet["band_row"], sheet["header_found"]) == (5, 4, "groups")
    assert sheet["skipped_rows"] == [1, 3]


def test_columns_says_where_the_header_is_and_why_in_both_languages(tmp_path: Path) -> None:
    _nexus(tmp_path / "in" / "aarhus.xlsx")
    da = run_cli_in(tmp_path, "columns", "in")
    assert "overskrifter i række 5 under gruppeetiketterne i række 4" in da.flat
    assert "Gruppeetiketterne i række 4 er læst sammen med overskrifterne under dem" in da.flat
    assert "Række 1, 3 over overskrifterne læses ikke" in da.flat
    en = run_cli_in(tmp_path, "columns", "in", "--lang", "en")
    assert "headers in row 5 under the group labels of row 4" in en.flat
    assert "The group labels of row 4 are read with the headers under them" in en.flat


def test_a_band_whose_labels_map_less_than_the_row_under_it_is_not_the_header() -> None:
    index = build_alias_index()
    found = find_header([*TITLE, BAND, SUB, *ROWS], index, [((3, 4), (3, 5))])
    assert found is not None
    assert (found.row, found.sub_rows) == (3, 1)
    assert found.columns[4] == "signed_citizen_date"


def test_a_title_merged_over_the_header_does_not_make_it_two_rows() -> None:
    rows = [["Integrationskontrakter 2014"], ["Kontrakt nr.", "Kommune", "Overtaget"], ["K-1"]]
    found = find_header(rows, build_alias_index(), [((0, 0), (0, 2))])
    assert found is not None
    assert (found.row, found.sub_rows) == (1, 0)
    assert found.columns == {0: "contract_id", 1: "municipality", 2: "responsibility_date"}


def test_the_first_data_row_is_never_read_as_a_second_header_row() -> None:
    rows = [["Underskrevet", "Underskrevet", "Sagsnr"], ["Borger", "Kommune", "Overtaget"]]
    rows.append([D(2014, 1, 20), D(2014, 1, 22), "K-1"])
    found = find_header(rows[1:], build_alias_index())
    assert found is not None and found.sub_rows == 0


# --- [[layout]] ------------------------------------------------------------------------------

HEADER = ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet", "Beskæftigelsesmål"]
CONTRACT = ["K-1", "Aarhus", D(2014, 1, 6), D(2014, 1, 20), "Job"]


def test_header_row_of_a_layout_reads_a_header_below_row_20(tmp_path: Path) -> None:
    rows = [["Udtræk"]] + [[] for _ in range(23)] + [HEADER, CONTRACT]
    write_xlsx(tmp_path / "in" / "lav.xlsx", {"Kontrakter": rows})
    result, _ = _json(tmp_path)
    assert result.exit_code == 2
    report = _columns(tmp_path)
    assert "header_row = 25" in _sheet(report)["hint"]

    _config(tmp_path, '[[layout]]\nfiles = "lav.xlsx"\nheader_row = 25\n')
    result, doc = _json(tmp_path)
    assert result.exit_code == 0, result.output
    assert [c["contract_id"] for c in doc["contracts"]] == ["K-1"]
    sheet = _sheet(_columns(tmp_path))
    assert (sheet["header_row"], sheet["header_found"]) == (25, "config")
    assert sheet["layout"] == ["[[layout]] 1 (in/integaudit.toml)"]
    shown = run_cli_in(tmp_path, "columns", "in", "--lang", "en").flat
    assert "The row of the headers is set in integaudit.toml" in shown
    assert "Layout from [[layout]] 1" in shown


def test_header_rows_2_reads_a_csv_header_of_two_rows(tmp_path: Path) -> None:
    rows = [
        ["Kontrakt nr.", "Underskrevet", "", "Overtaget", "Kommune"],
        ["", "Borger", "Kommune", "", ""],
        ["K-1", "20-01-2014", "10-03-2014", "06-01-2014", "Aarhus"],
    ]
    write_csv(tmp_path / "in" / "aarhus.csv", rows)
    _, doc = _json(tmp_path)
    # Read as one row, "Kommune" in column C would be a second municipality column.
    assert doc["contracts"][0]["status"]["late-signing"] == "pass"
    _config(tmp_path, '[[layout]]\nfiles = "*.csv"\nheader_rows = 2\n')
    _, doc = _json(tmp_path)
    assert doc["contracts"][0]["status"]["late-signing"] == "fail"
    fields = {c["header"]: c["field"] for c in _sheet(_columns(tmp_path), "aarhus")["columns"]}
    assert fields["Underskrevet Kommune"] == "signed_municipality_date"


def test_skip_rows_and_footer_rows_set_rows_aside(tmp_path: Path) -> None:
    rows = [HEADER, CONTRACT, ["K-2", "Aarhus", D(2014, 1, 6), None, "Prøve"], ["K-3", "Aarhus"]]
    rows.append(["Kørt af systemet 30-06-2014 kl. 03:00", "Aarhus"])
    write_xlsx(tmp_path / "in" / "a.xlsx", {"Kontrakter": rows})
    _config(tmp_path, '[[layout]]\nfiles = "a.xlsx"\nskip_rows = [3]\nfooter_rows = 1\n')
    _, doc = _json(tmp_path)
    assert [c["contract_id"] for c in doc["contracts"]] == ["K-1", "K-3"]
    set_aside = [
        (i["row"], i["params"]["reason"])
        for i in doc["data_issues"]
        if i["kind"] == "row-not-a-contract"
    ]
    assert set_aside == [(3, "layout"), (5, "footer")]


def test_sheets_and_ignore_sheets_choose_the_sheets_read(tmp_path: Path) -> None:
    sheets = {
        "Kontrakter": [HEADER, CONTRACT],
        "Kontrakter (2)": [HEADER, ["K-9", "Aarhus", D(2014, 1, 6), None, "Job"]],
    }
    write_xlsx(tmp_path / "in" / "a.xlsx", sheets)
    _config(tmp_path, '[[layout]]\nfiles = "*.xlsx"\nignore_sheets = ["* (2)"]\n')
    _, doc = _json(tmp_path)
    assert [c["contract_id"] for c in doc["contracts"]] == ["K-1"]
    skipped = [i for i in doc["data_issues"] if i["kind"] == "sheet-layout-skipped"]
    assert [(i["sheet"], i["level"]) for i in skipped] == [("Kontrakter (2)", "info")]
    _config(tmp_path, '[[layout]]\nfiles = "*.xlsx"\nsheets = ["Kontrakter (2)"]\n')
    _, doc = _json(tmp_path)
    assert [c["contract_id"] for c in doc["contracts"]] == ["K-9"]


def test_a_layout_matches_the_path_below_the_folder_and_the_name(tmp_path: Path) -> None:
    rows = [["Titel"], ["Kommune", "Aarhus"], HEADER, CONTRACT]
    write_xlsx(tmp_path / "in" / "nexus" / "aarhus.xlsx", {"Kontrakter": rows})
    write_xlsx(tmp_path / "in" / "andet" / "aarhus.xlsx", {"Kontrakter": rows})
    _config(tmp_path, '[[layout]]\nfiles = "nexus/*.xlsx"\nsheet = "Kontr*"\nheader_row = 2\n')
    report = _columns(tmp_path)
    rows_found = {f["file"]: f["sheets"][0]["header_row"] for f in report["files"]}
    assert rows_found == {"in/andet/aarhus.xlsx": 3, "in/nexus/aarhus.xlsx": 2}


def test_a_layout_row_past_the_end_of_the_sheet_is_an_error(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "in" / "a.xlsx", {"Kontrakter": [HEADER, CONTRACT]})
    write_xlsx(tmp_path / "in" / "b.xlsx", {"Kontrakter": [HEADER, CONTRACT]})
    _config(tmp_path, '[[layout]]\nfiles = "a.xlsx"\nheader_row = 40\n')
    _, doc = _json(tmp_path)
    (issue,) = [i for i in doc["data_issues"] if i["kind"] == "sheet-layout-no-row"]
    assert issue["level"] == "error" and "row 40" in issue["message"]


A = '[[layout]]\nfiles = "a.xlsx"\n'


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[[layout]]\nheader_row = 2\n", "'layout[1]': needs files"),
        (f"{A}header_rows = 3\n", "'layout[1].header_rows': must be 1 or 2"),
        (f"{A}header_row = 0\n", "'layout[1].header_row': must be a whole number from 1"),
        (f"{A}skip_rows = 3\n", "'layout[1].skip_rows': must be a list of row numbers"),
        (f"{A}headers = 2\n", "'layout[1].headers': unknown key"),
        ('layout = "a.xlsx"\n', "'layout': must be written as [[layout]] tables"),
    ],
)  # fmt: skip
def test_a_bad_layout_is_a_usage_error_naming_the_key(tmp_path: Path, text: str, says: str) -> None:
    write_xlsx(tmp_path / "in" / "a.xlsx", {"Kontrakter": [HEADER, CONTRACT]})
    _config(tmp_path, text)
    result = run_cli_in(tmp_path, "check", "in", "--lang", "en")
    assert result.exit_code == 2
    assert says in result.flat
    assert "Traceback" not in result.output


def test_config_show_lists_the_layout(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "in" / "a.xlsx", {"Kontrakter": [HEADER, CONTRACT]})
    _config(tmp_path, '[[layout]]\nfiles = "a.xlsx"\nheader_row = 1\nskip_rows = [4, 5]\n')
    shown = run_cli_in(tmp_path, "config", "in").flat
    assert "layout[1]" in shown
    assert 'files = ["a.xlsx"], header_row = 1, skip_rows = [4, 5]' in shown
