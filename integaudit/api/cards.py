"""The rule catalogue as `integaudit rules` lists it, without loading the rules' code."""

from __future__ import annotations

from integaudit.errors import IntegauditError, shown
from integaudit.rules.cards import CARDS, RuleCard


def rule_cards(ruleset: str | None = None) -> dict[str, list[RuleCard]]:
    """Return the rule cards of every ruleset, or of ``ruleset`` only; raise IntegauditError
    when it is not a known ruleset."""
    if ruleset is not None and ruleset not in CARDS:
        raise IntegauditError(
            key="unknown-ruleset", value=shown(ruleset), available=", ".join(CARDS)
        )
    return {name: cards for name, cards in CARDS.items() if ruleset in (None, name)}
