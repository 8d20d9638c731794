"""Aggregation: counts, rates over pass+fail, Wilson intervals, groups, any-fail (SPEC §3)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from integaudit.audit.aggregate import aggregate
from integaudit.intervals import wilson_interval


def test_wilson_interval_matches_the_spec_example_71_of_109():
    low, high = wilson_interval(np.array([71]), np.array([109]))
    assert (round(low[0], 4), round(high[0], 4)) == (0.5581, 0.7343)


@pytest.mark.parametrize(
    ("k", "n", "expected"),
    [(0, 10, (0.0, 0.2775)), (10, 10, (0.7225, 1.0)), (5, 10, (0.2366, 0.7634))],
)
def test_wilson_interval_known_values(k, n, expected):
    low, high = wilson_interval(np.array([k]), np.array([n]))
    assert (round(low[0], 4), round(high[0], 4)) == expected


def test_wilson_interval_is_nan_when_nothing_assessed():
    low, high = wilson_interval(np.array([0]), np.array([0]))
    assert np.isnan(low[0]) and np.isnan(high[0])


def _frames():
    contracts = pd.DataFrame(
        {
            "municipality_code": ["751", "751", "101", None],
            "municipality": ["Aarhus", "Aarhus", "København", "Gotham"],
            "region_code": ["1082", "1082", "1084", None],
            "region_name": ["Region Midtjylland", "Region Midtjylland", "Region Hovedstaden", None],
        }
    )
    statuses = pd.DataFrame(
        {
            "uid": [0, 0, 1, 1, 2, 2, 3, 3],
            "rule": ["a", "b"] * 4,
            "status": [
                "fail", "pass", "pass", "not-applicable",
                "not-assessed", "not-assessed", "pass", "fail",
            ],
        }
    )  # fmt: skip
    return contracts, statuses


def test_rate_is_fail_over_pass_plus_fail_with_other_statuses_beside_it():
    contracts, statuses = _frames()
    total, _ = aggregate(contracts, statuses, ["a", "b"], "none")
    assert total["rules"]["a"] == {
        "pass": 2,
        "fail": 1,
        "not_applicable": 0,
        "not_assessed": 1,
        "rate": 0.3333,
        "ci95": [0.0615, 0.7923],
        "coverage": 0.75,
        "not_assessed_reasons": {"other": 1},
    }
    assert total["rules"]["b"]["not_applicable"] == 1
    assert total["rules"]["b"]["rate"] == 0.5


def test_any_fail_counts_contracts_with_one_failure_over_those_assessed():
    contracts, statuses = _frames()
    total, groups = aggregate(contracts, statuses, ["a", "b"], "none")
    assert total["any_fail"] == {
        "fail": 2,
        "assessed": 3,
        "rate": 0.6667,
        "rules_assessed": 2,
        "rules": 2,
    }
    assert groups == []


def test_groups_sorted_by_code_unknown_last_and_small_marked():
    contracts, statuses = _frames()
    _, groups = aggregate(contracts, statuses, ["a", "b"], "municipality")
    assert [(g["key"], g["name"], g["contracts"]) for g in groups] == [
        ("101", "København", 1),
        ("751", "Aarhus", 2),
        ("Gotham", "Gotham", 1),
    ]
    assert all(g["small"] for g in groups)
    assert groups[0]["rules"]["a"]["rate"] is None  # nothing assessed: no rate, no interval
    assert groups[0]["rules"]["a"]["ci95"] is None


def test_group_by_region():
    contracts, statuses = _frames()
    _, groups = aggregate(contracts, statuses, ["a", "b"], "region")
    assert [g["key"] for g in groups] == ["1082", "1084", "?"]
    assert groups[0]["name"] == "Region Midtjylland"
    assert groups[0]["rules"]["a"]["fail"] == 1


def test_the_baseline_comparison_is_made_once_with_its_contract_count():
    """The difference from Rigsrevisionen's rates is computed in the aggregate, not in each
    renderer, and the 109 contracts come from the ruleset's metadata."""
    from integaudit.audit.aggregate import baseline

    total = {"rules": {"a": {"rate": 0.6514}, "b": {"rate": None}}}
    found = baseline(total, {"a": 0.65, "b": 0.25}, 109)
    assert found.contracts == 109
    assert round(found.difference_pp["a"], 2) == 0.14
    assert found.difference_pp["b"] is None
