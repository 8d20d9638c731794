"""Layout 1, Nexus-like: one workbook of Aarhus Kommune (the municipality is in the file name
only), audited on 2021-12-31 under both rulesets.

Sheet "Kontrakter": two title rows and a blank row, then a band of group labels in row 4
(merged: Borger, Sag, Underskrevet, Mål, Barsel, Afsluttet) over the real header row 5, whose
sub-headers alone would mislead: "Borger" and "Kommune" under "Underskrevet" are the two
signatures, "Opfyldt" under "Mål" is the date the goal was met, "Dato" under "Afsluttet" the
end date. A name column ("Navn") and two columns the tool does not know (Årsag, Sagsbehandler).

Sheet "Samtaler": the conversations, long format, with a Status column: Afholdt, Aflyst and
Udeblevet (not held), and Telefonisk, a value the tool does not know (it counts as held).
"""

from __future__ import annotations

from typing import Any

from export_files import Sheet, xlsx
from truth import Contract, D, cpr_number, person_name

FOLDER = "nexus"
AS_OF = D(2021, 12, 31)
FIELDS = (
    "contract_id",
    "municipality",
    "person_id",
    "responsibility_date",
    "signed_citizen_date",
    "signed_municipality_date",
    "declaration_date",
    "employment_goal",
    "education_goal",
    "goal_met_date",
    "coordinating_unit",
    "situation",
    "visitation_date",
    "child_birth_date",
    "leave_end_date",
    "end_date",
)
AARHUS = "751"
BENEFIT = "Selvforsørgelsesydelse"
EMPLOYMENT = "Ordinær beskæftigelse"
EDUCATION = "Ordinær uddannelse"
MATERNITY = "Barsel"
SELF = "Selvforsørgende"
TEAM = "Jobcenter Aarhus, Integration"
DEPARTMENT = "Beskæftigelsesforvaltningen"
JOB = "Job i detailhandlen"
DRIVER = "Job som buschauffør"
WAREHOUSE = "Ansættelse i lager og logistik"
CARE = "Job som social- og sundhedshjælper"
COOK = "Job som kok i storkøkken"
PEDAGOGUE = "Uddannelse som pædagogisk assistent"
CARPENTER = "Erhvervsuddannelse som tømrer"
HF = "Danskuddannelse 3 og derefter HF"
SOSU = "Uddannelse som social- og sundhedshjælper"
KEEP_JOB = "Fastholdelse i job som lagermedarbejder"


def _d(day: int, month: int, year: int = 2021) -> D:
    return D(year, month, day)


def _contract(n: int, situation: str, taken: D, signed: D | None, **fields: Any) -> Contract:
    fields.setdefault("declaration", signed)
    fields.setdefault("coordinator", TEAM if n % 3 else DEPARTMENT)
    return Contract(
        contract_id=f"NX-21-{n:03d}",
        municipality=AARHUS,
        cpr=cpr_number(100 + n),
        name=person_name(100 + n),
        responsibility=taken,
        signed=signed,
        situation=situation,
        **fields,
    )


def _dates(*pairs: tuple[int, int] | tuple[int, int, int]) -> tuple[D, ...]:
    return tuple(_d(*pair) for pair in pairs)


