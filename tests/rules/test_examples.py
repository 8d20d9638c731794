"""Every rule's worked examples run: each is a one-contract extract read and audited through
the same code path as `integaudit check`, and gives the status and detail it states."""

from __future__ import annotations

from pathlib import Path

import pytest

from integaudit.api.examples import run
from integaudit.rules.examples import describe, examples
from integaudit.rules.rulesets import RULESETS
from tests.conftest import run_cli_in

CASES = [
    pytest.param(name, rule.id, i, example, id=f"{name}-{rule.id}-{i + 1}")
    for name, rules in RULESETS.items()
    for rule in rules
    for i, example in enumerate(examples(name, rule.id))
]


@pytest.mark.parametrize(("ruleset", "rule_id", "number", "example"), CASES)
def test_example_gives_the_status_and_detail_it_states(ruleset, rule_id, number, example):
    found = run(ruleset, rule_id, example)
    assert found["status"] == example.status, (example.says["en"], found)
    if example.detail is not None:
        assert found["detail"] == example.detail, example.says["en"]


@pytest.mark.parametrize(
    ("ruleset", "rule_id"),
    [(name, rule.id) for name, rules in RULESETS.items() for rule in rules],
)
def test_every_rule_has_a_pass_a_fail_and_a_case_it_does_not_count(ruleset, rule_id):
    statuses = {e.status for e in examples(ruleset, rule_id)}
    assert {"pass", "fail"} <= statuses
    assert statuses & {"not-applicable", "not-assessed"}


def test_an_example_naming_no_column_runs_without_it():
    """An absent column is not an empty value: the goal example without goal columns is not
    assessed, the one with empty cells fails."""
    by_status = {e.status: e for e in examples("rr2014", "missing-goal")}
    assert "employment_goal" not in by_status["not-assessed"].contract
    assert by_status["not-assessed"].absent == ("employment_goal", "education_goal")


def test_rules_id_shows_its_examples_in_both_languages(tmp_path: Path):
    da = run_cli_in(tmp_path, "rules", "late-visitation")
    assert da.exit_code == 0, da.output
    assert "Visiteret 1. marts er for sent" in da.flat
    assert "→ brud (visiteret 2021-03-01, frist 2021-02-28)" in da.flat
    en = run_cli_in(tmp_path, "rules", "late-visitation", "--lang", "en")
    assert "→ fail (visitated 2021-03-01, deadline 2021-02-28)" in en.flat
    line = describe(examples("bek2020", "late-visitation")[-1], "en")
    assert "Visitationsdato: no column" in line
