"""Bad input through the CLI (SPEC §1.4): every problem is a data issue with its location,
no traceback, no rows lost silently, and the exit code says whether anything was audited."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import Checked, run_cli_in, write_csv, write_xlsx

# The corpus generator's contract row: its defaults pass every rr2014 rule on 2014-06-30.
from data.bad.generate import HEADER, contract

D = dt.date
RULES = ("missing-goal", "late-signing", "missed-follow-up")


def no_traceback(checked: Checked) -> None:
    result = checked.result
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.stderr


def one(issues: list[dict[str, Any]]) -> dict[str, Any]:
    assert len(issues) == 1, issues
    return issues[0]


def warns_about(issue: dict[str, Any], row: int, value: str, says: str) -> None:
    """Assert the issue is a warning on ``row`` of in/kontrakter.xlsx, sheet Kontrakter, about
    the cell ``value``, and that its message says ``says``."""
    assert issue["level"] == "warning"
    assert (issue["file"], issue["sheet"]) == ("in/kontrakter.xlsx", "Kontrakter")
    assert issue["row"] == row
    assert issue["value"] == value
    assert says in issue["message"]


def ran(checked: Checked) -> None:
    """Assert the audit ran (exit 0, no traceback) and wrote its JSON."""
    no_traceback(checked)
    assert checked.result.exit_code == 0, checked.result.output
    assert checked.doc is not None


# --- 1. required column missing ---------------------------------------------------------------


def test_sheet_missing_a_required_column_is_an_error_and_other_files_are_audited(
    tmp_path: Path, check
) -> None:
    no_responsibility = [h for h in HEADER if h != "Overtagelsesdato"]
    write_xlsx(
        tmp_path / "in" / "bad.xlsx",
        {
            "Kontrakter": [
                no_responsibility,
                ["B-1", "Aarhus", D(2014, 1, 20), "Job", None, "15-03-2014"],
                ["B-2", "Aarhus", D(2014, 2, 20), None, "SOSU", "15-04-2014"],
            ]
        },
    )
    write_xlsx(
        tmp_path / "in" / "good.xlsx",
        {"Kontrakter": [HEADER, contract("G-1"), contract("G-2", employment_goal="-")]},
    )
    checked = check("in")
    ran(checked)

    issue = one(checked.issues(level="error", file="in/bad.xlsx", sheet="Kontrakter"))
    assert issue["column"] == "responsibility_date"
    assert issue["row"] == 1  # the header row, where the column is missing
    assert "responsibility_date" in issue["message"]
    assert "lacks the required column" in issue["message"]
    assert "2 rows are not audited" in issue["message"]

    # the bad sheet's rows are not audited; the good file is
    assert sorted(checked.contract_ids()) == ["G-1", "G-2"]
    assert checked.doc["total"]["contracts"] == 2
    assert checked.doc["total"]["rules"]["missing-goal"]["fail"] == 1
    assert checked.doc["total"]["rules"]["missing-goal"]["pass"] == 1

    flat = checked.result.flat
    assert "sheet lacks a required column" in flat
    assert "bad.xlsx" in flat


# --- 2. unreadable values ---------------------------------------------------------------------


def test_unreadable_date_is_a_warning_and_its_rules_are_not_assessed(tmp_path: Path, check) -> None:
    write_xlsx(
        tmp_path / "in" / "kontrakter.xlsx",
        {
            "Kontrakter": [
                HEADER,
                contract("K-1"),
                # row 3: the signing date does not exist; no goal
                contract("K-2", signed="31-02-2014", employment_goal="-", follow_ups="15-04-2014"),
                # row 4: the responsibility date does not exist; signing is readable
                contract(
                    "K-3",
                    responsibility="32.01.2014",
                    signed=D(2014, 2, 10),
                    follow_ups="01-04-2014; 20-06-2014",
                ),
            ]
        },
    )
    checked = check("in")
    ran(checked)

    warns_about(one(checked.issues(column="signed_date")), 3, "31-02-2014", "not a date")

    issue = one(checked.issues(column="responsibility_date"))
    assert (issue["level"], issue["row"], issue["value"]) == ("warning", 4, "32.01.2014")

    status = checked.statuses()
    assert status["K-1"] == dict.fromkeys(RULES, "pass")
    # K-2: everything that needs the signing date is not assessed; the goal rule still is
    assert status["K-2"] == {
        "missing-goal": "fail",
        "late-signing": "not-assessed",
        "missed-follow-up": "not-assessed",
    }
    # K-3: no deadline without a responsibility date; the follow-ups are fine
    assert status["K-3"] == {
        "missing-goal": "pass",
        "late-signing": "not-assessed",
        "missed-follow-up": "pass",
    }
    rules = checked.doc["total"]["rules"]
    assert rules["late-signing"]["not_assessed"] == 2
    assert rules["late-signing"]["pass"] + rules["late-signing"]["fail"] == 1
    assert rules["missed-follow-up"]["not_assessed"] == 1
    assert rules["missing-goal"]["not_assessed"] == 0
    # not-assessed rules are not findings
    findings = {(f["contract_id"], f["rule"]) for f in checked.doc["findings"]}
    assert findings == {("K-2", "missing-goal")}

    flat = checked.result.flat
    assert "unreadable date" in flat
    assert "31-02-2014" in flat


def test_unknown_situation_is_a_warning(tmp_path: Path, check) -> None:
    header = [*HEADER, "Situation"]
    write_xlsx(
        tmp_path / "in" / "kontrakter.xlsx",
        {
            "Kontrakter": [
                header,
                [*contract("K-1"), "ydelse"],
                [*contract("K-2"), "på orlov"],
                [*contract("K-3"), "Beskæftigelse"],
            ]
        },
    )
    checked = check("in")
    ran(checked)
    warns_about(one(checked.issues(column="situation")), 3, "på orlov", "unknown situation")
    # rr2014's rules do not use the situation
    assert checked.statuses()["K-2"] == dict.fromkeys(RULES, "pass")
    assert "unknown situation" in checked.result.flat


# --- 4. no contract id ------------------------------------------------------------------------


def test_row_without_contract_id_is_audited_under_file_and_row(tmp_path: Path, check) -> None:
    write_xlsx(
        tmp_path / "in" / "kontrakter.xlsx",
        {
            "Kontrakter": [
                ["Integrationskontrakter 2014"],
                HEADER,
                contract("K-1"),
                contract(None, signed=D(2014, 3, 1)),  # Excel row 4, signed after 54 days
                contract("   ", employment_goal=None),  # Excel row 5, blank id
            ]
        },
    )
    checked = check("in")
    ran(checked)
    issues = checked.issues(column="contract_id", message="no contract id")
    assert [(i["level"], i["file"], i["sheet"], i["row"]) for i in issues] == [
        ("warning", "in/kontrakter.xlsx", "Kontrakter", 4),
        ("warning", "in/kontrakter.xlsx", "Kontrakter", 5),
    ]
    status = checked.statuses()
    assert set(status) == {"K-1", "kontrakter.xlsx:4", "kontrakter.xlsx:5"}
    assert status["kontrakter.xlsx:4"]["late-signing"] == "fail"
    assert status["kontrakter.xlsx:5"]["missing-goal"] == "fail"
    assert checked.doc["total"]["contracts"] == 3
    assert "row without contract id" in checked.result.flat


# --- 5. duplicates ----------------------------------------------------------------------------


def test_identical_rows_in_one_file_are_collapsed(tmp_path: Path, check) -> None:
    write_xlsx(
        tmp_path / "in" / "kontrakter.xlsx",
        {"Kontrakter": [HEADER, contract("K-1"), contract("K-1"), contract("K-2")]},
    )
    checked = check("in")
    ran(checked)
    issue = one(checked.issues(message="identical copy"))
    warns_about(issue, 3, "K-1", "row 2")
    assert issue["column"] == "contract_id"
    assert sorted(checked.contract_ids()) == ["K-1", "K-2"]
    assert checked.doc["total"]["contracts"] == 2
    assert not checked.issues(message="different contents")


def test_identical_contract_in_two_files_is_collapsed(tmp_path: Path, check) -> None:
    write_xlsx(
        tmp_path / "in" / "a.xlsx",
        {"Kontrakter": [HEADER, contract("K-1"), contract("K-2", signed=D(2014, 4, 1))]},
    )
    write_xlsx(tmp_path / "in" / "b.xlsx", {"Kontrakter": [HEADER, contract("K-1")]})
    checked = check("in")
    ran(checked)
    issue = one(checked.issues(message="identical copy"))
    assert issue["level"] == "warning"
    assert (issue["file"], issue["row"], issue["value"]) == ("in/b.xlsx", 2, "K-1")
    assert "in/a.xlsx" in issue["message"]
    assert sorted(checked.contract_ids()) == ["K-1", "K-2"]
    assert checked.doc["total"]["contracts"] == 2
    assert checked.doc["total"]["rules"]["late-signing"]["fail"] == 1  # K-2 only, once


def test_same_id_with_different_contents_is_one_contract(tmp_path: Path, check) -> None:
    write_xlsx(
        tmp_path / "in" / "kontrakter.xlsx",
        {
            "Kontrakter": [
                HEADER,
                contract("K-1"),  # row 2
                contract("K-1", signed=D(2014, 3, 1)),  # row 3: same id, later signing
                contract("K-9"),  # row 4
                contract("K-9", municipality="Odense"),  # row 5: same id, other municipality
            ]
        },
    )
    checked = check("in")
    ran(checked)
    issues = checked.issues(kind="conflicting-contract")
    assert [(i["level"], i["row"], i["column"], i["value"]) for i in issues] == [
        ("error", 3, "contract_id", "K-1"),
    ]
    assert issues[0]["params"]["fields"] == "signed_date"
    assert "row 2 of in/kontrakter.xlsx" in issues[0]["message"]
    assert not checked.issues(message="identical copy")
    contracts = [(c["contract_id"], c["municipality_code"]) for c in checked.doc["contracts"]]
    assert sorted(contracts) == [("K-1", "751"), ("K-9", "461"), ("K-9", "751")]
    k1 = next(c["status"] for c in checked.doc["contracts"] if c["contract_id"] == "K-1")
    # The goal agrees: assessed once; the signing date does not: the rules that need it are not.
    assert k1 == {
        "missing-goal": "pass",
        "late-signing": "not-assessed",
        "missed-follow-up": "not-assessed",
    }
    reasons = checked.doc["total"]["rules"]["late-signing"]["not_assessed_reasons"]
    assert reasons == {"conflict:signed_date": 1}
    assert "same contract id, different contents" in checked.result.flat


# --- 6. follow-ups for no contract ------------------------------------------------------------


def test_follow_up_for_unknown_contract_is_a_warning(tmp_path: Path, check) -> None:
    header = HEADER[:-1]
    write_xlsx(
        tmp_path / "in" / "kontrakter.xlsx",
        {
            "Kontrakter": [header, contract("K-1")[:-1], contract("K-2")[:-1]],
            "Opfølgninger": [
                ["Kontrakt nr.", "Opfølgningsdato"],
                ["K-1", D(2014, 3, 15)],
                ["K-1", D(2014, 5, 10)],
                ["K-999", D(2014, 4, 1)],  # row 4
                ["K-2", D(2014, 4, 20)],
            ],
        },
    )
    checked = check("in")
    ran(checked)
    issue = one(checked.issues(column="contract_id", message="no known contract"))
    assert issue["level"] == "warning"
    assert (issue["file"], issue["sheet"], issue["row"]) == (
        "in/kontrakter.xlsx",
        "Opfølgninger",
        4,
    )
    assert issue["value"] == "K-999"
    status = checked.statuses()
    assert set(status) == {"K-1", "K-2"}
    # the matched follow-ups count: without them 20 Jan → 30 Jun would be a missed follow-up
    assert status["K-1"]["missed-follow-up"] == "pass"
    # K-2: 20 Jan → 20 Apr is exactly 3 months (in time), 20 Apr → 30 Jun is fine
    assert status["K-2"]["missed-follow-up"] == "pass"
    assert "follow-up for unknown contract" in checked.result.flat


# --- 7. dates in an impossible order ----------------------------------------------------------


@pytest.fixture(scope="module")
def disordered(tmp_path_factory: pytest.TempPathFactory) -> Checked:
    """One run over a workbook with every kind of impossible date order."""
    root = tmp_path_factory.mktemp("disordered")
    write_xlsx(
        root / "in" / "kontrakter.xlsx",
        {
            "Kontrakter": [
                HEADER,
                contract("K-1"),
                # row 3: signed before responsibility was taken over
                contract("K-2", responsibility=D(2014, 3, 10), signed=D(2014, 3, 1)),
                # row 4: "signed" after the audit date → unsigned on 2014-06-30
                contract("K-3", responsibility=D(2014, 4, 1), signed="15.07.2014"),
                # row 5: one follow-up after the audit date
                contract("K-4", follow_ups="20-03-2014; 05-07-2014"),
                # row 6: follow-ups in the long sheet, the first before signing
                contract("K-5", signed=D(2014, 2, 1), follow_ups=None),
            ],
            "Opfølgninger": [
                ["Kontrakt nr.", "Opfølgningsdato"],
                ["K-5", D(2014, 1, 15)],  # row 2: before signing
                ["K-5", D(2014, 4, 15)],
            ],
        },
    )
    out = root / "out.json"
    result = run_cli_in(
        root, "check", "in", "--as-of", "2014-06-30", "--json", str(out), "--lang", "en"
    )
    doc = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    checked = Checked(result, doc)
    ran(checked)
    return checked


def test_signed_before_responsibility_is_a_warning_and_used_as_given(
    disordered: Checked,
) -> None:
    issue = one(disordered.issues(message="signed before responsibility"))
    assert issue["level"] == "warning"
    assert (issue["file"], issue["sheet"], issue["row"]) == ("in/kontrakter.xlsx", "Kontrakter", 3)
    assert issue["column"] == "signed_date"
    assert issue["value"][:10] == "2014-03-01"
    # used as given: signed before the deadline
    assert disordered.statuses()["K-2"]["late-signing"] == "pass"
    assert "signed before takeover" in disordered.result.flat


def test_follow_up_before_signing_is_a_warning(disordered: Checked) -> None:
    issue = one(disordered.issues(message="before the contract was signed"))
    assert issue["level"] == "warning"
    assert (issue["file"], issue["sheet"], issue["row"]) == (
        "in/kontrakter.xlsx",
        "Opfølgninger",
        2,
    )
    assert issue["column"] == "follow_up_date"
    assert issue["value"][:10] == "2014-01-15"
    # 1 Feb → 15 Apr → 30 Jun: in time
    assert disordered.statuses()["K-5"]["missed-follow-up"] == "pass"
    assert "follow-up before signing" in disordered.result.flat


def test_dates_after_as_of_are_warnings_and_ignored(disordered: Checked) -> None:
    issue = one(disordered.issues(row=4, message="after the audit date"))
    assert issue["level"] == "warning"
    assert (issue["file"], issue["sheet"], issue["column"]) == (
        "in/kontrakter.xlsx",
        "Kontrakter",
        "signed_date",
    )
    assert "after the audit date 2014-06-30" in issue["message"]
    issue = one(disordered.issues(row=5, message="after the audit date"))
    assert (issue["level"], issue["file"], issue["sheet"]) == (
        "warning",
        "in/kontrakter.xlsx",
        "Kontrakter",
    )

    status = disordered.statuses()
    # unsigned, deadline 1 May passed on 30 Jun → fail as "not signed"; not entered, so no
    # follow-up is due
    assert status["K-3"]["late-signing"] == "fail"
    assert status["K-3"]["missed-follow-up"] == "not-applicable"
    detail = one(
        [
            f
            for f in disordered.doc["findings"]
            if f["contract_id"] == "K-3" and f["rule"] == "late-signing"
        ]
    )["detail"]
    assert "not signed" in detail
    # K-4: 20 Jan → 20 Mar → 30 Jun is more than 3 months, the 5 Jul follow-up does not count
    assert status["K-4"]["missed-follow-up"] == "fail"
    assert status["K-1"] == dict.fromkeys(RULES, "pass")
    assert "date after audit date ignored" in disordered.result.flat


def test_date_after_as_of_issue_shows_the_raw_value_and_its_column(disordered: Checked) -> None:
    """SPEC §1.4: the issue holds the raw value; the follow-up came from the Opfølgninger
    column (canonical follow_ups), not from a follow_up_date column the sheet does not have."""
    issue = one(disordered.issues(row=4, message="after the audit date"))
    assert issue["value"] == "15.07.2014"
    issue = one(disordered.issues(row=5, message="after the audit date"))
    assert issue["column"] == "follow_ups"
    assert issue["value"] == "05-07-2014"


# --- 8. files that cannot be opened -----------------------------------------------------------


def _valid_xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Kontrakter"
    sheet.append(HEADER)
    sheet.append(contract("X-1"))
    raw = io.BytesIO()
    workbook.save(raw)
    return raw.getvalue()


BROKEN_FILES = {
    "random-bytes": ("broken.xlsx", random.Random(8).randbytes(4096)),
    "truncated-xlsx": ("broken.xlsx", _valid_xlsx_bytes()[:1500]),
    "text-renamed": (
        "broken.xlsx",
        "Kontrakt nr.;Kommune;Overtagelsesdato\r\nK-1;Aarhus;06-01-2014\r\n".encode("cp1252"),
    ),
    "empty-xlsx": ("broken.xlsx", b""),
    "empty-csv": ("broken.csv", b""),
}
BROKEN_PHRASES = {
    "random-bytes": ("not a spreadsheet", "damaged"),
    "truncated-xlsx": ("damaged",),
    "text-renamed": ("not a spreadsheet",),
    "empty-xlsx": ("empty",),
    "empty-csv": ("empty",),
}


@pytest.mark.parametrize("kind", list(BROKEN_FILES))
def test_file_that_cannot_be_opened_is_an_error_and_the_run_continues(
    tmp_path: Path, check, kind: str
) -> None:
    name, data = BROKEN_FILES[kind]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_bytes(data)
    write_xlsx(tmp_path / "in" / "good.xlsx", {"Kontrakter": [HEADER, contract("G-1")]})
    checked = check("in")
    ran(checked)
    errors = checked.issues(level="error", file=f"in/{name}")
    assert errors, checked.doc["data_issues"]
    message = errors[0]["message"]
    assert any(p in message for p in BROKEN_PHRASES[kind]), message
    assert checked.contract_ids() == ["G-1"]
    assert name in checked.result.flat
    assert [i["path"] for i in checked.doc["inputs"] if i["contracts"]] == ["in/good.xlsx"]


# --- 9. nothing could be audited --------------------------------------------------------------


def _only_broken(root: Path) -> str:
    (root / "in").mkdir()
    (root / "in" / "corrupt.xlsx").write_bytes(random.Random(9).randbytes(2048))
    (root / "in" / "empty.csv").write_bytes(b"")
    return "in"


def _no_spreadsheets(root: Path) -> str:
    (root / "in").mkdir()
    (root / "in" / "notes.txt").write_text("nothing to see", encoding="utf-8")
    (root / "in" / "report.pdf").write_bytes(b"%PDF-1.4")
    return "in"


def _missing_path(root: Path) -> str:
    return "does_not_exist"


def _no_contract_sheet(root: Path) -> str:
    write_xlsx(root / "in" / "noter.xlsx", {"Noter": [["Bemærkning"], ["intet"]]})
    return "in"


NOTHING = {
    "only-broken-files": (_only_broken, "corrupt.xlsx"),
    "no-spreadsheets": (_no_spreadsheets, "holds no spreadsheets"),
    "path-missing": (_missing_path, "does not exist"),
    "no-contracts-sheet": (_no_contract_sheet, "noter.xlsx"),
}


@pytest.mark.parametrize("case", list(NOTHING))
def test_nothing_audited_exits_2_with_a_message(tmp_path: Path, check, case: str) -> None:
    make, phrase = NOTHING[case]
    target = make(tmp_path)
    checked = check(target)
    no_traceback(checked)
    assert checked.result.exit_code == 2
    assert "Nothing could be audited" in checked.result.stderr
    assert phrase in checked.result.flat
    if case == "path-missing":
        assert target in checked.result.flat


# --- 10. unknown municipality -----------------------------------------------------------------


def test_unknown_municipality_is_kept_under_its_name(tmp_path: Path, check) -> None:
    write_xlsx(
        tmp_path / "in" / "kontrakter.xlsx",
        {
            "Kontrakter": [
                HEADER,
                contract("K-1", municipality="Aarhus"),
                contract("K-2", municipality="Atlantis"),  # row 3
                contract("K-3", municipality="Atlantis", employment_goal=None),
            ]
        },
    )
    checked = check("in")
    ran(checked)
    warns_about(one(checked.issues(column="municipality")), 3, "Atlantis", "unknown municipality")
    groups = {g["name"]: g for g in checked.doc["groups"]}
    assert set(groups) == {"Aarhus", "Atlantis"}
    assert groups["Atlantis"]["contracts"] == 2
    assert groups["Atlantis"]["rules"]["missing-goal"]["fail"] == 1
    assert groups["Aarhus"]["key"] == "751"
    assert groups["Aarhus"]["contracts"] == 1
    assert "Atlantis" in checked.result.flat


# --- 11. municipality from the option or the file name ----------------------------------------

NO_MUNICIPALITY = [h for h in HEADER if h != "Kommune"]


def _rows_without_municipality() -> list[list[Any]]:
    return [
        NO_MUNICIPALITY,
        [c for i, c in enumerate(contract("K-1")) if i != 1],
        [c for i, c in enumerate(contract("K-2", employment_goal="ingen")) if i != 1],
    ]


def test_no_municipality_column_and_a_neutral_file_name_is_an_error(tmp_path: Path, check) -> None:
    write_xlsx(tmp_path / "in" / "kontrakter.xlsx", {"Kontrakter": _rows_without_municipality()})
    checked = check("in")
    no_traceback(checked)
    assert checked.result.exit_code == 2
    assert "municipality" in checked.result.flat
    assert "kontrakter.xlsx" in checked.result.flat


@pytest.mark.parametrize("given", ["Aarhus", "751", "Århus Kommune"])
def test_municipality_option_supplies_the_municipality(tmp_path: Path, check, given: str) -> None:
    write_xlsx(tmp_path / "in" / "kontrakter.xlsx", {"Kontrakter": _rows_without_municipality()})
    checked = check("in", "--municipality", given)
    ran(checked)
    assert [(c["contract_id"], c["municipality_code"]) for c in checked.doc["contracts"]] == [
        ("K-1", "751"),
        ("K-2", "751"),
    ]
    assert [(g["key"], g["name"], g["contracts"]) for g in checked.doc["groups"]] == [
        ("751", "Aarhus", 2)
    ]
    assert not checked.issues(level="error")
    assert not checked.issues(column="municipality")


def test_unknown_municipality_option_is_a_usage_error(tmp_path: Path, check) -> None:
    write_xlsx(tmp_path / "in" / "kontrakter.xlsx", {"Kontrakter": _rows_without_municipality()})
    checked = check("in", "--municipality", "Atlantis")
    no_traceback(checked)
    assert checked.result.exit_code == 2
    assert "Atlantis" in checked.result.stderr
    assert checked.doc is None


@pytest.mark.parametrize(
    ("name", "code", "municipality"),
    [("851.csv", "851", "Aalborg"), ("aarhus_kontrakter.xlsx", "751", "Aarhus")],
)
def test_file_name_supplies_the_municipality(
    tmp_path: Path, check, name: str, code: str, municipality: str
) -> None:
    path = tmp_path / "in" / name
    if name.endswith(".csv"):
        write_csv(path, _rows_without_municipality())
    else:
        write_xlsx(path, {"Kontrakter": _rows_without_municipality()})
    checked = check("in")
    ran(checked)
    assert [(c["contract_id"], c["municipality_code"]) for c in checked.doc["contracts"]] == [
        ("K-1", code),
        ("K-2", code),
    ]
    assert [(g["key"], g["name"]) for g in checked.doc["groups"]] == [(code, municipality)]
    assert not checked.issues(level="error")
    # the rules ran on the rows: K-2's goal is a placeholder
    assert checked.statuses()["K-2"]["missing-goal"] == "fail"
    assert checked.statuses()["K-1"] == dict.fromkeys(RULES, "pass")


# --- 12. usage errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "phrase"),
    [
        ("--ruleset", "nope", "nope"),
        ("--as-of", "notadate", "notadate"),
        ("--by", "nope", "nope"),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    tmp_path: Path, run_cli, option: str, value: str, phrase: str
) -> None:
    write_xlsx(tmp_path / "in" / "kontrakter.xlsx", {"Kontrakter": [HEADER, contract("K-1")]})
    result = run_cli("check", "in", option, value, "--json", "out.json")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert phrase in result.stderr
    assert option in result.stderr
    assert not (tmp_path / "out.json").exists()
