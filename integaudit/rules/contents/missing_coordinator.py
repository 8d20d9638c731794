"""missing-coordinator: the contract names the unit that coordinates the effort (SPEC §2.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from integaudit.i18n import Message
from integaudit.rules import legal
from integaudit.rules.base import Rule, RuleContext

if TYPE_CHECKING:
    import pandas as pd


def evaluate(contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext) -> pd.DataFrame:
    """Return fail when the coordinating unit is empty (placeholders count as empty), pass
    when it is named, and not-assessed when the column is absent."""
    from integaudit.rules.verdicts import present_or_fail

    named = contracts["coordinating_unit"].notna()
    return present_or_fail(contracts, "coordinating_unit", named, "coordinator.missing")


MISSING_COORDINATOR = Rule(
    id="missing-coordinator",
    title=Message("rule.missing-coordinator.title"),
    short_title=Message("rule.missing-coordinator.short_title"),
    legal_basis=legal.bek2020("missing-coordinator"),
    explanation=Message("rule.missing-coordinator.explanation"),
    evaluate=evaluate,
    needs=("coordinating_unit",),
    details=("coordinator.missing",),
)
