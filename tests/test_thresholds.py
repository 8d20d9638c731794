"""Rate options and --fail-above (integaudit.audit.thresholds): one rule for every rate option."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.paths import RR2014 as SAMPLE

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow


def plan_json(run_cli: Callable, *args: str) -> dict:
    result = run_cli("plan", *args, "--json", "-")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("value", ["5", "5%", "5 %", "5,0", "5.0%", " 5,0 % "])
def test_a_rate_is_a_percentage_with_or_without_the_sign(run_cli, value):
    plan = plan_json(run_cli, "--tolerable", value, "--expected", "1", "--confidence", "95")
    assert plan["tolerable_rate"] == pytest.approx(0.05)
    assert plan["expected_rate"] == pytest.approx(0.01)
    assert plan["confidence"] == pytest.approx(0.95)
    assert plan["sample_size"] == 93


def test_half_a_percent_is_half_a_percent_and_one_is_one_percent(run_cli):
    assert plan_json(run_cli, "--tolerable", "0.5")["tolerable_rate"] == pytest.approx(0.005)
    assert plan_json(run_cli, "--tolerable", "0,5")["tolerable_rate"] == pytest.approx(0.005)
    assert plan_json(run_cli, "--tolerable", "1")["tolerable_rate"] == pytest.approx(0.01)
    # 0 % expected deviations is the plan of AICPA's first table: allowed, unlike 0 elsewhere.
    assert plan_json(run_cli, "--tolerable", "5", "--expected", "0")["sample_size"] == 59
    shown = run_cli("plan", "--tolerable", "0,25", "--confidence", "97,5")
    assert shown.exit_code == 0 and "97,5 % sikkerhed, tolerabel 0,25 %" in shown.flat
    evaluated = run_cli("evaluate", "--n", "100", "--k", "0", "--tolerable", "0.5", "--json", "-")
    assert json.loads(evaluated.stdout)["conclusion"] == "not-below-tolerable"
    evaluated = run_cli("evaluate", "--n", "100", "--k", "0", "--tolerable", "5", "--json", "-")
    assert json.loads(evaluated.stdout)["conclusion"] == "below-tolerable"


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("plan", "--tolerable", "0"), "--tolerable"),
        (("plan", "--tolerable", "100"), "--tolerable"),
        (("plan", "--tolerable", "150%"), "--tolerable"),
        (("plan", "--tolerable", "-1"), "--tolerable"),
        (("plan", "--tolerable", "fem"), "--tolerable"),
        (("plan", "--tolerable", "nan"), "--tolerable"),
        (("plan", "--tolerable", "5", "--expected", "100"), "--expected"),
        (("plan", "--tolerable", "5", "--expected", "-1"), "--expected"),
        (("plan", "--tolerable", "5", "--confidence", "100"), "--confidence"),
        (("plan", "--tolerable", "5", "--confidence", "0"), "--confidence"),
        (("evaluate", "--n", "10", "--k", "1", "--tolerable", "0"), "--tolerable"),
        (("evaluate", "--n", "10", "--k", "1", "--confidence", "100%"), "--confidence"),
        (("check", str(SAMPLE), "--fail-above", "missing-goal=100"), "--fail-above"),
        (("check", str(SAMPLE), "--fail-above", "missing-goal=-5"), "--fail-above"),
    ],
)
def test_a_rate_outside_0_to_100_is_an_error_naming_the_option(run_cli, args, option):
    result = run_cli(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith(f"integaudit: fejl: {option}: ")
    assert result.stderr.count("\n") == 1


def test_fail_above_reads_rates_by_the_same_rule(run_cli):
    # missing-goal is 65.1 % in the sample.
    hit = run_cli("check", str(SAMPLE), "--fail-above", "missing-goal=65", "--lang", "en")
    assert hit.exit_code == 1 and "the limit is 65.0%" in hit.output
    assert run_cli("check", str(SAMPLE), "--fail-above", "missing-goal=65,2 %").exit_code == 0
    # 0: any failing contract breaks the build.
    assert run_cli("check", str(SAMPLE), "--fail-above", "missing-goal=0").exit_code == 1


def test_plan_and_evaluate_speak_danish_in_their_errors_unless_told_otherwise(run_cli):
    danish = run_cli("plan", "--tolerable", "fem")
    assert '--tolerable: ikke en procentsats: "fem"' in danish.stderr
    english = run_cli("plan", "--tolerable", "fem", "--lang", "en")
    assert '--tolerable: not a percentage: "fem"' in english.stderr
    assert "--k kan ikke være større end --n" in run_cli("evaluate", "--n", "1", "--k", "2").stderr
    assert (
        "kræver --population"
        in run_cli("plan", "--tolerable", "5", "--likelihood", "hypergeometric").stderr
    )
