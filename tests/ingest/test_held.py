"""Only conversations held count as follow-ups: a status or type column beside the date says
so; cancelled conversations and no-shows do not count, an unknown status counts as held and
is a data issue, and [follow_ups] in integaudit.toml extends the words (issue 19 §4)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import run_cli_in, write_xlsx

from integaudit.ingest.held import HELD, NOT_HELD, UNKNOWN, HeldWords

D = dt.date
CONTRACTS = [
    ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet", "Beskæftigelsesmål"],
    ["K-1", "Aarhus", D(2020, 6, 1), D(2020, 6, 10), "Job"],
    ["K-2", "Aarhus", D(2020, 6, 1), D(2020, 6, 10), "Job"],
]
AS_OF = "2021-01-15"


def _conversations(k1_october: str, k2_october: str = "Afholdt") -> list[list[Any]]:
    """K-1 and K-2 each have conversations on 1 August, 1 October and 5 November 2020: held
    every time, 1 October bridges the gap from August to November (over three months)."""
    return [
        ["Kontrakt nr.", "Samtaledato", "Status"],
        ["K-1", D(2020, 8, 1), "Afholdt"],
        ["K-1", D(2020, 10, 1), k1_october],
        ["K-1", D(2020, 11, 5), "Afholdt"],
        ["K-2", D(2020, 8, 1), "Afholdt"],
        ["K-2", D(2020, 10, 1), k2_october],
        ["K-2", D(2020, 11, 5), "Gennemført"],
    ]


def _check(root: Path, *args: str) -> dict[str, Any]:
    out = root / "out.json"
    out.unlink(missing_ok=True)
    result = run_cli_in(root, "check", "in", "--as-of", AS_OF, "--json", str(out), *args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return json.loads(out.read_text(encoding="utf-8"))


def _status(doc: dict[str, Any], contract: str) -> str:
    found = next(c for c in doc["contracts"] if c["contract_id"] == contract)
    return found["status"]["missed-follow-up"]


def _write(root: Path, k1_october: str, k2_october: str = "Afholdt") -> None:
    sheets = {"Kontrakter": CONTRACTS, "Samtaler": _conversations(k1_october, k2_october)}
    write_xlsx(root / "in" / "aarhus.xlsx", sheets)


def test_a_cancelled_conversation_does_not_count_and_the_finding_says_so(tmp_path: Path) -> None:
    _write(tmp_path, "Aflyst")
    doc = _check(tmp_path)
    assert _status(doc, "K-1") == "fail"
    assert _status(doc, "K-2") == "pass"
    (finding,) = doc["findings"]
    assert finding["contract_id"] == "K-1"
    assert (
        "the conversation of 2020-10-01 is recorded as Aflyst and does not count"
        in (finding["detail"])
    )
    assert finding["follow_ups"] == ["2020-08-01", "2020-11-05"]
    # In Danish, in the workbook of findings.
    result = run_cli_in(tmp_path, "check", "in", "--as-of", AS_OF, "--xlsx", "fund.xlsx")
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tmp_path / "fund.xlsx")["Fund"]
    details = [row[6] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any("samtalen 2020-10-01 er registreret som Aflyst og tæller ikke" in d for d in details)


@pytest.mark.parametrize(
    "status", ["  AFLYST ", "No-show", "noshow", "ikke  mødt", "Aflyst af borger", "Udeblevet"]
)
def test_not_held_words_are_read_without_regard_to_case_and_spacing(
    tmp_path: Path, status: str
) -> None:
    _write(tmp_path, status)
    assert _status(_check(tmp_path), "K-1") == "fail"


def test_an_unknown_status_counts_as_held_and_is_one_data_issue_per_value(tmp_path: Path) -> None:
    _write(tmp_path, "Planlagt", "Planlagt")
    doc = _check(tmp_path)
    assert (_status(doc, "K-1"), _status(doc, "K-2")) == ("pass", "pass")
    issues = [i for i in doc["data_issues"] if i["kind"] == "follow-up-status-unknown"]
    assert [(i["value"], i["row"], i["params"]["count"], i["level"]) for i in issues] == [
        ("Planlagt", 3, 2, "warning")
    ]
    assert 'not_held = ["Planlagt"]' in issues[0]["message"]


def test_the_config_extends_the_words(tmp_path: Path) -> None:
    _write(tmp_path, "Planlagt", "Aflyst")
    (tmp_path / "in" / "integaudit.toml").write_text(
        '[follow_ups]\nnot_held = ["planlagt"]\nheld = ["Aflyst"]\n', encoding="utf-8"
    )
    doc = _check(tmp_path)
    assert (_status(doc, "K-1"), _status(doc, "K-2")) == ("fail", "pass")
    assert not [i for i in doc["data_issues"] if i["kind"] == "follow-up-status-unknown"]
    shown = run_cli_in(tmp_path, "config", "in").flat
    assert "follow_ups.not_held" in shown and "planlagt" in shown


def test_columns_lists_the_status_values_with_how_they_count(tmp_path: Path) -> None:
    _write(tmp_path, "Aflyst", "Planlagt")
    result = run_cli_in(tmp_path, "columns", "in", "--json", "-")
    sheet = json.loads(result.stdout)["files"][0]["sheets"][1]
    assert sheet["statuses"] == [
        {"value": "Afholdt", "count": 3, "counts_as": "held"},
        {"value": "Aflyst", "count": 1, "counts_as": "not-held"},
        {"value": "Planlagt", "count": 1, "counts_as": "unknown"},
        {"value": "Gennemført", "count": 1, "counts_as": "held"},
    ]
    da = run_cli_in(tmp_path, "columns", "in").flat
    assert "Samtalernes status: Afholdt (3, afholdt), Aflyst (1, ikke afholdt)" in da
    assert "Planlagt (1, ukendt: tælles som afholdt)" in da
    en = run_cli_in(tmp_path, "columns", "in", "--lang", "en").flat
    assert "The conversations' status: Afholdt (3, held), Aflyst (1, not held)" in en


def test_wide_follow_ups_with_a_status_beside_each(tmp_path: Path) -> None:
    header = [*CONTRACTS[0], "Opfølgning 1", "Status 1", "Opfølgning 2", "Status 2"]
    header += ["Opfølgning 3", "Status 3"]
    k1 = [D(2020, 8, 1), "Afholdt", D(2020, 10, 1), "Aflyst", D(2020, 11, 5), None]
    k2 = [D(2020, 8, 1), "Afholdt", D(2020, 10, 1), "Afholdt", D(2020, 11, 5), "Afholdt"]
    rows = [header, [*CONTRACTS[1][:5], *k1], [*CONTRACTS[2][:5], *k2]]
    write_xlsx(tmp_path / "in" / "aarhus.xlsx", {"Kontrakter": rows})
    doc = _check(tmp_path)
    assert (_status(doc, "K-1"), _status(doc, "K-2")) == ("fail", "pass")


def test_a_status_column_in_a_contracts_sheet_is_not_read_as_a_follow_up_status(
    tmp_path: Path,
) -> None:
    rows = [[*CONTRACTS[0], "Status", "Opfølgninger"]]
    rows += [[*row, "Aktiv", "01-08-2020; 01-10-2020; 05-11-2020"] for row in CONTRACTS[1:]]
    write_xlsx(tmp_path / "in" / "aarhus.xlsx", {"Kontrakter": rows})
    doc = _check(tmp_path)
    assert _status(doc, "K-1") == "pass"
    assert not [i for i in doc["data_issues"] if i["kind"] == "follow-up-status-unknown"]
    recognised = [i for i in doc["data_issues"] if i["kind"] == "column-not-recognised"]
    assert [i["column"] for i in recognised] == ["Status"]


def test_a_bad_follow_ups_table_is_a_usage_error(tmp_path: Path) -> None:
    _write(tmp_path, "Aflyst")
    (tmp_path / "in" / "integaudit.toml").write_text(
        '[follow_ups]\ncancelled = ["x"]\n', encoding="utf-8"
    )
    result = run_cli_in(tmp_path, "check", "in", "--lang", "en")
    assert result.exit_code == 2
    assert "'follow_ups.cancelled': unknown key (known keys: held, not_held)" in result.flat


def test_the_words() -> None:
    words = HeldWords.of(not_held=["Flyttet"])
    assert [words.state(t) for t in ("Afholdt", "AFLYST", "Flyttet", "Telefon")] == [
        HELD,
        NOT_HELD,
        NOT_HELD,
        UNKNOWN,
    ]
    # "Nej" is not held, "Nejsted" (a place) is not a not-held word.
    assert words.state("Nej") == NOT_HELD and words.state("Nej tak") == UNKNOWN
