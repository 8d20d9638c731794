"""The Rule record: metadata next to one vectorised evaluate function (DESIGN §2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from integaudit.model import Status, Suspension


@dataclass(frozen=True)
class RuleContext:
    """What a rule needs besides the data: the audit date and the suspension windows."""

    as_of: dt.date
    suspensions: tuple[Suspension, ...] = ()

    @property
    def as_of_ts(self) -> pd.Timestamp:
        """Return the audit date as a timestamp."""
        return pd.Timestamp(self.as_of)


# The executive order of today's rules (seed 004), named in every bek2020 rule's legal basis.
BEK2020 = {
    "da": "Bek. nr. 1307 af 7/9 2020 om udarbejdelse af kontrakt",
    "en": "Executive Order no. 1307 of 7/9 2020 on the contract",
}

Evaluate = Callable[[pd.DataFrame, pd.DataFrame, RuleContext], pd.DataFrame]


@dataclass(frozen=True)
class Rule:
    """A rule: stable id, titles (full, and short for table headers), legal basis,
    explanation, a worked example and its function.

    ``evaluate(contracts, follow_ups, ctx)`` returns a frame on the contracts' index with
    columns ``status`` (a Status value), ``detail_en``/``detail_da`` (text or None) and
    ``due`` (the date a failing contract's missed step was due, NaT when the rule does not
    say).
    """

    id: str
    title: dict[str, str]
    short_title: dict[str, str]
    legal_basis: dict[str, str]
    explanation: dict[str, str]
    example: dict[str, str]
    evaluate: Evaluate = field(compare=False)
    baseline: float | None = None


def verdicts(
    index: pd.Index,
    cases: list[tuple[pd.Series, Status]],
    default: Status = Status.NOT_ASSESSED,
) -> pd.Series:
    """Return one status per contract: the first case whose mask is True, else ``default``."""
    conditions = [mask.reindex(index, fill_value=False).to_numpy(bool) for mask, _ in cases]
    choices = [status.value for _, status in cases]
    return pd.Series(np.select(conditions, choices, default.value), index=index, dtype=object)


def result(
    status: pd.Series,
    detail_en: pd.Series,
    detail_da: pd.Series,
    due: pd.Series | None = None,
) -> pd.DataFrame:
    """Return the frame a rule's evaluate function returns; ``due`` (dates, NaT where there is
    none) is the date a failing contract's missed step was due."""
    if due is None:
        due = pd.Series(pd.NaT, index=status.index, dtype="datetime64[ns]")
    return pd.DataFrame(
        {
            "status": status,
            "detail_en": detail_en.astype(object).where(detail_en.notna(), None),
            "detail_da": detail_da.astype(object).where(detail_da.notna(), None),
            "due": due.reindex(status.index),
        },
        index=status.index,
    )


def days_text(days: pd.Series) -> pd.Series:
    """Return whole numbers of days as text (None where missing)."""
    return days.astype("Int64").astype(str).where(days.notna(), None)


def date_text(dates: pd.Series) -> pd.Series:
    """Return dates as ISO text (None where missing)."""
    return dates.dt.strftime("%Y-%m-%d").where(dates.notna(), None)
