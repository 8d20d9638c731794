"""missing-goal: neither an employment nor an education goal (SPEC §2.1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from integaudit.i18n import Message
from integaudit.rules import legal
from integaudit.rules.base import Rule, RuleContext

if TYPE_CHECKING:
    import pandas as pd


def evaluate(contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext) -> pd.DataFrame:
    """Return fail where both goals are empty, pass where one is set, and not-assessed where
    the contract's sheet has neither goal column (an absent column is not an empty value)."""
    from integaudit.rules.verdicts import present_or_fail

    has_goal = contracts["employment_goal"].notna() | contracts["education_goal"].notna()
    return present_or_fail(contracts, "goal", has_goal, "goal.none")


MISSING_GOAL = Rule(
    id="missing-goal",
    title=Message("rule.missing-goal.title"),
    short_title=Message("rule.missing-goal.short_title"),
    legal_basis=legal.rr2014("missing-goal"),
    explanation=Message("rule.missing-goal.explanation"),
    evaluate=evaluate,
    baseline=0.65,
    needs=("goal",),
    details=("goal.none",),
)
