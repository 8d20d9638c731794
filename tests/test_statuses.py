"""The long statuses frame (``audit.run.evaluate``) and the work list's order (``audit.due``)
against plain reference assemblies: the frame is put together a column at a time from lean
verdicts (columns a rule leaves empty are made again), and the work list is sorted on its
keys alone, so both are compared with the obvious way of doing it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from integaudit import ingest
from integaudit.audit import due
from integaudit.audit import run as audit
from integaudit.audit.aggregate import group_sort_key
from integaudit.model import Extract
from integaudit.privacy.pseudonyms import Pseudonymiser
from integaudit.rules.base import RuleContext
from integaudit.rules.rulesets import get_ruleset
from tests.paths import SAMPLES

AS_OF = dt.date(2024, 6, 30)


@pytest.fixture(scope="module")
def extracts() -> dict[str, Extract]:
    """Return the extract of each bundled sample, read on AS_OF."""
    options = ingest.LoadOptions(as_of=AS_OF, pseudonymiser=Pseudonymiser(b"k", stable=True))
    return {name: ingest.load([SAMPLES / name], options) for name in ("bek2020", "rr2014")}


def reference_statuses(extract: Extract, ruleset: str, ctx: RuleContext) -> pd.DataFrame:
    """Return every rule's whole verdict, one under the other, sorted by contract then rule.
    Each column is the verdicts' columns put one under the other (a frame's concat would
    leave all-missing columns out of the dtype under pandas 2, a Series' does not)."""
    rules = get_ruleset(ruleset)
    verdicts = [rule.evaluate(extract.contracts, extract.follow_ups, ctx) for rule in rules]
    whole = pd.DataFrame(
        {
            "uid": pd.concat([v.index.to_series() for v in verdicts], ignore_index=True),
            "rule": pd.Series(
                [r.id for r, v in zip(rules, verdicts, strict=True) for _ in v.index]
            ),
            "_order": [i for i, v in enumerate(verdicts) for _ in v.index],
            **{
                name: pd.concat([v[name] for v in verdicts], ignore_index=True)
                for name in audit.STATUS_COLUMNS[2:]
            },
        }
    )
    whole = whole.sort_values(["uid", "_order"], kind="stable").reset_index(drop=True)
    whole["uid"] = whole["uid"].astype("int64")
    whole["rule"] = whole["rule"].astype("str")
    return whole[audit.STATUS_COLUMNS]


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the frame's cells as their repr: None and NaN, NaT and <NA> stay apart."""
    return frame.astype(object).map(repr)


@pytest.mark.parametrize(("sample", "ruleset"), [("bek2020", "bek2020"), ("rr2014", "rr2014")])
def test_the_statuses_are_every_rules_verdict_in_contract_then_rule_order(
    extracts: dict[str, Extract], sample: str, ruleset: str
) -> None:
    ctx = RuleContext(as_of=AS_OF)
    extract = extracts[sample]
    got = audit.evaluate(extract, get_ruleset(ruleset), ctx)
    expected = reference_statuses(extract, ruleset, ctx)
    # The samples have columns some rules fill and others leave empty: both kinds are made.
    verdicts = [
        r.evaluate(extract.contracts, extract.follow_ups, ctx) for r in get_ruleset(ruleset)
    ]
    empty_somewhere = {c for v in verdicts for c in v.columns if v[c].isna().all()}
    filled_somewhere = {c for v in verdicts for c in v.columns if v[c].notna().any()}
    assert empty_somewhere & filled_somewhere
    pd.testing.assert_frame_equal(got, expected)
    assert shown(got).equals(shown(expected))


def test_the_work_list_is_sorted_by_deadline_group_contract_and_rule(
    extracts: dict[str, Extract],
) -> None:
    extract = extracts["bek2020"]
    contracts = extract.contracts.copy()
    # A municipality named but not known is grouped under its name, after the codes; codes
    # sort by number ("99" before "101"), and "0101" and "101" sort alike.
    contracts.loc[contracts.index[::3], ["municipality_code", "municipality"]] = [None, "Ukendt"]
    for step, code in ((5, "99"), (7, "101"), (11, "0101")):
        contracts.loc[contracts.index[1::step], "municipality_code"] = code
    extract = Extract(contracts, extract.follow_ups, [], [], not_held=extract.not_held)
    work = due.run(extract, "bek2020", AS_OF, within_days=3650)
    items = work.items
    assert len(items) > 20 and {"99", "101", "0101", "Ukendt"} <= set(items["group_key"])
    assert items["deadline"].isna().any() and items["deadline"].notna().any()
    order = {rule: i for i, rule in enumerate(work.audit.rule_ids)}
    records = items.to_dict("records")
    expected = sorted(
        records,
        key=lambda r: (
            pd.isna(r["deadline"]),
            pd.Timestamp.max if pd.isna(r["deadline"]) else r["deadline"],
            group_sort_key(r["group_key"]),
            r["contract_id"],
            order[r["rule"]],
        ),
    )
    assert [(r["uid"], r["rule"]) for r in records] == [(r["uid"], r["rule"]) for r in expected]
    # Each item carries its own contract's id, municipality and pseudonym.
    own = contracts.loc[items["uid"], ["contract_id", "municipality", "person"]]
    assert own.reset_index(drop=True).equals(
        items[["contract_id", "municipality", "person"]].reset_index(drop=True)
    )
