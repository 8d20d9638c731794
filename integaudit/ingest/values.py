"""Vectorised parsing of raw cell values: dates, texts, situations, date lists (SPEC §1.2, §1.3).

Every function receives a raw ``pandas.Series`` of dtype object as read from python-calamine or
a csv: ``''``/None/NaN (empty), ``str``, ``int``, ``float``, ``bool``, ``datetime.date``,
``datetime.datetime``, ``datetime.time`` or ``datetime.timedelta``. The work is done once per
distinct value (``pd.factorize``) and mapped back to the rows with the factorize codes.
"""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Iterable

import numpy as np
import pandas as pd

DATE_DTYPE = "datetime64[us]"

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
    types = pd.Series(values, dtype=object).map(type)
    by_type = {t: _kind_of_type(t) for t in pd.unique(types)}
    return types.map(by_type).to_numpy(dtype=object)


def _factorize(raw: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (codes, uniques, kinds): codes index ``uniques`` per row, -1 where the cell is
    None/NaN/NaT; kinds is the kind of each unique value."""
    values = raw.to_numpy(dtype=object)
    codes, uniques = pd.factorize(values)
    uniques = np.asarray(uniques, dtype=object)
    kinds = _kinds(uniques)
    # hash(True) == hash(1), so factorize puts True/1/1.0 (and False/0/0.0) under one code;
    # pull the bools apart again, looking at the affected rows only.
    numeric = (kinds == _BOOL) | (kinds == _INT) | (kinds == _FLOAT)
    suspect = np.flatnonzero(numeric & pd.Series(uniques, dtype=object).isin([0, 1]).to_numpy())
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


# --- dates -----------------------------------------------------------------------------------

_DAY_MIN = int(np.datetime64("1900-01-01", "D").astype(np.int64))
_DAY_MAX = int(np.datetime64("9999-12-31", "D").astype(np.int64))
_EXCEL_EPOCH = int(np.datetime64("1899-12-30", "D").astype(np.int64))
_SERIAL_MAX = 2958465  # 9999-12-31
_ORDINAL_1970 = dt.date(1970, 1, 1).toordinal()

_MONTHS: dict[str, int] = {
    name: month
    for month, names in enumerate(
        [
            ("januar", "jan", "january"),
            ("februar", "feb", "february"),
            ("marts", "mar", "march"),
            ("april", "apr"),
            ("maj", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_TIME = (
    r"(?:(?:t|\s+|\s*,\s*)(?:kl\.?\s*)?[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2}(?:[.,][0-9]+)?)?"
    r"\s*(?:z|[+-][0-9]{2}:?[0-9]{2}|[ap]\.?m\.?)?)?"
)
_DATE_PATTERN = (
    r"^(?:"
    r"(?P<serial>[0-9]{1,5})"
    r"|(?P<iy>[0-9]{4})(?P<isep>[-/.])(?P<im>[0-9]{1,2})(?P=isep)(?P<id>[0-9]{1,2})"
    r"|(?P<dd>[0-9]{1,2})[-/.](?P<dm>[0-9]{1,2})[-/.](?:(?P<dy>[0-9]{4})|(?P<dyy>[0-9]{2}))"
    r"|(?:den\s+|d\.\s*)?(?P<nd>[0-9]{1,2})\.?\s*(?P<nm>[a-zæøå]+)\.?\s*,?\s*"
    r"(?:(?P<ny>[0-9]{4})|(?P<nyy>[0-9]{2}))"
    r")" + _TIME + r"$"
)


def _two_digit_year(yy: np.ndarray) -> np.ndarray:
    """Return four-digit years by Excel's rule: 00–29 → 2000–2029, 30–99 → 1930–1999."""
    return np.where(yy < 30, 2000 + yy, 1900 + yy)


def _ymd_to_days(
    y: np.ndarray, m: np.ndarray, d: np.ndarray, ok: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return (days since 1970-01-01, ok) for year/month/day arrays; ok is False where the
    input was already not ok or the date does not exist (31-02, month 13, year < 1900)."""
    ok = ok & (m >= 1) & (m <= 12) & (d >= 1) & (y >= 1900) & (y <= 9999)
    y, m, d = np.where(ok, y, 1970), np.where(ok, m, 1), np.where(ok, d, 1)
    month = ((y - 1970) * 12 + (m - 1)).astype("datetime64[M]")
    start = month.astype("datetime64[D]").astype(np.int64)
    end = (month + 1).astype("datetime64[D]").astype(np.int64)
    days = start + d - 1
    return days, ok & (days < end)


def _serial_to_days(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (days since 1970-01-01, ok) for Excel 1900-system serials (fraction dropped)."""
    # object comparisons work for Python ints of any size, numpy numbers, NaN and inf alike
    ok = ((values >= 1) & (values < _SERIAL_MAX + 1)).astype(bool)
    serial = np.zeros(len(values), dtype=np.int64)
    serial[ok] = np.floor(values[ok].astype(float)).astype(np.int64)
    return _EXCEL_EPOCH + serial, ok


def _strings_to_days(texts: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (days, ok, blank) for trimmed, lower-cased strings; blank marks ''."""
    n = len(texts)
    days = np.zeros(n, dtype=np.int64)
    ok = np.zeros(n, dtype=bool)
    blank = (texts == "").to_numpy(dtype=bool)
    if n == 0:
        return days, ok, blank
    parts = texts.str.extract(_DATE_PATTERN)
    cells = parts.to_numpy(dtype=object)
    present = pd.notna(cells)
    found = dict(zip(parts.columns, present.T, strict=True))
    # one conversion for all groups, absent groups read as 0 (the two text groups are dropped)
    digits = np.where(present, cells, "0")
    digits[:, [parts.columns.get_loc("isep"), parts.columns.get_loc("nm")]] = "0"
    num = dict(zip(parts.columns, digits.astype(np.int64).T, strict=True))

    serial = found["serial"]
    if serial.any():
        days[serial], ok[serial] = _serial_to_days(num["serial"][serial].astype(object))

    iso, dmy, named = found["iy"], found["dd"], found["nd"]
    dy = np.where(found["dyy"], _two_digit_year(num["dyy"]), num["dy"])
    ny = np.where(found["nyy"], _two_digit_year(num["nyy"]), num["ny"])
    month_names = parts["nm"].map(_MONTHS).fillna(0).to_numpy(dtype=np.int64)
    y = np.select([iso, dmy, named], [num["iy"], dy, ny], 0)
    m = np.select([iso, dmy, named], [num["im"], num["dm"], month_names], 0)
    d = np.select([iso, dmy, named], [num["id"], num["dd"], num["nd"]], 0)
    ymd = iso | dmy | named
    ymd_days, ymd_ok = _ymd_to_days(y, m, d, ymd)
    days[ymd] = ymd_days[ymd]
    ok[ymd] = ymd_ok[ymd]
    return days, ok, blank


def _unique_days(uniques: np.ndarray, kinds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (days, status) per unique value; status 0 = date, 1 = empty, 2 = unreadable."""
    n = len(uniques)
    days = np.zeros(n, dtype=np.int64)
    ok = np.zeros(n, dtype=bool)
    blank = np.zeros(n, dtype=bool)

    sel = kinds == _STR
    if sel.any():
        texts = pd.Series(uniques[sel], dtype=object).str.strip().str.lower()
        days[sel], ok[sel], blank[sel] = _strings_to_days(texts)

    sel = (kinds == _INT) | (kinds == _FLOAT)
    if sel.any():
        days[sel], ok[sel] = _serial_to_days(uniques[sel])

    sel = kinds == _DATE
    if sel.any():
        # date, datetime and Timestamp all have toordinal(); it ignores time and time zone
        ordinals = np.fromiter((v.toordinal() for v in uniques[sel]), np.int64, sel.sum())
        days[sel], ok[sel] = ordinals - _ORDINAL_1970, True

    sel = kinds == _NPDATE
    if sel.any():
        days[sel] = uniques[sel].astype("datetime64[D]").astype(np.int64)
        ok[sel] = True

    ok &= (days >= _DAY_MIN) & (days <= _DAY_MAX)
    status = np.where(ok, 0, np.where(blank, 1, 2)).astype(np.int8)
    return days, status


def parse_dates(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (dates, unreadable) for a column of raw date cells.

    ``dates`` is a ``datetime64[us]`` Series at midnight (any time part dropped), NaT where the
    cell is empty or unreadable; ``unreadable`` is a bool Series, True where the cell was
    non-empty but not a date. Both have the index of ``raw``.
    """
    codes, uniques, kinds = _factorize(raw)
    days, status = _unique_days(uniques, kinds)
    nat = np.datetime64("NaT", "D")
    unique_dates = np.where(status == 0, days.astype("datetime64[D]"), nat).astype(DATE_DTYPE)
    dates = _to_rows(unique_dates, codes, np.datetime64("NaT", "us"))
    unreadable = _to_rows(status == 2, codes, False)
    return (
        pd.Series(dates, index=raw.index, name=raw.name, dtype=DATE_DTYPE),
        pd.Series(unreadable, index=raw.index, name=raw.name, dtype=bool),
    )


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
        out[sel] = pd.Series(uniques[sel], dtype=object).str.strip().to_numpy(dtype=object)

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
    :func:`parse_dates` afterwards.
    """
    codes, uniques, kinds = _factorize(raw)
    is_text = kinds == _STR
    pieces = (
        pd.Series(uniques[is_text], index=np.flatnonzero(is_text), dtype=object)
        .str.split(FOLLOW_UP_SEPARATORS, regex=True)
        .explode()
        .str.strip()
    )
    pieces = pieces[pieces.notna() & (pieces != "")]
    whole = pd.Series(uniques[~is_text], index=np.flatnonzero(~is_text), dtype=object)
    per_unique = pd.concat([pieces, whole]).rename("raw").rename_axis("code").reset_index()
    per_unique["order"] = np.arange(len(per_unique))
    per_unique = per_unique.sort_values(["code", "order"], kind="stable")
    rows = pd.DataFrame({"position": np.arange(len(codes)), "code": codes})
    long = rows.merge(per_unique, on="code", how="inner", sort=False)
    long = long.sort_values(["position", "order"], kind="stable")
    return pd.DataFrame(
        {
            "row": raw.index.take(long["position"].to_numpy()),
            "raw": long["raw"].to_numpy(dtype=object),
        }
    )
