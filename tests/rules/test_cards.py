"""The rule cards `integaudit rules` lists (loaded without pandas) are the rules' own
metadata: the same rules in the same order, with the same titles, legal basis and
explanation."""

from __future__ import annotations

from integaudit.rules.cards import CARDS
from integaudit.rules.rulesets import RULESETS


def test_every_ruleset_has_a_card_per_rule_in_order_with_the_rules_own_metadata():
    assert list(CARDS) == list(RULESETS)
    for name, rules in RULESETS.items():
        cards = CARDS[name]
        assert [c.id for c in cards] == [r.id for r in rules], name
        for card, rule in zip(cards, rules, strict=True):
            for attribute in ("title", "short_title", "legal_basis", "explanation"):
                assert getattr(card, attribute) == getattr(rule, attribute), (name, rule.id)
            for lang in ("da", "en"):
                assert card.explanation[lang] == rule.explanation[lang]
