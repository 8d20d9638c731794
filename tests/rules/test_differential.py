"""The rules of ``integaudit check`` against the reference implementation in ``reference.py``.

Each example draws an audit date, suspension windows and a batch of boundary-heavy contracts
(month ends, 29 February, deadlines and gaps of exactly 30 days, 1, 3, 6 and 12 calendar months
±1 day, with and without the suspended days, unreadable and empty values, every situation,
goals met and contracts ended, follow-ups before signing and after the window), writes them as
one extract folder (``aarhus.csv`` with every column and, now and then, ``aarhus_b.csv`` lacking
some columns; an ``integaudit.toml`` with the windows), runs ``integaudit check`` once per
ruleset and compares every contract's status for every rule with the reference's.

The examples are drawn first and then audited together: the batches of one audit date and one
set of windows are one extract (the contract ids numbered per example), read with
``ingest.load`` and audited by ``audit.run`` as ``check`` does, once per ruleset, in memory.
One such extract also goes through ``integaudit check`` itself, so the command's path from
files to JSON stays proven.

A few plain dated tests of the reference itself pin the boundaries SPEC states.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli_in, write_csv
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from integaudit import ingest
from integaudit.audit import run as audit
from integaudit.config import file as config
from integaudit.privacy.pseudonyms import Pseudonymiser
from tests.helpers import derandomised
from tests.rules import reference as ref
from tests.rules.reference import Contract, Suspension, Unreadable

# --- the extract's columns (Danish headers, SPEC §1.2) -------------------------------------------

HEADERS = {
    "contract_id": "Kontraktnr",
    "municipality": "Kommune",
    "responsibility_date": "Overtagelsesdato",
    "signed_date": "Underskrevet",
    "signed_citizen_date": "Underskrevet borger",
    "signed_municipality_date": "Underskrevet kommune",
    "employment_goal": "Beskæftigelsesmål",
    "education_goal": "Uddannelsesmål",
    "goal_met_date": "Mål opfyldt",
    "end_date": "Ophørsdato",
    "declaration_date": "Erklæring",
    "coordinating_unit": "Koordinerende enhed",
    "situation": "Forsørgelsesgrundlag",
    "visitation_date": "Visitationsdato",
    "child_birth_date": "Barns fødselsdato",
    "leave_end_date": "Barsel slut",
    "follow_ups": "Opfølgninger",
}
# Columns that file B may lack (the required ones are always there).
OPTIONAL = (
    "employment_goal",
    "education_goal",
    "goal_met_date",
    "end_date",
    "declaration_date",
    "coordinating_unit",
    "situation",
    "visitation_date",
    "child_birth_date",
    "leave_end_date",
    "follow_ups",
)
SIGNATURE_LAYOUTS = ("signed", "pair", "citizen-only", "none")

SITUATION_TEXTS = (
    "ydelse", "Ydelse", "benefit", "BENEFIT",
    "beskæftigelse", "Uddannelse", "IGU", "employment", "Education",
    "barsel", "Barsel", "maternity",
    "selvforsørgende", "Selvforsørgende", "self-supporting",
    None, "", "arbejdsløs",
)  # fmt: skip
GOAL_TEXTS = ("Job som kok", "Uddannelse som tømrer", "Mangler ikke noget", "0-timers job")
PLACEHOLDER_SPELLINGS = ("-", "–", "—", " Ingen ", "IKKE  RELEVANT", "n/a", "x", "0", "ukendt")
COORDINATORS = ("Jobcenter Aarhus", "Integrationsteamet")
# Dates no calendar has, in the extract's own form.
UNREADABLE = ("31-02-2014", "29-02-2015", "31-04-2016", "30-02-2020", "31-06-2019", "00-05-2018")

# Month ends, leap days and the days around them, and the days around the 2020 suspension.
BASES = tuple(
    sorted(
        {
            dt.date(year, month, 1) - dt.timedelta(days=1)
            for year in (2013, 2014, 2016, 2019, 2020, 2021)
            for month in range(1, 13)
        }
        | {dt.date(2016, 2, 29), dt.date(2020, 2, 29), dt.date(2014, 1, 31), dt.date(2020, 1, 31)}
        | {dt.date(2020, 3, 12) + dt.timedelta(days=n) for n in (-40, -31, -30, -1, 0, 30, 76)}
    )
)
AS_OF_DATES = (
    dt.date(2014, 6, 30),
    dt.date(2014, 12, 31),
    dt.date(2016, 2, 29),
    dt.date(2020, 6, 30),
    dt.date(2020, 12, 31),
    dt.date(2021, 2, 28),
    dt.date(2021, 9, 30),
)
SUSPENSION_SETS: tuple[tuple[Suspension, ...], ...] = (
    (),
    (),
    (Suspension(dt.date(2020, 3, 12), dt.date(2020, 5, 27)),),
    (Suspension(dt.date(2014, 3, 1), dt.date(2014, 3, 31)),),
    (
        Suspension(dt.date(2014, 2, 10), dt.date(2014, 2, 20)),
        Suspension(dt.date(2020, 3, 12), dt.date(2020, 4, 30)),
        Suspension(dt.date(2020, 4, 20), dt.date(2020, 6, 15)),
    ),
)

CONTRACTS_PER_EXAMPLE = 70
# Of them, this many maternity and as many benefit contracts built around SPEC §2.2's deadlines.
CASES_PER_EXAMPLE = 12
OFFSET = st.one_of(st.sampled_from((-1, 0, 1)), st.integers(-45, 45))
TIGHT = st.sampled_from((-1, 0, 0, 1))


@dataclass
class Batch:
    """One example: the audit date, the suspension windows, and the contracts."""

    as_of: dt.date
    suspensions: tuple[Suspension, ...]
    contracts: list[Contract]
    b_absent: frozenset[str]  # the columns file B lacks (contracts with them absent go there)

    def __repr__(self) -> str:
        """Return a short summary (the mismatches themselves show the contracts)."""
        return (
            f"Batch(as_of={self.as_of}, suspensions={list(self.suspensions)}, "
            f"{len(self.contracts)} contracts, file B lacks {sorted(self.b_absent)})"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Show the short summary in Hypothesis' report of a failing example too."""
        printer.text(repr(self))


# --- strategies ----------------------------------------------------------------------------------


def _days(base: dt.date, n: int) -> dt.date:
    return base + dt.timedelta(days=n)


@st.composite
def date_cell(
    draw: st.DrawFn, value: dt.date, empty: int = 1, bad: int = 1
) -> dt.date | Unreadable | None:
    """Return ``value`` mostly, else an empty cell (weight ``empty``) or an unreadable one."""
    kind = draw(st.sampled_from(["date"] * 12 + ["empty"] * empty + ["bad"] * bad))
    if kind == "empty":
        return None
    if kind == "bad":
        return Unreadable(draw(st.sampled_from(UNREADABLE)))
    return value


