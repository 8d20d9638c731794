"""missing-goal under today's rules: the same test, resting on integrationsloven § 19 and the
executive order (SPEC §2.2)."""

from __future__ import annotations

from dataclasses import replace

from integaudit.rules import legal
from integaudit.rules.contents import missing_goal

MISSING_GOAL_BEK2020 = replace(
    missing_goal.MISSING_GOAL,
    legal_basis=legal.bek2020("missing-goal"),
    baseline=None,
)