CONTRACTS: list[Contract] = [
    # 1: benefit, everything in time.
    _contract(1, BENEFIT, _d(4, 1), _d(20, 1), employment_goal=JOB, visitation=_d(1, 3),
              follow_ups=_dates((25, 3), (20, 4), (18, 5), (15, 6), (10, 8), (28, 9), (15, 11))),
    # 2: the citizen signed 26-02, the municipality on day 30: in time under rr2014 (30 days),
    # late under bek2020 (one month: 28-02).
    _contract(2, BENEFIT, _d(31, 1), _d(2, 3), citizen_signed=_d(26, 2),
              education_goal=PEDAGOGUE, visitation=_d(15, 3),
              follow_ups=_dates((12, 4), (10, 5), (7, 6), (5, 7), (20, 9), (1, 12))),
    # 3: signed on the last day of the month (28-02), declaration 7 days later, visitation on
    # the last lawful day (30-04); the fourth follow-up of the period on its last day (30-10)
    # counts; under rr2014 the gap 15-07 → 30-10 is over 3 months.
    _contract(3, BENEFIT, _d(31, 1), _d(28, 2), declaration=_d(7, 3), employment_goal=DRIVER,
              visitation=_d(30, 4),
              follow_ups=_dates((25, 3), (20, 5), (17, 6), (15, 7), (30, 10))),
    # 4: declaration 8 days after the signing.
    _contract(4, BENEFIT, _d(1, 2), _d(15, 2), declaration=_d(23, 2),
              employment_goal=WAREHOUSE, visitation=_d(10, 3),
              follow_ups=_dates((7, 4), (5, 5), (2, 6), (30, 6), (15, 9), (1, 12))),
    # 5: no declaration, no coordinating unit.
    _contract(5, BENEFIT, _d(8, 2), _d(1, 3), declaration=None, coordinator=None,
              employment_goal=CARE, visitation=_d(22, 3),
              follow_ups=_dates((19, 4), (17, 5), (14, 6), (12, 7), (4, 10), (20, 12))),
    # 6: "Ingen" as the goal and "-" as the coordinating unit: placeholders, so empty.
    _contract(6, BENEFIT, _d(15, 2), _d(1, 3), coordinator="-", employment_goal="Ingen",
              visitation=_d(1, 4),
              follow_ups=_dates((28, 4), (26, 5), (23, 6), (21, 7), (13, 10), (22, 12))),
    # 7: visitation one day after the deadline (takeover 01-03 + 3 months = 01-06).
    _contract(7, BENEFIT, _d(1, 3), _d(20, 3), employment_goal=COOK, visitation=_d(2, 6),
              follow_ups=_dates((10, 4), (30, 6), (28, 7), (25, 8), (22, 9), (17, 11))),
    # 8: never visitated: late; the follow-up period starts at takeover + 3 months.
    _contract(8, BENEFIT, _d(1, 3), _d(15, 3), education_goal=HF,
              follow_ups=_dates((12, 4), (15, 6), (13, 7), (10, 8), (7, 9), (20, 11))),
    # 9: 3 held follow-ups in the period; the one on 13-07 was cancelled (Aflyst): a fail
    # under bek2020 that counting the cancelled one would turn into a pass.
    _contract(9, BENEFIT, _d(5, 3), _d(25, 3), employment_goal=COOK, visitation=_d(20, 4),
              follow_ups=_dates((18, 5), (15, 6), (10, 8), (1, 11), (15, 12)),
              not_held=((_d(13, 7), "Aflyst"),)),
    # 10: the citizen did not turn up on 28-09 (Udeblevet): the rr2014 gap 13-07 → 25-10 is
    # over 3 months; counting the no-show would close it.
    _contract(10, BENEFIT, _d(1, 3), _d(19, 3), employment_goal=JOB, visitation=_d(1, 4),
              follow_ups=_dates((20, 4), (18, 5), (15, 6), (13, 7), (25, 10), (10, 12)),
              not_held=((_d(28, 9), "Udeblevet"),)),
    # 11: the fourth follow-up of the period is "Telefonisk", a status the tool does not
    # know: it counts as held (and is a data issue).
    _contract(11, BENEFIT, _d(8, 3), _d(22, 3), education_goal=CARPENTER,
              visitation=_d(12, 4), held_as={_d(5, 7): "Telefonisk"},
              follow_ups=_dates((10, 5), (7, 6), (5, 7), (2, 8), (25, 10), (20, 12))),
    # 12: the benefit period runs until 15-03-2022: 3 follow-ups so far, nothing due yet.
    _contract(12, BENEFIT, _d(1, 8), _d(25, 8), employment_goal=DRIVER, visitation=_d(15, 9),
              follow_ups=_dates((13, 10), (10, 11), (8, 12))),
    # 13: taken over 10-12 and signed 20-12 without goals: nothing else is due yet.
    _contract(13, BENEFIT, _d(10, 12), _d(20, 12)),
    # 14: the citizen signed on day 19, the municipality on day 45 (16-10): late under both.
    _contract(14, BENEFIT, _d(1, 9), _d(16, 10), citizen_signed=_d(20, 9),
              employment_goal=WAREHOUSE, visitation=_d(20, 10),
              follow_ups=_dates((15, 11), (13, 12))),
    # 15: ordinary employment: 12 months between follow-ups (rr2014: 3 months); under bek2020
    # nothing is due before the window is 12 months long.
    _contract(15, EMPLOYMENT, _d(4, 1), _d(25, 1), employment_goal=KEEP_JOB,
              follow_ups=_dates((20, 4), (15, 10))),
    # 16: employment, the follow-up exactly 12 months after the signing: in time.
    _contract(16, EMPLOYMENT, _d(1, 10, 2020), _d(26, 10, 2020), employment_goal=JOB,
              follow_ups=_dates((26, 10))),
    # 17: employment, 12 months and a day: late.
    _contract(17, EMPLOYMENT, _d(1, 9, 2020), _d(20, 9, 2020), employment_goal=CARE,
              follow_ups=_dates((21, 9))),
    # 18: ordinary education, follow-ups every 2–3 months.
    _contract(18, EDUCATION, _d(15, 3), _d(30, 3), education_goal=SOSU,
              follow_ups=_dates((15, 6), (1, 9), (20, 11))),
    # 19: maternity: the follow-up after the birth is held, the one at the leave's end
    # (10-10, one month either side) is not.
    _contract(19, MATERNITY, _d(5, 1), _d(22, 1), employment_goal=JOB, birth=_d(10, 2),
              leave_end=_d(10, 10), follow_ups=_dates((20, 7))),
    # 20: maternity, no follow-up within 6 months of the birth; leave end unknown.
    _contract(20, MATERNITY, _d(10, 1), _d(1, 2), education_goal=PEDAGOGUE, birth=_d(1, 3),
              follow_ups=_dates((15, 9))),
    # 21: maternity, both follow-ups held: 10-05 after the birth, 01-07 at the leave's end.
    _contract(21, MATERNITY, _d(1, 11, 2020), _d(20, 11, 2020), employment_goal=DRIVER,
              birth=_d(15, 12, 2020), leave_end=_d(15, 6), follow_ups=_dates((10, 5), (1, 7))),
    # 22: self-supporting (§ 16, stk. 4): follow-up only as needed; "-" as the goal.
    _contract(22, SELF, _d(1, 4), _d(15, 4), employment_goal="-"),
    # 23: goal met on 20-04, less than 3 months after the signing: nothing was due.
    _contract(23, BENEFIT, _d(11, 1), _d(25, 1), employment_goal=WAREHOUSE,
              visitation=_d(15, 2), goal_met=_d(20, 4), follow_ups=_dates((15, 3), (12, 4))),
    # 24: ended 30-06 (moved away): the follow-ups stop there and nothing is missed.
    _contract(24, BENEFIT, _d(1, 2), _d(22, 2), employment_goal=JOB, visitation=_d(1, 3),
              end=_d(30, 6), end_reason="Fraflyttet kommunen",
              follow_ups=_dates((30, 3), (27, 4), (25, 5), (22, 6))),
    # 25: ended 15-07, before the benefit period's end (25-09): 3 follow-ups, not a fail.
    _contract(25, BENEFIT, _d(1, 3), _d(10, 3), education_goal=HF, visitation=_d(25, 3),
              end=_d(15, 7), end_reason="Overgået til selvforsørgelse",
              follow_ups=_dates((20, 4), (18, 5), (15, 6))),
    # 26: signed 31-01, first follow-up 30-04: exactly 3 calendar months, in time.
    _contract(26, BENEFIT, _d(5, 1), _d(31, 1), employment_goal=CARE, visitation=_d(26, 2),
              follow_ups=_dates((30, 4), (27, 5), (24, 6), (22, 7), (20, 10), (15, 12))),
    # 27: the same with the first follow-up on 01-05: one day late under rr2014.
    _contract(27, BENEFIT, _d(5, 1), _d(31, 1), employment_goal=COOK, visitation=_d(26, 2),
              follow_ups=_dates((1, 5), (27, 5), (24, 6), (22, 7), (20, 10), (15, 12))),
    # 28: visitation on the last lawful day (30-11-2020 + 3 months = 28-02-2021).
    _contract(28, BENEFIT, _d(30, 11, 2020), _d(15, 12, 2020), employment_goal=DRIVER,
              visitation=_d(28, 2), held_as={_d(30, 8): "Telefonisk"},
              follow_ups=_dates((20, 1), (15, 3), (12, 4), (10, 5), (7, 6), (30, 8), (20, 11),
                                (15, 12))),
    # 29: visitation a day late (01-03-2021).
    _contract(29, BENEFIT, _d(30, 11, 2020), _d(10, 12, 2020), education_goal=CARPENTER,
              visitation=_d(1, 3),
              follow_ups=_dates((1, 2), (25, 3), (22, 4), (20, 5), (17, 6), (10, 9), (1, 12))),
    # 30: the citizen signed on day 27, the municipality on day 31: late under both.
    _contract(30, BENEFIT, _d(1, 4), _d(2, 5), citizen_signed=_d(28, 4), employment_goal=JOB,
              visitation=_d(15, 5),
              follow_ups=_dates((10, 6), (8, 7), (5, 8), (2, 9), (25, 11))),
]  # fmt: skip

