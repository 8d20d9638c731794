"""The rule catalogue as `integaudit rules` lists it, without loading the rules' code."""

from __future__ import annotations

from typing import Any

from integaudit import SCHEMA_VERSION
from integaudit.errors import IntegauditError, shown
from integaudit.i18n import LANGS
from integaudit.rules.cards import CARDS, RuleCard


def rule_cards(ruleset: str | None = None) -> dict[str, list[RuleCard]]:
    """Return the rule cards of every ruleset, or of ``ruleset`` only; raise IntegauditError
    when it is not a known ruleset."""
    wanted = None if ruleset is None else ruleset.strip().lower()
    if wanted is not None and wanted not in CARDS:
        raise IntegauditError(
            key="unknown-ruleset", value=shown(ruleset), available=", ".join(CARDS)
        )
    return {name: cards for name, cards in CARDS.items() if wanted in (None, name)}


def rules_document(ruleset: str | None = None) -> dict[str, Any]:
    """Return the rule catalogue as the JSON of `integaudit rules --json`: per ruleset its
    rules with id and, in Danish and English, title, short title, legal basis and
    explanation."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "rules",
        "rulesets": {
            name: [
                {
                    "id": card.id,
                    **{
                        part: {lang: getattr(card, part)[lang] for lang in LANGS}
                        for part in ("title", "short_title", "legal_basis", "explanation")
                    },
                }
                for card in cards
            ]
            for name, cards in rule_cards(ruleset).items()
        },
    }
