"""Vectorised parsing of raw cell values: the kinds of value a cell holds.

Every function receives a raw ``pandas.Series`` of dtype object as read from python-calamine or
a csv: ``''``/None/NaN (empty), ``str``, ``int``, ``float``, ``bool``, ``datetime.date``,
``datetime.datetime``, ``datetime.time`` or ``datetime.timedelta``. The work is done once per
distinct value (``pd.factorize``) and mapped back to the rows with the factorize codes.
"""

from __future__ import annotations

import datetime as dt
import numbers

import numpy as np
import pandas as pd

# --- value kinds -----------------------------------------------------------------------------

_STR, _BOOL, _INT, _FLOAT = "str", "bool", "int", "float"
_DATE, _NPDATE, _OTHER = "date", "npdate", "other"


def _kind_of_type(t: type) -> str:
    """Return the kind of value a Python type holds (bool before number: bool is an int)."""
    if issubclass(t, str):
        return _STR
    if issubclass(t, bool | np.bool_):
        return _BOOL
    if issubclass(t, numbers.Integral):
        return _INT
    if issubclass(t, numbers.Real):
        return _FLOAT
    if issubclass(t, dt.date):  # also datetime.datetime and pd.Timestamp
        return _DATE
    if issubclass(t, np.datetime64):
        return _NPDATE
    return _OTHER


def _kinds(values: np.ndarray) -> np.ndarray:
    """Return the kind of each value as an object array (classified once per distinct type)."""
    types = list(map(type, values))
    by_type = {t: _kind_of_type(t) for t in set(types)}
    return np.array(list(map(by_type.__getitem__, types)), dtype=object)


def _factorize(raw: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (codes, uniques, kinds): codes index ``uniques`` per row, -1 where the cell is
    None/NaN/NaT; kinds is the kind of each unique value."""
    values = raw.to_numpy(dtype=object)
    codes, uniques = pd.factorize(values)
    uniques = np.asarray(uniques, dtype=object)
    kinds = _kinds(uniques)
    # hash(True) == hash(1), so factorize puts True/1/1.0 (and False/0/0.0) under one code;
    # pull the bools apart again, looking at the affected rows only.
    numeric = np.flatnonzero((kinds == _BOOL) | (kinds == _INT) | (kinds == _FLOAT))
    if numeric.size == 0:
        return codes, uniques, kinds
    suspect = numeric[pd.Series(uniques[numeric], dtype=object).isin([0, 1]).to_numpy()]
    if suspect.size:
        codes = codes.copy()
        rows = np.flatnonzero(np.isin(codes, suspect))
        row_kinds = _kinds(values[rows])
        for c in suspect:
            if kinds[c] == _BOOL:  # the code keeps the numbers, the bools get codes of their own
                uniques[c], kinds[c] = int(uniques[c]), _INT
        n = len(uniques)
        uniques = np.concatenate([uniques, np.array([False, True], dtype=object)])
        kinds = np.concatenate([kinds, np.array([_BOOL, _BOOL], dtype=object)])
        is_bool = row_kinds == _BOOL
        bool_rows = rows[is_bool]
        codes[bool_rows] = n + values[bool_rows].astype(bool).astype(np.intp)
    return codes, uniques, kinds


def _to_rows(per_unique: np.ndarray, codes: np.ndarray, empty: object) -> np.ndarray:
    """Return ``per_unique`` spread over the rows, with ``empty`` where the code is -1."""
    # code -1 picks the last element, so the empty value goes at the end
    return np.concatenate([per_unique, np.array([empty], dtype=per_unique.dtype)])[codes]
