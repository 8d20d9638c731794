"""The per-contract rows the renderers share (render.rows): the statuses read row by row
give the table a pivot gives, whatever the shape of the statuses frame."""

from __future__ import annotations

import pandas as pd
import pytest

from integaudit.model import Audit
from integaudit.render.rows import _wide
from tests.render.audits import sample_audit


@pytest.fixture(scope="module")
def bek2020() -> Audit:
    return sample_audit("bek2020")


def _pivot(statuses: pd.DataFrame, rule_ids: list[str]) -> pd.DataFrame:
    return statuses.pivot(index="uid", columns="rule", values="status").reindex(columns=rule_ids)


def test_the_statuses_read_row_by_row_are_the_pivot(bek2020: Audit) -> None:
    statuses, rules = bek2020.statuses, bek2020.rule_ids
    wide = _wide(statuses, rules)
    pd.testing.assert_frame_equal(wide, _pivot(statuses, rules))


@pytest.mark.parametrize("change", ["a row missing", "rows out of order", "rules swapped"])
def test_statuses_of_another_shape_are_pivoted(bek2020: Audit, change: str) -> None:
    statuses, rules = bek2020.statuses, bek2020.rule_ids
    if change == "a row missing":
        statuses = statuses.drop(index=len(rules) + 1)
    elif change == "rows out of order":
        statuses = statuses.iloc[::-1]
    else:
        rules = [rules[1], rules[0], *rules[2:]]
    wide = _wide(statuses, rules).reindex(columns=rules)
    pd.testing.assert_frame_equal(wide, _pivot(statuses, rules))
