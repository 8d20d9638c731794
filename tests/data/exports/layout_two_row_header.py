"""Layout 5: a workbook of Herning Kommune whose header spans two rows with merged cells,
audited on 2014-06-30 under rr2014 (the municipality is in the file name only).

Row 1 holds single headers merged down over rows 1–2 (Sagsnr, CPR-nr., Overtaget, Mål opfyldt,
Ophørsdato) and group headers merged across (Underskrevet, Mål for, Opfølgning); row 2 the
sub-headers under the groups: Borger / Kommune (the two signatures), beskæftigelse /
uddannelse, and 1. … 4. (wide follow-ups). A sub-header alone would mislead ("Borger" is an
alias of the person, "Kommune" of the municipality).
"""

from __future__ import annotations

from typing import Any

from export_files import Sheet, xlsx
from truth import Contract, cpr_number, day, days

FOLDER = "two_row_header"
FILE = "herning_kontrakter_2014.xlsx"
FIELDS = (
    "contract_id",
    "municipality",
    "person_id",
    "responsibility_date",
    "signed_citizen_date",
    "signed_municipality_date",
    "employment_goal",
    "education_goal",
    "goal_met_date",
    "end_date",
)
WIDE = 4
TOP = [
    "Sagsnr",
    "CPR-nr.",
    "Overtaget",
    "Underskrevet",
    None,
    "Mål for",
    None,
    "Mål opfyldt",
    "Ophørsdato",
    "Opfølgning",
    None,
    None,
    None,
]
SUB = [None, None, None, "Borger", "Kommune", "beskæftigelse", "uddannelse", None, None]
SUB += [f"{n}." for n in range(1, WIDE + 1)]
MERGED = ("A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:G1", "H1:H2", "I1:I2", "J1:M1")
HERNING = "657"
JOBS = ("Job som tekstilarbejder", "Job i landbruget", "Job som kantineassistent")
STUDY = "Uddannelse som industrioperatør"


def _c(
    n: int,
    taken: str,
    signed: str,
    follow_ups: str = "",
    goals: tuple[str | None, str | None] | None = None,
    citizen: str | None = None,
    goal_met: str | None = None,
    end: str | None = None,
) -> Contract:
    if goals is None:
        goals = (JOBS[n % len(JOBS)], STUDY if n % 5 == 0 else None)
    return Contract(
        contract_id=f"HER-{n:03d}",
        municipality=HERNING,
        cpr=cpr_number(700 + n),
        responsibility=day(taken),
        signed=day(signed),
        citizen_signed=day(citizen),
        employment_goal=goals[0],
        education_goal=goals[1],
        follow_ups=days(follow_ups),
        goal_met=day(goal_met),
        end=day(end),
    )


CONTRACTS: list[Contract] = [
    _c(1, "2013-06-03", "2013-06-17", "2013-09-09 2013-12-02 2014-02-24 2014-05-19",
       citizen="2013-06-14"),
    _c(2, "2013-09-02", "2013-10-02", "2013-12-16 2014-03-10 2014-06-02",  # day 30
       citizen="2013-09-12"),
    _c(3, "2013-09-02", "2013-10-03", "2013-12-16 2014-03-10 2014-06-02",  # day 31
       citizen="2013-09-22"),
    _c(4, "2013-10-07", "2013-10-21", "2014-01-13 2014-04-07 2014-06-23", goals=(None, None)),
    _c(5, "2013-11-11", "2013-11-30", "2014-02-28 2014-05-28"),  # 30-11 → 28-02
    _c(6, "2013-11-12", "2013-11-30", "2014-03-01 2014-05-28"),  # 30-11 → 01-03
    _c(7, "2013-08-12", "2013-08-26", "2013-11-04 2014-01-27", end="2014-03-14"),
    _c(8, "2013-09-16", "2013-09-30", "2013-12-09", goal_met="2014-02-03"),
    _c(9, "2013-10-01", "2013-11-30", "2014-02-17 2014-05-12", citizen="2013-10-20"),  # 60 days
    _c(10, "2014-04-14", "2014-04-28", "2014-06-16"),
    _c(11, "2013-07-01", "2013-07-15", "2013-09-30 2014-01-06 2014-03-24 2014-06-10"),
    _c(12, "2013-12-02", "2013-12-16"),  # never followed up
    _c(13, "2013-04-02", "2013-04-22", "2013-07-08 2013-09-30 2013-12-16 2014-03-10",
       goals=(None, STUDY)),
    _c(14, "2014-01-06", "2014-01-17", "2014-03-31 2014-06-10", goals=(JOBS[0], STUDY)),
    _c(15, "2014-02-03", "2014-02-14", "2014-04-28", goals=(None, None)),
    _c(16, "2014-01-31", "2014-03-02", "2014-05-26"),  # 31-01 + 30 days = 02-03
    _c(17, "2014-01-31", "2014-03-03", "2014-05-26", citizen="2014-02-20"),
    _c(18, "2013-10-14", "2013-10-28", "2014-01-20", end="2014-05-30"),
    _c(19, "2013-08-01", "2013-08-15", "2013-11-11 2014-02-03 2014-04-28"),
    _c(20, "2014-02-17", "2014-03-28", "2014-06-02", goals=(None, None)),  # 39 days
    _c(21, "2013-05-06", "2013-05-27", "2013-08-19 2013-11-11 2014-02-03 2014-04-28"),
    _c(22, "2014-05-05", "2014-05-12"),
    _c(23, "2013-12-09", "2013-12-20", "2014-03-20 2014-03-30"),  # 20-12 → 20-03; 30-03 → 30-06
    _c(24, "2013-12-09", "2013-12-20", "2014-03-21 2014-03-30"),  # 20-12 → 21-03
]  # fmt: skip
GOAL_CELLS = {"HER-004": ("-", None), "HER-015": ("ingen", "ingen"), "HER-020": ("x", None)}


def _row(c: Contract) -> list[Any]:
    employment, education = GOAL_CELLS.get(c.contract_id, (c.employment_goal, c.education_goal))
    wide: list[Any] = list(c.follow_ups) + [None] * (WIDE - len(c.follow_ups))
    return [
        c.contract_id,
        c.cpr,
        c.responsibility,
        c.citizen_signed or c.signed,
        c.signed,
        employment,
        education,
        c.goal_met,
        c.end,
        *wide,
    ]


def files() -> dict[str, bytes]:
    """Return the export: one workbook."""
    rows = [TOP, SUB, *(_row(c) for c in CONTRACTS)]
    return {FILE: xlsx([Sheet("Kontrakter", rows, merged=MERGED)])}
