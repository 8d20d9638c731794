"""Layout 6: the contracts of Holbæk Kommune in one workbook and their conversations in a
separate export (a csv of follow-ups only), audited on 2014-06-30 under rr2014 (the
municipality is in the file names only).

kontrakter_holbaek.xlsx: two title rows and a blank row above the header (row 4), no
follow-ups. opfoelgninger_holbaek.csv: Sagsnr, Samtaledato, Samtaletype, Sagsbehandler. The
type says whether a conversation was held, in the municipality's own words: "Individuel
samtale" and "Telefonisk samtale" were held, "Afbud" (the citizen cancelled) and "Aflyst"
were not. The tool knows only "Aflyst"; the user says what the other three mean in
``[follow_ups]`` of integaudit.toml.
"""

from __future__ import annotations

from typing import Any

from export_files import Sheet, csv_bytes, xlsx
from truth import Contract, cpr_number, day, days

FOLDER = "follow_up_export"
CONTRACTS_FILE = "kontrakter_holbaek.xlsx"
FOLLOW_UPS_FILE = "opfoelgninger_holbaek.csv"
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
    "Sagsnr",
    "CPR",
    "Overtagelsesdato",
    "Underskrevet",
    "Beskæftigelsesmål",
    "Uddannelsesmål",
    "Ophørsdato",
]
HOLBAEK = "316"
JOB = "Job som havearbejder"
STUDY = "Uddannelse som pædagogisk assistent"
HELD, PHONE = "Individuel samtale", "Telefonisk samtale"


def _c(
    n: int,
    taken: str,
    signed: str,
    held: str = "",
    goals: tuple[str | None, str | None] = (JOB, None),
    end: str | None = None,
    not_held: str = "",
    cancelled: str = "",
    phone: str = "",
) -> Contract:
    """Return contract ``n``: ``held`` conversations held face to face, ``phone`` by phone
    (both are follow-ups), ``not_held`` cancelled by the citizen (Afbud), ``cancelled``
    cancelled by the jobcentre (Aflyst)."""
    return Contract(
        contract_id=f"HOL-{n:03d}",
        municipality=HOLBAEK,
        cpr=cpr_number(800 + n),
        responsibility=day(taken),
        signed=day(signed),
        employment_goal=goals[0],
        education_goal=goals[1],
        follow_ups=tuple(sorted(days(held) + days(phone))),
        end=day(end),
        held_as={d: PHONE for d in days(phone)} | {d: HELD for d in days(held)},
        not_held=tuple((d, "Afbud") for d in days(not_held))
        + tuple((d, "Aflyst") for d in days(cancelled)),
    )


CONTRACTS: list[Contract] = [
    _c(1, "2013-05-06", "2013-05-21", "2013-08-12 2013-11-04 2014-01-27 2014-04-22 2014-06-16"),
    # The citizen cancelled on 25-11 (Afbud): the gap 02-09 → 13-01 is over 3 months.
    _c(2, "2013-06-03", "2013-06-17", "2013-09-02 2014-01-13 2014-04-07 2014-06-23",
       not_held="2013-11-25"),
    # Cancelled by the jobcentre (Aflyst): the gap 28-10 → 10-03 stays.
    _c(3, "2013-08-05", "2013-08-19", "2013-10-28 2014-03-10 2014-05-26", cancelled="2014-01-20"),
    _c(4, "2013-09-02", "2013-09-16", "2013-12-02 2014-02-24 2014-05-19", goals=(None, None)),
    _c(5, "2013-10-01", "2013-10-31", "2014-01-20 2014-04-14 2014-06-23"),  # day 30
    _c(6, "2013-10-01", "2013-11-01", "2014-01-27 2014-04-22 2014-06-16",  # day 31
       goals=(None, STUDY)),
    # The last conversation (26-05) was cancelled by the citizen: 03-03 → 30-06 is a gap.
    _c(7, "2013-09-16", "2013-09-30", "2013-12-16 2014-03-03", not_held="2014-05-26"),
    _c(8, "2013-07-01", "2013-07-15", "2013-10-07 2013-12-16", end="2014-02-28"),
    _c(9, "2013-11-04", "2013-12-19", "2014-03-10 2014-06-02"),  # 45 days
    _c(10, "2013-12-02", "2013-12-16", "2014-05-19", phone="2014-03-03"),
    _c(11, "2014-04-01", "2014-04-15", "2014-06-10"),
    _c(12, "2013-04-02", "2013-04-16", "2013-07-01 2013-10-14 2014-01-06 2014-03-31 2014-06-16"),
    # A cancelled conversation between two held in time: nothing changes.
    _c(13, "2013-10-14", "2013-10-28", "2014-01-13 2014-04-07 2014-06-16", not_held="2014-02-24"),
    _c(14, "2014-01-06", "2014-01-20", "2014-04-14 2014-06-23", goals=(None, None)),
    _c(15, "2013-11-11", "2013-11-30", "2014-05-28", phone="2014-02-28"),  # 30-11 → 28-02
    _c(16, "2013-11-18", "2013-12-02"),  # no conversation at all
    _c(17, "2014-01-13", "2014-01-27", cancelled="2014-04-07"),  # only a cancelled one
    _c(18, "2014-02-03", "2014-03-20", "2014-05-26", goals=(None, None)),  # 45 days
    _c(19, "2013-08-19", "2013-09-02", "2013-11-18 2014-05-05", phone="2014-02-10"),
    _c(20, "2014-04-22", "2014-05-06", not_held="2014-06-10"),
]  # fmt: skip
GOAL_CELLS = {"HOL-004": (None, None), "HOL-014": ("-", None), "HOL-018": ("ingen", None)}
CASEWORKERS = ("LKJ", "PEM", "SAH")


def _row(c: Contract) -> list[Any]:
    employment, education = GOAL_CELLS.get(c.contract_id, (c.employment_goal, c.education_goal))
    return [c.contract_id, c.cpr, c.responsibility, c.signed, employment, education, c.end]


def files() -> dict[str, bytes]:
    """Return the export: the contracts workbook and the follow-ups csv."""
    width = len(HEADER)
    contracts: list[list[Any]] = [
        ["Holbæk Kommune – Jobcenter Holbæk"] + [None] * (width - 1),
        ["Integrationskontrakter, udtrukket 01-07-2014"] + [None] * (width - 1),
        [None] * width,
        HEADER,
        *(_row(c) for c in CONTRACTS),
    ]
    conversations: list[list[Any]] = [["Sagsnr", "Samtaledato", "Samtaletype", "Sagsbehandler"]]
    for n, c in enumerate(CONTRACTS):
        for d, kind in c.conversations():
            conversations.append([c.contract_id, d, kind, CASEWORKERS[n % len(CASEWORKERS)]])
    return {
        CONTRACTS_FILE: xlsx([Sheet("Kontrakter", contracts)]),
        FOLLOW_UPS_FILE: csv_bytes(conversations),
    }
