"""Hidden sheets, stale copies and conflicting duplicates: a sheet whose contracts all appear
in another sheet of its file is set aside as a copy; two rows with the same contract id and
other contents are one contract, the rules that read a field they disagree on not assessed
(issue 19 §5)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from conftest import Result, run_cli_in, write_csv
from data.bad.generate import xlsx

D = dt.date
HEADER = ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet", "Beskæftigelsesmål"]
FOLLOW_UPS = [["Kontrakt nr.", "Opfølgningsdato"], ["K-1", D(2014, 3, 15)], ["K-2", D(2014, 4, 1)]]


JAN_20 = D(2014, 1, 20)


def _row(cid: str, signed: dt.date | None = JAN_20, goal: str | None = "Job") -> list[Any]:
    return [cid, "Aarhus", D(2014, 1, 6), signed, goal]


def _write(path: Path, sheets: dict[str, list[list[Any]]], hidden: tuple[str, ...] = ()) -> None:
    def hide(workbook: Any) -> None:
        for name in hidden:
            workbook[name].sheet_state = "hidden"

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xlsx(sheets, hide))


def _check(root: Path, *args: str) -> tuple[Result, dict[str, Any]]:
    out = root / "out.json"
    out.unlink(missing_ok=True)
    result = run_cli_in(root, "check", "in", "--as-of", "2014-06-30", "--json", str(out), *args)
    assert "Traceback" not in result.output
    return result, json.loads(out.read_text(encoding="utf-8"))


def _kinds(doc: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [i for i in doc["data_issues"] if i["kind"] == kind]


def test_a_hidden_stale_copy_is_read_reported_and_set_aside(tmp_path: Path) -> None:
    current = [HEADER, _row("K-1"), _row("K-2"), _row("K-3")]
    # The older copy: K-1 not yet signed, K-2 without its goal.
    stale = [HEADER, _row("K-1", signed=None), _row("K-2", goal=None)]
    sheets = {"Kontrakter": current, "Kontrakter (2)": stale, "Opfølgninger": FOLLOW_UPS}
    _write(tmp_path / "in" / "a.xlsx", sheets, hidden=("Kontrakter (2)",))
    result, doc = _check(tmp_path, "--strict")
    assert result.exit_code == 0, result.output
    assert doc["total"]["contracts"] == 3
    assert doc["total"]["rules"]["late-signing"]["fail"] == 0
    assert doc["total"]["rules"]["missing-goal"]["fail"] == 0
    (hidden,) = _kinds(doc, "sheet-hidden")
    assert (hidden["sheet"], hidden["level"]) == ("Kontrakter (2)", "info")
    (copy,) = _kinds(doc, "sheet-stale-copy")
    assert (copy["sheet"], copy["params"], copy["level"]) == (
        "Kontrakter (2)",
        {"other": "Kontrakter", "rows": 2},
        "warning",
    )
    assert "is also in the sheet Kontrakter (which is read)" in copy["message"]
    assert not _kinds(doc, "conflicting-contract")
    columns = json.loads(run_cli_in(tmp_path, "columns", "in", "--json", "-").stdout)
    kinds = {s["sheet"]: s["kind"] for s in columns["files"][0]["sheets"]}
    assert kinds == {
        "Kontrakter": "contracts",
        "Kontrakter (2)": None,
        "Opfølgninger": "follow_ups",
    }
    da = run_cli_in(tmp_path, "columns", "in").flat
    assert "står også i arket Kontrakter (som læses)" in da


def test_the_visible_original_wins_over_a_copy_named_as_one(tmp_path: Path) -> None:
    rows = [HEADER, _row("K-1"), _row("K-2")]
    _write(tmp_path / "in" / "a.xlsx", {"Kopi af Kontrakter": rows, "Kontrakter": rows})
    _, doc = _check(tmp_path)
    (copy,) = _kinds(doc, "sheet-stale-copy")
    assert (copy["sheet"], copy["params"]["other"]) == ("Kopi af Kontrakter", "Kontrakter")
    assert doc["total"]["contracts"] == 2
    assert not _kinds(doc, "duplicate-contract")


def test_a_sheet_holding_part_of_another_and_more_is_no_copy(tmp_path: Path) -> None:
    sheets = {
        "Kontrakter": [HEADER, _row("K-1"), _row("K-2")],
        "Nye": [HEADER, _row("K-2"), _row("K-3")],
    }
    _write(tmp_path / "in" / "a.xlsx", sheets)
    _, doc = _check(tmp_path)
    assert not _kinds(doc, "sheet-stale-copy")
    assert sorted(c["contract_id"] for c in doc["contracts"]) == ["K-1", "K-2", "K-3"]
    assert len(_kinds(doc, "duplicate-contract")) == 1


def test_a_copied_follow_ups_sheet_is_not_read_twice(tmp_path: Path) -> None:
    sheets = {
        "Kontrakter": [HEADER, _row("K-1"), _row("K-2")],
        "Opfølgninger": FOLLOW_UPS,
        "Opfølgninger (2)": FOLLOW_UPS[:2],
    }
    _write(tmp_path / "in" / "a.xlsx", sheets)
    _, doc = _check(tmp_path)
    (copy,) = _kinds(doc, "sheet-stale-copy")
    assert copy["sheet"] == "Opfølgninger (2)"
    assert doc["inputs"][0]["follow_ups"] == 2


def test_conflicting_rows_are_one_contract_assessed_where_they_agree(tmp_path: Path) -> None:
    rows = [HEADER, _row("K-1"), _row("K-2"), _row("K-1", signed=D(2014, 3, 1))]
    _write(tmp_path / "in" / "a.xlsx", {"Kontrakter": rows, "Opfølgninger": FOLLOW_UPS})
    result, doc = _check(tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(c["contract_id"] for c in doc["contracts"]) == ["K-1", "K-2"]
    k1 = next(c["status"] for c in doc["contracts"] if c["contract_id"] == "K-1")
    assert k1 == {
        "missing-goal": "pass",
        "late-signing": "not-assessed",
        "missed-follow-up": "not-assessed",
    }
    (issue,) = _kinds(doc, "conflicting-contract")
    assert (issue["level"], issue["row"], issue["params"]["other_row"]) == ("error", 4, 2)
    assert issue["params"]["fields"] == "signed_date"
    assert doc["total"]["rules"]["late-signing"]["not_assessed_reasons"] == {
        "conflict:signed_date": 1
    }
    strict = run_cli_in(tmp_path, "check", "in", "--as-of", "2014-06-30", "--strict")
    assert strict.exit_code == 1
    assert "two rows with the same contract id disagree on" not in strict.flat
    assert "to rækker med samme kontrakt-id er uenige om dato for kontraktens indgåelse" in (
        strict.flat
    )
    en = run_cli_in(tmp_path, "check", "in", "--as-of", "2014-06-30", "--lang", "en")
    assert "two rows with the same contract id disagree on" in en.flat


def test_the_same_contract_in_two_files_with_columns_that_complete_each_other(
    tmp_path: Path,
) -> None:
    write_csv(tmp_path / "in" / "a.csv", [HEADER[:4], _row("K-1")[:4]])
    b = [[*HEADER[:3], HEADER[4]], ["K-1", "Aarhus", D(2014, 1, 6), ""]]
    write_csv(tmp_path / "in" / "b.csv", b)
    _, doc = _check(tmp_path)
    assert [c["contract_id"] for c in doc["contracts"]] == ["K-1"]
    status = doc["contracts"][0]["status"]
    # The goal column is in b.csv only (empty there), the signing date in a.csv only.
    assert (status["missing-goal"], status["late-signing"]) == ("fail", "pass")
    (issue,) = _kinds(doc, "conflicting-contract")
    assert issue["level"] == "warning"
    assert "none (one row has columns the other has not)" in issue["message"]
