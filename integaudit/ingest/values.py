"""Vectorised parsing of raw cell values: dates, texts, situations, date lists (SPEC §1.2, §1.3).

Every function receives a raw ``pandas.Series`` of dtype object as read from python-calamine or
a csv: ``''``/None/NaN (empty), ``str``, ``int``, ``float``, ``bool``, ``datetime.date``,
``datetime.datetime``, ``datetime.time`` or ``datetime.timedelta``. The work is done once per
distinct value (``pd.factorize``) and mapped back to the rows with the factorize codes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from integaudit.ingest.cells import (
    _BOOL,
    _DATE,
    _FLOAT,
    _INT,
    _NPDATE,
    _OTHER,
    _STR,
    _factorize,
    _to_rows,
)

GOAL_PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "-",
        "--",
        "–",
        "—",
        ".",
        "x",
        "?",
        "0",
        "n/a",
        "na",
        "nan",
        "none",
        "null",
        "ingen",
        "intet",
        "nej",
        "ikke relevant",
        "ikke angivet",
        "ikke oplyst",
        "mangler",
        "ukendt",
        "ikke fastsat",
    }
)

SITUATIONS = ("benefit", "employment", "maternity", "self-supporting")

FOLLOW_UP_SEPARATORS = r"[;,|\n\r]+"
# A run of anything but a separator (or NUL, see _split_texts): a piece of a date list,
# before it is trimmed.
FOLLOW_UP_PIECE = r"[^;,|\n\r\x00]+"
_ANY_PIECE = re.compile(r"[^;,|\n\r]+")

# --- texts -----------------------------------------------------------------------------------


def _format_temporal(value: object) -> str:
    """Return ISO text for a date/datetime (date only at midnight); str() for anything else."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _unique_texts(uniques: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """Return the trimmed text of each unique value, None where it is blank."""
    out = np.empty(len(uniques), dtype=object)

    sel = kinds == _STR
    if sel.any():
        out[sel] = np.array(list(map(str.strip, uniques[sel])), dtype=object)

    sel = kinds == _INT
    if sel.any():
        try:
            out[sel] = uniques[sel].astype(np.int64).astype(str).astype(object)
        except OverflowError:  # Python ints beyond 64 bits
            out[sel] = [str(v) for v in uniques[sel]]

    sel = kinds == _FLOAT
    if sel.any():
        f = uniques[sel].astype(float)
        # 7.0 → "7": Excel stores every number as a float
        whole = np.isfinite(f) & (f == np.trunc(f)) & (np.abs(f) < 1e15)
        texts = np.empty(len(f), dtype=object)
        texts[whole] = f[whole].astype(np.int64).astype(str)
        texts[~whole] = f[~whole].astype(str)
        out[sel] = texts

    sel = kinds == _BOOL
    if sel.any():
        out[sel] = np.where(uniques[sel].astype(bool), "True", "False").astype(object)

    sel = (kinds == _DATE) | (kinds == _NPDATE) | (kinds == _OTHER)
    if sel.any():
        values = [pd.Timestamp(v) if isinstance(v, np.datetime64) else v for v in uniques[sel]]
        out[sel] = [_format_temporal(v) for v in values]

    out[out == ""] = None
    return out


def _text_series(texts: np.ndarray, codes: np.ndarray, raw: pd.Series) -> pd.Series:
    """Return the per-unique texts spread over the rows of ``raw`` as an object Series."""
    return pd.Series(_to_rows(texts, codes, None), index=raw.index, name=raw.name, dtype=object)


def _placeholder_key(texts: pd.Series) -> pd.Series:
    """Return the comparison key of texts: lower-cased, trimmed, inner white space as one space."""
    return texts.str.lower().str.replace(r"\s+", " ", regex=True).str.strip()


def text_or_none(raw: pd.Series) -> pd.Series:
    """Return the cells as trimmed text (object Series of str, None where blank), with no
    placeholder handling: for ids and names, where '0' or 'x' are real values.

    Whole floats lose their '.0' (7.0 → '7'); dates become ISO text ('2014-03-05', with the
    time after a space when it is not midnight); bools become 'True'/'False'.
    """
    codes, uniques, kinds = _factorize(raw)
    return _text_series(_unique_texts(uniques, kinds), codes, raw)


def clean_text(raw: pd.Series, placeholders: Iterable[str] = ()) -> pd.Series:
    """Return the cells as trimmed text (object Series of str, None where empty).

    A cell whose trimmed, lower-cased text is in ``GOAL_PLACEHOLDERS`` or in the extra
    ``placeholders`` (compared trimmed and lower-cased) counts as empty. Numbers and dates are
    converted as in :func:`text_or_none`.
    """
    codes, uniques, kinds = _factorize(raw)
    texts = _unique_texts(uniques, kinds)
    empty_words = set(GOAL_PLACEHOLDERS)
    empty_words |= set(_placeholder_key(pd.Series(list(placeholders), dtype=object)))
    present = pd.notna(texts)
    if present.any():
        keys = _placeholder_key(pd.Series(texts[present], dtype=object))
        texts[np.flatnonzero(present)[keys.isin(empty_words).to_numpy()]] = None
    return _text_series(texts, codes, raw)


# --- situation -------------------------------------------------------------------------------

_SITUATION_WORDS: dict[str, tuple[str, ...]] = {
    "benefit": (
        "ydelse",
        "benefit",
        "integrationsydelse",
        "kontanthjælp",
        "selvforsørgelsesydelse",
        "overgangsydelse",
        "uddannelseshjælp",
        "aktivitetsparat",
        "jobparat",
    ),
    "employment": (
        "beskæftigelse",
        "uddannelse",
        "igu",
        "integrationsgrunduddannelse",
        "employment",
        "education",
        "ordinær beskæftigelse",
        "ordinær uddannelse",
        "job",
    ),
    "maternity": ("barsel", "maternity", "barselsorlov"),
    # integrationsloven § 16, stk. 4: neither on benefit nor in ordinary work or education.
    "self-supporting": ("selvforsørgende", "selvforsørger", "self-supporting", "self supporting"),
}

# The values a situation cell may hold, per situation (docs/columns.md and `columns` list them).
SITUATION_WORDS = _SITUATION_WORDS


def _situation_key(texts: pd.Series) -> pd.Series:
    """Return the comparison key of situation texts: lower-cased, ``_ - .`` and white space as
    one space, trimmed, and æ/ø/å spelled ae/oe/aa so both spellings compare equal."""
    key = texts.str.lower().str.replace(r"[\s_\-.]+", " ", regex=True).str.strip()
    for letter, ascii_ in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("ä", "ae"), ("ö", "oe")):
        key = key.str.replace(letter, ascii_, regex=False)
    return key


_SITUATION_INDEX: dict[str, str] = dict(
    zip(
        _situation_key(
            pd.Series([w for ws in _SITUATION_WORDS.values() for w in ws], dtype=object)
        ),
        [s for s, ws in _SITUATION_WORDS.items() for _ in ws],
        strict=True,
    )
)


def parse_situation(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (situation, unreadable) for a column of raw situation cells.

    ``situation`` is an object Series holding one of ``SITUATIONS`` or None; ``unreadable`` is
    a bool Series, True where the cell was non-empty but not a known situation.
    """
    codes, uniques, kinds = _factorize(raw)
    texts = _unique_texts(uniques, kinds)
    present = pd.notna(texts)
    found = np.full(len(texts), None, dtype=object)
    if present.any():
        mapped = _situation_key(pd.Series(texts[present], dtype=object)).map(_SITUATION_INDEX)
        found[present] = mapped.astype(object).where(mapped.notna(), None).to_numpy()
    unreadable = present & pd.isna(found)
    return (
        pd.Series(_to_rows(found, codes, None), index=raw.index, name=raw.name, dtype=object),
        pd.Series(_to_rows(unreadable, codes, False), index=raw.index, name=raw.name),
    )


