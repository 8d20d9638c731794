"""Layout 4: a workbook of Frederiksberg Kommune with a note row and a hidden stale copy of
its contracts sheet, audited on 2014-06-30 under rr2014.

Sheet "Kontrakter": 22 contracts, a note row between them (row 14), and contract FRB-020
entered twice with different signing dates (rows 22 and 25): one contract whose signing date
conflicts. Sheet "Opfølgninger": the follow-ups, long format. Sheet "Kontrakter (2)": hidden,
an older copy of the first 16 contracts, some of them with the values they had then (not yet
signed, another signing date, no goals yet, no end date yet).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from export_files import Sheet, xlsx
from truth import Contract, cpr_number, day, days

FOLDER = "stale_copy"
FILE = "frederiksberg_kontrakter.xlsx"
FIELDS = (
    "contract_id",
    "municipality",
    "person_id",
    "responsibility_date",
    "signed_date",
    "employment_goal",
    "education_goal",
    "end_date",
)
HEADER = [
    "Kontrakt nr.",
    "Kommune",
    "CPR-nr.",
    "Overtagelsesdato",
    "Underskrevet",
    "Beskæftigelsesmål",
    "Uddannelsesmål",
    "Ophørsdato",
]
FREDERIKSBERG = "147"
JOB = "Job som rengøringsassistent"
SHOP = "Job i detailhandlen"
STUDY = "Uddannelse som ernæringsassistent"
NOTE = (
    "Bemærk: sagerne herunder er flyttet fra det gamle fagsystem, og deres tidligste "
    "opfølgninger er ikke med i udtrækket"
)
# The second entry of FRB-020, signed 28-03 (32 days) instead of 10-03 (14 days).
CONFLICTING_SIGNED = day("2014-03-28")


def _c(
    n: int,
    taken: str,
    signed: str,
    follow_ups: str = "",
    goals: tuple[str | None, str | None] = (JOB, None),
    end: str | None = None,
) -> Contract:
    return Contract(
        contract_id=f"FRB-{n:03d}",
        municipality=FREDERIKSBERG,
        cpr=cpr_number(600 + n),
        responsibility=day(taken),
        signed=day(signed),
        employment_goal=goals[0],
        education_goal=goals[1],
        follow_ups=days(follow_ups),
        end=day(end),
    )


CONTRACTS: list[Contract] = [
    _c(1, "2013-04-02", "2013-04-16", "2013-06-24 2013-09-16 2013-12-09 2014-03-03 2014-05-26"),
    _c(2, "2013-05-01", "2013-05-31", "2013-08-20 2013-11-11 2014-02-03 2014-04-28",  # day 30
       (SHOP, None)),
    _c(3, "2013-05-13", "2013-06-03", "2013-08-26 2013-11-18 2014-02-10 2014-05-05"),
    _c(4, "2013-06-03", "2013-06-17", "2013-09-09 2013-12-02 2014-02-24 2014-05-19", (None, None)),
    _c(5, "2013-03-18", "2013-04-02", "2013-06-17 2013-09-09 2013-11-25 2014-02-17 2014-05-12"),
    _c(6, "2013-07-01", "2013-08-01", "2013-10-14 2014-01-06 2014-03-31 2014-06-16"),  # day 31
    _c(7, "2013-08-05", "2013-08-19", "2013-10-28 2014-02-03 2014-04-22 2014-06-10", (SHOP, STUDY)),
    _c(8, "2013-09-02", "2013-09-16", "2013-12-02 2014-02-24 2014-05-19", (None, STUDY)),
    _c(9, "2013-07-15", "2013-07-29", "2013-10-07 2013-12-16", end="2014-01-31"),
    _c(10, "2013-09-16", "2013-10-26", "2014-01-13 2014-04-07 2014-06-23"),  # 40 days
    _c(11, "2013-10-07", "2013-10-21", "2013-12-16 2014-03-10", end="2014-04-30"),
    _c(12, "2013-11-04", "2013-11-18", "2014-02-10 2014-05-05", (None, None)),
    _c(13, "2013-11-18", "2013-12-02", "2014-02-24 2014-05-19"),
    _c(14, "2013-12-02", "2013-12-23", "2014-03-17 2014-06-02", (SHOP, None)),
    _c(15, "2013-11-11", "2013-11-30", "2014-02-28 2014-05-28"),  # 30-11 → 28-02 → 28-05
    _c(16, "2014-01-06", "2014-01-20", "2014-04-14"),
    _c(17, "2014-01-13", "2014-02-13", "2014-04-28 2014-06-16"),  # day 31
    _c(18, "2014-04-22", "2014-05-06"),
    _c(19, "2013-10-14", "2013-10-28"),  # never followed up
    _c(20, "2014-02-24", "2014-03-10", "2014-05-12", (None, STUDY)),  # entered twice
    _c(21, "2014-03-03", "2014-03-17", "2014-05-26"),
    _c(22, "2014-03-10", "2014-04-12", "2014-06-02", (None, None)),  # 33 days
]  # fmt: skip

# How the goals without a goal are written.
GOAL_CELLS = {"FRB-004": (None, None), "FRB-012": ("ingen", None), "FRB-022": ("-", None)}
# The hidden copy's older values, by contract: the rest of its rows equal the current ones.
STALE = {
    "FRB-003": {"signed": None},
    "FRB-005": {"signed": day("2013-05-02")},
    "FRB-008": {"education_goal": None},
    "FRB-011": {"end": None},
    "FRB-014": {"signed": day("2014-01-23")},
}


def _row(c: Contract) -> list[Any]:
    employment, education = GOAL_CELLS.get(c.contract_id, (c.employment_goal, c.education_goal))
    return [
        c.contract_id,
        "Frederiksberg Kommune",
        c.cpr,
        c.responsibility,
        c.signed,
        employment,
        education,
        c.end,
    ]


def clean_contracts() -> list[Contract]:
    """Return the contracts as the clean twin gives them: FRB-020's signing date conflicts, so
    it is given as a text no date can be read from; the rules that need it are then not
    assessed, as they must be for a conflicting date (issue 19 §5)."""
    return [
        dataclasses.replace(c, signed="to forskellige datoer")  # type: ignore[arg-type]
        if c.contract_id == "FRB-020"
        else c
        for c in CONTRACTS
    ]


def files() -> dict[str, bytes]:
    """Return the export: one workbook."""
    rows = [_row(c) for c in CONTRACTS]
    twice = next(c for c in CONTRACTS if c.contract_id == "FRB-020")
    contracts = [HEADER, *rows[:12], [NOTE], *rows[12:]]
    contracts.append(_row(dataclasses.replace(twice, signed=CONFLICTING_SIGNED)))
    follow_ups: list[list[Any]] = [["Kontrakt nr.", "Opfølgningsdato"]]
    for c in CONTRACTS:
        follow_ups += [[c.contract_id, d] for d in c.follow_ups]
    stale = [HEADER] + [
        _row(dataclasses.replace(c, **STALE.get(c.contract_id, {}))) for c in CONTRACTS[:16]
    ]
    workbook = xlsx(
        [
            Sheet("Kontrakter", contracts),
            Sheet("Opfølgninger", follow_ups),
            Sheet("Kontrakter (2)", stale, hidden=True),
        ]
    )
    return {FILE: workbook}
