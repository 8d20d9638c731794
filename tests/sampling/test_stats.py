"""Attribute-sampling plans and evaluation (issue: audit sampling; AICPA tables, jfa)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats
from typer.testing import CliRunner

from integaudit.cli import app
from integaudit.sampling import stats


def cli_json(*args: str) -> dict:
    result = CliRunner().invoke(app, [*args, "--json", "-"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--tolerable", "5%", "--expected", "0%", "--likelihood", "binomial"], 59),
        (["--tolerable", "5%", "--expected", "0%", "--likelihood", "poisson"], 60),
        (["--tolerable", "5%", "--likelihood", "hypergeometric", "--population", "1000"], 57),
        (["--tolerable", "5%", "--expected", "1%", "--likelihood", "binomial"], 93),
        (["--tolerable", "3%", "--expected", "0", "--likelihood", "binomial"], 99),
    ],
    ids=["binomial-5-0", "poisson-5-0", "hypergeometric-5-0-N1000", "aicpa-5-1", "binomial-3-0"],
)
def test_plan_reference_values(args, expected):
    document = cli_json("plan", *args, "--confidence", "95%")
    assert document["sample_size"] == expected
    assert set(document) == {
        "schema_version", "kind", "sample_size", "tolerable_deviations", "likelihood",
        "confidence", "tolerable_rate", "expected_rate",
    }  # fmt: skip


def test_plan_aicpa_5_1_tolerates_one_deviation():
    assert cli_json("plan", "--tolerable", "5%", "--expected", "1%")["tolerable_deviations"] == 1


def test_evaluate_reference_poisson_n100_k1_upper_bound_4_74():
    document = cli_json("evaluate", "--n", "100", "--k", "1", "--likelihood", "poisson")
    assert round(document["upper_bound"] * 100, 2) == 4.74
    assert document["estimate"] == 0.01
    assert document["projected_deviations"] is None and document["conclusion"] is None


def test_evaluate_projection_and_conclusion():
    document = cli_json(
        "evaluate", "--n", "100", "--k", "1", "--population", "2000", "--tolerable", "5%"
    )
    assert document["projected_deviations"] == pytest.approx(20.0)
    assert document["conclusion"] == "below-tolerable"
    document = cli_json(
        "evaluate", "--n", "100", "--k", "3", "--population", "2000", "--tolerable", "5%"
    )
    assert document["conclusion"] == "not-below-tolerable"


def test_evaluate_binomial_matches_clopper_pearson():
    document = cli_json("evaluate", "--n", "50", "--k", "4", "--confidence", "90%")
    assert document["upper_bound"] == pytest.approx(scipy_stats.beta.ppf(0.90, 5, 46))
    low, high = document["interval"]
    assert low == pytest.approx(scipy_stats.beta.ppf(0.05, 4, 47))
    assert high == pytest.approx(scipy_stats.beta.ppf(0.95, 5, 46))


@pytest.mark.parametrize("likelihood", stats.LIKELIHOODS)
@pytest.mark.parametrize(("tolerable", "expected"), [(0.05, 0.0), (0.05, 0.01), (0.1, 0.02)])
def test_plan_is_minimal_n_minus_1_fails_the_criterion(likelihood, tolerable, expected):
    population = 5000 if likelihood == "hypergeometric" else None
    result = stats.plan(tolerable, 0.95, likelihood, expected, population=population)
    n = result.sample_size - 1
    k = expected * n if likelihood == "poisson" else math.ceil(expected * n - 1e-12)
    bound = stats.upper_bound(n, k, 0.95, likelihood, population)
    assert bound >= tolerable or (likelihood == "hypergeometric" and bound >= tolerable - 1e-9)
    bound_at_n = stats.upper_bound(
        result.sample_size, result.tolerable_deviations, 0.95, likelihood, population
    )
    assert bound_at_n <= tolerable + 1e-12


@settings(max_examples=40, deadline=None)
@given(n=st.integers(5, 400), k=st.integers(0, 20))
def test_upper_bound_is_monotone_in_k_and_n(n, k):
    k = min(k, n - 1)
    for likelihood in ("binomial", "poisson"):
        bound = stats.upper_bound(n, k, 0.95, likelihood)
        assert stats.upper_bound(n, k + 1, 0.95, likelihood) >= bound
        assert stats.upper_bound(n + 10, k, 0.95, likelihood) <= bound


def test_hypergeometric_plan_approaches_binomial_as_population_grows():
    binomial = stats.plan(0.05, 0.95, "binomial", 0.01).sample_size
    sizes = [
        stats.plan(0.05, 0.95, "hypergeometric", 0.01, population=n).sample_size
        for n in (500, 5_000, 50_000, 500_000)
    ]
    assert sizes == sorted(sizes)
    assert sizes[-1] == binomial


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--tolerable", "abc"],
        ["plan", "--tolerable", "5%", "--likelihood", "hypergeometric"],
        ["plan", "--tolerable", "5%", "--expected", "1%", "--expected-errors", "1"],
        ["evaluate", "--n", "10", "--k", "11"],
    ],
)
def test_bad_sampling_options_exit_2_without_traceback(args):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# Projection of a stratified sample.


def test_project_with_one_stratum_is_the_plain_evaluation():
    projected = stats.project([(1000, 100, 1)], 0.95, "poisson")
    plain = stats.evaluate(100, 1, 0.95, "poisson", population=1000)
    assert projected.upper_bound == pytest.approx(plain.upper_bound)
    assert projected.upper_bound == pytest.approx(0.0474, abs=1e-4)
    assert projected.projected_deviations == pytest.approx(10.0)


def test_project_under_proportional_allocation_has_the_full_effective_size():
    projected = stats.project([(200, 20, 2), (300, 30, 0), (500, 50, 5)], 0.95, "binomial")
    assert projected.effective_n == pytest.approx(100)
    assert projected.estimate == pytest.approx(7 / 100)
    assert projected.upper_bound == pytest.approx(stats.upper_bound(100, 7, 0.95, "binomial"))


def test_project_leaves_out_strata_without_reviewed_items():
    projected = stats.project([(200, 20, 2), (300, 0, 0)], 0.95, "binomial")
    assert projected.covered_population == 200 and projected.population == 500
    assert projected.projected_deviations == pytest.approx(20.0)
    assert stats.project([(10, 0, 0)], 0.95, "binomial").estimate is None
