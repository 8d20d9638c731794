"""late-signing under bek2020: the contract entered within one calendar month of the takeover
(SPEC §2.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from integaudit.i18n import Message
from integaudit.rules import legal
from integaudit.rules.base import Rule, RuleContext

if TYPE_CHECKING:
    import pandas as pd


def evaluate(contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext) -> pd.DataFrame:
    """Return late-signing's verdict with a deadline of one calendar month (signing.deadline)."""
    from integaudit.rules.signing.deadline import late_signing

    return late_signing(contracts, follow_ups, ctx, months=1)


def deadline(
    contracts: pd.DataFrame,
    follow_ups: pd.DataFrame,
    ctx: RuleContext,
    status: pd.Series | None = None,
) -> pd.DataFrame:
    """Return the signing deadline still open per contract, one calendar month after the
    takeover."""
    from integaudit.rules.signing.deadline import next_signing

    return next_signing(contracts, follow_ups, ctx, status, months=1)


LATE_SIGNING_1_MONTH = Rule(
    id="late-signing",
    title=Message("rule.late-signing.bek2020.title"),
    short_title=Message("rule.late-signing.short_title"),
    legal_basis=legal.bek2020("late-signing"),
    explanation=Message(
        "rule.late-signing.bek2020.explanation",
        common=Message("rule.late-signing.explanation.common"),
    ),
    evaluate=evaluate,
    deadline=deadline,
    needs=("responsibility_date", "signed_date"),
    details=(
        "signing.signed-after",
        "signing.signed-after-suspended",
        "signing.signed-after-suspensions",
        "signing.not-signed",
    ),
    steps=("sign",),
)
