"""missing-goal: neither an employment nor an education goal (SPEC §2.1)."""

from __future__ import annotations

import pandas as pd

from integaudit.model import Status
from integaudit.rules.base import Rule, RuleContext, absent, reasons, result, verdicts


def evaluate_missing_goal(
    contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext
) -> pd.DataFrame:
    """Return fail where both goals are empty, pass where one is set, and not-assessed where
    the contract's sheet has neither goal column (an absent column is not an empty value)."""
    unknown, reason = reasons(contracts.index, [absent(contracts, "goal")])
    has_goal = contracts["employment_goal"].notna() | contracts["education_goal"].notna()
    status = verdicts(
        contracts.index,
        [
            (unknown, Status.NOT_ASSESSED),
            (has_goal, Status.PASS),
            (~has_goal, Status.FAIL),
        ],
    )
    failing = status.eq(Status.FAIL.value)
    en = pd.Series(None, index=contracts.index, dtype=object).mask(
        failing, "neither employment nor education goal"
    )
    da = pd.Series(None, index=contracts.index, dtype=object).mask(
        failing, "hverken beskæftigelses- eller uddannelsesmål"
    )
    return result(status, en, da, reason)


MISSING_GOAL = Rule(
    id="missing-goal",
    title={
        "da": "Hverken beskæftigelses- eller uddannelsesmål",
        "en": "Neither employment nor education goal",
    },
    short_title={"da": "Mangler mål", "en": "No goal"},
    legal_basis={
        "da": "Integrationsloven § 19, stk. 2 (2014); bek. nr. 1307 af 7/9 2020",
        "en": "Integration Act s. 19(2) (2014); Executive Order no. 1307 of 7/9 2020",
    },
    explanation={
        "da": (
            "Kontrakten skal fastlægge borgerens beskæftigelses- eller uddannelsesmål. "
            "Kontrakten fejler, når begge mål er tomme eller kun udfyldt med en pladsholder "
            "som '-', 'ingen' eller 'ikke angivet'. Har udtrækket ingen af de to kolonner, "
            "vurderes reglen ikke (en manglende kolonne er ikke en tom værdi)."
        ),
        "en": (
            "The contract must set the person's employment or education goal. The contract "
            "fails when both goals are empty or hold only a placeholder such as '-', 'ingen' "
            "or 'ikke angivet'. When the extract has neither column the rule is not assessed "
            "(an absent column is not an empty value)."
        ),
    },
    example={
        "da": (
            "Beskæftigelsesmål 'ingen', uddannelsesmål tomt → fejl. "
            "Beskæftigelsesmål 'Job som buschauffør', uddannelsesmål tomt → bestået."
        ),
        "en": (
            "Employment goal 'ingen', education goal empty → fail. "
            "Employment goal 'Job as a bus driver', education goal empty → pass."
        ),
    },
    evaluate=evaluate_missing_goal,
    baseline=0.65,
    needs=("goal",),
)
