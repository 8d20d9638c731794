"""The rule catalogue as `integaudit rules` lists it: the rules' own metadata, read without
loading pandas (a rule imports its vectorised code when it is evaluated, rules.base)."""

from __future__ import annotations

from typing import Any

from integaudit import SCHEMA_VERSION
from integaudit.errors import IntegauditError, shown
from integaudit.i18n import LANGS
from integaudit.rules.base import Rule
from integaudit.rules.rulesets import RULESETS


def rule_cards(ruleset: str | None = None) -> dict[str, list[Rule]]:
    """Return the rules of every ruleset, or of ``ruleset`` only; raise IntegauditError
    when it is not a known ruleset."""
    wanted = None if ruleset is None else ruleset.strip().lower()
    if wanted is not None and wanted not in RULESETS:
        raise IntegauditError(
            key="unknown-ruleset", value=shown(ruleset), available=", ".join(RULESETS)
        )
    return {name: rules for name, rules in RULESETS.items() if wanted in (None, name)}


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
                    "id": rule.id,
                    **{
                        part: {lang: getattr(rule, part)[lang] for lang in LANGS}
                        for part in ("title", "short_title", "legal_basis", "explanation")
                    },
                }
                for rule in rules
            ]
            for name, rules in rule_cards(ruleset).items()
        },
    }
