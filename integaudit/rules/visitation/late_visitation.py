"""late-visitation: benefit recipients are visitated within 3 calendar months of the takeover
(SPEC §2.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from integaudit.i18n import Message
from integaudit.model import Status
from integaudit.rules import legal
from integaudit.rules.base import Rule, RuleContext

if TYPE_CHECKING:
    import pandas as pd

VISITATION_MONTHS = 3


def evaluate(contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext) -> pd.DataFrame:
    """Return, for benefit recipients, fail when visitated after 3 calendar months from
    takeover or not visitated once that deadline has passed, pass when in time; other
    situations (whatever their dates) and open deadlines are not-applicable; a missing or
    unreadable situation is not-assessed, and for a benefit recipient so is a missing or
    unreadable takeover date, an unreadable visitation date or an absent visitation column."""
    from integaudit.rules.calendar import deadline as deadline_after
    from integaudit.rules.calendar import merge_windows
    from integaudit.rules.details import Details
    from integaudit.rules.verdicts import (
        absent,
        reasons,
        result,
        unknown_field,
        unreadable,
        verdicts,
    )

    responsibility = contracts["responsibility_date"]
    visitation = contracts["visitation_date"]
    situation = contracts["situation"]
    windows = merge_windows(ctx.suspensions)
    due = deadline_after(responsibility, windows, months=VISITATION_MONTHS)
    # Whether the rule concerns the contract is decided first: another situation needs no
    # takeover or visitation date, so it is not applicable whatever those cells hold.
    unknown, reason = reasons(contracts.index, unknown_field(contracts, "situation"))
    benefit = ~unknown & situation.eq("benefit")
    unknown_benefit, benefit_reason = reasons(
        contracts.index,
        [
            *unknown_field(contracts, "responsibility_date"),
            absent(contracts, "visitation_date"),
            unreadable(contracts, "visitation_date"),
        ],
    )
    unknown_benefit &= benefit
    as_of = ctx.as_of_ts
    status = verdicts(
        contracts.index,
        [
            (unknown, Status.NOT_ASSESSED),
            (~benefit, Status.NOT_APPLICABLE),
            (unknown_benefit, Status.NOT_ASSESSED),
            (visitation.notna() & (visitation <= due), Status.PASS),
            (visitation.notna() & (visitation > due), Status.FAIL),
            (as_of > due, Status.FAIL),
        ],
        default=Status.NOT_APPLICABLE,
    )
    failing = status.eq(Status.FAIL.value)
    late = failing & visitation.notna()
    never = failing & visitation.isna()
    details = Details(contracts.index)
    details.set(late, "visitation.late", date=visitation, deadline=due)
    details.set(never, "visitation.never", deadline=due)
    return result(status, details, reason.where(unknown, benefit_reason))


def deadline(
    contracts: pd.DataFrame,
    follow_ups: pd.DataFrame,
    ctx: RuleContext,
    status: pd.Series | None = None,
) -> pd.DataFrame:
    """Return per contract the visitation deadline of a benefit recipient not yet visitated
    whom the rule has decided on: open while not applicable (due), overdue once it fails; NaT
    for everyone else (see verdicts.deadlines)."""
    from integaudit.rules.calendar import deadline as deadline_after
    from integaudit.rules.calendar import merge_windows
    from integaudit.rules.verdicts import current_status, deadlines

    status = current_status(evaluate, contracts, follow_ups, ctx, status)
    windows = merge_windows(ctx.suspensions)
    due = deadline_after(contracts["responsibility_date"], windows, months=VISITATION_MONTHS)
    failing = status.eq(Status.FAIL.value)
    open_ = (
        contracts["situation"].eq("benefit")
        & contracts["visitation_date"].isna()
        & (failing | status.eq(Status.NOT_APPLICABLE.value))
    )
    return deadlines(contracts.index, due.where(open_), "visitation", open_ & failing)


LATE_VISITATION = Rule(
    id="late-visitation",
    title=Message("rule.late-visitation.title"),
    short_title=Message("rule.late-visitation.short_title"),
    legal_basis=legal.bek2020("late-visitation"),
    explanation=Message("rule.late-visitation.explanation"),
    evaluate=evaluate,
    deadline=deadline,
    needs=("responsibility_date", "situation", "visitation_date"),
    details=("visitation.late", "visitation.never"),
    steps=("visitation",),
)