@st.composite
def boundary_after(
    draw: st.DrawFn, start: dt.date, suspensions: Sequence[Suspension], months: int, days: int = 0
) -> dt.date:
    """Return a day on or around the deadline of ``months``/``days`` after ``start``, with or
    without the suspended days, or anywhere near it."""
    moved = draw(st.booleans())
    end = ref.deadline(start, suspensions if moved else (), months=months, days=days)
    return _days(end, draw(st.one_of(TIGHT, TIGHT, OFFSET)))


@st.composite
def goal_text(draw: st.DrawFn) -> str | None:
    """Return a goal or coordinator text: real, empty, or a placeholder."""
    kind = draw(st.sampled_from(["text", "text", "empty", "placeholder"]))
    if kind == "empty":
        return draw(st.sampled_from([None, " "]))
    if kind == "placeholder":
        return draw(st.sampled_from(PLACEHOLDER_SPELLINGS))
    return draw(st.sampled_from(GOAL_TEXTS))


@st.composite
def follow_up_chain(
    draw: st.DrawFn, start: dt.date, suspensions: Sequence[Suspension]
) -> list[dt.date | Unreadable]:
    """Return follow-up dates stepping from ``start``: steps of 1, 2, 3, 6 or 12 calendar months
    on and around the deadline, repeats, random steps, a date before ``start`` now and then, and
    an unreadable date now and then."""
    out: list[dt.date | Unreadable] = []
    if draw(st.integers(0, 5)) == 5:
        out.append(_days(start, -draw(st.integers(0, 40))))
    current = start
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["months", "months", "months", "random", "repeat"]))
        if kind == "months":
            months = draw(st.sampled_from((1, 2, 3, 3, 6, 12)))
            current = draw(boundary_after(current, suspensions, months))
        elif kind == "random":
            current = _days(current, draw(st.integers(1, 120)))
        out.append(current)
    if draw(st.integers(0, 6)) == 6:
        out.insert(draw(st.integers(0, len(out))), Unreadable(draw(st.sampled_from(UNREADABLE))))
    return out


@st.composite
def benefit_follow_ups(
    draw: st.DrawFn, period_start: dt.date, suspensions: Sequence[Suspension]
) -> list[dt.date | Unreadable]:
    """Return three to five follow-ups around the benefit period after ``period_start``: on
    its first day (outside), its last day (inside) and the day after, and in between."""
    end = ref.deadline(period_start, suspensions if draw(st.booleans()) else (), months=6)
    candidates = [period_start, _days(period_start, 1), end, _days(end, 1), _days(end, -1)]
    out: list[dt.date | Unreadable] = []
    for _ in range(draw(st.integers(3, 5))):
        if draw(st.booleans()):
            out.append(draw(st.sampled_from(candidates)))
        else:
            out.append(_days(period_start, draw(st.integers(1, (end - period_start).days))))
    if draw(st.integers(0, 6)) == 6:
        out.append(Unreadable(draw(st.sampled_from(UNREADABLE))))
    return out


@st.composite
def contract(
    draw: st.DrawFn, n: int, as_of: dt.date, suspensions: Sequence[Suspension]
) -> Contract:
    """Return contract number ``n``, its dates built around one deadline after another."""
    if draw(st.booleans()):
        months = draw(st.sampled_from((1, 3, 4, 9, 12, 15)))
        responsibility = _days(as_of - relativedelta(months=months), draw(OFFSET))
    else:
        past = [b for b in BASES if b <= as_of]
        responsibility = _days(draw(st.sampled_from(past)), draw(TIGHT))
    ruleset_deadline = draw(st.sampled_from([{"days": 30}, {"months": 1}]))
    if draw(st.integers(0, 4)) == 4:
        signed = _days(responsibility, draw(st.integers(-5, 120)))
    else:
        signed = draw(boundary_after(responsibility, suspensions, **_split(ruleset_deadline)))
    visitation = (
        draw(boundary_after(responsibility, suspensions, 3))
        if draw(st.booleans())
        else _days(responsibility, draw(st.integers(0, 150)))
    )
    situation = draw(st.sampled_from(SITUATION_TEXTS))
    visitation_cell = draw(date_cell(visitation, empty=3))
    if situation in ("ydelse", "Ydelse", "benefit", "BENEFIT") and draw(st.booleans()):
        if isinstance(visitation_cell, dt.date):
            period_start = visitation_cell
        else:
            period_start = ref.deadline(
                responsibility, suspensions if draw(st.booleans()) else (), months=3
            )
        follow_ups = draw(benefit_follow_ups(period_start, suspensions))
        if draw(st.integers(0, 3)) == 3:
            follow_ups.append(_days(signed, -draw(st.integers(1, 30))))
    else:
        follow_ups = draw(follow_up_chain(signed, suspensions))
    birth = _days(signed, draw(st.integers(-200, 200)))
    if situation in ("barsel", "Barsel", "maternity") and draw(st.integers(0, 2)) == 2:
        birth = _days(as_of, -draw(st.integers(30, 250)))  # deadlines around the audit date
    leave_end = _days(
        birth + relativedelta(months=draw(st.sampled_from((2, 4, 6, 10, 12)))), draw(OFFSET)
    )
    if draw(st.booleans()):
        # Maternity follow-ups on and around the days that decide them, now and then two,
        # now and then in both ranges (from the leave end's month before to the birth's
        # deadline: the two follow-ups are distinct).
        targets = [
            birth,
            _days(birth, 1),
            birth + relativedelta(months=6),
            leave_end - relativedelta(months=1),
            leave_end + relativedelta(months=1),
            leave_end,
        ]
        for _ in range(draw(st.sampled_from((1, 1, 2)))):
            follow_ups.append(_days(draw(st.sampled_from(targets)), draw(TIGHT)))
        low = max(_days(birth, 1), leave_end - relativedelta(months=1))
        high = min(birth + relativedelta(months=6), leave_end + relativedelta(months=1))
        if low <= high and draw(st.integers(0, 2)) == 2:
            shared = _days(low, draw(st.integers(0, (high - low).days)))
            # Now and then the one follow-up on record, in both ranges.
            follow_ups = [shared] if draw(st.booleans()) else [*follow_ups, shared]
    if draw(st.integers(0, 5)) == 5:
        # Signed on and around a deadline that then falls before the contract (SPEC §2.2): the
        # benefit period's end, the birth's + 6 months, the leave end's + 1 month (with or
        # without the suspended days), or long after the takeover.
        anchor, months = draw(
            st.sampled_from(
                [(visitation, 6), (visitation, 6), (birth, 6), (birth, 6), (leave_end, 1)]
            )
        )
        signed = draw(boundary_after(anchor, suspensions, months))
        if draw(st.integers(0, 3)) == 3:
            signed = _days(responsibility, draw(st.integers(200, 420)))
    if birth > _days(as_of, -250) and draw(st.integers(0, 2)) == 2:
        # An unreadable date while a maternity follow-up may still be open.
        follow_ups.append(Unreadable(draw(st.sampled_from(UNREADABLE))))
    if draw(st.integers(0, 8)) == 8:
        # Several unreadable follow-up dates: could they make up a benefit period's four?
        texts = draw(st.lists(st.sampled_from(UNREADABLE), min_size=1, max_size=3))
        follow_ups += [Unreadable(text) for text in texts]
    goal_met = end = None
    stop = draw(st.sampled_from(["none", "none", "none", "goal", "end", "both"]))
    if stop != "none":
        dated = [f for f in follow_ups if isinstance(f, dt.date)] or [signed]
        anchor = draw(st.sampled_from([signed, *dated]))
        stop_date = draw(boundary_after(anchor, suspensions, draw(st.sampled_from((3, 6, 12)))))
        if stop in ("goal", "both"):
            goal_met = draw(date_cell(stop_date, empty=0))
        if stop in ("end", "both"):
            end = draw(date_cell(_days(stop_date, draw(st.integers(0, 60))), empty=0))
    declaration = _days(signed, draw(st.sampled_from((-8, -7, 0, 0, 1, 7, 8, 30))))
    return Contract(
        contract_id=f"K-{n}",
        responsibility_date=draw(date_cell(responsibility, empty=1, bad=1)),
        signed_date=draw(date_cell(signed, empty=2)),
        employment_goal=draw(goal_text()),
        education_goal=draw(goal_text()),
        goal_met_date=goal_met,
        end_date=end,
        declaration_date=draw(date_cell(declaration, empty=2)),
        coordinating_unit=draw(goal_text()),
        situation=situation,
        visitation_date=visitation_cell,
        child_birth_date=draw(date_cell(birth, empty=1)),
        leave_end_date=draw(date_cell(leave_end, empty=3)),
        follow_ups=tuple(follow_ups),
    )


