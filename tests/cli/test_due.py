"""integaudit due through the CLI: each state, --within, --municipality, --by, both rulesets,
both languages, suspension windows, the work-list workbook and the output guard."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import Result, run_cli_in, write_csv
from schemas import validate

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

D = dt.date
CPR = "0101901234"
RR2014_HEADER = [
    "Kontraktnr",
    "Kommune",
    "CPR nummer",
    "Overtagelsesdato",
    "Underskrevet",
    "Beskæftigelsesmål",
    "Uddannelsesmål",
    "Opfølgninger",
]


def rr2014_extract(folder: Path, suspension: tuple[str, str] | None = None) -> Path:
    """Write an rr2014 extract (audit date 2024-06-20 in its config): K-1 unsigned (signing
    deadline 1 Jul 2024), K-2 followed up 15 Apr (next follow-up by 15 Jul), K-3 signed
    10 Jan without follow-up (due 10 Apr: overdue), K-4 without goals (to fix)."""
    rows: list[list[Any]] = [
        RR2014_HEADER,
        ["K-1", "Aarhus", CPR, D(2024, 6, 1), None, "Job som kok", None, None],
        ["K-2", "Aarhus", None, D(2024, 1, 1), D(2024, 1, 20), "Job", None, "15-04-2024"],
        ["K-3", "Odense", None, D(2024, 1, 1), D(2024, 1, 10), None, "Tømrer", None],
        ["K-4", "Odense", None, D(2024, 1, 1), D(2024, 1, 10), "-", None, "01-04-2024"],
    ]
    write_csv(folder / "kontrakter.csv", rows)
    toml = 'ruleset = "rr2014"\nas_of = "2024-06-20"\n'
    if suspension:
        toml += f'[[suspension]]\nstart = "{suspension[0]}"\nend = "{suspension[1]}"\n'
    (folder / "integaudit.toml").write_text(toml, encoding="utf-8")
    return folder


def bek2020_extract(folder: Path) -> Path:
    """Write a bek2020 extract: B-1 on benefit visitated 1 Mar 2024 with two follow-ups (the
    period ends 1 Sep: 2 of 4 still needed), B-2 on benefit not visitated (deadline 1 Aug),
    B-3 employed followed up 1 Aug 2023 (next by 1 Aug 2024), B-4 self-supporting."""

    def aalborg(cid, taken_over, signed, situation, visitation=None, follow_ups=None):
        return [cid, "Aalborg", taken_over, signed, "Job", situation, visitation, follow_ups]

    rows: list[list[Any]] = [
        [
            "Kontraktnr",
            "Kommune",
            "Overtagelsesdato",
            "Underskrevet",
            "Beskæftigelsesmål",
            "Forsørgelsesgrundlag",
            "Visitationsdato",
            "Opfølgninger",
        ],
        aalborg(
            "B-1", D(2024, 1, 15), D(2024, 2, 1), "ydelse", D(2024, 3, 1), "01-04-2024;01-05-2024"
        ),
        aalborg("B-2", D(2024, 5, 1), D(2024, 5, 20), "ydelse"),
        aalborg("B-3", D(2023, 1, 1), D(2023, 1, 20), "beskæftigelse", None, "01-08-2023"),
        aalborg("B-4", D(2023, 1, 1), D(2023, 1, 20), "selvforsørgende"),
    ]
    write_csv(folder / "aalborg.csv", rows)
    return folder


def due_json(cwd: Path, *args: str) -> tuple[Result, dict[str, Any]]:
    """Run ``integaudit due ARGS --json out.json`` and return the run and the document."""
    out = cwd / "out.json"
    out.unlink(missing_ok=True)
    result = run_cli_in(cwd, "due", *args, "--json", str(out))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result, json.loads(out.read_text(encoding="utf-8"))


def by_contract(doc: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Return the items of a due document by (contract id, rule)."""
    return {(i["contract_id"], i["rule"]): i for i in doc["items"]}


