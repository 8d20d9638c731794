"""Layout 3, Fasit-like: one OpenDocument spreadsheet with 24 contracts of Randers and
Viborg, audited on 2015-06-30 under rr2014.

Row 1 is the header as people read it, row 2 the system's technical column names (SAG_NR,
KOM_KODE, … OPF_1 … OPF_6), some of which look like headers the tool knows (CPR_NR,
MAAL_OPFYLDT, OPF_1): it is not a contract. Follow-ups are wide, "Opfølgning 1" …
"Opfølgning 6", not always in date order. Municipality codes are number cells.
"""

from __future__ import annotations

from export_files import Sheet, ods
from truth import Contract, cpr_number, day, days

FOLDER = "fasit"
FILE = "fasit_kontrakter_2015.ods"
FIELDS = (
    "contract_id",
    "municipality",
    "person_id",
    "responsibility_date",
    "signed_date",
    "employment_goal",
    "education_goal",
    "goal_met_date",
    "end_date",
)
WIDE = 6
HEADER = [
    "Sagsnr",
    "Kommunekode",
    "CPR",
    "Overtaget",
    "Underskrevet",
    "Beskæftigelsesmål",
    "Uddannelsesmål",
    "Mål opfyldt",
    "Ophør",
    *(f"Opfølgning {n}" for n in range(1, WIDE + 1)),
]
TECHNICAL = [
    "SAG_NR",
    "KOM_KODE",
    "CPR_NR",
    "OVERTAGET_DT",
    "UNDERSKREVET_DT",
    "BESK_MAAL",
    "UDD_MAAL",
    "MAAL_OPFYLDT",
    "OPHOER_DT",
    *(f"OPF_{n}" for n in range(1, WIDE + 1)),
]
RANDERS, VIBORG = "730", "791"
JOBS = ("Job som lagermedarbejder", "Job i plejesektoren", "Ansættelse som pizzabager")
STUDIES = ("Uddannelse som tandklinikassistent", "Erhvervsuddannelse som elektriker")


def _c(
    code: str,
    n: int,
    taken: str,
    signed: str,
    follow_ups: str = "",
    goals: tuple[str | None, str | None] | None = None,
    goal_met: str | None = None,
    end: str | None = None,
) -> Contract:
    if goals is None:
        goals = (JOBS[n % len(JOBS)], STUDIES[n % len(STUDIES)] if n % 4 == 1 else None)
    return Contract(
        contract_id=f"F-{code}-{n:03d}",
        municipality=code,
        cpr=cpr_number(400 + int(code) % 11 * 30 + n),
        responsibility=day(taken),
        signed=day(signed),
        employment_goal=goals[0],
        education_goal=goals[1],
        follow_ups=days(follow_ups),
        goal_met=day(goal_met),
        end=day(end),
    )


NO_GOALS = {
    (RANDERS, 4): ("Ikke fastsat", None),
    (RANDERS, 12): ("-", "-"),
    (VIBORG, 4): (None, None),
    (VIBORG, 12): ("0", None),
}

CONTRACTS: list[Contract] = [
    _c(RANDERS, 1, "2014-03-03", "2014-03-17",
       "2014-05-26 2014-08-18 2014-11-10 2015-01-26 2015-04-13 2015-06-22"),
    _c(RANDERS, 2, "2014-10-01", "2014-10-31", "2015-01-20 2015-04-15 2015-06-25"),  # day 30
    _c(RANDERS, 3, "2014-10-01", "2014-11-01", "2015-01-22 2015-04-16 2015-06-26"),  # day 31
    _c(RANDERS, 4, "2014-06-02", "2014-06-20", "2014-09-01 2014-11-24 2015-02-16 2015-05-04",
       goals=(None, None)),
    # Entered out of date order across the four columns.
    _c(RANDERS, 5, "2014-06-02", "2014-06-16", "2015-02-02 2014-11-10 2015-04-27 2014-08-25"),
    _c(RANDERS, 6, "2014-08-12", "2014-08-31", "2014-12-01 2015-02-20 2015-05-11"),  # 31-08 → 01-12
    _c(RANDERS, 7, "2014-05-05", "2014-05-19", "2014-08-11 2014-11-03 2015-01-19",
       end="2015-01-31"),
    _c(RANDERS, 8, "2014-07-07", "2014-07-28", "2014-10-20 2015-01-12", goal_met="2015-03-02"),
    _c(RANDERS, 9, "2015-01-05", "2015-02-24", "2015-05-11"),  # 50 days
    _c(RANDERS, 10, "2015-04-01", "2015-04-20", "2015-06-15"),  # nothing due yet
    _c(RANDERS, 11, "2014-11-03", "2014-11-17"),  # never followed up
    _c(RANDERS, 12, "2015-02-02", "2015-03-05", "2015-05-20", goals=(None, None)),  # day 31
    _c(VIBORG, 1, "2014-02-03", "2014-02-17",
       "2014-05-12 2014-08-04 2014-10-27 2015-01-19 2015-04-13 2015-06-29"),
    _c(VIBORG, 2, "2015-02-01", "2015-03-03", "2015-05-18"),  # 01-02 + 30 days = 03-03
    _c(VIBORG, 3, "2015-02-01", "2015-03-04", "2015-05-19"),
    _c(VIBORG, 4, "2014-09-01", "2014-09-15", "2014-11-24 2015-02-09 2015-04-27",
       goals=(None, None)),
    _c(VIBORG, 5, "2014-11-10", "2014-11-30", "2015-02-28 2015-05-28"),  # 30-11 → 28-02
    _c(VIBORG, 6, "2014-11-11", "2014-11-30", "2015-03-01 2015-05-28"),  # 30-11 → 01-03
    _c(VIBORG, 7, "2014-07-01", "2014-07-14", "2014-09-29 2014-12-15", end="2015-03-31"),
    _c(VIBORG, 8, "2014-12-01", "2014-12-15", "2015-02-16", goal_met="2015-04-20"),
    _c(VIBORG, 9, "2014-08-04", "2014-10-18", "2015-01-05 2015-03-30 2015-06-08"),  # 75 days
    _c(VIBORG, 10, "2015-05-04", "2015-05-18"),
    _c(VIBORG, 11, "2014-01-06", "2014-01-20",
       "2014-04-14 2014-08-25 2014-11-10 2015-02-02 2015-04-27 2015-06-22"),
    _c(VIBORG, 12, "2014-10-06", "2014-10-20", "2015-01-12 2015-04-06 2015-06-15",
       goals=(None, None)),
]  # fmt: skip


def _row(c: Contract) -> list[object]:
    n = int(c.contract_id.rsplit("-", 1)[1])
    employment, education = NO_GOALS.get((c.municipality, n), (c.employment_goal, c.education_goal))
    wide: list[object] = list(c.follow_ups) + [None] * (WIDE - len(c.follow_ups))
    return [
        c.contract_id,
        int(c.municipality),
        c.cpr,
        c.responsibility,
        c.signed,
        employment,
        education,
        c.goal_met,
        c.end,
        *wide,
    ]


def files() -> dict[str, bytes]:
    """Return the export: one spreadsheet."""
    rows: list[list[object]] = [HEADER, TECHNICAL, *(_row(c) for c in CONTRACTS)]
    return {FILE: ods([Sheet("Kontrakter", rows)])}
