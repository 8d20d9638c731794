"""Regressions found by checking every status against an oracle written from the law's text,
each through `integaudit check` (SPEC §2.1, §2.2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import write_csv, write_xlsx

HEADERS = ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet", "Jobmål"]


def test_an_unreadable_follow_up_date_never_makes_a_finding(check, tmp_path: Path) -> None:
    # Signed 31 Jan; 30 Apr in time, then "31-06-2014" (no such day), then nothing: the gap
    # from 30 Apr to the audit date could be filled by the unknown date.
    rows = [
        [*HEADERS, "Opfølgninger"],
        ["A-1", "Aarhus", "01-01-2014", "31-01-2014", "Kok", "30-04-2014; 31-06-2014"],
        ["A-2", "Aarhus", "01-01-2014", "31-01-2014", "Kok", "30-04-2014; 29-07-2014; x"],
    ]
    write_csv(tmp_path / "in" / "a.csv", rows)
    done = check("in", as_of="2014-08-31")
    assert done.statuses()["A-1"]["missed-follow-up"] == "not-assessed"
    assert done.statuses()["A-2"]["missed-follow-up"] == "pass"  # a pass stands
    assert done.doc["findings"] == []
    reasons = done.doc["total"]["rules"]["missed-follow-up"]["not_assessed_reasons"]
    assert reasons == {"unreadable:follow_up_date": 1}


def test_a_follow_up_sheet_covers_only_the_contracts_of_its_own_file(check, tmp_path) -> None:
    """A mixed sample: file a holds contracts and their follow-ups; file b holds contracts of
    the same municipality and no follow-up information at all."""
    write_xlsx(
        tmp_path / "in" / "a.xlsx",
        {
            "Kontrakter": [HEADERS, ["A-1", "Aarhus", "01-01-2014", "31-01-2014", "Kok"]],
            "Opfølgninger": [["Kontrakt nr.", "Opfølgningsdato"], ["A-1", "30-04-2014"]],
        },
    )
    write_csv(
        tmp_path / "in" / "b.csv", [HEADERS, ["B-1", "Aarhus", "01-01-2014", "31-01-2014", "Kok"]]
    )
    done = check("in", as_of="2014-08-31")
    assert done.statuses()["A-1"]["missed-follow-up"] == "fail"  # 30 Apr, then nothing
    assert done.statuses()["B-1"]["missed-follow-up"] == "not-assessed"
    assert [f["contract_id"] for f in done.doc["findings"]] == ["A-1"]


def test_a_file_of_follow_ups_alone_covers_the_municipality_it_names(check, tmp_path) -> None:
    write_csv(
        tmp_path / "in" / "kontrakter.csv",
        [HEADERS, ["B-1", "Aarhus", "01-01-2014", "31-01-2014", "Kok"]],
    )
    write_csv(
        tmp_path / "in" / "opfoelgninger.csv",
        [["Kontrakt nr.", "Kommune", "Opfølgningsdato"], ["B-9", "Aarhus", "30-04-2014"]],
    )
    done = check("in", as_of="2014-08-31")
    # The follow-up export names Aarhus and lists nothing for B-1: B-1 had none.
    assert done.statuses()["B-1"]["missed-follow-up"] == "fail"


def test_bek2020_follow_ups_before_signing_are_not_follow_ups_on_the_contract(
    check, tmp_path: Path
) -> None:
    rows = [
        [*HEADERS, "Situation", "Visitationsdato", "Opfølgninger"],
        [
            "A-1", "Aarhus", "01-01-2021", "20-01-2021", "Kok", "ydelse", "05-01-2021",
            "10-01-2021; 15-01-2021; 01-03-2021; 01-05-2021",
        ],
    ]  # fmt: skip
    write_csv(tmp_path / "in" / "a.csv", rows)
    done = check("in", "--ruleset", "bek2020", as_of="2022-06-30")
    assert done.statuses()["A-1"]["missed-follow-up"] == "fail"


def test_an_unsigned_contract_with_an_unreadable_declaration_is_not_applicable(
    check, tmp_path: Path
) -> None:
    rows = [
        [*HEADERS, "Erklæring"],
        ["A-1", "Aarhus", "01-01-2021", "", "Kok", "31-02-2021"],
    ]
    write_csv(tmp_path / "in" / "a.csv", rows)
    done = check("in", "--ruleset", "bek2020", as_of="2021-01-15")
    assert done.statuses()["A-1"]["missing-declaration"] == "not-applicable"


def test_self_supporting_and_the_leave_end_are_read_from_an_extract(check, tmp_path) -> None:
    rows = [
        [*HEADERS, "Forsørgelsesgrundlag", "Barns fødselsdato", "Barsel slut", "Opfølgninger"],
        ["A-1", "Aarhus", "01-01-2021", "20-01-2021", "Kok", "Selvforsørgende", "", "", ""],
        [
            "A-2", "Aarhus", "01-01-2021", "20-01-2021", "Kok", "barsel", "10-03-2021",
            "28-02-2022", "01-09-2021; 10-03-2022",
        ],
        [
            "A-3", "Aarhus", "01-01-2021", "20-01-2021", "Kok", "barsel", "10-03-2021",
            "28-02-2022", "01-09-2021; 29-03-2022",
        ],
    ]  # fmt: skip
    write_csv(tmp_path / "in" / "a.csv", rows)
    done = check("in", "--ruleset", "bek2020", as_of="2022-06-30")
    statuses = done.statuses()
    assert statuses["A-1"]["missed-follow-up"] == "not-applicable"
    assert statuses["A-2"]["missed-follow-up"] == "pass"
    assert statuses["A-3"]["missed-follow-up"] == "fail"
    (finding,) = [f for f in done.doc["findings"] if f["contract_id"] == "A-3"]
    assert finding["due"] == "2022-03-28"


def test_whether_a_rule_concerns_a_contract_is_decided_before_its_data(check, tmp_path) -> None:
    """Found by the reference implementation: a rule that does not concern a contract is not
    applicable whatever its other cells hold; on the benefit period's last day nothing has
    failed yet; an unreadable date that could be the fourth follow-up leaves it undecided."""
    rows = [
        [*HEADERS, "Situation", "Visitationsdato", "Opfølgninger"],
        ["A-1", "Aarhus", "", "20-01-2021", "Kok", "barsel", "", ""],
        ["A-2", "Aarhus", "01-01-2021", "", "Kok", "selvforsørgende", "", ""],
        [
            "A-3", "Aarhus", "10-01-2021", "01-02-2021", "Kok", "ydelse", "15-04-2021",
            "01-05-2021; 01-06-2021; 01-07-2021",
        ],
        [
            "A-4", "Aarhus", "10-01-2021", "01-02-2021", "Kok", "ydelse", "15-04-2021",
            "01-05-2021; 01-06-2021; 01-07-2021; 31-09-2021",
        ],
    ]  # fmt: skip
    write_csv(tmp_path / "in" / "a.csv", rows)
    done = check("in", "--ruleset", "bek2020", as_of="2021-10-15")
    statuses = done.statuses()
    assert statuses["A-1"]["late-visitation"] == "not-applicable"  # maternity, no takeover date
    assert statuses["A-2"]["missed-follow-up"] == "not-applicable"  # self-supporting, unsigned
    assert statuses["A-2"]["missing-declaration"] == "not-applicable"  # unsigned, no column
    assert statuses["A-3"]["missed-follow-up"] == "not-applicable"  # 15 Oct is the last day
    assert statuses["A-4"]["missed-follow-up"] == "not-assessed"  # 31 Sep: the fourth?
    later = check("in", "--ruleset", "bek2020", as_of="2021-10-16").statuses()
    assert later["A-3"]["missed-follow-up"] == "fail"


@pytest.mark.slow
def test_demo_data_unsigned_contracts_are_not_applicable_not_unassessed(tmp_path: Path) -> None:
    """Issue 20: `demo-data D --seed 1` then `check D` said of every unsigned contract
    "Manglende opfølgning … ikke vurderet — dato for kontraktens indgåelse mangler"."""
    from tests.conftest import run_cli_in

    made = run_cli_in(tmp_path, "demo-data", "D", "--seed", "1", "--contracts", "1000")
    assert made.exit_code == 0, made.output
    for ruleset in ("rr2014", "bek2020"):
        result = run_cli_in(
            tmp_path, "check", "D", "--ruleset", ruleset, "--as-of", "2026-06-30",
            "--json", f"{ruleset}.json",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "dato for kontraktens indgåelse mangler" not in result.flat
        doc = json.loads((tmp_path / f"{ruleset}.json").read_text(encoding="utf-8"))
        follow_up = doc["total"]["rules"]["missed-follow-up"]
        assert "empty:signed_date" not in follow_up["not_assessed_reasons"]
        # The unsigned contracts are there: late-signing fails them as not signed.
        unsigned = [
            f
            for f in doc["findings"]
            if f["rule"] == "late-signing" and "not signed" in f["detail"]
        ]
        assert unsigned
        statuses = {c["contract_id"]: c["status"] for c in doc["contracts"]}
        for finding in unsigned:
            assert statuses[finding["contract_id"]]["missed-follow-up"] == "not-applicable"