def test_rr2014_each_state_with_deadline_days_and_what_is_needed(tmp_path: Path) -> None:
    folder = rr2014_extract(tmp_path / "udtraek")
    result, doc = due_json(tmp_path, str(folder))
    assert doc["schema_version"] == 1
    assert (doc["ruleset"], doc["as_of"], doc["within_days"]) == ("rr2014", "2024-06-20", 30)
    items = by_contract(doc)
    sign = items[("K-1", "late-signing")]
    assert (sign["state"], sign["deadline"], sign["days"]) == ("due", "2024-07-01", 11)
    assert sign["needed"]["kind"] == "sign"
    follow = items[("K-2", "missed-follow-up")]
    assert (follow["state"], follow["deadline"], follow["days"]) == ("due", "2024-07-15", 25)
    assert follow["needed"]["text"] == "follow-up by 2024-07-15"
    late = items[("K-3", "missed-follow-up")]
    assert (late["state"], late["deadline"], late["days"]) == ("overdue", "2024-04-10", -71)
    fix = items[("K-4", "missing-goal")]
    assert (fix["state"], fix["deadline"], fix["days"]) == ("to-fix", None, None)
    # K-4 followed up 1 Apr: next by 1 Jul, due too; nothing else is listed.
    assert set(items) == {
        ("K-1", "late-signing"),
        ("K-2", "missed-follow-up"),
        ("K-3", "missed-follow-up"),
        ("K-4", "missing-goal"),
        ("K-4", "missed-follow-up"),
    }
    # Sorted by deadline, to-fix last.
    assert [i["contract_id"] for i in doc["items"]] == ["K-3", "K-4", "K-1", "K-2", "K-4"]
    assert doc["total"] == {"contracts": 4, "soon": 0, "due": 3, "overdue": 1, "to_fix": 1}
    text = result.flat
    assert "Hvad forfalder — rr2014, revisionsdato 2024-06-20, frister inden for 30 dage" in text
    assert "opfølgning senest 15-07-2024" in text
    assert "underskrift senest 01-07-2024" in text
    assert "71 dage over" in text
    assert "skal rettes" in text and "overskredet" in text and "forfalder" in text


def test_within_limits_the_due_items_but_not_overdue_or_to_fix(tmp_path: Path) -> None:
    folder = rr2014_extract(tmp_path / "udtraek")
    _, doc = due_json(tmp_path, str(folder), "--within", "11")
    states = {(i["contract_id"], i["rule"]): i["state"] for i in doc["items"]}
    assert states == {
        ("K-1", "late-signing"): "due",  # 11 days: the last day within
        ("K-3", "missed-follow-up"): "overdue",
        ("K-4", "missing-goal"): "to-fix",
        ("K-4", "missed-follow-up"): "due",  # 1 Apr + 3 months = 1 Jul
    }
    _, doc = due_json(tmp_path, str(folder), "--within", "10")
    assert ("K-1", "late-signing") not in by_contract(doc)
    _, doc = due_json(tmp_path, str(folder), "--within", "0", "--as-of", "2024-07-01")
    today = by_contract(doc)[("K-1", "late-signing")]
    assert (today["state"], today["days"]) == ("due", 0)
    _, doc = due_json(tmp_path, str(folder), "--as-of", "2024-07-02")
    assert by_contract(doc)[("K-1", "late-signing")]["state"] == "overdue"


def test_a_suspension_window_moves_the_deadline(tmp_path: Path) -> None:
    folder = rr2014_extract(tmp_path / "udtraek", suspension=("2024-06-01", "2024-06-10"))
    _, doc = due_json(tmp_path, str(folder), "--within", "60")
    # 15 Apr + 3 months = 15 Jul, plus the 10 suspended days.
    assert by_contract(doc)[("K-2", "missed-follow-up")]["deadline"] == "2024-07-25"


def test_bek2020_benefit_visitation_and_yearly_follow_up_in_english(tmp_path: Path) -> None:
    folder = bek2020_extract(tmp_path / "udtraek")
    args = [str(folder), "--ruleset", "bek2020", "--as-of", "2024-07-15", "--within", "60"]
    result, doc = due_json(tmp_path, *args, "--lang", "en")
    items = by_contract(doc)
    benefit = items[("B-1", "missed-follow-up")]
    assert (benefit["state"], benefit["deadline"], benefit["days"]) == ("due", "2024-09-01", 48)
    assert benefit["needed"] == {
        "kind": "follow-ups",
        "count": 2,
        "of": 4,
        "counts_from": "2024-03-02",
        "text": "2 of 4 follow-ups still needed by 2024-09-01",
    }
    visit = items[("B-2", "late-visitation")]
    assert (visit["state"], visit["deadline"]) == ("due", "2024-08-01")
    yearly = items[("B-3", "missed-follow-up")]
    assert (yearly["state"], yearly["deadline"]) == ("due", "2024-08-01")
    assert not [key for key in items if key[0] == "B-4"]
    text = result.flat
    assert "What is due next — bek2020, audit date 2024-07-15, deadlines within 60 days" in text
    assert "2 of 4 follow-ups still needed by 2024-09-01" in text
    assert "visitation by 2024-08-01" in text
    _, danish = due_json(tmp_path, *args)
    assert "Hvad forfalder" not in json.dumps(danish)  # JSON texts are English
    result = run_cli_in(tmp_path, "due", *args)
    assert "mangler 2 af 4 opfølgninger senest 01-09-2024" in result.flat


