"""Rule details in words: a detail kind and its parameters (rules.details) through the
message catalogue, for every contract of a frame at once."""

from __future__ import annotations

import string

import pandas as pd

from integaudit.i18n import text
from integaudit.rules.details import DATE, DETAIL_PARAMS, PART_SEPARATOR, TEXT

PART_JOIN = "; "


def detail_texts(frame: pd.DataFrame, lang: str) -> pd.Series:
    """Return each row's detail in ``lang`` (None where the rule gave none): the message of
    each part of its kind with the row's parameters (whole numbers as digits, dates as
    YYYY-MM-DD), the parts joined by "; ". ``frame`` has the detail columns of a rule's
    result (rules.details.DETAIL_COLUMNS)."""
    out = pd.Series(None, index=frame.index, dtype=object)
    if frame.empty:
        return out
    kinds = frame["detail"]
    params = [f"detail_{name}" for name in DETAIL_PARAMS if f"detail_{name}" in frame.columns]
    for kind in kinds.dropna().unique():
        rows = kinds.eq(kind).to_numpy()
        chosen = frame.loc[rows, params]
        part_texts = [_part(chosen, part, lang) for part in kind.split(PART_SEPARATOR)]
        joined = part_texts[0]
        for part in part_texts[1:]:
            joined = joined + PART_JOIN + part
        out.loc[rows] = joined
    return out.astype(object).where(out.notna(), None)


def _part(frame: pd.DataFrame, kind: str, lang: str) -> pd.Series:
    """Return the message of detail ``kind`` for every row of ``frame`` (NA where one of the
    parameters it names is missing)."""
    message = pd.Series("", index=frame.index, dtype=object)
    for literal, name, _, _ in string.Formatter().parse(text(f"detail.{kind}", lang)):
        message = message + literal
        if name is not None:
            message = message + _param(frame[f"detail_{name}"], name)
    return message


def _param(values: pd.Series, name: str) -> pd.Series:
    """Return a parameter's values as text (NA where missing)."""
    if DETAIL_PARAMS[name] == DATE:
        return values.dt.strftime("%Y-%m-%d")
    if DETAIL_PARAMS[name] == TEXT:
        return values.astype("string").astype(object)
    return values.astype("Int64").astype("string").astype(object)
