"""The property that ties ``due`` to ``check`` (issue 15), over generated contracts of both
rulesets with suspension windows:

if ``due`` at date A lists a deadline D ≥ A (state *due*) for a contract and rule, then the
rule's status at D with the same data is not *fail*, at D + 1 day with no new data it is
*fail*, and with what ``due`` says is needed added on D (a signature, a visitation, a
follow-up, or the missing follow-ups on distinct days up to D) it is *pass* or
*not-applicable* at D + 1.

Also: every *overdue* and *to-fix* item is a contract and rule that ``check`` fails at A,
every failing contract of a rule without a deadline is *to fix*, and a follow-up step is
listed only for a contract that is entered, with a deadline after the day it was entered
(SPEC §2.2: a deadline on or before it was never due).

The contracts are those of the differential test (``tests/rules/test_differential.py``:
boundary-heavy dates, unreadable and empty values, absent columns, every situation), written
as csv and read with ``ingest.load`` at A. Dates after A are removed from them first: ``check``
ignores a date after its audit date, so such a date would be *new data* at D. With every date
on or before A, the extract read at A is the extract read at D, so the statuses at D and D + 1
are the rules applied by ``audit.evaluate`` (the one place ``check`` applies them) to that
extract on those dates.

The examples are drawn first and audited together: the batches of one audit date and one set
of windows are one extract (``test_differential.together``), ``due`` runs once over it per
ruleset, and each deadline is evaluated once over the whole extract for the rules that have
items due on it. The deadlines checked are those each example would have had alone.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import fields, replace
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from integaudit import ingest
from integaudit.audit import due
from integaudit.audit import run as audit
from integaudit.config import file as config
from integaudit.model import Extract, Status
from integaudit.privacy.pseudonyms import Pseudonymiser
from integaudit.rules.base import Rule, RuleContext
from integaudit.rules.rulesets import get_ruleset
from tests.helpers import derandomised
from tests.rules.reference import Contract
from tests.rules.test_differential import Batch, batches, together, write_batch

# Hypothesis at full size, each example some sixty rule evaluations: left out of make test-fast.
pytestmark = pytest.mark.slow

# Distinct deadlines checked per example and ruleset (each costs three evaluations).
DEADLINES_PER_EXAMPLE = 10
ONE_DAY = pd.Timedelta(days=1)
FAIL = Status.FAIL.value
SETTLED = (Status.PASS.value, Status.NOT_APPLICABLE.value)


def settle(item: Contract, as_of: dt.date) -> Contract:
    """Return the contract without the dates after ``as_of`` (emptied; such follow-ups
    dropped)."""
    changes: dict[str, object] = {}
    for f in fields(item):
        value = getattr(item, f.name)
        if isinstance(value, dt.date) and value > as_of:
            changes[f.name] = None
    changes["follow_ups"] = tuple(
        f for f in item.follow_ups if not (isinstance(f, dt.date) and f > as_of)
    )
    return replace(item, **changes)


def read(folder: Path, as_of: dt.date) -> Extract:
    """Return the extract in ``folder`` as ``check`` reads it on ``as_of``."""
    options = ingest.LoadOptions(as_of=as_of, pseudonymiser=Pseudonymiser(b"k", stable=True))
    return ingest.load([folder], options)


def statuses(extract: Extract, rules: list[Rule], on: pd.Timestamp, windows) -> pd.Series:
    """Return the status per (uid, rule) of ``rules`` applied to ``extract`` on ``on`` (a
    rule's statuses do not depend on which other rules run beside it)."""
    ctx = RuleContext(as_of=on.date(), suspensions=windows)
    frame = audit.evaluate(extract, rules, ctx)
    return frame.set_index(["uid", "rule"])["status"]


def with_needed(extract: Extract, items: pd.DataFrame) -> tuple[Extract, set[int]]:
    """Return the extract with what each item needs added on its deadline, and the items
    (by position) for which there is no room: fewer free days from when the step counts up
    to the deadline than follow-ups needed."""
    contracts = extract.contracts.copy()
    added = []
    no_room = set()
    known = extract.follow_ups.groupby("uid")["follow_up_date"].agg(set).to_dict()
    for position, item in enumerate(items.to_dict("records")):
        deadline, uid = item["deadline"], item["uid"]
        if item["need"] == "sign":
            contracts.loc[uid, "signed_date"] = deadline
        elif item["need"] == "visitation":
            contracts.loc[uid, "visitation_date"] = deadline
        else:
            taken = known.get(uid, set())
            first = item["counts_from"] if pd.notna(item["counts_from"]) else deadline
            days = []
            day = deadline
            while len(days) < int(item["count"]) and day >= first:
                if day not in taken:
                    days.append(day)
                day -= ONE_DAY
            if len(days) < int(item["count"]):
                no_room.add(position)
            added += [{"uid": uid, "follow_up_date": d} for d in days]
    follow_ups = extract.follow_ups
    if added:
        extra = pd.DataFrame(added).astype({"follow_up_date": follow_ups["follow_up_date"].dtype})
        follow_ups = pd.concat([follow_ups, extra], ignore_index=True)
    return Extract(contracts, follow_ups, [], []), no_room


@st.composite
def with_maternity(draw: st.DrawFn) -> Batch:
    """Return a batch of the differential test with every fourth contract made a maternity
    case whose birth + 6 months or leave end + 1 month is still open at the audit date (the
    differential batches rarely have both dates before the audit date and a deadline after
    it)."""
    batch = draw(batches())
    as_of = batch.as_of
    needed = {"situation", "child_birth_date", "follow_ups", "signed_date"}
    for item in batch.contracts[::4]:
        if needed & item.absent:
            continue  # its sheet lacks a column the case needs
        birth = as_of - dt.timedelta(days=draw(st.integers(60, 200)))
        leave_end = as_of - dt.timedelta(days=draw(st.integers(0, 35)))
        signed = birth - dt.timedelta(days=draw(st.integers(-20, 200)))
        held = [birth + dt.timedelta(days=draw(st.integers(1, 170)))]
        item.situation = "barsel"
        item.signed_date = signed
        item.child_birth_date = birth
        item.leave_end_date = draw(st.sampled_from([leave_end, None]))
        item.goal_met_date = item.end_date = None
        item.follow_ups = tuple(held[: draw(st.integers(0, 1))])
    return batch


PROPERTY_EXAMPLES = 10
PROPERTY_SETTINGS = derandomised(PROPERTY_EXAMPLES)

checked = {"items": 0, "no_room": 0}
NEEDS = ("sign", "visitation", "follow-up", "follow-ups", "follow-up-birth", "follow-up-leave")


@functools.cache
def drawn_batches() -> tuple[Batch, ...]:
    """Return the property's examples, the same every run, each without its dates after its
    audit date."""
    drawn: list[Batch] = []

    @PROPERTY_SETTINGS
    @given(batch=with_maternity())
    def draw(batch: Batch) -> None:
        settled = [settle(item, batch.as_of) for item in batch.contracts]
        drawn.append(Batch(batch.as_of, batch.suspensions, settled, batch.b_absent))

    draw()
    return tuple(drawn)


def test_a_due_deadline_is_the_last_day_check_passes_and_doing_what_is_needed_keeps_it(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    drawn = drawn_batches()
    assert len(drawn) == PROPERTY_EXAMPLES
    for batch in together(list(drawn)):
        folder = tmp_path_factory.mktemp("due") / "extract"
        write_batch(folder, batch)
        windows = config.load(config.discover(None, [folder])).suspensions
        extract = read(folder, batch.as_of)
        for ruleset in ("rr2014", "bek2020"):
            check_due(extract, batch, ruleset, windows)


def check_due(extract: Extract, batch: Batch, ruleset: str, windows) -> None:
    """Assert the property for ``due`` over ``extract`` (the contracts of ``batch``)."""
    as_of = pd.Timestamp(batch.as_of)
    work = due.run(extract, ruleset, batch.as_of, within_days=10_000, suspensions=windows)
    items = work.items
    now = work.audit.statuses.set_index(["uid", "rule"])["status"]
    # Overdue and to-fix items are what check fails at A; every failure of a rule without a
    # deadline is to fix.
    for item in items[items["state"].isin(["overdue", "to-fix"])].to_dict("records"):
        assert now[(item["uid"], item["rule"])] == FAIL, item
        assert (item["state"] == "overdue") == (item["deadline"] < as_of), item
    no_deadline = [r.id for r in get_ruleset(ruleset) if r.deadline is None]
    failing = now[now.eq(FAIL)].reset_index()
    failing = failing[failing["rule"].isin(no_deadline)]
    to_fix = items[items["state"].eq("to-fix")]
    assert sorted(zip(failing["uid"], failing["rule"], strict=True)) == sorted(
        zip(to_fix["uid"], to_fix["rule"], strict=True)
    )
    # A follow-up step is only ever listed for an entered contract, with a deadline after it
    # was entered: one on or before the signing day was never due (SPEC §2.2).
    follow = items[items["rule"].eq("missed-follow-up") & items["deadline"].notna()]
    signed = extract.contracts["signed_date"].reindex(follow["uid"]).to_numpy()
    assert pd.notna(signed).all(), follow
    assert (follow["deadline"].to_numpy() > signed).all(), follow
    # The property for the due items, deadline by deadline: those each example would have
    # checked alone (evenly spread over its own), each evaluated once for the whole extract.
    due_items = items[items["state"].eq("due")]
    assert (due_items["deadline"] >= as_of).all()
    example = extract.contracts["contract_id"].str.split("-", n=1).str[0]
    chosen: set[pd.Timestamp] = set()
    for _, own in due_items.groupby(example.reindex(due_items["uid"]).to_numpy()):
        deadlines = sorted(own["deadline"].unique())
        step = max(1, len(deadlines) // DEADLINES_PER_EXAMPLE)
        chosen |= {pd.Timestamp(d) for d in deadlines[::step][:DEADLINES_PER_EXAMPLE]}
    for deadline in sorted(chosen):
        group = due_items[due_items["deadline"] == deadline].reset_index(drop=True)
        rules = [r for r in get_ruleset(ruleset) if r.id in set(group["rule"])]
        on_deadline = statuses(extract, rules, deadline, windows)
        day_after = statuses(extract, rules, deadline + ONE_DAY, windows)
        done, no_room = with_needed(extract, group)
        remedied = statuses(done, rules, deadline + ONE_DAY, windows)
        for position, item in enumerate(group.to_dict("records")):
            key = (item["uid"], item["rule"])
            shown = f"{ruleset} {item} as_of={batch.as_of} windows={batch.suspensions}"
            assert on_deadline[key] != FAIL, shown
            assert day_after[key] == FAIL, shown
            checked["items"] += 1
            checked.setdefault(item["need"], 0)
            checked[item["need"]] += 1
            if position in no_room:
                checked["no_room"] += 1
                continue
            assert remedied[key] in SETTLED, shown


def test_the_property_saw_enough_due_items():
    """The generated batches are meant to give due items of every kind; this guards against a
    generator change that would leave the property test with nothing to check (it runs after
    the property test in file order)."""
    if checked["items"] == 0:
        pytest.skip("the property test did not run in this session")
    print(checked)
    assert checked["items"] >= 100
    assert all(checked.get(need, 0) for need in NEEDS), checked
    assert checked["no_room"] <= checked["items"] // 10
