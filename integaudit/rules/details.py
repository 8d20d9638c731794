"""What a rule says of a contract besides its status: a detail kind and its parameters.

A rule never writes prose. It names the kind of detail (``signing.signed-after``) and gives
the values the message needs (``days``); the message catalogue turns them into Danish or
English (``integaudit.render.details``). A detail of several parts joins their kinds with
``+`` (``follow-up.birth-held+follow-up.leave-missing``); the parts are shown joined by "; ".
"""

from __future__ import annotations

from typing import Final, Literal

import pandas as pd

DATE: Final = "datetime64[us]"
TEXT: Final = "object"
ParamType = Literal["Int64", "datetime64[us]", "object"]

# Every parameter a detail may carry, and its type: whole numbers of days or follow-ups,
# dates, and texts as written in the extract. A kind's message uses the parameters it names;
# the others stay empty. ``suspended``: the days of a span that fell in a suspension window.
DETAIL_PARAMS: dict[str, ParamType] = {
    "days": "Int64",
    "count": "Int64",
    "suspended": "Int64",
    "date": DATE,
    "deadline": DATE,
    "start": DATE,
    "end": DATE,
    # A conversation that did not count as a follow-up (ingest.held): its date, its status as
    # written, and how many more there were.
    "not_held_date": DATE,
    "not_held_status": TEXT,
    "not_held_more": "Int64",
}
DETAIL_COLUMNS = ["detail", *(f"detail_{name}" for name in DETAIL_PARAMS)]
PART_SEPARATOR = "+"


def empty_param(index: pd.Index, name: str) -> pd.Series:
    """Return an empty parameter column of the right type on ``index``."""
    if DETAIL_PARAMS[name] == DATE:
        return pd.Series(pd.NaT, index=index, dtype=DATE)
    if DETAIL_PARAMS[name] == TEXT:
        return pd.Series(None, index=index, dtype=object)
    return pd.Series(pd.NA, index=index, dtype="Int64")


class Details:
    """The detail of each contract, built case by case in the order the rule decides."""

    def __init__(self, index: pd.Index) -> None:
        self.index = index
        self.kind = pd.Series(None, index=index, dtype=object)
        self.params = {name: empty_param(index, name) for name in DETAIL_PARAMS}

    def set(self, mask: pd.Series, kind: str, **params: pd.Series) -> Details:
        """Return self with the detail of the contracts in ``mask`` set to ``kind`` with
        ``params`` (a later ``set`` on the same contract replaces it)."""
        mask = mask.reindex(self.index, fill_value=False).astype(bool)
        self.kind = self.kind.mask(mask, kind)
        return self._fill(mask, params)

    def add(self, mask: pd.Series, kind: str, **params: pd.Series) -> Details:
        """Return self with part ``kind`` added after the detail the contracts in ``mask``
        already have."""
        mask = mask.reindex(self.index, fill_value=False).astype(bool)
        self.kind = self.kind.mask(mask, self.kind + PART_SEPARATOR + kind)
        return self._fill(mask, params)

    def take(self, mask: pd.Series, other: pd.DataFrame) -> Details:
        """Return self with the detail of the contracts in ``mask`` taken from ``other`` (the
        result frame of another rule on the same contracts)."""
        mask = mask.reindex(self.index, fill_value=False).astype(bool)
        self.kind = self.kind.mask(mask, other["detail"].reindex(self.index))
        for name in DETAIL_PARAMS:
            column = other[f"detail_{name}"].reindex(self.index)
            self.params[name] = self.params[name].mask(mask, column)
        return self

    def _fill(self, mask: pd.Series, params: dict[str, pd.Series]) -> Details:
        """Return self with ``params`` stored for the contracts in ``mask``."""
        for name, values in params.items():
            values = values.reindex(self.index).astype(DETAIL_PARAMS[name])
            self.params[name] = self.params[name].mask(mask, values)
        return self

    def frame(self) -> pd.DataFrame:
        """Return the detail columns (DETAIL_COLUMNS): the kind, None where the rule says
        nothing, and one column per parameter."""
        columns = {"detail": self.kind.where(self.kind.notna(), None)}
        columns |= {f"detail_{name}": values for name, values in self.params.items()}
        # copy=False: one block per column, so the audit can let each go once it is used.
        return pd.DataFrame(columns, index=self.index, copy=False)
