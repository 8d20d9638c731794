"""missing-declaration: the declaration of residence and self-support is signed with the
contract (SPEC §2.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from integaudit.i18n import Message
from integaudit.model import Status
from integaudit.rules import legal
from integaudit.rules.base import Rule, RuleContext

if TYPE_CHECKING:
    import pandas as pd

# The days between the signing and the declaration that still count as "with the contract".
DECLARATION_DAYS = 7


def evaluate(contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext) -> pd.DataFrame:
    """Return fail when a signed contract has no declaration or one more than 7 days from
    signing, pass within 7 days, not-applicable when unsigned, and not-assessed when the
    column is absent or a needed date is unreadable."""
    from integaudit.rules.details import Details
    from integaudit.rules.verdicts import absent, reasons, result, unreadable, verdicts

    signed, declared = contracts["signed_date"], contracts["declaration_date"]
    unknown, reason = reasons(
        contracts.index,
        [absent(contracts, "signed_date"), unreadable(contracts, "signed_date")],
    )
    # An unsigned contract owes no declaration yet, whatever the declaration column holds
    # (or whether the extract has one).
    unsigned = ~unknown & signed.isna()
    declaration_unknown, declaration_reason = reasons(
        contracts.index,
        [absent(contracts, "declaration_date"), unreadable(contracts, "declaration_date")],
    )
    reason = reason.where(unknown, declaration_reason)
    apart = (declared - signed).dt.days.abs()
    status = verdicts(
        contracts.index,
        [
            (unknown, Status.NOT_ASSESSED),
            (unsigned, Status.NOT_APPLICABLE),
            (declaration_unknown, Status.NOT_ASSESSED),
            (declared.isna(), Status.FAIL),
            (apart > DECLARATION_DAYS, Status.FAIL),
            (apart <= DECLARATION_DAYS, Status.PASS),
        ],
    )
    failing = status.eq(Status.FAIL.value)
    missing = failing & declared.isna()
    late = failing & declared.notna()
    details = Details(contracts.index).set(missing, "declaration.missing")
    details.set(late, "declaration.late", days=apart)
    return result(status, details, reason)


MISSING_DECLARATION = Rule(
    id="missing-declaration",
    title=Message("rule.missing-declaration.title"),
    short_title=Message("rule.missing-declaration.short_title"),
    legal_basis=legal.bek2020("missing-declaration", act=False),
    explanation=Message("rule.missing-declaration.explanation"),
    evaluate=evaluate,
    needs=("signed_date", "declaration_date"),
    details=("declaration.missing", "declaration.late"),
)