def test_municipality_for_an_extract_without_the_column_and_grouping(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["Kontraktnr", "Overtagelsesdato", "Underskrevet", "Beskæftigelsesmål"],
        ["K-1", D(2024, 6, 1), None, "Job"],
    ]
    path = write_csv(tmp_path / "kontrakter.csv", rows)
    _, doc = due_json(tmp_path, str(path), "--as-of", "2024-06-20", "--municipality", "Odense")
    item = by_contract(doc)[("K-1", "late-signing")]
    assert (item["municipality_code"], item["municipality"]) == ("461", "Odense")
    assert doc["groups"] == [
        {
            "key": "461",
            "name": "Odense",
            "contracts": 1,
            "soon": 0,
            "due": 1,
            "overdue": 0,
            "to_fix": 0,
        }
    ]
    _, doc = due_json(
        tmp_path, str(path), "--as-of", "2024-06-20", "--municipality", "461", "--by", "region"
    )
    assert [g["name"] for g in doc["groups"]] == ["Region Syddanmark"]
    _, doc = due_json(
        tmp_path, str(path), "--as-of", "2024-06-20", "--municipality", "461", "--by", "none"
    )
    assert doc["groups"] == [] and doc["total"]["due"] == 1
    result = run_cli_in(tmp_path, "due", str(path), "--municipality", "Atlantis")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "--municipality: ukendt kommune" in result.output


