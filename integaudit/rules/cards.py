"""Each ruleset's rules as `integaudit rules` lists them: id, titles, legal basis and
explanation, without the rules' code, so listing them loads no pandas (the start-up of a CI
job that only asks what the rules are). tests/rules/test_cards.py holds them equal to the
metadata of the rules themselves (rules.rulesets)."""

from __future__ import annotations

from dataclasses import dataclass

from integaudit.i18n import Message
from integaudit.rules import legal


@dataclass(frozen=True)
class RuleCard:
    """A rule's metadata: what `integaudit rules` shows of it."""

    id: str
    title: Message
    short_title: Message
    legal_basis: Message
    explanation: Message


def _card(rule_id: str, ruleset: str | None, basis: Message, **explained: Message) -> RuleCard:
    """Return the card of a rule whose title and explanation are ``rule.<id>[.<ruleset>].*``
    (the ruleset part when the rulesets word them differently)."""
    own = f"rule.{rule_id}.{ruleset}" if ruleset else f"rule.{rule_id}"
    return RuleCard(
        id=rule_id,
        title=Message(f"{own}.title"),
        short_title=Message(f"rule.{rule_id}.short_title"),
        legal_basis=basis,
        explanation=Message(f"{own}.explanation", **explained),
    )


_SIGNING = {"common": Message("rule.late-signing.explanation.common")}

CARDS: dict[str, list[RuleCard]] = {
    "rr2014": [
        _card("missing-goal", None, legal.rr2014("missing-goal")),
        _card("late-signing", "rr2014", legal.rr2014("late-signing"), **_SIGNING),
        _card("missed-follow-up", "rr2014", legal.rr2014("missed-follow-up")),
    ],
    "bek2020": [
        _card("missing-goal", None, legal.bek2020("missing-goal")),
        _card("late-signing", "bek2020", legal.bek2020("late-signing"), **_SIGNING),
        _card("missing-declaration", None, legal.bek2020("missing-declaration", act=False)),
        _card("missing-coordinator", None, legal.bek2020("missing-coordinator")),
        _card("late-visitation", None, legal.bek2020("late-visitation")),
        _card("missed-follow-up", "bek2020", legal.bek2020("missed-follow-up")),
    ],
}
