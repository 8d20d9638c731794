"""missed-follow-up under bek2020: the cadence of integrationsloven § 20, stk. 1 depends on the
person's situation (SPEC §2.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from integaudit.i18n import Message
from integaudit.rules import legal
from integaudit.rules.base import Rule, RuleContext

if TYPE_CHECKING:
    import pandas as pd


def evaluate(contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext) -> pd.DataFrame:
    """Return the follow-up verdict of each contract's situation (follow_up.situation)."""
    from integaudit.rules.follow_up.situation import missed_by_situation

    return missed_by_situation(contracts, follow_ups, ctx)


def deadline(
    contracts: pd.DataFrame,
    follow_ups: pd.DataFrame,
    ctx: RuleContext,
    status: pd.Series | None = None,
) -> pd.DataFrame:
    """Return the next follow-up deadline of each contract's situation still open."""
    from integaudit.rules.follow_up.situation import next_by_situation

    return next_by_situation(contracts, follow_ups, ctx, status)


MISSED_FOLLOW_UP_BY_SITUATION = Rule(
    id="missed-follow-up",
    title=Message("rule.missed-follow-up.bek2020.title"),
    short_title=Message("rule.missed-follow-up.short_title"),
    legal_basis=legal.bek2020("missed-follow-up"),
    explanation=Message("rule.missed-follow-up.bek2020.explanation"),
    evaluate=evaluate,
    deadline=deadline,
    needs=("signed_date", "follow_ups", "situation"),
    uses=("goal_met_date", "end_date", "visitation_date", "child_birth_date", "leave_end_date"),
    # follow-up.not-held(-more): the audit names a conversation that was not held
    # (audit.name_not_held).
    details=(
        "follow-up.not-entered",
        "follow-up.longest-gap",
        "follow-up.missed",
        "follow-up.benefit",
        "follow-up.benefit-not-due",
        "follow-up.no-visitation",
        "follow-up.birth-not-due",
        "follow-up.birth-held",
        "follow-up.birth-missing",
        "follow-up.birth-open",
        "follow-up.leave-not-due",
        "follow-up.leave-held",
        "follow-up.leave-missing",
        "follow-up.leave-open",
        "follow-up.no-leave",
        "follow-up.not-held",
        "follow-up.not-held-more",
    ),
    steps=("follow-up", "follow-ups", "follow-up-birth", "follow-up-leave"),
)
