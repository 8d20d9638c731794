"""Layout 2, Momentum-like: one Danish-Excel csv (``;``, cp1252) with 36 contracts of three
municipalities (a code column), audited on 2014-06-30 under rr2014.

Below the contracts: an empty row, a note row ("Bemærk: sager fra Jobcenter Syd mangler i
dette udtræk") and two footer rows ("Antal rækker: 36" and "I alt … 36 kontrakter"). None of
the three is a contract. Follow-ups are listed in one cell, separated by ", ". A name column.
"""

from __future__ import annotations

from export_files import csv_bytes
from truth import Contract, cpr_number, day, days, person_name

FOLDER = "momentum"
FILE = "momentum_udtraek_integration.csv"
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
HEADER = [
    "Sagsnummer",
    "Kommunenr",
    "CPR-nummer",
    "Navn",
    "Overtagelsesdato",
    "Kontrakt underskrevet",
    "Beskæftigelsesmål",
    "Uddannelsesmål",
    "Mål opfyldt",
    "Ophørsdato",
    "Opfølgningsdatoer",
]
PREFIX = {"561": "ESB", "621": "KOL", "630": "VEJ"}
JOBS = (
    "Job som chauffør",
    "Ordinær beskæftigelse i rengøringsbranchen",
    "Job i detailhandlen",
    "Ansættelse på slagteri",
)
STUDIES = ("Uddannelse som SOSU-hjælper", "Erhvervsuddannelse som smed", "HF-enkeltfag")


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
    """Return contract ``n`` of municipality ``code``; ``goals`` None gives a job goal (and an
    education goal for every third), an explicit pair is written as it stands."""
    if goals is None:
        goals = (JOBS[n % len(JOBS)], STUDIES[n % len(STUDIES)] if n % 3 == 0 else None)
    k = 200 + int(code) % 7 * 20 + n
    return Contract(
        contract_id=f"{PREFIX[code]}-13-{n:03d}",
        municipality=code,
        cpr=cpr_number(k),
        name=person_name(k),
        responsibility=day(taken),
        signed=day(signed),
        employment_goal=goals[0],
        education_goal=goals[1],
        follow_ups=days(follow_ups),
        goal_met=day(goal_met),
        end=day(end),
    )


ESBJERG, KOLDING, VEJLE = "561", "621", "630"
# Goals as an export writes them when there are none: placeholders and empty cells.
NO_GOALS = {
    (ESBJERG, 4): ("-", ""),
    (ESBJERG, 12): ("Ingen", ""),
    (KOLDING, 4): ("", ""),
    (KOLDING, 12): ("Ikke angivet", "-"),
    (VEJLE, 4): ("", ""),
    (VEJLE, 12): ("x", "-"),
}

