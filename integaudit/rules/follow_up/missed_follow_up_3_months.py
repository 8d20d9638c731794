"""missed-follow-up under rr2014: follow-up on the contract at least every 3 calendar months
(SPEC §2.1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from integaudit.i18n import Message
from integaudit.rules import legal
from integaudit.rules.base import Rule, RuleContext

if TYPE_CHECKING:
    import pandas as pd

MONTHS = 3


def evaluate(contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext) -> pd.DataFrame:
    """Return missed-follow-up's verdict with a cadence of 3 calendar months
    (follow_up.cadence)."""
    from integaudit.rules.follow_up.cadence import missed_follow_up

    return missed_follow_up(contracts, follow_ups, ctx, months=MONTHS)


def deadline(
    contracts: pd.DataFrame,
    follow_ups: pd.DataFrame,
    ctx: RuleContext,
    status: pd.Series | None = None,
) -> pd.DataFrame:
    """Return the next follow-up still open per contract, 3 calendar months after the last."""
    from integaudit.rules.follow_up.cadence import next_follow_up

    return next_follow_up(contracts, follow_ups, ctx, status, months=MONTHS)


MISSED_FOLLOW_UP_3_MONTHS = Rule(
    id="missed-follow-up",
    title=Message("rule.missed-follow-up.rr2014.title"),
    short_title=Message("rule.missed-follow-up.short_title"),
    legal_basis=legal.rr2014("missed-follow-up"),
    explanation=Message("rule.missed-follow-up.rr2014.explanation"),
    evaluate=evaluate,
    deadline=deadline,
    needs=("signed_date", "follow_ups"),
    uses=("goal_met_date", "end_date"),
    baseline=0.26,
    # follow-up.not-held(-more): the audit names a conversation that was not held
    # (audit.name_not_held).
    details=(
        "follow-up.not-entered",
        "follow-up.longest-gap",
        "follow-up.missed",
        "follow-up.not-held",
        "follow-up.not-held-more",
    ),
    steps=("follow-up",),
)
