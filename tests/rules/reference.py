"""A plain reference implementation of the rules of SPEC §2, one contract at a time.

It is written from SPEC only (§1.2–§1.4 and §2), never from the package, so that the
differential test in ``test_differential.py`` can compare it with ``integaudit check``. It uses
nothing but ``datetime`` and ``dateutil.relativedelta``: clarity over speed.

Readings of SPEC made here (each is repeated where it is used):

* **Suspension windows** (§2, "Days inside a suspension window do not count towards a deadline
  or a follow-up interval"). A window covers its ``start`` and ``end`` days, both included;
  overlapping or touching windows act as one. A period of N days or N calendar months after a
  date ``a`` has a nominal length ``n = (a + period - a).days`` days. Its deadline is the day on
  which the n-th *counted* (not suspended) day after ``a`` falls: the nominal deadline pushed on
  by every suspended day in between, including suspended days the push itself runs into.
  Without windows this is ``a + period``. A gap ``a < b`` is too long when ``b`` is after the
  deadline of ``a``. The same function moves every deadline and period end of both rulesets
  (30 days, 1/3/6/12 calendar months, leave end + 1 month). The start of a period is not moved
  except where it is itself a deadline (bek2020's ``responsibility_date + 3 months`` when the
  visitation date is unknown); the lower bound ``leave_end_date - 1 month`` is not moved, and
  the ±7 days of ``missing-declaration`` is a tolerance, not a deadline, so it is not moved.
* **Dates after ``as_of``** are ignored (§2, §1.4): such a value is treated as empty.
* **Unreadable values** (§1.4): a rule that needs an unreadable value is ``not-assessed``. Only
  unreadable follow-up dates have the softer rule of §2.1: the status the readable dates give
  stands when no date in the unreadable cells could change it. A pass stands; a fail becomes
  not-assessed; a not-applicable stands unless some placing of the unreadable dates makes the
  rule pass or fail (bek2020 benefit: the readable dates in the period plus the unreadable ones
  could reach 4 on free days of the period inside the window; maternity: one date on some day
  of the window would change it, tried day by day). A not-applicable of the gap rules depends
  on the window alone and stands.
* **Follow-up windows** include both ends: a follow-up on the signing day is not "dated before
  the contract was signed", so it counts. The benefit cadence counts distinct dates.
* **Order of the not-assessed and not-applicable conditions**: a rule that does not concern the
  contract is not-applicable before any data it would need is looked at (late-visitation for
  other situations than benefit; missing-declaration for an unsigned contract "whatever the
  declaration column holds", also when that column is absent; missed-follow-up for
  self-supporting). SPEC §2: not-applicable means "the rule does not concern this contract",
  not-assessed "data needed is missing or unreadable".
* **Not entered** (§2.1, §2.2): a contract whose signing date is empty (its column present and
  the date readable, or a date after ``as_of``) has no follow-up due: ``missed-follow-up`` is
  not-applicable whatever the follow-up columns, the window end or the situation hold (a
  self-supporting person's is not-applicable anyway). An absent or unreadable signing date
  stays not-assessed.
* **Deadlines before the contract** (§2.2): a checkpoint or period whose deadline falls on or
  before the window start (the signing day) is not due: the benefit period, maternity (1) and
  maternity (2) alike. A benefit contract whose period is not due is not-applicable; a
  maternity follow-up that is not due is left out as if it did not exist.
* **Maternity** (bek2020): follow-up (1) lies in ``(birth, birth + 6 months]``, (2) in
  ``[leave end - 1 month, leave end + 1 month]``. They are two distinct follow-ups: every way of
  giving each due follow-up a different follow-up date in its range (or none) is tried, and the
  best outcome counts (pass over not-applicable over fail): a date in both ranges holds one of
  them, not both. A ``leave_end_date`` that is unreadable makes the rule not-assessed; an empty
  one, an absent column or a date after ``as_of`` means only (1) is assessed.
* **Absent columns** are not empty values: a rule that needs an absent column is not-assessed
  (SPEC says so for goals, the declaration, the coordinator, visitation and follow-ups; the
  same is applied to the signature date).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Union

from dateutil.relativedelta import relativedelta

PASS = "pass"
FAIL = "fail"
NA = "not-applicable"
NOT_ASSESSED = "not-assessed"

RR2014_RULES = ("missing-goal", "late-signing", "missed-follow-up")
BEK2020_RULES = (
    "missing-goal",
    "late-signing",
    "missing-declaration",
    "missing-coordinator",
    "late-visitation",
    "missed-follow-up",
)

# SPEC §1.3: goal (and coordinator) texts that count as empty, after trimming, collapsing inner
# white space and lower-casing; in SPEC's order.
SPEC_PLACEHOLDERS = (
    "-", "--", "–", "—", ".", "x", "?", "0", "n/a", "na", "nan", "none", "null", "ingen",
    "intet", "nej", "ikke relevant", "ikke angivet", "ikke oplyst", "mangler", "ukendt",
    "ikke fastsat",
)  # fmt: skip
PLACEHOLDERS = frozenset(SPEC_PLACEHOLDERS)

# SPEC §1.2: situation values, case-insensitive, Danish or English.
SITUATIONS = {
    "ydelse": "benefit",
    "benefit": "benefit",
    "beskæftigelse": "ordinary",
    "uddannelse": "ordinary",
    "igu": "ordinary",
    "employment": "ordinary",
    "education": "ordinary",
    "barsel": "maternity",
    "maternity": "maternity",
    "selvforsørgende": "self-supporting",
    "self-supporting": "self-supporting",
}


@dataclass(frozen=True)
class Unreadable:
    """A cell whose text is not a date (e.g. ``31-02-2014``); ``text`` is the cell as written."""

    text: str


# A date cell: a date, an unreadable text, or None for an empty cell.
DateValue = Union[dt.date, Unreadable, None]  # noqa: UP007 (a runtime alias)


@dataclass(frozen=True)
class Suspension:
    """A suspension window, both days included."""

    start: dt.date
    end: dt.date


@dataclass
class Contract:
    """One contract row with the canonical fields of SPEC §1.2.

    Date fields hold a ``datetime.date``, an :class:`Unreadable` or ``None`` (empty cell).
    ``follow_ups`` are the follow-up dates on record for the contract (in any layout), each a
    date or an :class:`Unreadable`. ``absent`` names the fields whose column is not in the
    contract's sheet (and, for ``follow_ups``, no follow-up sheet covers it): an absent column is
    not an empty value. ``signed_date`` is used when its column is present; otherwise it is
    derived from ``signed_citizen_date`` and ``signed_municipality_date`` (§1.2).
    """

    contract_id: str
    responsibility_date: DateValue = None
    signed_date: DateValue = None
    signed_citizen_date: DateValue = None
    signed_municipality_date: DateValue = None
    employment_goal: str | None = None
    education_goal: str | None = None
    goal_met_date: DateValue = None
    end_date: DateValue = None
    declaration_date: DateValue = None
    coordinating_unit: str | None = None
    situation: str | None = None
    visitation_date: DateValue = None
    child_birth_date: DateValue = None
    leave_end_date: DateValue = None
    follow_ups: tuple[dt.date | Unreadable, ...] = ()
    absent: frozenset[str] = field(default_factory=frozenset)


# --- values ------------------------------------------------------------------------------------


class _Missing:
    """Marker: the value is empty, its column absent, or its date after as_of."""


class _Bad:
    """Marker: the value is unreadable."""


MISSING = _Missing()
BAD = _Bad()


def is_empty_text(value: str | None) -> bool:
    """Return True when a goal or coordinator text is empty or a placeholder (SPEC §1.3)."""
    if value is None:
        return True
    text = " ".join(value.split()).lower()
    return text == "" or text in PLACEHOLDERS


def date_of(contract: Contract, name: str, as_of: dt.date) -> dt.date | _Missing | _Bad:
    """Return the readable date of field ``name``, ``BAD`` when unreadable, or ``MISSING`` when
    the column is absent, the cell empty, or the date after ``as_of`` (ignored, SPEC §2)."""
    if name in contract.absent:
        return MISSING
    value = getattr(contract, name)
    if value is None:
        return MISSING
    if isinstance(value, Unreadable):
        return BAD
    if value > as_of:
        return MISSING
    return value


def signed_of(contract: Contract, as_of: dt.date) -> dt.date | _Missing | _Bad | None:
    """Return the signing date: a date, ``MISSING`` when not signed, ``BAD`` when unreadable,
    or ``None`` when it cannot be known because its columns are absent.

    When ``signed_date`` has no column, the contract is signed when both the citizen and the
    municipality have signed, on the later of the two dates (SPEC §1.2); with only one of the
    two columns present it cannot be known.
    """
    if "signed_date" not in contract.absent:
        return date_of(contract, "signed_date", as_of)
    pair = ("signed_citizen_date", "signed_municipality_date")
    if any(name in contract.absent for name in pair):
        return None
    citizen, municipality = (date_of(contract, name, as_of) for name in pair)
    if citizen is BAD or municipality is BAD:
        return BAD
    if citizen is MISSING or municipality is MISSING:
        return MISSING
    assert isinstance(citizen, dt.date) and isinstance(municipality, dt.date)
    return max(citizen, municipality)


def situation_of(contract: Contract) -> str | _Missing | _Bad:
    """Return ``benefit``, ``ordinary``, ``maternity`` or ``self-supporting``; ``MISSING`` for an
    absent column or empty cell; ``BAD`` for a value SPEC §1.2 does not list."""
    if "situation" in contract.absent or contract.situation is None:
        return MISSING
    text = " ".join(contract.situation.split()).lower()
    if text == "":
        return MISSING
    return SITUATIONS.get(text, BAD)


# --- deadlines under suspension ------------------------------------------------------------------


def merged(suspensions: Iterable[Suspension]) -> list[tuple[dt.date, dt.date]]:
    """Return the windows sorted, with overlapping or touching windows merged."""
    out: list[tuple[dt.date, dt.date]] = []
    for window in sorted(suspensions, key=lambda w: (w.start, w.end)):
        if out and window.start <= out[-1][1] + dt.timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], window.end))
        else:
            out.append((window.start, window.end))
    return out


def deadline(
    start: dt.date,
    suspensions: Sequence[Suspension],
    *,
    days: int = 0,
    months: int = 0,
) -> dt.date:
    """Return the last day of the period of ``days`` days or ``months`` calendar months after
    ``start``, suspended days not counted.

    A start inside a window is moved to the window's end first (no day of the window counts).
    The nominal period ``(start, start + period]`` has ``n`` days (calendar months by
    ``relativedelta``: 31 Jan + 1 month = 28/29 Feb). The deadline is the day of the n-th day
    after ``start`` that is in no suspension window: each suspended day pushes the deadline on by
    one day, also the suspended days that the pushed deadline runs into.
    """
    # A period that starts inside a window starts at its end: no day of the window counts.
    for window_start, window_end in merged(suspensions):
        if window_start <= start < window_end:
            start = window_end
    nominal = start + relativedelta(days=days, months=months)
    remaining = (nominal - start).days
    cursor = start  # every day after cursor is still to be counted
    for window_start, window_end in merged(suspensions):
        if window_end <= cursor:
            continue
        first_suspended = max(window_start, cursor + dt.timedelta(days=1))
        free = (first_suspended - cursor).days - 1  # counted days before the window
        if remaining <= free:
            return cursor + dt.timedelta(days=remaining)
        remaining -= free
        cursor = window_end
    return cursor + dt.timedelta(days=remaining)


# --- shared rules --------------------------------------------------------------------------------


def missing_goal(contract: Contract) -> str:
    """Return the status of ``missing-goal`` (both rulesets): not-assessed when neither goal
    column exists, fail when every present goal is empty, else pass."""
    present = [
        getattr(contract, name)
        for name in ("employment_goal", "education_goal")
        if name not in contract.absent
    ]
    if not present:
        return NOT_ASSESSED
    return FAIL if all(is_empty_text(v) for v in present) else PASS


def late_signing(
    contract: Contract,
    as_of: dt.date,
    suspensions: Sequence[Suspension],
    *,
    days: int = 0,
    months: int = 0,
) -> str:
    """Return the status of ``late-signing`` with a deadline of ``days`` days or ``months``
    calendar months after ``responsibility_date``.

    Not-assessed when ``responsibility_date`` is missing or unreadable, or when the signing date
    is unreadable or cannot be known (its columns absent); a signing date after ``as_of`` is
    ignored, so the contract counts as not signed.
    """
    responsibility = date_of(contract, "responsibility_date", as_of)
    if not isinstance(responsibility, dt.date):
        return NOT_ASSESSED
    signed = signed_of(contract, as_of)
    if signed is None or signed is BAD:
        return NOT_ASSESSED
    due = deadline(responsibility, suspensions, days=days, months=months)
    if isinstance(signed, dt.date):
        return PASS if signed <= due else FAIL
    return FAIL if as_of > due else NA


def gap_rule(
    start: dt.date,
    end: dt.date,
    follow_ups: Iterable[dt.date],
    months: int,
    suspensions: Sequence[Suspension],
) -> str:
    """Return pass, fail or not-applicable for the gap rule over the window ``[start, end]``.

    Not-applicable when ``end`` is on or before the deadline of ``start``; otherwise the
    checkpoints are ``start``, the follow-ups inside the window and ``end``, and the rule fails
    when some consecutive pair ``a < b`` has ``b`` after the deadline of ``a``.
    """
    if end <= deadline(start, suspensions, months=months):
        return NA
    points = sorted({start, end, *(f for f in follow_ups if start <= f <= end)})
    for a, b in itertools.pairwise(points):
        if b > deadline(a, suspensions, months=months):
            return FAIL
    return PASS


def _window(contract: Contract, as_of: dt.date, signed: dt.date) -> tuple[dt.date, dt.date] | _Bad:
    """Return the follow-up window ``(signed, earliest of goal_met_date, end_date, as_of)``, or
    ``BAD`` when ``goal_met_date`` or ``end_date`` is unreadable (the window's end is unknown)."""
    end = as_of
    for name in ("goal_met_date", "end_date"):
        value = date_of(contract, name, as_of)
        if value is BAD:
            return BAD
        if isinstance(value, dt.date):
            end = min(end, value)
    return signed, end


def _follow_up_dates(contract: Contract, as_of: dt.date) -> tuple[list[dt.date], int]:
    """Return the readable follow-up dates on or before ``as_of`` and how many follow-up dates
    are unreadable."""
    readable = [f for f in contract.follow_ups if isinstance(f, dt.date) and f <= as_of]
    unreadable = sum(isinstance(f, Unreadable) for f in contract.follow_ups)
    return readable, unreadable


Inputs = tuple[tuple[dt.date, dt.date], list[dt.date], int]


def _follow_up_inputs(contract: Contract, as_of: dt.date) -> Inputs | str:
    """Return the follow-up window, the readable follow-up dates and the number of unreadable
    ones; or the status when there is nothing to look at: not-applicable when the contract is
    not entered (there is no contract to follow up on, §2.1), not-assessed when the signing
    date is unreadable or cannot be known, no follow-up information is present, or the
    window's end is unreadable."""
    signed = signed_of(contract, as_of)
    if signed is None or signed is BAD:
        return NOT_ASSESSED
    if signed is MISSING:
        return NA
    assert isinstance(signed, dt.date)
    if "follow_ups" in contract.absent:
        return NOT_ASSESSED
    window = _window(contract, as_of, signed)
    if isinstance(window, _Bad):
        return NOT_ASSESSED
    readable, unreadable = _follow_up_dates(contract, as_of)
    return window, readable, unreadable


def _settle_unreadable(status: str, unreadable: int, changeable: bool) -> str:
    """Return the status after SPEC §2.1's rule for unreadable follow-up dates: a pass stands, a
    fail becomes not-assessed, a not-applicable stands unless a follow-up date could change it."""
    if not unreadable or status == PASS:
        return status
    if status == FAIL or changeable:
        return NOT_ASSESSED
    return status


def _gap_follow_up(
    window: tuple[dt.date, dt.date],
    readable: list[dt.date],
    unreadable: int,
    months: int,
    suspensions: Sequence[Suspension],
) -> str:
    """Return the status of a follow-up rule that is the ``months``-month gap rule over the
    window (rr2014; bek2020's ordinary employment or education)."""
    status = gap_rule(*window, readable, months, suspensions)
    return _settle_unreadable(status, unreadable, changeable=False)


def _goal_and_signing(
    contract: Contract, as_of: dt.date, suspensions: Sequence[Suspension], **period: int
) -> dict[str, str]:
    """Return the statuses of the two rules both rulesets start with: ``missing-goal`` and
    ``late-signing`` with the ruleset's period (``days`` or ``months``)."""
    return {
        "missing-goal": missing_goal(contract),
        "late-signing": late_signing(contract, as_of, suspensions, **period),
    }


# --- rr2014 --------------------------------------------------------------------------------------


def rr2014_missed_follow_up(
    contract: Contract, as_of: dt.date, suspensions: Sequence[Suspension]
) -> str:
    """Return the status of rr2014's ``missed-follow-up`` (SPEC §2.1): the 3-month gap rule."""
    inputs = _follow_up_inputs(contract, as_of)
    if isinstance(inputs, str):
        return inputs
    return _gap_follow_up(*inputs, 3, suspensions)


def rr2014(
    contract: Contract, as_of: dt.date, suspensions: Sequence[Suspension] = ()
) -> dict[str, str]:
    """Return rule id → status for the rr2014 ruleset (SPEC §2.1)."""
    return {
        **_goal_and_signing(contract, as_of, suspensions, days=30),
        "missed-follow-up": rr2014_missed_follow_up(contract, as_of, suspensions),
    }


# --- bek2020 -------------------------------------------------------------------------------------


def missing_declaration(contract: Contract, as_of: dt.date) -> str:
    """Return the status of ``missing-declaration``: not-applicable for an unsigned contract
    whatever the declaration column holds; not-assessed when the signing date is unreadable or
    unknown, or the declaration column absent or its date unreadable; pass within 7 days of
    signing (either side), else fail (an empty declaration fails)."""
    signed = signed_of(contract, as_of)
    if signed is None or signed is BAD:
        return NOT_ASSESSED
    if signed is MISSING:
        return NA
    assert isinstance(signed, dt.date)
    if "declaration_date" in contract.absent:
        return NOT_ASSESSED
    declaration = date_of(contract, "declaration_date", as_of)
    if declaration is BAD:
        return NOT_ASSESSED
    if declaration is MISSING:
        return FAIL
    assert isinstance(declaration, dt.date)
    return PASS if abs((declaration - signed).days) <= 7 else FAIL


def missing_coordinator(contract: Contract) -> str:
    """Return the status of ``missing-coordinator``: not-assessed for an absent column, fail for
    an empty or placeholder text, else pass."""
    if "coordinating_unit" in contract.absent:
        return NOT_ASSESSED
    return FAIL if is_empty_text(contract.coordinating_unit) else PASS


def late_visitation(contract: Contract, as_of: dt.date, suspensions: Sequence[Suspension]) -> str:
    """Return the status of ``late-visitation``: benefit recipients visitated within 3 calendar
    months of ``responsibility_date``.

    Order: situation missing or unreadable → not-assessed; any other situation than benefit →
    not-applicable (the rule does not concern it, whatever the other columns hold); then
    responsibility date missing or unreadable, no visitation column, or an unreadable visitation
    date → not-assessed.
    """
    situation = situation_of(contract)
    if situation is MISSING or situation is BAD:
        return NOT_ASSESSED
    if situation != "benefit":
        return NA
    responsibility = date_of(contract, "responsibility_date", as_of)
    if not isinstance(responsibility, dt.date):
        return NOT_ASSESSED
    if "visitation_date" in contract.absent:
        return NOT_ASSESSED
    visitation = date_of(contract, "visitation_date", as_of)
    if visitation is BAD:
        return NOT_ASSESSED
    due = deadline(responsibility, suspensions, months=3)
    if isinstance(visitation, dt.date):
        return PASS if visitation <= due else FAIL
    return FAIL if as_of > due else NA


def _days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Return every day from ``first`` to ``last``, both included (none when last < first)."""
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _benefit(
    contract: Contract,
    as_of: dt.date,
    suspensions: Sequence[Suspension],
    window: tuple[dt.date, dt.date],
    follow_ups: list[dt.date],
    unreadable: int,
) -> tuple[str, bool] | None:
    """Return the benefit cadence's status from the readable follow-ups and whether unreadable
    follow-up dates could change a not-applicable; None when a date it needs (visitation, or
    responsibility when visitation is unknown) is unreadable or missing.

    Period ``(P, P + 6 months]`` with ``P`` the visitation date, or the latest lawful visitation
    ``responsibility_date + 3 months`` when it is empty or its column absent. Not-applicable when
    the period ends on or before signing (it is not due). Counted: distinct follow-up dates in
    the period and in the window. Pass with 4 or more; else fail when the window ends after the
    period; else not-applicable, which the unreadable dates could change when, each put on a
    day of the period inside the window that holds none yet, they could make up the 4.
    """
    visitation = date_of(contract, "visitation_date", as_of)
    if visitation is BAD:
        return None
    if isinstance(visitation, dt.date):
        period_start = visitation
    else:
        responsibility = date_of(contract, "responsibility_date", as_of)
        if not isinstance(responsibility, dt.date):
            return None
        period_start = deadline(responsibility, suspensions, months=3)
    period_end = deadline(period_start, suspensions, months=6)
    start, end = window
    if period_end <= start:
        return NA, False
    held = {f for f in follow_ups if start <= f <= end and period_start < f <= period_end}
    if len(held) >= 4:
        return PASS, False
    if end > period_end:
        return FAIL, False
    days = _days_between(max(start, period_start + dt.timedelta(days=1)), min(end, period_end))
    free = [day for day in days if day not in held]
    return NA, len(held) + min(unreadable, len(free)) >= 4


def _maternity_outcome(
    ranges: list[tuple[dt.date, dt.date]], inside: list[dt.date], end: dt.date
) -> str:
    """Return the maternity status for the due follow-ups' ``ranges`` given the follow-up dates
    inside the window: every way of giving each due follow-up a different date in its range (or
    none) is tried; pass when in some way none is missed and one is held, else not-applicable
    when in some way none is missed, else fail. A follow-up is missed when it has no date and the
    window ends after its deadline."""
    options = [[None, *(f for f in inside if low <= f <= high)] for low, high in ranges]
    outcomes = set()
    for choice in itertools.product(*options):
        dates = [c for c in choice if c is not None]
        if len(dates) != len(set(dates)):
            continue  # one date cannot be two follow-ups
        missed = any(c is None and end > high for c, (_, high) in zip(choice, ranges, strict=True))
        outcomes.add(FAIL if missed else PASS if dates else NA)
    return PASS if PASS in outcomes else NA if NA in outcomes else FAIL


def _maternity(
    contract: Contract,
    as_of: dt.date,
    suspensions: Sequence[Suspension],
    window: tuple[dt.date, dt.date],
    follow_ups: list[dt.date],
    unreadable: int,
) -> tuple[str, bool] | None:
    """Return the maternity cadence's status from the readable follow-ups and whether an
    unreadable follow-up date could change a not-applicable; None when the birth date is missing
    or unreadable, or the leave end date unreadable.

    Due: (1) a follow-up after the birth, no later than birth + 6 months; (2) when
    ``leave_end_date`` is known, one within one calendar month before or after it (deadline
    leave end + 1 month). A follow-up whose deadline falls on or before signing is not due. See
    ``_maternity_outcome``: fail when a due follow-up is missed; pass when none is missed and at
    least one is held (as soon as held, like the benefit cadence); not-applicable when nothing
    is held and nothing is missed yet. An unreadable date could change a not-applicable when
    the same rule with one more date, on any day of the window, gives something else.
    """
    birth = date_of(contract, "child_birth_date", as_of)
    if not isinstance(birth, dt.date):
        return None
    leave_end = date_of(contract, "leave_end_date", as_of)
    if leave_end is BAD:
        return None
    start, end = window
    ranges = [(birth + dt.timedelta(days=1), deadline(birth, suspensions, months=6))]
    if isinstance(leave_end, dt.date):
        ranges.append(
            (leave_end - relativedelta(months=1), deadline(leave_end, suspensions, months=1))
        )
    due = [(low, high) for low, high in ranges if high > start]
    inside = sorted({f for f in follow_ups if start <= f <= end})
    status = _maternity_outcome(due, inside, end)
    if status != NA or not unreadable:
        return status, False
    changeable = any(
        _maternity_outcome(due, sorted({*inside, day}), end) != NA
        for day in _days_between(start, end)
    )
    return status, changeable


def bek2020_missed_follow_up(
    contract: Contract, as_of: dt.date, suspensions: Sequence[Suspension]
) -> str:
    """Return the status of bek2020's ``missed-follow-up`` (SPEC §2.2), by situation.

    Order: self-supporting → not-applicable; signing date unreadable or unknown → not-assessed;
    not entered → not-applicable (whatever the situation); situation missing or unreadable →
    not-assessed; no follow-up information, or an unreadable goal-met or end date →
    not-assessed; then the situation's cadence over the follow-ups inside the window
    ``[signed_date, earliest of goal_met_date, end_date, as_of]``.
    """
    situation = situation_of(contract)
    if situation == "self-supporting":
        return NA
    inputs = _follow_up_inputs(contract, as_of)
    if inputs == NA:
        return NA
    if situation is MISSING or situation is BAD:
        return NOT_ASSESSED
    if isinstance(inputs, str):
        return inputs
    window, readable, unreadable = inputs
    if situation == "ordinary":
        return _gap_follow_up(window, readable, unreadable, 12, suspensions)
    cadence = _benefit if situation == "benefit" else _maternity
    result = cadence(contract, as_of, suspensions, window, readable, unreadable)
    if result is None:
        return NOT_ASSESSED
    status, changeable = result
    return _settle_unreadable(status, unreadable, changeable)


def bek2020(
    contract: Contract, as_of: dt.date, suspensions: Sequence[Suspension] = ()
) -> dict[str, str]:
    """Return rule id → status for the bek2020 ruleset (SPEC §2.2)."""
    return {
        **_goal_and_signing(contract, as_of, suspensions, months=1),
        "missing-declaration": missing_declaration(contract, as_of),
        "missing-coordinator": missing_coordinator(contract),
        "late-visitation": late_visitation(contract, as_of, suspensions),
        "missed-follow-up": bek2020_missed_follow_up(contract, as_of, suspensions),
    }


REFERENCES = {"rr2014": rr2014, "bek2020": bek2020}
