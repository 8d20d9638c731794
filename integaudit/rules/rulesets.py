"""The rulesets: a plain list of rules each (DESIGN §2)."""

from __future__ import annotations

from integaudit import RULESET_NAMES
from integaudit.errors import IntegauditError, shown
from integaudit.rules.base import Rule
from integaudit.rules.follow_up import MISSED_FOLLOW_UP_3_MONTHS
from integaudit.rules.follow_up_by_situation import MISSED_FOLLOW_UP_BY_SITUATION
from integaudit.rules.goals import MISSING_GOAL, MISSING_GOAL_BEK2020
from integaudit.rules.signing import (
    LATE_SIGNING_1_MONTH,
    LATE_SIGNING_30_DAYS,
    MISSING_COORDINATOR,
    MISSING_DECLARATION,
)
from integaudit.rules.visitation import LATE_VISITATION

RULESETS: dict[str, list[Rule]] = {
    "rr2014": [MISSING_GOAL, LATE_SIGNING_30_DAYS, MISSED_FOLLOW_UP_3_MONTHS],
    "bek2020": [
        MISSING_GOAL_BEK2020,
        LATE_SIGNING_1_MONTH,
        MISSING_DECLARATION,
        MISSING_COORDINATOR,
        LATE_VISITATION,
        MISSED_FOLLOW_UP_BY_SITUATION,
    ],
}
# The contracts behind each ruleset's baseline rates: Rigsrevisionen reviewed 109 contracts
# from 56 municipalities (beretning nr. 8/2014).
BASELINE_CONTRACTS = {"rr2014": 109}


def get_ruleset(name: str) -> list[Rule]:
    """Return the rules of a ruleset; raise IntegauditError for an unknown name."""
    if name not in RULESETS:
        raise IntegauditError(
            key="unknown-ruleset", value=shown(name), available=", ".join(RULESET_NAMES)
        )
    return RULESETS[name]