CONTRACTS: list[Contract] = [
    # Esbjerg
    _c(ESBJERG, 1, "2013-06-03", "2013-06-17",
       "2013-08-20 2013-10-28 2014-01-15 2014-03-31 2014-06-02"),
    _c(ESBJERG, 2, "2013-07-01", "2013-07-31",  # day 30
       "2013-10-15 2014-01-10 2014-04-02 2014-06-20"),
    _c(ESBJERG, 3, "2013-07-01", "2013-08-01",  # day 31
       "2013-10-20 2014-01-14 2014-04-10 2014-06-25"),
    _c(ESBJERG, 4, "2013-09-02", "2013-09-16", "2013-11-25 2014-02-10 2014-04-28 2014-06-16",
       goals=(None, None)),
    _c(ESBJERG, 5, "2013-11-12", "2013-11-30", "2014-02-28 2014-05-20"),  # 30-11 + 3 months = 28-02
    _c(ESBJERG, 6, "2013-11-11", "2013-11-30", "2014-03-01 2014-05-20"),  # a day late
    _c(ESBJERG, 7, "2013-08-05", "2013-08-26", "2013-10-10 2014-01-08", end="2014-02-14"),
    _c(ESBJERG, 8, "2013-10-01", "2013-10-21", "2013-12-02 2014-02-24", goal_met="2014-03-20"),
    _c(ESBJERG, 9, "2013-10-07", "2013-12-09", "2014-02-17 2014-05-12"),  # 63 days
    _c(ESBJERG, 10, "2014-04-07", "2014-04-22"),  # nothing due yet
    _c(ESBJERG, 11, "2013-04-02", "2013-04-25",
       "2013-07-01 2013-11-04 2014-01-20 2014-04-14 2014-06-10"),
    _c(ESBJERG, 12, "2014-01-06", "2014-02-20", "2014-04-15 2014-06-11", goals=(None, None)),
    # Kolding
    _c(KOLDING, 1, "2013-05-06", "2013-05-21",
       "2013-07-30 2013-10-22 2014-01-14 2014-04-08 2014-06-24"),
    _c(KOLDING, 2, "2014-01-31", "2014-03-02", "2014-05-15"),  # day 30
    _c(KOLDING, 3, "2014-01-31", "2014-03-03", "2014-05-20"),  # day 31
    _c(KOLDING, 4, "2013-08-12", "2013-08-30", "2013-11-18 2014-02-10 2014-05-05",
       goals=(None, None)),
    _c(KOLDING, 5, "2013-05-13", "2013-05-31",  # month ends
       "2013-08-31 2013-11-30 2014-02-28 2014-05-28"),
    _c(KOLDING, 6, "2013-05-14", "2013-05-31",  # 31-08 → 01-12
       "2013-08-31 2013-12-01 2014-02-28 2014-05-28"),
    _c(KOLDING, 7, "2013-07-01", "2013-07-16", "2013-09-16 2013-12-02", end="2013-12-31"),
    _c(KOLDING, 8, "2013-06-03", "2013-06-20", "2013-09-02",  # gap before the end
       end="2014-03-31"),
    _c(KOLDING, 9, "2013-09-02", "2013-11-29", "2014-02-20 2014-05-15"),  # 88 days
    _c(KOLDING, 10, "2013-11-04", "2013-11-25", "2014-01-20", goal_met="2014-02-10"),
    _c(KOLDING, 11, "2013-10-01", "2013-10-15"),  # never followed up
    _c(KOLDING, 12, "2013-12-02", "2013-12-16", "2014-03-10 2014-06-02", goals=(None, None)),
    # Vejle
    _c(VEJLE, 1, "2013-03-04", "2013-03-18",
       "2013-06-10 2013-09-02 2013-11-25 2014-02-17 2014-05-12"),
    _c(VEJLE, 2, "2013-12-09", "2014-01-08", "2014-03-20 2014-06-05"),  # day 30
    _c(VEJLE, 3, "2013-12-09", "2014-01-09", "2014-03-25 2014-06-10"),  # day 31
    _c(VEJLE, 4, "2013-06-03", "2013-06-24",
       "2013-09-09 2013-11-18 2014-02-03 2014-04-22 2014-06-16", goals=(None, None)),
    _c(VEJLE, 5, "2013-10-01", "2013-10-14", "2013-12-20 2014-03-15 2014-03-30"),  # 30-03 → 30-06
    _c(VEJLE, 6, "2013-10-01", "2013-10-15", "2013-12-20 2014-03-15 2014-03-29"),  # 29-03 → 30-06
    _c(VEJLE, 7, "2013-08-19", "2013-09-02", "2013-11-04 2014-01-27", end="2014-04-30"),
    _c(VEJLE, 8, "2013-09-02", "2013-09-20", "2013-12-02 2014-02-24", goal_met="2014-05-15"),
    _c(VEJLE, 9, "2013-06-03", "2013-09-11", "2013-11-20 2014-02-12 2014-05-06"),  # 100 days
    _c(VEJLE, 10, "2014-04-14", "2014-05-05", "2014-06-02"),
    _c(VEJLE, 11, "2013-02-04", "2013-02-25",
       "2013-05-21 2013-09-30 2013-12-10 2014-03-04 2014-05-27"),
    _c(VEJLE, 12, "2013-11-04", "2013-12-20", "2014-03-10 2014-06-02", goals=(None, None)),
]  # fmt: skip


def _goal_cells(c: Contract) -> tuple[str | None, str | None]:
    n = int(c.contract_id.rsplit("-", 1)[1])
    return NO_GOALS.get((c.municipality, n), (c.employment_goal, c.education_goal))


def _row(c: Contract) -> list[object]:
    employment, education = _goal_cells(c)
    return [
        c.contract_id,
        c.municipality,
        c.cpr,
        c.name,
        c.responsibility,
        c.signed,
        employment,
        education,
        c.goal_met,
        c.end,
        ", ".join(f"{d:%d-%m-%Y}" for d in c.follow_ups),
    ]


def files() -> dict[str, bytes]:
    """Return the export: one csv."""
    rows: list[list[object]] = [HEADER, *(_row(c) for c in CONTRACTS)]
    rows += [
        [],
        ["Bemærk: sager fra Jobcenter Syd mangler i dette udtræk"],
        [f"Antal rækker: {len(CONTRACTS)}"],
        ["I alt", None, None, None, f"{len(CONTRACTS)} kontrakter"],
    ]
    return {FILE: csv_bytes(rows)}
