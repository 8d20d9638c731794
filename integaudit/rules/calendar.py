"""Calendar arithmetic for deadlines: calendar months, days, and suspension windows (SPEC §2)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from integaudit.model import Suspension

ONE_DAY = pd.Timedelta(days=1)


def merge_windows(windows: Iterable[Suspension]) -> tuple[Suspension, ...]:
    """Return the windows sorted by start with overlapping or adjacent ones merged."""
    merged: list[Suspension] = []
    for w in sorted(windows, key=lambda w: (w.start, w.end)):
        if merged and (pd.Timestamp(w.start) - pd.Timestamp(merged[-1].end)).days <= 1:
            last = merged[-1]
            label = last.label if w.label in ("", last.label) else f"{last.label}; {w.label}"
            merged[-1] = Suspension(last.start, max(last.end, w.end), label)
        else:
            merged.append(w)
    return tuple(merged)


def add_period(start: pd.Series, *, months: int = 0, days: int = 0) -> pd.Series:
    """Return ``start`` plus calendar months then days; month ends clamp (31 Jan + 1 month is
    28/29 Feb, 31 Jan + 3 months is 30 Apr). NaT stays NaT."""
    result = start
    if months:
        result = result + pd.DateOffset(months=months)
    if days:
        result = result + pd.Timedelta(days=days)
    return result


def deadline(
    start: pd.Series,
    windows: tuple[Suspension, ...] = (),
    *,
    months: int = 0,
    days: int = 0,
) -> pd.Series:
    """Return the last day that is still in time for a period starting at ``start``: start +
    the period, pushed back by every suspended day after ``start`` that falls before it.

    A period that starts inside a window starts at the window's end: no day of the window
    counts, so every start in it has the same deadline (with calendar months, counting from
    the start day and then adding the suspended days would make a later start in the window
    due earlier than an earlier one). A window that begins on or before the running deadline
    and ends after the start moves the deadline by all its days after the start; windows are
    applied in date order, so a moved deadline can reach the next window. ``windows`` must be
    merged.
    """
    for window in windows:
        w_start, w_end = pd.Timestamp(window.start), pd.Timestamp(window.end)
        inside = (start >= w_start) & (start < w_end)
        start = start.mask(inside, w_end)
    due = add_period(start, months=months, days=days)
    for window in windows:
        w_start, w_end = pd.Timestamp(window.start), pd.Timestamp(window.end)
        first = (start + ONE_DAY).where(start + ONE_DAY > w_start, w_start)
        hit = (first <= due) & (first <= w_end)
        shift = (w_end - first).dt.days + 1
        due = due + pd.to_timedelta(shift.where(hit, 0).fillna(0), unit="D")
    return due


def suspended_days(
    start: pd.Series, end: pd.Series, windows: tuple[Suspension, ...]
) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Return, per row, the suspended days ``d`` with ``start`` < d ≤ ``end``, how many of
    ``windows`` (merged) hold at least one of them, and the first such window's start and the
    last one's end (NaT where none does). NaT in ``start`` or ``end`` gives 0."""
    count = pd.Series(0, index=start.index, dtype="int64")
    hit = pd.Series(0, index=start.index, dtype="int64")
    first = pd.Series(pd.NaT, index=start.index, dtype=start.dtype)
    last = pd.Series(pd.NaT, index=start.index, dtype=start.dtype)
    for window in windows:
        w_start, w_end = pd.Timestamp(window.start), pd.Timestamp(window.end)
        low = (start + ONE_DAY).where(start + ONE_DAY > w_start, w_start)
        high = end.where(end < w_end, w_end)
        days = ((high - low).dt.days + 1).fillna(0).clip(lower=0).astype("int64")
        inside = days > 0
        count += days
        hit += inside.astype("int64")
        first = first.mask(inside & first.isna(), w_start)
        last = last.mask(inside, w_end)
    return count, hit, first, last
