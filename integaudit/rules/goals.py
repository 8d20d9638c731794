"""missing-goal: neither an employment nor an education goal (SPEC §2.1)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from integaudit.i18n import Message
from integaudit.rules import legal
from integaudit.rules.base import Rule, RuleContext, present_or_fail


def evaluate_missing_goal(
    contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext
) -> pd.DataFrame:
    """Return fail where both goals are empty, pass where one is set, and not-assessed where
    the contract's sheet has neither goal column (an absent column is not an empty value)."""
    has_goal = contracts["employment_goal"].notna() | contracts["education_goal"].notna()
    return present_or_fail(contracts, "goal", has_goal, "goal.none")


MISSING_GOAL = Rule(
    id="missing-goal",
    title=Message("rule.missing-goal.title"),
    short_title=Message("rule.missing-goal.short_title"),
    legal_basis=legal.rr2014("missing-goal"),
    explanation=Message("rule.missing-goal.explanation"),
    evaluate=evaluate_missing_goal,
    baseline=0.65,
    needs=("goal",),
)

# Today's rules: the same test, resting on integrationsloven § 19 and the executive order.
MISSING_GOAL_BEK2020 = replace(
    MISSING_GOAL,
    legal_basis=legal.bek2020("missing-goal"),
    baseline=None,
)