MATERNITY_KINDS = ("any", "any", "shared-between", "shared-past", "not-due", "open-unreadable")


@st.composite
def maternity_case(
    draw: st.DrawFn, n: int, as_of: dt.date, suspensions: Sequence[Suspension]
) -> Contract:
    """Return contract number ``n`` on maternity leave, built around one of SPEC §2.2's points:
    ``shared-between`` — a short leave, the audit date between its two deadlines and the one
    follow-up in both ranges (it holds the follow-up due first); ``shared-past`` — the same
    with the audit date past both (the two are distinct: one is missing); ``not-due`` — signed
    on and around birth + 6 months or leave end + 1 month (not due on or before signing);
    ``open-unreadable`` — nothing held yet, a deadline still open and an unreadable date that
    could be it; ``any`` — deadlines around the audit date and signing, no, one or two
    follow-ups on the days that decide them, now and then unreadable dates."""
    kind = draw(st.sampled_from(MATERNITY_KINDS))
    if kind.startswith("shared"):
        months = draw(st.sampled_from((1, 2, 3)))
        least = 31 * (months + 1)
        age = st.integers(least, 185) if kind == "shared-between" else st.integers(200, 300)
        birth = _days(as_of, -draw(age))
    elif kind == "open-unreadable":
        months = draw(st.sampled_from((2, 4, 6, 10)))
        birth = _days(as_of, -draw(st.integers(1, 170)))
    elif kind == "not-due":
        months = draw(st.sampled_from((1, 2, 4, 6, 10)))
        birth = _days(as_of, -draw(st.integers(200, 500)))  # signed before the audit date
    else:
        months = draw(st.sampled_from((1, 2, 3, 4, 5, 6, 8, 12)))
        birth = _days(as_of, -draw(st.one_of(st.integers(20, 200), st.integers(20, 400))))
    leave_end = _days(birth + relativedelta(months=months), draw(OFFSET))
    before_birth = st.builds(lambda d: _days(birth, -d), st.integers(0, 300))
    around = st.one_of(
        boundary_after(birth, suspensions, 6), boundary_after(leave_end, suspensions, 1)
    )
    if kind == "not-due":
        anchor, period = draw(st.sampled_from([(birth, 6), (leave_end, 1)]))
        signed = _days(ref.deadline(anchor, suspensions, months=period), draw(TIGHT))
    elif kind == "any":
        signed = draw(st.one_of(before_birth, around))
    else:
        signed = draw(before_birth)
    first_due = ref.deadline(birth, suspensions, months=6)
    second_low = leave_end - relativedelta(months=1)
    second_due = ref.deadline(leave_end, suspensions, months=1)
    days = [birth, _days(birth, 1), first_due, _days(first_due, 1), _days(second_low, -1)]
    days += [second_low, leave_end, second_due, _days(second_due, 1)]
    low, high = max(_days(birth, 1), second_low), min(first_due, second_due, as_of)
    shared = [low, high, _days(low, (high - low).days // 2)] if low <= high else []
    follow_ups: list[dt.date | Unreadable] = []
    if kind.startswith("shared") and shared:
        follow_ups.append(draw(st.sampled_from(shared)))
    elif kind != "open-unreadable":
        for _ in range(draw(st.sampled_from((0, 1, 1, 1, 2, 2, 3)))):
            follow_ups.append(_days(draw(st.sampled_from(days + shared)), draw(TIGHT)))
    unreadable = 1 if kind == "open-unreadable" else draw(st.sampled_from((0, 0, 0, 1, 2)))
    follow_ups += [Unreadable(draw(st.sampled_from(UNREADABLE))) for _ in range(unreadable)]
    return Contract(
        contract_id=f"K-{n}",
        responsibility_date=_days(signed, -draw(st.integers(0, 60))),
        signed_date=draw(date_cell(signed, empty=1, bad=0)),
        employment_goal="Job",
        situation=draw(st.sampled_from(("barsel", "maternity"))),
        child_birth_date=birth,
        leave_end_date=draw(date_cell(leave_end, empty=2, bad=0)),
        follow_ups=tuple(follow_ups),
    )


BENEFIT_KINDS = ("any", "any", "before", "unreadable", "little-room")


@st.composite
def benefit_case(
    draw: st.DrawFn, n: int, as_of: dt.date, suspensions: Sequence[Suspension]
) -> Contract:
    """Return contract number ``n`` on benefit, built around one of SPEC §2.2's points:
    ``before`` — signed on and around the follow-up period's end (not due on or before
    signing); ``unreadable`` — the period still running, few readable follow-ups and up to four
    unreadable ones (could they make up the four?); ``little-room`` — the goal met a few days
    into the period, with unreadable dates that could not all fit in it; ``any`` — the period
    around the audit date and signing, up to five follow-ups in and around it, now and then
    unreadable ones."""
    kind = draw(st.sampled_from(BENEFIT_KINDS))
    if kind == "unreadable":
        visitation = _days(as_of, -draw(st.integers(10, 170)))
    else:
        visitation = _days(as_of, -draw(st.integers(10, 400)))
    period_end = ref.deadline(visitation, suspensions, months=6)
    before = st.builds(lambda d: _days(visitation, -d), st.integers(0, 60))
    if kind == "before":
        signed = draw(boundary_after(visitation, suspensions, 6))
    elif kind == "any":
        after = st.builds(lambda d: _days(visitation, d), st.integers(0, 180))
        signed = draw(st.one_of(before, after, boundary_after(visitation, suspensions, 6)))
    else:
        signed = draw(before)
    days = [visitation, _days(visitation, 1), period_end, _days(period_end, 1), signed]
    goal_met = None
    if kind == "little-room" or (kind == "any" and draw(st.integers(0, 3)) == 3):
        goal_met = _days(max(signed, visitation), draw(st.integers(0, 8)))
    follow_ups: list[dt.date | Unreadable] = []
    readable = draw(st.integers(0, 2 if kind in ("unreadable", "little-room") else 5))
    for _ in range(readable):
        if draw(st.booleans()):
            follow_ups.append(_days(draw(st.sampled_from(days)), draw(TIGHT)))
        else:
            limit = 8 if kind == "little-room" else 190
            follow_ups.append(_days(visitation, draw(st.integers(1, limit))))
    if kind == "little-room":
        unreadable = 4  # as many as the period needs: whether they fit decides
    elif kind == "unreadable":
        unreadable = draw(st.integers(1, 4))
    else:
        unreadable = draw(st.sampled_from((0, 0, 0, 1, 2, 3)))
    follow_ups += [Unreadable(draw(st.sampled_from(UNREADABLE))) for _ in range(unreadable)]
    return Contract(
        contract_id=f"K-{n}",
        responsibility_date=_days(min(signed, visitation), -draw(st.integers(0, 90))),
        signed_date=draw(date_cell(signed, empty=1, bad=0)),
        employment_goal="Job",
        situation="ydelse",
        visitation_date=draw(date_cell(visitation, empty=1, bad=0)),
        goal_met_date=goal_met,
        follow_ups=tuple(follow_ups),
    )


def _split(deadline: dict[str, int]) -> dict[str, int]:
    return {"months": deadline.get("months", 0), "days": deadline.get("days", 0)}


@st.composite
def signature_pair(draw: st.DrawFn, item: Contract) -> Contract:
    """Return the contract with its signing date split over the citizen's and the
    municipality's signature (the later is the signing date; one empty means not signed)."""
    signed = item.signed_date
    other: dt.date | Unreadable | None
    if isinstance(signed, dt.date):
        other = _days(signed, -draw(st.integers(0, 20)))
    else:
        other = draw(st.sampled_from([None, dt.date(2014, 1, 31), Unreadable("31-02-2014")]))
    if draw(st.booleans()):
        signed, other = other, signed
    item.signed_citizen_date, item.signed_municipality_date = signed, other
    return item


@st.composite
def batches(draw: st.DrawFn) -> Batch:
    """Return an audit date, suspension windows and a batch of contracts, some of them in a
    file that lacks some columns."""
    as_of = draw(st.sampled_from(AS_OF_DATES))
    suspensions = draw(st.sampled_from(SUSPENSION_SETS))
    general = CONTRACTS_PER_EXAMPLE - 2 * CASES_PER_EXAMPLE
    contracts = [draw(contract(n, as_of, suspensions)) for n in range(1, general + 1)]
    for n in range(general + 1, general + CASES_PER_EXAMPLE + 1):
        contracts.append(draw(maternity_case(n, as_of, suspensions)))
        contracts.append(draw(benefit_case(n + CASES_PER_EXAMPLE, as_of, suspensions)))
    b_absent: frozenset[str] = frozenset()
    if draw(st.booleans()):
        dropped = set(draw(st.sets(st.sampled_from(OPTIONAL), min_size=1, max_size=4)))
        if draw(st.integers(0, 4)) == 4:
            dropped |= {"employment_goal", "education_goal"}
        layout = draw(st.sampled_from(SIGNATURE_LAYOUTS))
        dropped |= {
            "signed": {"signed_citizen_date", "signed_municipality_date"},
            "pair": {"signed_date"},
            "citizen-only": {"signed_date", "signed_municipality_date"},
            "none": {"signed_date", "signed_citizen_date", "signed_municipality_date"},
        }[layout]
        b_absent = frozenset(dropped)
        for item in contracts[::3]:
            item.absent = b_absent
            if "signed_date" in b_absent:
                draw(signature_pair(item))
    for item in contracts:
        if not item.absent:
            item.absent = frozenset({"signed_citizen_date", "signed_municipality_date"})
    return Batch(as_of, suspensions, contracts, b_absent)


# --- writing the extract and running check -------------------------------------------------------


def _cell(value: Any) -> Any:
    if isinstance(value, Unreadable):
        return value.text
    if isinstance(value, tuple):
        return ";".join(_cell(v) for v in value)
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return value


def write_batch(folder: Path, batch: Batch) -> None:
    """Write the batch as ``aarhus.csv`` (every column) and ``aarhus_b.csv`` (the contracts whose
    sheet lacks columns; ``aarhus_c.csv`` … for batches put together that lack others), plus
    ``integaudit.toml`` with the suspension windows."""
    folder.mkdir(parents=True, exist_ok=True)
    groups: dict[frozenset[str], list[Contract]] = {}
    for item in batch.contracts:
        groups.setdefault(item.absent, []).append(item)
    for i, (absent, items) in enumerate(sorted(groups.items(), key=lambda g: len(g[0]))):
        columns = [name for name in HEADERS if name not in absent]
        rows: list[list[Any]] = [[HEADERS[name] for name in columns]]
        for item in items:
            row = []
            for name in columns:
                row.append("Aarhus" if name == "municipality" else _cell(getattr(item, name)))
            rows.append(row)
        name = "aarhus.csv" if i == 0 else f"aarhus_{chr(ord('a') + i)}.csv"
        write_csv(folder / name, rows)
    windows = "".join(
        f'[[suspension]]\nstart = "{w.start}"\nend = "{w.end}"\n' for w in batch.suspensions
    )
    (folder / "integaudit.toml").write_text(windows, encoding="utf-8")


def run_check(folder: Path, as_of: dt.date, ruleset: str) -> dict[str, dict[str, str]]:
    """Return contract id → rule → status from ``integaudit check FOLDER --json``."""
    out = folder.parent / f"{ruleset}.json"
    out.unlink(missing_ok=True)
    result = run_cli_in(
        folder.parent,
        "check",
        str(folder),
        "--as-of",
        as_of.isoformat(),
        "--ruleset",
        ruleset,
        "--json",
        str(out),
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    statuses: dict[str, dict[str, str]] = {}
    for item in doc["contracts"]:
        assert item["contract_id"] not in statuses, item["contract_id"]
        statuses[item["contract_id"]] = item["status"]
    return statuses


def describe(item: Contract) -> str:
    """Return the contract's fields that are set, one ``name=value`` per field."""
    parts = []
    for f in fields(item):
        value = getattr(item, f.name)
        if f.name == "absent":
            if value:
                parts.append(f"absent={sorted(value)}")
        elif f.name not in item.absent and value not in (None, ()):
            parts.append(f"{f.name}={_show(value)}")
    return ", ".join(parts)


def _show(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Unreadable):
        return f"unreadable {value.text!r}"
    if isinstance(value, tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return repr(value)


@dataclass
class Mismatch:
    """A contract and rule where the tool and the reference disagree."""

    ruleset: str
    rule: str
    reference: str
    tool: str | None
    contract: Contract
    as_of: dt.date
    suspensions: tuple[Suspension, ...]

    def __str__(self) -> str:
        """Return the rule, both statuses, the audit date, the windows and the contract."""
        windows = [f"{w.start}..{w.end}" for w in self.suspensions]
        return (
            f"{self.ruleset} {self.rule}: reference {self.reference}, tool {self.tool}; "
            f"as_of={self.as_of}, suspensions={windows}; {describe(self.contract)}"
        )


def mismatches(batch: Batch, ruleset: str, tool: dict[str, dict[str, str]]) -> list[Mismatch]:
    """Return every contract and rule where the tool's status differs from the reference's
    (a contract missing from the tool's output differs on every rule)."""
    out = []
    oracle = ref.REFERENCES[ruleset]
    for item in batch.contracts:
        got = tool.get(item.contract_id, {})
        for rule, status in oracle(item, batch.as_of, batch.suspensions).items():
            if got.get(rule) != status:
                out.append(
                    Mismatch(
                        ruleset, rule, status, got.get(rule), item, batch.as_of, batch.suspensions
                    )
                )
    return out


def audit_in_memory(folder: Path, as_of: dt.date) -> dict[str, dict[str, dict[str, str]]]:
    """Return ruleset → contract id → rule → status of the extract in ``folder``, read as
    ``check`` reads it (``ingest.load``, the windows of its ``integaudit.toml``) and audited
    by ``audit.run`` under each ruleset."""
    options = ingest.LoadOptions(as_of=as_of, pseudonymiser=Pseudonymiser(b"k", stable=True))
    extract = ingest.load([folder], options)
    windows = config.load(config.discover(None, [folder])).suspensions
    ids = extract.contracts["contract_id"]
    found: dict[str, dict[str, dict[str, str]]] = {}
    for ruleset in ("rr2014", "bek2020"):
        statuses = audit.run(extract, ruleset, as_of, suspensions=windows).statuses
        wide = statuses.pivot(index="uid", columns="rule", values="status")
        assert ids.is_unique
        wide.index = ids.reindex(wide.index).to_numpy()
        found[ruleset] = wide.to_dict("index")
    return found


def together(batches: list[Batch]) -> list[Batch]:
    """Return the batches put together by audit date and windows, each example's contract ids
    made its own (``K-3`` of the fifth example becomes ``E5-K-3``)."""
    joined: dict[tuple[dt.date, tuple[Suspension, ...]], Batch] = {}
    for number, batch in enumerate(batches, start=1):
        key = (batch.as_of, batch.suspensions)
        into = joined.setdefault(key, Batch(batch.as_of, batch.suspensions, [], frozenset()))
        into.contracts += [
            replace(item, contract_id=f"E{number}-{item.contract_id}") for item in batch.contracts
        ]
        into.b_absent |= batch.b_absent
    return list(joined.values())


DIFFERENTIAL_EXAMPLES = 30
DIFFERENTIAL_SETTINGS = derandomised(DIFFERENTIAL_EXAMPLES)


@functools.cache
def drawn_batches() -> tuple[Batch, ...]:
    """Return the differential examples: ``DIFFERENTIAL_EXAMPLES`` batches, the same every
    run (drawn once a session; shrinking is off, so a mismatch names its contract itself)."""
    drawn: list[Batch] = []

    @DIFFERENTIAL_SETTINGS
    @given(batch=batches())
    def draw(batch: Batch) -> None:
        drawn.append(batch)

    draw()
    return tuple(drawn)


def _assert_none(problems: list[Mismatch]) -> None:
    shown = "\n".join(str(p) for p in problems[:40])
    more = f"\n… and {len(problems) - 40} more" if len(problems) > 40 else ""
    assert not problems, f"{len(problems)} statuses differ from the reference:\n{shown}{more}"


@pytest.mark.slow
def test_check_gives_the_reference_status_for_every_contract_and_rule(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    drawn = drawn_batches()
    assert len(drawn) == DIFFERENTIAL_EXAMPLES
    problems = []
    for batch in together(list(drawn)):
        folder = tmp_path_factory.mktemp("differential") / "extract"
        write_batch(folder, batch)
        found = audit_in_memory(folder, batch.as_of)
        for ruleset in ("rr2014", "bek2020"):
            problems += mismatches(batch, ruleset, found[ruleset])
    _assert_none(problems)


@pytest.mark.slow
def test_check_on_the_command_line_gives_the_reference_statuses(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The largest extract of the differential examples through ``integaudit check --json``."""
    batch = max(together(list(drawn_batches())), key=lambda b: len(b.contracts))
    root = tmp_path_factory.mktemp("differential-cli")
    write_batch(root / "extract", batch)
    problems = []
    for ruleset in ("rr2014", "bek2020"):
        problems += mismatches(batch, ruleset, run_check(root / "extract", batch.as_of, ruleset))
    _assert_none(problems)


# --- the reference itself, on the boundaries SPEC states -----------------------------------------

D = dt.date
AS_OF = D(2022, 12, 31)
COVID = (Suspension(D(2020, 3, 12), D(2020, 5, 27)),)


def test_31_jan_plus_3_months_is_30_apr_and_1_may_is_late():
    assert ref.deadline(D(2014, 1, 31), (), months=3) == D(2014, 4, 30)
    on_time = Contract("K", D(2014, 1, 1), D(2014, 1, 31), follow_ups=(D(2014, 4, 30),))
    late = Contract("K", D(2014, 1, 1), D(2014, 1, 31), follow_ups=(D(2014, 5, 1),))
    as_of = D(2014, 6, 30)  # 30 Apr + 3 months = 30 Jul: the last gap is not due yet
    assert ref.rr2014(on_time, as_of)["missed-follow-up"] == "pass"
    assert ref.rr2014(late, as_of)["missed-follow-up"] == "fail"


def test_rr2014_window_end_on_the_three_month_day_is_not_applicable_the_day_after_fails():
    contract = Contract("K", D(2014, 1, 1), D(2014, 1, 31), follow_ups=())
    assert ref.rr2014(contract, D(2014, 4, 30))["missed-follow-up"] == "not-applicable"
    assert ref.rr2014(contract, D(2014, 5, 1))["missed-follow-up"] == "fail"


def test_late_signing_30_days_and_one_calendar_month_from_31_jan():
    # 2020: 31 Jan + 30 days = 1 Mar; + 1 calendar month = 29 Feb.
    assert ref.rr2014(Contract("K", D(2020, 1, 31), D(2020, 3, 1)), AS_OF)["late-signing"] == "pass"
    assert ref.rr2014(Contract("K", D(2020, 1, 31), D(2020, 3, 2)), AS_OF)["late-signing"] == "fail"
    assert (
        ref.bek2020(Contract("K", D(2020, 1, 31), D(2020, 2, 29)), AS_OF)["late-signing"] == "pass"
    )
    assert (
        ref.bek2020(Contract("K", D(2020, 1, 31), D(2020, 3, 1)), AS_OF)["late-signing"] == "fail"
    )
    # 2021: 31 Jan + 1 calendar month = 28 Feb.
    assert (
        ref.bek2020(Contract("K", D(2021, 1, 31), D(2021, 3, 1)), AS_OF)["late-signing"] == "fail"
    )
    unsigned = Contract("K", D(2021, 1, 31))
    assert ref.bek2020(unsigned, D(2021, 2, 28))["late-signing"] == "not-applicable"
    assert ref.bek2020(unsigned, D(2021, 3, 1))["late-signing"] == "fail"


def test_suspended_days_push_the_deadline_also_into_the_next_window():
    # 1 Mar + 30 days: 10 counted days (2–11 Mar), then 20 after 27 May → 16 Jun.
    assert ref.deadline(D(2020, 3, 1), COVID, days=30) == D(2020, 6, 16)
    two = (Suspension(D(2020, 3, 5), D(2020, 3, 6)), Suspension(D(2020, 3, 8), D(2020, 3, 8)))
    # 1 Mar + 5 days without windows is 6 Mar; 5, 6 and 8 Mar do not count → 9 Mar.
    assert ref.deadline(D(2020, 3, 1), two, days=5) == D(2020, 3, 9)
    assert ref.deadline(D(2019, 3, 1), COVID, days=30) == D(2019, 3, 31)


def test_benefit_period_after_visitation_31_mar_ends_30_sep_and_1_oct_is_outside():
    held = (D(2021, 4, 15), D(2021, 5, 15), D(2021, 7, 15))
    base = {"situation": "ydelse", "visitation_date": D(2021, 3, 31)}
    on_last_day = Contract("K", D(2021, 1, 31), D(2021, 2, 15), follow_ups=(*held, D(2021, 9, 30)),
                           **base)  # fmt: skip
    day_after = Contract("K", D(2021, 1, 31), D(2021, 2, 15), follow_ups=(*held, D(2021, 10, 1)),
                         **base)  # fmt: skip
    assert ref.bek2020(on_last_day, AS_OF)["missed-follow-up"] == "pass"
    assert ref.bek2020(day_after, AS_OF)["missed-follow-up"] == "fail"
    # On the period's last day nothing has failed yet; the fourth follow-up passes at once.
    assert ref.bek2020(day_after, D(2021, 9, 30))["missed-follow-up"] == "not-applicable"
    assert ref.bek2020(on_last_day, D(2021, 9, 30))["missed-follow-up"] == "pass"


def test_benefit_period_starts_at_takeover_plus_3_months_when_visitation_is_unknown():
    follow_ups = (D(2021, 5, 1), D(2021, 6, 1), D(2021, 7, 1), D(2021, 10, 30))
    # Takeover 31 Jan → latest lawful visitation 30 Apr → period (30 Apr, 30 Oct].
    unknown = Contract("K", D(2021, 1, 31), D(2021, 2, 15), situation="benefit",
                       follow_ups=follow_ups)  # fmt: skip
    assert ref.bek2020(unknown, AS_OF)["missed-follow-up"] == "pass"
    absent = Contract("K", D(2021, 1, 31), D(2021, 2, 15), situation="benefit",
                      follow_ups=follow_ups, absent=frozenset({"visitation_date"}))  # fmt: skip
    assert ref.bek2020(absent, AS_OF)["missed-follow-up"] == "pass"
    assert ref.bek2020(absent, AS_OF)["late-visitation"] == "not-assessed"
    late = Contract("K", D(2021, 1, 31), D(2021, 2, 15), situation="benefit",
                    follow_ups=(*follow_ups[:3], D(2021, 10, 31)))  # fmt: skip
    assert ref.bek2020(late, AS_OF)["missed-follow-up"] == "fail"


def test_follow_ups_before_signing_do_not_count_in_bek2020():
    follow_ups = (D(2021, 4, 1), D(2021, 5, 1), D(2021, 6, 1), D(2021, 7, 1))
    contract = Contract("K", D(2021, 1, 31), D(2021, 4, 2), situation="ydelse",
                        visitation_date=D(2021, 3, 31), follow_ups=follow_ups)  # fmt: skip
    assert ref.bek2020(contract, AS_OF)["missed-follow-up"] == "fail"


def test_leave_ending_28_feb_needs_a_follow_up_between_28_jan_and_28_mar():
    def status(follow_up: dt.date, as_of: dt.date = AS_OF) -> str:
        contract = Contract("K", D(2020, 9, 1), D(2020, 9, 15), situation="barsel",
                            child_birth_date=D(2020, 6, 1), leave_end_date=D(2021, 2, 28),
                            follow_ups=(D(2020, 12, 1), follow_up))  # fmt: skip
        return ref.bek2020(contract, as_of)["missed-follow-up"]

    assert status(D(2021, 1, 27)) == "fail"
    assert status(D(2021, 1, 28)) == "pass"
    assert status(D(2021, 3, 28)) == "pass"
    assert status(D(2021, 3, 29)) == "fail"
    assert status(D(2021, 3, 29), as_of=D(2021, 3, 28)) == "pass"  # (2) not due yet


def test_maternity_without_leave_end_needs_one_follow_up_by_birth_plus_6_months():
    def contract(*follow_ups: dt.date) -> Contract:
        return Contract("K", D(2020, 9, 1), D(2020, 9, 15), situation="maternity",
                        child_birth_date=D(2020, 8, 31), follow_ups=follow_ups)  # fmt: skip

    assert ref.bek2020(contract(D(2021, 2, 28)), AS_OF)["missed-follow-up"] == "pass"
    assert ref.bek2020(contract(D(2021, 3, 1)), AS_OF)["missed-follow-up"] == "fail"
    assert ref.bek2020(contract(), D(2021, 2, 28))["missed-follow-up"] == "not-applicable"
    no_birth = Contract("K", D(2020, 9, 1), D(2020, 9, 15), situation="barsel")
    assert ref.bek2020(no_birth, AS_OF)["missed-follow-up"] == "not-assessed"


def test_ordinary_situations_have_the_12_month_gap_and_self_supporting_is_not_applicable():
    def status(situation: str, follow_up: dt.date) -> str:
        contract = Contract("K", D(2020, 1, 1), D(2020, 1, 31), situation=situation,
                            follow_ups=(follow_up, D(2022, 1, 1)))  # fmt: skip
        return ref.bek2020(contract, D(2022, 1, 1))["missed-follow-up"]

    for situation in ("beskæftigelse", "Uddannelse", "IGU", "employment", "education"):
        assert status(situation, D(2021, 1, 31)) == "pass"
        assert status(situation, D(2021, 2, 1)) == "fail"
    assert status("selvforsørgende", D(2021, 2, 1)) == "not-applicable"
    assert status("Self-Supporting", D(2021, 2, 1)) == "not-applicable"
    assert status("arbejdsløs", D(2021, 2, 1)) == "not-assessed"


def test_an_unreadable_follow_up_keeps_a_pass_and_turns_a_fail_into_not_assessed():
    bad = Unreadable("31-02-2014")
    passing = Contract("K", D(2014, 1, 1), D(2014, 1, 31), follow_ups=(D(2014, 4, 30), bad))
    failing = Contract("K", D(2014, 1, 1), D(2014, 1, 31), follow_ups=(D(2014, 5, 1), bad))
    assert ref.rr2014(passing, D(2014, 6, 30))["missed-follow-up"] == "pass"
    assert ref.rr2014(failing, D(2014, 6, 30))["missed-follow-up"] == "not-assessed"
    assert ref.rr2014(failing, D(2014, 4, 30))["missed-follow-up"] == "not-applicable"


def test_declaration_within_7_days_and_unsigned_is_not_applicable_whatever_it_holds():
    def status(signed: ref.DateValue, declaration: ref.DateValue) -> str:
        contract = Contract("K", D(2021, 1, 1), signed, declaration_date=declaration)
        return ref.bek2020(contract, AS_OF)["missing-declaration"]

    assert status(D(2021, 1, 20), D(2021, 1, 27)) == "pass"
    assert status(D(2021, 1, 20), D(2021, 1, 13)) == "pass"
    assert status(D(2021, 1, 20), D(2021, 1, 28)) == "fail"
    assert status(D(2021, 1, 20), None) == "fail"
    assert status(D(2021, 1, 20), Unreadable("31-02-2021")) == "not-assessed"
    assert status(None, Unreadable("31-02-2021")) == "not-applicable"
    assert status(None, None) == "not-applicable"


def test_late_visitation_three_calendar_months_for_benefit_only():
    def status(situation: str, visitation: ref.DateValue, as_of: dt.date = AS_OF) -> str:
        contract = Contract("K", D(2021, 11, 30), situation=situation, visitation_date=visitation)
        return ref.bek2020(contract, as_of)["late-visitation"]

    assert status("ydelse", D(2022, 2, 28)) == "pass"
    assert status("ydelse", D(2022, 3, 1)) == "fail"
    assert status("ydelse", None, D(2022, 2, 28)) == "not-applicable"
    assert status("ydelse", None, D(2022, 3, 1)) == "fail"
    assert status("barsel", None) == "not-applicable"
    assert status("", None) == "not-assessed"


def test_missing_goal_placeholders_and_absent_columns():
    assert ref.missing_goal(Contract("K", employment_goal=" IKKE  relevant ")) == "fail"
    assert ref.missing_goal(Contract("K", education_goal="Tømrer")) == "pass"
    both_absent = frozenset({"employment_goal", "education_goal"})
    assert ref.missing_goal(Contract("K", absent=both_absent)) == "not-assessed"
    assert ref.missing_goal(Contract("K", absent=frozenset({"education_goal"}))) == "fail"


# --- the revised SPEC §2.1, §2.2 and "Suspension periods", point by point ---------------------


def test_an_unsigned_contract_taken_over_1_jan_2021_has_no_follow_up_due_in_either_ruleset():
    unsigned = Contract("K", D(2021, 1, 1), None, situation="ydelse", follow_ups=())
    assert ref.rr2014(unsigned, AS_OF)["missed-follow-up"] == "not-applicable"
    assert ref.bek2020(unsigned, AS_OF)["missed-follow-up"] == "not-applicable"
    # Not entered decides before the situation, the follow-up columns or the window end.
    odd = Contract("K", D(2021, 1, 1), None, situation="arbejdsløs", end_date=Unreadable("x"),
                   absent=frozenset({"follow_ups"}))  # fmt: skip
    assert ref.bek2020(odd, AS_OF)["missed-follow-up"] == "not-applicable"
    assert ref.rr2014(odd, AS_OF)["missed-follow-up"] == "not-applicable"
    # An unreadable signing date, or no signing column, stays not assessed.
    bad = Contract("K", D(2021, 1, 1), Unreadable("31-02-2021"), follow_ups=())
    assert ref.rr2014(bad, AS_OF)["missed-follow-up"] == "not-assessed"
    none = Contract("K", D(2021, 1, 1), absent=frozenset({"signed_date", "signed_citizen_date"}))
    assert ref.rr2014(none, AS_OF)["missed-follow-up"] == "not-assessed"


def test_maternity_born_1_may_2020_signed_20_jan_2021_is_not_due_and_born_21_jul_2020_is():
    def status(birth: dt.date, **extra) -> str:
        contract = Contract("K", D(2021, 1, 1), D(2021, 1, 20), situation="barsel",
                            child_birth_date=birth, **extra)  # fmt: skip
        return ref.bek2020(contract, D(2021, 6, 30))["missed-follow-up"]

    assert status(D(2020, 5, 1)) == "not-applicable"  # 1 Nov 2020: before the contract
    assert status(D(2020, 7, 20)) == "not-applicable"  # 20 Jan 2021: the signing day
    assert status(D(2020, 7, 21)) == "fail"  # 21 Jan 2021: after it, and missed
    # The leave's follow-up alone is due: leave ending 21 Dec 2020 → by 21 Jan 2021.
    assert status(D(2020, 5, 1), leave_end_date=D(2020, 12, 20)) == "not-applicable"
    assert status(D(2020, 5, 1), leave_end_date=D(2020, 12, 21)) == "fail"


def test_benefit_period_ending_on_the_signing_day_20_jan_2021_is_not_due():
    def status(visitation: dt.date) -> str:
        contract = Contract("K", D(2020, 6, 1), D(2021, 1, 20), situation="ydelse",
                            visitation_date=visitation, follow_ups=())  # fmt: skip
        return ref.bek2020(contract, AS_OF)["missed-follow-up"]

    assert status(D(2020, 7, 20)) == "not-applicable"
    assert status(D(2020, 7, 21)) == "fail"


def test_benefit_1_readable_and_1_unreadable_follow_up_by_30_jun_2021_stays_not_applicable():
    # The example: visitation 1 Feb 2021, follow-ups "2021-03-01; se note".
    def contract(*follow_ups: dt.date | Unreadable, **extra) -> Contract:
        return Contract("K", D(2021, 1, 1), D(2021, 1, 20), situation="ydelse",
                        visitation_date=D(2021, 2, 1), follow_ups=follow_ups, **extra)  # fmt: skip

    note = Unreadable("se note")
    assert ref.bek2020(contract(D(2021, 3, 1), note), D(2021, 6, 30))["missed-follow-up"] == (
        "not-applicable"
    )
    three = contract(D(2021, 3, 1), D(2021, 4, 1), D(2021, 5, 1), note)
    assert ref.bek2020(three, D(2021, 6, 30))["missed-follow-up"] == "not-assessed"
    # Goal met 3 Feb: 2 days of the period in the window, 4 unknown dates cannot all fit.
    little = contract(note, note, note, note, goal_met_date=D(2021, 2, 3))
    assert ref.bek2020(little, D(2021, 6, 30))["missed-follow-up"] == "not-applicable"
    room = contract(note, note, note, note, goal_met_date=D(2021, 2, 5))
    assert ref.bek2020(room, D(2021, 6, 30))["missed-follow-up"] == "not-assessed"


def test_maternity_unreadable_date_changes_nothing_when_no_day_of_the_window_could_hold_one():
    def contract(**extra) -> Contract:
        return Contract("K", D(2021, 1, 1), D(2021, 1, 20), situation="barsel",
                        follow_ups=(Unreadable("x"),), **extra)  # fmt: skip

    # Born before the contract, deadline 1 Nov 2020: nothing is due.
    assert ref.bek2020(contract(child_birth_date=D(2020, 5, 1)), AS_OF)["missed-follow-up"] == (
        "not-applicable"
    )
    # Goal met 1 Mar 2021, the child born 10 Mar: no day of the window is after the birth.
    met = contract(child_birth_date=D(2021, 3, 10), goal_met_date=D(2021, 3, 1))
    assert ref.bek2020(met, AS_OF)["missed-follow-up"] == "not-applicable"
    # Born 10 Mar, audit date 30 Jun: the follow-up by 10 Sep could be the unknown date.
    open_ = contract(child_birth_date=D(2021, 3, 10))
    assert ref.bek2020(open_, D(2021, 6, 30))["missed-follow-up"] == "not-assessed"


def test_maternity_one_follow_up_5_sep_2021_in_both_ranges_holds_only_the_one_due_first():
    def status(as_of: dt.date, *follow_ups: dt.date, leave_end: dt.date | None = None) -> str:
        contract = Contract("K", D(2021, 1, 1), D(2021, 1, 20), situation="barsel",
                            child_birth_date=D(2021, 3, 10),
                            leave_end_date=leave_end or D(2021, 9, 1),
                            follow_ups=follow_ups)  # fmt: skip
        return ref.bek2020(contract, as_of)["missed-follow-up"]

    # (1) by 10 Sep, (2) from 1 Aug to 1 Oct: 5 Sep holds (1), (2) is missed after 1 Oct.
    assert status(D(2021, 10, 1), D(2021, 9, 5)) == "pass"
    assert status(D(2021, 10, 2), D(2021, 9, 5)) == "fail"
    assert status(D(2021, 10, 2), D(2021, 9, 5), D(2021, 9, 20)) == "pass"
    # Leave ending 1 May: (2) by 1 Jun is due first and takes 15 Apr; (1) by 10 Sep is open.
    assert status(D(2021, 9, 10), D(2021, 4, 15), leave_end=D(2021, 5, 1)) == "pass"
    assert status(D(2021, 9, 11), D(2021, 4, 15), leave_end=D(2021, 5, 1)) == "fail"


def test_maternity_passes_with_one_held_while_the_other_is_not_due_yet():
    contract = Contract("K", D(2021, 1, 1), D(2021, 1, 20), situation="barsel",
                        child_birth_date=D(2021, 3, 10), leave_end_date=D(2021, 9, 15),
                        follow_ups=(D(2021, 6, 1),))  # fmt: skip
    assert ref.bek2020(contract, D(2021, 9, 30))["missed-follow-up"] == "pass"
    assert ref.bek2020(contract, D(2021, 10, 15))["missed-follow-up"] == "pass"
    assert ref.bek2020(contract, D(2021, 10, 16))["missed-follow-up"] == "fail"


def test_a_deadline_starting_inside_the_window_runs_from_its_last_day_27_may_2020():
    # SPEC's two worked examples: takeover 1 Apr → 27 Jun; takeover 1 Mar → 1 Apr + 77 = 17 Jun.
    assert ref.deadline(D(2020, 4, 1), COVID, months=1) == D(2020, 6, 27)
    assert ref.deadline(D(2020, 3, 1), COVID, months=1) == D(2020, 6, 17)
    assert ref.deadline(D(2020, 3, 12), COVID, months=1) == D(2020, 6, 27)
    assert ref.deadline(D(2020, 5, 27), COVID, months=1) == D(2020, 6, 27)
    late = Contract("K", D(2020, 4, 1), D(2020, 6, 28))
    assert ref.bek2020(late, AS_OF, COVID)["late-signing"] == "fail"
    in_time = Contract("K", D(2020, 4, 1), D(2020, 6, 27))
    assert ref.bek2020(in_time, AS_OF, COVID)["late-signing"] == "pass"
    assert ref.bek2020(in_time, AS_OF)["late-signing"] == "fail"  # without the window