# Row 4 (the band) over row 5 (the header): (band label, merged range or None, header).
BAND = (
    ("Borger", "A4:B4", "CPR"),
    (None, None, "Navn"),
    ("Sag", "C4:E4", "Sags ID"),
    (None, None, "Overtagelsesdato"),
    (None, None, "Målgruppe"),
    ("Underskrevet", "F4:G4", "Borger"),
    (None, None, "Kommune"),
    (None, None, "Erklæring underskrevet"),
    ("Mål", "I4:K4", "Beskæftigelsesmål"),
    (None, None, "Uddannelsesmål"),
    (None, None, "Opfyldt"),
    (None, None, "Koordinerende enhed"),
    (None, None, "Visitationsdato"),
    ("Barsel", "N4:O4", "Barns fødselsdato"),
    (None, None, "Barsel slut"),
    ("Afsluttet", "P4:Q4", "Dato"),
    (None, None, "Årsag"),
    (None, None, "Sagsbehandler"),
)
CASEWORKERS = ("JKH", "MSP", "ANL", "BTJ")


def _row(c: Contract, n: int) -> list[Any]:
    return [
        c.cpr,
        c.name,
        c.contract_id,
        c.responsibility,
        c.situation,
        c.citizen_signed or c.signed,
        c.signed,
        c.declaration,
        c.employment_goal,
        c.education_goal,
        c.goal_met,
        c.coordinator,
        c.visitation,
        c.birth,
        c.leave_end,
        c.end,
        c.end_reason,
        CASEWORKERS[n % len(CASEWORKERS)],
    ]


def files() -> dict[str, bytes]:
    """Return the export: one workbook."""
    width = len(BAND)
    contracts: list[list[Any]] = [
        ["Integrationskontrakter – Aarhus Kommune"] + [None] * (width - 1),
        ["Udtræk fra Nexus 03-01-2022 kl. 07:45 · 30 sager"] + [None] * (width - 1),
        [None] * width,
        [label for label, _, _ in BAND],
        [header for _, _, header in BAND],
    ]
    contracts += [_row(c, n) for n, c in enumerate(CONTRACTS)]
    conversations: list[list[Any]] = [["Sags ID", "Dato", "Status"]]
    for c in CONTRACTS:
        conversations += [[c.contract_id, day, status] for day, status in c.conversations()]
    merged = [cells for _, cells, _ in BAND if cells]
    workbook = xlsx(
        [
            Sheet("Kontrakter", contracts, merged=merged),
            Sheet("Samtaler", conversations),
        ]
    )
    return {"nexus_aarhus_kontrakter.xlsx": workbook}
