"""The rulesets: a plain list of rules each (DESIGN §2), one module per rule
(``rules/<family>/<rule>.py``). Listing them loads no pandas (rules.base)."""

from __future__ import annotations

from integaudit.errors import IntegauditError, shown
from integaudit.rules.base import Rule
from integaudit.rules.contents.missing_coordinator import MISSING_COORDINATOR
from integaudit.rules.contents.missing_goal import MISSING_GOAL
from integaudit.rules.contents.missing_goal_bek2020 import MISSING_GOAL_BEK2020
from integaudit.rules.follow_up.missed_follow_up_3_months import MISSED_FOLLOW_UP_3_MONTHS
from integaudit.rules.follow_up.missed_follow_up_by_situation import (
    MISSED_FOLLOW_UP_BY_SITUATION,
)
from integaudit.rules.signing.late_signing_1_month import LATE_SIGNING_1_MONTH
from integaudit.rules.signing.late_signing_30_days import LATE_SIGNING_30_DAYS
from integaudit.rules.signing.missing_declaration import MISSING_DECLARATION
from integaudit.rules.visitation.late_visitation import LATE_VISITATION

# The names are config.RULESET_NAMES, in its order (tests/test_one_source.py).
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
            key="unknown-ruleset", value=shown(name), available=", ".join(RULESETS)
        )
    return RULESETS[name]
