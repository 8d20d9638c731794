"""The vectorised pieces every rule is built of: the cases in which a rule cannot assess a
contract, first-match verdicts, the frame ``evaluate`` returns and the frame a next-deadline
function returns (rules.base.Rule)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from integaudit.model import Status
from integaudit.rules.base import NEEDS, Evaluate, RuleContext, need_present
from integaudit.rules.details import Details

Case = tuple[pd.Series, str]


def absent(contracts: pd.DataFrame, need: str) -> Case:
    """Return the case of a sheet without any column providing ``need``."""
    return ~need_present(contracts, need), f"absent:{need}"


def unreadable(contracts: pd.DataFrame, name: str) -> Case:
    """Return the case of a value of field ``name`` that could not be read."""
    return contracts[name + "__bad"].astype(bool), f"unreadable:{name}"


def empty(contracts: pd.DataFrame, name: str) -> Case:
    """Return the case of an empty value of field ``name``."""
    return contracts[name].isna(), f"empty:{name}"


def unknown_field(contracts: pd.DataFrame, name: str) -> list[Case]:
    """Return the cases of a field the rule cannot do without: its column absent, its value
    unreadable or empty, in that order."""
    need = next(k for k, fields in NEEDS.items() if name in fields)
    return [absent(contracts, need), unreadable(contracts, name), empty(contracts, name)]


def reasons(index: pd.Index, cases: list[Case]) -> tuple[pd.Series, pd.Series]:
    """Return (unknown, reason): True where any case holds, and the first such case's reason
    code (None where none holds)."""
    conditions = [mask.reindex(index, fill_value=False).to_numpy(bool) for mask, _ in cases]
    if not conditions:
        return pd.Series(False, index=index), pd.Series(None, index=index, dtype=object)
    codes = [code for _, code in cases]
    reason = pd.Series(_chosen(conditions, codes, None), index=index, dtype=object)
    return reason.notna(), reason


def verdicts(
    index: pd.Index,
    cases: list[tuple[pd.Series, Status]],
    default: Status = Status.NOT_ASSESSED,
) -> pd.Series:
    """Return one status per contract: the first case whose mask is True, else ``default``."""
    conditions = [mask.reindex(index, fill_value=False).to_numpy(bool) for mask, _ in cases]
    choices = [status.value for _, status in cases]
    return pd.Series(_chosen(conditions, choices, default.value), index=index, dtype=object)


def _chosen(conditions: list[np.ndarray], choices: list[str], default: str | None) -> np.ndarray:
    """Return, per row, the choice of the first condition that holds, else ``default``, as
    an object array whose rows share one text object per choice (np.select over texts would
    make a text object per row)."""
    labels = np.array([*choices, default], dtype=object)
    return labels[np.select(conditions, np.arange(len(choices)), len(choices))]


def present_or_fail(
    contracts: pd.DataFrame, need: str, present: pd.Series, detail: str
) -> pd.DataFrame:
    """Return the result of a rule a contract passes when ``present`` holds for it and fails
    otherwise (with detail kind ``detail``), not assessed where its sheet provides no column
    for ``need``."""
    unknown, reason = reasons(contracts.index, [absent(contracts, need)])
    status = verdicts(
        contracts.index,
        [
            (unknown, Status.NOT_ASSESSED),
            (present, Status.PASS),
            (~present, Status.FAIL),
        ],
    )
    details = Details(contracts.index).set(status.eq(Status.FAIL.value), detail)
    return result(status, details, reason)


def result(
    status: pd.Series,
    details: Details | None = None,
    reason: pd.Series | None = None,
    *,
    due: pd.Series | None = None,
) -> pd.DataFrame:
    """Return the frame a rule's evaluate function returns: status, the detail kind and its
    parameters (DETAIL_COLUMNS), reason (kept for the not-assessed contracts only) and due
    (dates, NaT where there is none: the date a failing contract's missed step was due)."""
    not_assessed = status.eq(Status.NOT_ASSESSED.value)
    if reason is None:
        reason = pd.Series(None, index=status.index, dtype=object)
    if due is None:
        due = pd.Series(pd.NaT, index=status.index, dtype="datetime64[ns]")
    if details is None:
        details = Details(status.index)
    frame = details.frame()
    frame.insert(0, "status", status)
    frame["reason"] = reason.astype(object).where(not_assessed & reason.notna(), None)
    frame["due"] = due.reindex(status.index)
    return frame


# What a next-deadline function returns per contract (see ``deadlines``).
DEADLINE_COLUMNS = ("deadline", "need", "count", "of", "counts_from", "overdue")


def current_status(
    evaluate: Evaluate,
    contracts: pd.DataFrame,
    follow_ups: pd.DataFrame,
    ctx: RuleContext,
    status: pd.Series | None,
) -> pd.Series:
    """Return the rule's status per contract on the audit date: ``status`` (reindexed to the
    contracts) when given, else the status ``evaluate`` gives."""
    if status is None:
        status = evaluate(contracts, follow_ups, ctx)["status"]
    return status.reindex(contracts.index)


def deadlines(
    index: pd.Index,
    deadline: pd.Series,
    need: pd.Series | str,
    overdue: pd.Series,
    *,
    count: pd.Series | int = 1,
    of: pd.Series | int | None = None,
    counts_from: pd.Series | None = None,
) -> pd.DataFrame:
    """Return the frame a rule's next-deadline function returns, one row per contract:
    ``deadline`` (the last day in time for the next open step; NaT where no step is open),
    ``need`` (what the step is: ``sign``, ``visitation``, ``follow-up``, ``follow-ups``,
    ``follow-up-birth``, ``follow-up-leave``; None where no step is open), ``count`` (how many
    follow-ups are still needed), ``of`` (how many the period requires, None when one),
    ``counts_from`` (the first day on which the step counts, NaT when any day does) and
    ``overdue`` (the deadline has passed, the step is still not taken, and the rule fails)."""
    deadline = deadline.reindex(index)
    open_ = deadline.notna()
    if isinstance(need, str):
        need = pd.Series(need, index=index, dtype=object)
    if not isinstance(count, pd.Series):
        count = pd.Series(count, index=index)
    if not isinstance(of, pd.Series):
        of = pd.Series(of, index=index, dtype="Int64")
    if counts_from is None:
        counts_from = pd.Series(pd.NaT, index=index, dtype=deadline.dtype)
    return pd.DataFrame(
        {
            "deadline": deadline,
            "need": need.reindex(index).astype(object).where(open_, None),
            "count": count.reindex(index).astype("Int64").where(open_),
            "of": of.reindex(index).astype("Int64").where(open_),
            "counts_from": counts_from.reindex(index).astype(deadline.dtype).where(open_),
            "overdue": overdue.reindex(index, fill_value=False).astype(bool) & open_,
        },
        index=index,
    )
