"""Layout 7: exports whose headers only the user can explain, audited on 2014-06-30 under
rr2014 with the lines the user writes in integaudit.toml (the municipality is in the file
names only).

horsens_kontrakter.xlsx, sheet "Kontrakter": "Borgers CPR" (the person, a column of CPR
numbers), two goal columns no built-in alias matches ("Mål – job", "Mål – udd."), a bare
"Dato" that is the end date, and "Seneste opfølgning", the latest follow-up only, beside the
real follow-ups in sheet "Samtaler".

skive_kontrakter.csv: a header of two rows as Excel writes a merged header to a csv:
"Underskrevet" over an empty cell in row 1, "Borger" and "Kommune" under them in row 2; one
combined goal column ("Mål i kontrakten") that says "Ingen mål registreret" when there is none;
follow-ups in one cell.
"""

from __future__ import annotations

from typing import Any

from export_files import Sheet, csv_bytes, xlsx
from truth import Contract, cpr_number, day, days

FOLDER = "own_headers"
HORSENS_FILE = "horsens_kontrakter.xlsx"
SKIVE_FILE = "skive_kontrakter.csv"
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
HORSENS, SKIVE = "615", "779"
NO_GOAL = "Ingen mål registreret"
HORSENS_HEADER = [
    "Sagsnr",
    "Borgers CPR",
    "Overtaget",
    "Underskrevet",
    "Mål – job",
    "Mål – udd.",
    "Mål opfyldt",
    "Dato",
    "Seneste opfølgning",
]
SKIVE_HEADER = [
    ["Sagsnr", "CPR", "Overtaget", "Underskrevet", None, "Mål i kontrakten", "Mål opfyldt",
     "Ophørsdato", "Opfølgninger"],
    [None, None, None, "Borger", "Kommune", None, None, None, None],
]  # fmt: skip
JOB = "Job som pædagogmedhjælper"
SHOP = "Job i detailhandlen"
STUDY = "Uddannelse som pædagogisk assistent"
SMITH = "Uddannelse som smed"


def _c(
    code: str,
    n: int,
    taken: str,
    signed: str,
    follow_ups: str = "",
    goals: tuple[str | None, str | None] = (JOB, None),
    citizen: str | None = None,
    goal_met: str | None = None,
    end: str | None = None,
) -> Contract:
    prefix = "HOR" if code == HORSENS else "SKI"
    return Contract(
        contract_id=f"{prefix}-{n:03d}",
        municipality=code,
        cpr=cpr_number(900 + int(code) % 5 * 20 + n),
        responsibility=day(taken),
        signed=day(signed),
        citizen_signed=day(citizen),
        employment_goal=goals[0],
        education_goal=goals[1],
        follow_ups=days(follow_ups),
        goal_met=day(goal_met),
        end=day(end),
    )


HORSENS_CONTRACTS: list[Contract] = [
    _c(HORSENS, 1, "2013-05-06", "2013-05-21",
       "2013-08-12 2013-11-04 2014-01-27 2014-04-22 2014-06-16"),
    # Ended 31-01 and 31-03: without the end date the gap would run to 30-06.
    _c(HORSENS, 2, "2013-06-03", "2013-06-17", "2013-09-02 2013-11-25", end="2014-01-31"),
    _c(HORSENS, 3, "2013-08-05", "2013-08-19", "2013-10-28 2014-01-20", goals=(None, STUDY),
       end="2014-03-31"),
    _c(HORSENS, 4, "2013-09-02", "2013-09-16", "2013-12-02 2014-02-24 2014-05-19",
       goals=(None, None)),
    _c(HORSENS, 5, "2013-10-01", "2013-11-01", "2014-01-27 2014-04-22 2014-06-16",  # day 31
       goals=(None, STUDY)),
    _c(HORSENS, 6, "2013-09-16", "2013-09-30", "2013-12-16",  # gap before the end
       end="2014-05-15"),
    _c(HORSENS, 7, "2013-04-02", "2013-04-16",
       "2013-07-01 2013-10-14 2014-01-06 2014-03-31 2014-06-16"),
    _c(HORSENS, 8, "2014-04-01", "2014-04-15", "2014-06-10"),
    _c(HORSENS, 9, "2013-11-04", "2013-11-18", "2014-02-10 2014-05-05", goals=(SHOP, STUDY)),
    _c(HORSENS, 10, "2013-12-02", "2014-01-11", "2014-03-31 2014-06-16"),  # 40 days
    _c(HORSENS, 11, "2013-10-01", "2013-10-15", "2013-12-02", end="2013-12-20"),  # ended early
    _c(HORSENS, 12, "2014-01-06", "2014-01-20", "2014-04-14 2014-06-23", goals=(None, None)),
    _c(HORSENS, 13, "2013-10-21", "2013-11-04"),  # never followed up
    _c(HORSENS, 14, "2013-11-11", "2013-11-30", "2014-02-28 2014-05-28"),  # 30-11 → 28-02
]  # fmt: skip