def test_the_work_list_workbook(tmp_path: Path) -> None:
    folder = rr2014_extract(tmp_path / "udtraek")
    out = tmp_path / "arbejdsliste.xlsx"
    result = run_cli_in(tmp_path, "due", str(folder), "--xlsx", str(out))
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Arbejdsliste", "Oversigt", "Revisionsspor"]
    sheet = workbook["Arbejdsliste"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:O{sheet.max_row}"
    header = [c.value for c in sheet[1]]
    assert header[0] == "Kontrakt-id" and header[-1] == "Udført"
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    assert len(rows) == 5
    first = rows[0]
    assert (first["Kontrakt-id"], first["Regel"], first["Status"]) == (
        "K-3",
        "missed-follow-up",
        "overskredet",
    )
    assert first["Frist"] == dt.datetime(2024, 4, 10)  # a real date
    assert first["Dage tilbage (negativ: over fristen)"] == -71
    # One date format in the workbook: the date cells' and the texts' (YYYY-MM-DD).
    assert first["Hvad mangler"] == "opfølgning senest 2024-04-10"
    assert all(row["Udført"] is None for row in rows)
    assert rows[-1]["Status"] == "skal rettes" and rows[-1]["Frist"] is None
    person = next(row for row in rows if row["Kontrakt-id"] == "K-1")["Person (pseudonym)"]
    assert person.startswith("P-")
    trail = [row[0].value for row in workbook["Revisionsspor"].iter_rows()]
    assert "Frister inden for (dage)" in trail
    # English, and it replaces its own earlier workbook.
    result = run_cli_in(tmp_path, "due", str(folder), "--xlsx", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Work list", "Summary", "Audit trail"]
    assert [c.value for c in workbook["Work list"][1]][-1] == "Done"


def test_outputs_are_guarded_and_hold_pseudonyms_only(tmp_path: Path) -> None:
    folder = rr2014_extract(tmp_path / "udtraek")
    mine = tmp_path / "mine.xlsx"
    mine.write_bytes(b"not a report")
    result = run_cli_in(tmp_path, "due", str(folder), "--xlsx", str(mine))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert mine.read_bytes() == b"not a report"
    result = run_cli_in(tmp_path, "due", str(folder), "--json", str(folder / "kontrakter.csv"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    result = run_cli_in(tmp_path, "due", str(folder), "--xlsx", str(mine), "--force")
    assert result.exit_code == 0
    out = tmp_path / "due.json"
    result = run_cli_in(tmp_path, "due", str(folder), "--json", str(out), "--verbose")
    assert CPR not in result.output and CPR not in out.read_text(encoding="utf-8")
    assert json.loads(out.read_text(encoding="utf-8"))["items"]


@pytest.mark.parametrize("value", ["x", "-1", "3.5"])
def test_within_must_be_whole_days(tmp_path: Path, value: str) -> None:
    folder = rr2014_extract(tmp_path / "udtraek")
    result = run_cli_in(tmp_path, "due", str(folder), "--within", value)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "--within" in result.output
    english = run_cli_in(tmp_path, "due", str(folder), "--within", value, "--lang", "en")
    assert "must be a whole number of days" in english.output


def test_json_to_stdout_and_nothing_to_do(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["Kontraktnr", "Kommune", "Overtagelsesdato", "Underskrevet", "Beskæftigelsesmål"],
        ["K-1", "Aarhus", D(2024, 1, 1), D(2024, 1, 10), "Job"],
    ]
    path = write_csv(tmp_path / "k.csv", rows)
    result = run_cli_in(tmp_path, "due", str(path), "--as-of", "2024-06-20", "--json", "-")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["items"] == []
    assert "Intet forfalder inden for 30 dage" in " ".join(result.stderr.split())


def check_status(cwd: Path, folder: Path, ruleset: str, as_of: str) -> dict[tuple[str, str], str]:
    """Return (contract id, rule) → status from ``integaudit check --json -`` on ``as_of``."""
    result = run_cli_in(
        cwd, "check", str(folder), "--ruleset", ruleset, "--as-of", as_of, "--json", "-"
    )
    assert result.exit_code == 0, result.output
    return {
        (c["contract_id"], rule): status
        for c in json.loads(result.stdout)["contracts"]
        for rule, status in c["status"].items()
    }


def test_check_passes_on_the_deadline_fails_the_day_after_and_passes_when_it_is_done(
    tmp_path: Path,
) -> None:
    # rr2014: K-1 must be signed by 1 Jul, K-2 followed up by 15 Jul.
    folder = rr2014_extract(tmp_path / "udtraek")
    on_day = check_status(tmp_path, folder, "rr2014", "2024-07-01")
    after = check_status(tmp_path, folder, "rr2014", "2024-07-02")
    assert on_day[("K-1", "late-signing")] == "not-applicable"
    assert after[("K-1", "late-signing")] == "fail"
    on_day = check_status(tmp_path, folder, "rr2014", "2024-07-15")
    after = check_status(tmp_path, folder, "rr2014", "2024-07-16")
    assert on_day[("K-2", "missed-follow-up")] == "pass"
    assert after[("K-2", "missed-follow-up")] == "fail"
    done = tmp_path / "udfoert"
    rows: list[list[Any]] = [
        RR2014_HEADER,
        ["K-1", "Aarhus", CPR, D(2024, 6, 1), D(2024, 7, 1), "Job som kok", None, None],
        ["K-2", "Aarhus", None, D(2024, 1, 1), D(2024, 1, 20), "Job", None,
         "15-04-2024;15-07-2024"],
    ]  # fmt: skip
    write_csv(done / "kontrakter.csv", rows)
    assert check_status(tmp_path, done, "rr2014", "2024-07-02")[("K-1", "late-signing")] == "pass"
    after = check_status(tmp_path, done, "rr2014", "2024-07-16")
    assert after[("K-2", "missed-follow-up")] == "pass"
    # bek2020: B-1 needs 2 of its 4 follow-ups by 1 Sep, B-2 a visitation by 1 Aug.
    folder = bek2020_extract(tmp_path / "bek")
    assert check_status(tmp_path, folder, "bek2020", "2024-09-01")[("B-1", "missed-follow-up")] == (
        "not-applicable"
    )
    assert check_status(tmp_path, folder, "bek2020", "2024-09-02")[("B-1", "missed-follow-up")] == (
        "fail"
    )
    assert check_status(tmp_path, folder, "bek2020", "2024-08-02")[("B-2", "late-visitation")] == (
        "fail"
    )
    text = (folder / "aalborg.csv").read_bytes().decode("cp1252")
    text = text.replace("01-04-2024;01-05-2024", "01-04-2024;01-05-2024;31-08-2024;01-09-2024")
    text = text.replace("ydelse;;", "ydelse;01-08-2024;")
    (folder / "aalborg.csv").write_bytes(text.encode("cp1252"))
    after = check_status(tmp_path, folder, "bek2020", "2024-09-02")
    assert after[("B-1", "missed-follow-up")] == "pass"
    assert after[("B-2", "late-visitation")] == "pass"


def test_the_readme_figures_of_the_bek2020_sample(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    sample = root / "samples" / "bek2020"
    _, doc = due_json(tmp_path, str(sample), "--as-of", "2021-06-30", "--within", "60")
    assert doc["total"] == {"contracts": 150, "soon": 2, "due": 19, "overdue": 24, "to_fix": 135}
    readme = " ".join((root / "README.md").read_text(encoding="utf-8").split())
    assert "2 steps due within 7 days, 19 within 60 days, 24 overdue and 135 to fix" in readme
    items = by_contract(doc)
    assert items[("370-2020-007", "missed-follow-up")]["deadline"] == "2021-07-06"
    assert items[("370-2020-006", "late-visitation")]["days"] == -322


def test_a_follow_up_due_after_a_checkpoint_inside_a_suspension_window(tmp_path: Path) -> None:
    """Signed 12 Mar 2020 and followed up 13 Apr, both inside the window 12 Mar – 27 May: no
    day of the window counts, so both periods start at its end and the next follow-up is due
    27 May + 3 months = 27 Aug, the day check's gap rule can first fail; check passes on 27 Aug,
    fails on 28 Aug, and a follow-up on 27 Aug keeps it passing."""
    folder = tmp_path / "udtraek"
    rows: list[list[Any]] = [
        RR2014_HEADER,
        ["K-1", "Aarhus", None, D(2020, 3, 1), D(2020, 3, 12), "Job", None, "13-04-2020"],
    ]
    write_csv(folder / "kontrakter.csv", rows)
    toml = '[[suspension]]\nstart = "2020-03-12"\nend = "2020-05-27"\n'
    (folder / "integaudit.toml").write_text(toml, encoding="utf-8")
    _, doc = due_json(tmp_path, str(folder), "--as-of", "2020-06-30", "--within", "60")
    assert by_contract(doc)[("K-1", "missed-follow-up")]["deadline"] == "2020-08-27"
    key = ("K-1", "missed-follow-up")
    assert check_status(tmp_path, folder, "rr2014", "2020-08-27")[key] != "fail"
    assert check_status(tmp_path, folder, "rr2014", "2020-08-28")[key] == "fail"
    rows[1][-1] = "13-04-2020;27-08-2020"
    write_csv(folder / "kontrakter.csv", rows)
    assert check_status(tmp_path, folder, "rr2014", "2020-08-28")[key] == "pass"


def before_the_contract_extract(folder: Path) -> Path:
    """Write a bek2020 extract of contracts taken over 1 Jan 2021 and signed 20 Jan 2021 whose
    deadlines fall on or around the signing day (SPEC §2.2): M-1 born 1 May 2020 (birth + 6
    months = 1 Nov 2020), M-2 born 20 Jul 2020 (20 Jan 2021, the signing day), M-3 born 21 Jul
    2020 (21 Jan 2021); Y-1 visitated 20 Jul 2020 (the benefit period ends 20 Jan 2021), Y-2
    visitated 21 Jul 2020; U-1 on benefit and not entered."""

    def row(cid, signed, situation, birth=None, visitation=None):
        return [cid, "Aalborg", D(2021, 1, 1), signed, "Job", situation, birth, visitation, None]

    rows: list[list[Any]] = [
        [
            "Kontraktnr",
            "Kommune",
            "Overtagelsesdato",
            "Underskrevet",
            "Beskæftigelsesmål",
            "Forsørgelsesgrundlag",
            "Barns fødselsdato",
            "Visitationsdato",
            "Opfølgninger",
        ],
        row("M-1", D(2021, 1, 20), "barsel", birth=D(2020, 5, 1)),
        row("M-2", D(2021, 1, 20), "barsel", birth=D(2020, 7, 20)),
        row("M-3", D(2021, 1, 20), "barsel", birth=D(2020, 7, 21)),
        row("Y-1", D(2021, 1, 20), "ydelse", visitation=D(2020, 7, 20)),
        row("Y-2", D(2021, 1, 20), "ydelse", visitation=D(2020, 7, 21)),
        row("U-1", None, "ydelse", visitation=D(2021, 1, 10)),
    ]
    write_csv(folder / "aalborg.csv", rows)
    (folder / "integaudit.toml").write_text('ruleset = "bek2020"\n', encoding="utf-8")
    return folder


def test_deadlines_on_or_before_the_signing_day_20_jan_2021_are_not_due(tmp_path: Path) -> None:
    folder = before_the_contract_extract(tmp_path / "udtraek")
    _, doc = due_json(tmp_path, str(folder), "--as-of", "2021-06-30", "--lang", "en")
    follow_ups = {
        cid: (item["state"], item["deadline"])
        for (cid, rule), item in by_contract(doc).items()
        if rule == "missed-follow-up"
    }
    # Only the deadlines after 20 Jan are listed, as overdue: check fails them.
    assert follow_ups == {"M-3": ("overdue", "2021-01-21"), "Y-2": ("overdue", "2021-01-21")}
    statuses = check_status(tmp_path, folder, "bek2020", "2021-06-30")
    assert {cid: statuses[(cid, "missed-follow-up")] for cid in follow_ups} == {
        "M-3": "fail",
        "Y-2": "fail",
    }
    for cid in ("M-1", "M-2", "Y-1", "U-1"):
        assert statuses[(cid, "missed-follow-up")] == "not-applicable", cid
    # On the signing day itself M-2's deadline is the audit date: still not due.
    _, doc = due_json(tmp_path, str(folder), "--as-of", "2021-01-20", "--within", "400")
    listed = {cid for (cid, rule) in by_contract(doc) if rule == "missed-follow-up"}
    assert listed == {"M-3", "Y-2"}


def test_the_maternity_case_of_issue_20_fails_no_more(tmp_path: Path) -> None:
    """Taken over 1 Jan 2021, signed 20 Jan, child born 1 May 2020: the follow-up by 1 Nov 2020
    was due before the municipality took over. check says why it is not applicable."""
    folder = before_the_contract_extract(tmp_path / "udtraek")
    out = tmp_path / "check.json"
    result = run_cli_in(tmp_path, "check", str(folder), "--as-of", "2021-06-30", "--json", str(out))
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    found = {(f["contract_id"], f["rule"]): f["detail"] for f in doc["findings"]}
    assert ("M-1", "missed-follow-up") not in found
    assert found[("M-3", "missed-follow-up")] == (
        "follow-up by 2021-01-21 missing; leave end unknown: only the first follow-up assessed"
    )


def test_the_work_list_names_what_was_read_and_what_could_not_be(tmp_path: Path) -> None:
    # No follow-up column (the follow-up rule cannot be assessed) and a date after the audit
    # date: the work list's JSON says so, as check's does, rather than look complete.
    rows: list[list[Any]] = [
        ["Kontraktnr", "Kommune", "Overtagelsesdato", "Underskrevet", "Beskæftigelsesmål"],
        ["K-1", "Aarhus", D(2024, 1, 1), D(2024, 1, 10), "Job"],
        ["K-2", "Aarhus", D(2024, 8, 1), None, "Job"],
    ]
    path = write_csv(tmp_path / "k.csv", rows)
    _, doc = due_json(tmp_path, str(path), "--as-of", "2024-06-20")
    validate(doc)
    checked = run_cli_in(tmp_path, "check", str(path), "--as-of", "2024-06-20", "--json", "-")
    audit = json.loads(checked.stdout)
    assert doc["inputs"] == audit["inputs"]
    assert [i["path"] for i in doc["inputs"]] == [str(path)]
    assert doc["data_issues"] == audit["data_issues"]
    kinds = {i["kind"] for i in doc["data_issues"]}
    assert {"rule-not-assessable", "date-after-as-of"} <= kinds
    assert list(doc)[-3:] == ["inputs", "data_issues", "signature"]