# --- date lists ------------------------------------------------------------------------------


def split_date_list(raw: pd.Series) -> pd.DataFrame:
    """Return a long frame for a column of cells that each hold several dates.

    Columns: ``row`` (the index label of ``raw`` the piece came from) and ``raw`` (one trimmed,
    non-empty piece of text, or the original cell when it is a date or a number). Text cells
    are split on ``;``, ``,``, ``|`` and line breaks; empty cells give no rows. Rows follow the
    order of ``raw`` and, within a cell, the order of the pieces. Parse ``raw`` with
    :func:`integaudit.ingest.dates.parse_dates` afterwards.
    """
    codes, uniques, kinds = _factorize(raw)
    if not len(uniques):
        return pd.DataFrame({"row": raw.index.take(codes[:0]), "raw": uniques[:0]})
    # The pieces of every distinct value, in order: text split, anything else whole.
    values, owners = _split_texts(uniques, kinds == _STR)
    counts = np.bincount(owners, minlength=len(uniques))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    # Each row gets the pieces of its value: the row repeated once per piece, and the
    # position of each piece among its value's pieces.
    per_row = np.where(codes >= 0, counts[codes], 0)
    positions = np.repeat(np.arange(len(codes)), per_row)
    first = np.repeat(np.cumsum(per_row) - per_row, per_row)
    taken = np.repeat(starts[codes.clip(0)], per_row) + np.arange(len(positions)) - first
    return pd.DataFrame({"row": raw.index.take(positions), "raw": values[taken]})


_PIECE_OR_END = re.compile(FOLLOW_UP_PIECE + "|\x00")


def _split_texts(uniques: np.ndarray, is_text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (pieces, owner): each distinct value's pieces in order (a text's trimmed,
    non-empty parts between separators; any other value whole) and the position in
    ``uniques`` of the value each piece comes from."""
    texts = uniques[is_text].tolist()
    # All texts in one string, each ended by NUL (which a cell no longer holds: control
    # characters are removed as a sheet is read), split in one pass.
    joined = "\x00".join(texts) + "\x00"
    if joined.count("\x00") == len(texts):
        listed = _PIECE_OR_END.findall(joined)
        tokens = np.array(listed, dtype=object)
        # (not tokens == "\x00": numpy reads a trailing NUL in a string as padding)
        end = np.fromiter(map("\x00".__eq__, listed), bool, len(listed))
        text_of = (np.cumsum(end) - end)[~end]
        found = tokens[~end]
    else:  # a text holds NUL itself: one text at a time
        split = [_ANY_PIECE.findall(t) for t in texts]
        found = np.array([p for parts in split for p in parts], dtype=object)
        text_of = np.repeat(np.arange(len(texts)), [len(parts) for parts in split])
    owner_of_text = np.flatnonzero(is_text)
    pieces = np.array(list(map(str.strip, found)), dtype=object)
    keep = pieces != ""
    others = np.flatnonzero(~is_text)
    owner = np.concatenate([owner_of_text[text_of[keep]], others]).astype(np.intp)
    order = np.argsort(owner, kind="stable")
    return np.concatenate([pieces[keep], uniques[others]])[order], owner[order]
