"""The rulesets: a plain list of rules each (DESIGN §2)."""

from __future__ import annotations

from integaudit.errors import IntegauditError
from integaudit.rules.base import Rule
from integaudit.rules.follow_up import MISSED_FOLLOW_UP_3_MONTHS
from integaudit.rules.goals import MISSING_GOAL
from integaudit.rules.signing import LATE_SIGNING_30_DAYS

RULESETS: dict[str, list[Rule]] = {
    "rr2014": [MISSING_GOAL, LATE_SIGNING_30_DAYS, MISSED_FOLLOW_UP_3_MONTHS],
}
DEFAULT_RULESET = "rr2014"


def get_ruleset(name: str) -> list[Rule]:
    """Return the rules of a ruleset; raise IntegauditError for an unknown name."""
    if name not in RULESETS:
        raise IntegauditError(
            f"unknown ruleset '{name}' (available: {', '.join(sorted(RULESETS))})"
        )
    return RULESETS[name]