SKIVE_CONTRACTS: list[Contract] = [
    _c(SKIVE, 1, "2013-05-06", "2013-05-21",
       "2013-08-12 2013-11-04 2014-01-27 2014-04-22 2014-06-16", goals=(SHOP, None),
       citizen="2013-05-15"),
    # The citizen signed on day 12, the municipality on day 31: late.
    _c(SKIVE, 2, "2013-08-01", "2013-09-01", "2013-11-18 2014-02-10 2014-05-05",
       citizen="2013-08-13"),
    _c(SKIVE, 3, "2013-09-02", "2013-10-02", "2013-12-16 2014-03-10 2014-06-02",  # day 30
       citizen="2013-09-22"),
    _c(SKIVE, 4, "2013-10-07", "2013-10-21", "2014-01-13 2014-04-07 2014-06-23",
       goals=(None, None)),
    _c(SKIVE, 5, "2013-11-04", "2013-12-16", "2014-03-03 2014-05-26", goals=(None, None),
       citizen="2013-11-20"),
    _c(SKIVE, 6, "2013-06-03", "2013-06-17", "2013-09-09 2013-12-09 2014-03-10 2014-06-02",
       goals=(None, SMITH)),
    _c(SKIVE, 7, "2013-08-05", "2013-08-26", "2013-11-11 2014-01-27", end="2014-02-14"),
    _c(SKIVE, 8, "2013-10-01", "2013-10-14", "2013-12-16 2014-03-10", goal_met="2014-04-01"),
    _c(SKIVE, 9, "2014-04-07", "2014-04-22"),
    _c(SKIVE, 10, "2013-12-02", "2013-12-16", "2014-03-10 2014-06-02", goals=(None, None)),
    _c(SKIVE, 11, "2013-03-04", "2013-03-18",
       "2013-06-10 2013-09-30 2013-12-16 2014-03-10 2014-06-02"),
    _c(SKIVE, 12, "2014-01-13", "2014-02-12", "2014-04-28 2014-06-23",  # day 30
       citizen="2014-01-20"),
]  # fmt: skip

CONTRACTS = HORSENS_CONTRACTS + SKIVE_CONTRACTS
# The goal cells of the contracts without a goal, as written.
HORSENS_GOALS = {"HOR-004": (None, "-"), "HOR-012": (None, None)}
SKIVE_GOALS = {"SKI-004": NO_GOAL, "SKI-005": NO_GOAL, "SKI-010": "-"}


def _horsens_row(c: Contract) -> list[Any]:
    employment, education = HORSENS_GOALS.get(c.contract_id, (c.employment_goal, c.education_goal))
    latest = max(c.follow_ups) if c.follow_ups else None
    return [
        c.contract_id,
        c.cpr,
        c.responsibility,
        c.signed,
        employment,
        education,
        c.goal_met,
        c.end,
        latest,
    ]


def _skive_row(c: Contract) -> list[Any]:
    goal = SKIVE_GOALS.get(c.contract_id, c.employment_goal or c.education_goal)
    return [
        c.contract_id,
        c.cpr,
        c.responsibility,
        c.citizen_signed or c.signed,
        c.signed,
        goal,
        c.goal_met,
        c.end,
        "; ".join(f"{d:%d-%m-%Y}" for d in c.follow_ups),
    ]


def files() -> dict[str, bytes]:
    """Return the export: the Horsens workbook and the Skive csv."""
    conversations: list[list[Any]] = [["Sagsnr", "Samtaledato"]]
    for c in HORSENS_CONTRACTS:
        conversations += [[c.contract_id, d] for d in c.follow_ups]
    horsens = xlsx(
        [
            Sheet("Kontrakter", [HORSENS_HEADER, *(_horsens_row(c) for c in HORSENS_CONTRACTS)]),
            Sheet("Samtaler", conversations),
        ]
    )
    skive = csv_bytes([*SKIVE_HEADER, *(_skive_row(c) for c in SKIVE_CONTRACTS)])
    return {HORSENS_FILE: horsens, SKIVE_FILE: skive}
