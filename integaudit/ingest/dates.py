"""Vectorised parsing of raw cell values: dates in every form the extracts use (SPEC §1.3).

Every function receives a raw ``pandas.Series`` of dtype object as read from python-calamine or
a csv: ``''``/None/NaN (empty), ``str``, ``int``, ``float``, ``bool``, ``datetime.date``,
``datetime.datetime``, ``datetime.time`` or ``datetime.timedelta``. The work is done once per
distinct value (``pd.factorize``) and mapped back to the rows with the factorize codes.
"""

from __future__ import annotations

import datetime as dt
from operator import methodcaller
from typing import Final, cast

import numpy as np
import pandas as pd

from integaudit.ingest.cells import _DATE, _FLOAT, _INT, _NPDATE, _STR, _factorize, _to_rows

DATE_DTYPE: Final = "datetime64[us]"


# --- dates -----------------------------------------------------------------------------------

_DAY_MIN = int(np.datetime64("1900-01-01", "D").astype(np.int64))
_DAY_MAX = int(np.datetime64("9999-12-31", "D").astype(np.int64))
_EXCEL_EPOCH = int(np.datetime64("1899-12-30", "D").astype(np.int64))
_SERIAL_MAX = 2958465  # 9999-12-31
_ORDINAL_1970 = dt.date(1970, 1, 1).toordinal()
_TO_ORDINAL = methodcaller("toordinal")

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
    dropped = [parts.columns.get_loc("isep"), parts.columns.get_loc("nm")]
    digits[:, cast(list[int], dropped)] = "0"
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


# The two forms most extracts write, ten characters each: YYYY-MM-DD (one separator twice)
# and DD-MM-YYYY (each separator one of - / .). They are read without a regular expression.
_ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9]
_DMY_DIGITS = [0, 1, 3, 4, 6, 7, 8, 9]
_SEPARATOR_CODES = np.array([ord("-"), ord("/"), ord(".")], dtype=np.uint32)


def _number(digits: np.ndarray) -> np.ndarray:
    """Return the numbers written by rows of digit values (most significant first)."""
    weights = 10 ** np.arange(digits.shape[1] - 1, -1, -1, dtype=np.int64)
    return digits @ weights


def _fixed_width_days(texts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (handled, days, ok) for strings: handled marks those of exactly ten characters
    in one of the two common forms, which the full pattern would read the same way; days and
    ok are as ``_ymd_to_days`` gives them for those (ok False for a date that does not
    exist), and meaningless for the others."""
    n = len(texts)
    handled, days, ok = np.zeros(n, dtype=bool), np.zeros(n, dtype=np.int64), np.zeros(n, bool)
    ten = np.flatnonzero(np.fromiter(map(len, texts), np.int64, n) == 10)
    if ten.size == 0:
        return handled, days, ok
    chars = np.array(texts[ten].tolist(), dtype="<U10").view(np.uint32).reshape(-1, 10)
    digit = (chars >= ord("0")) & (chars <= ord("9"))
    separator = np.isin(chars, _SEPARATOR_CODES)
    iso = digit[:, _ISO_DIGITS].all(axis=1) & separator[:, 4] & (chars[:, 4] == chars[:, 7])
    dmy = digit[:, _DMY_DIGITS].all(axis=1) & separator[:, 2] & separator[:, 5]
    values = np.where(digit, chars.astype(np.int64) - ord("0"), 0)
    y = np.where(iso, _number(values[:, 0:4]), _number(values[:, 6:10]))
    m = np.where(iso, _number(values[:, 5:7]), _number(values[:, 3:5]))
    d = np.where(iso, _number(values[:, 8:10]), _number(values[:, 0:2]))
    found = iso | dmy
    days[ten], ok[ten] = _ymd_to_days(y, m, d, found)
    handled[ten] = found
    return handled, days, ok


def _unique_days(uniques: np.ndarray, kinds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (days, status) per unique value; status 0 = date, 1 = empty, 2 = unreadable."""
    n = len(uniques)
    days = np.zeros(n, dtype=np.int64)
    ok = np.zeros(n, dtype=bool)
    blank = np.zeros(n, dtype=bool)

    sel = np.flatnonzero(kinds == _STR)
    if sel.size:
        texts = uniques[sel]
        empty = texts == ""
        blank[sel[empty]] = True
        handled, fixed_days, fixed_ok = _fixed_width_days(texts)
        days[sel[handled]], ok[sel[handled]] = fixed_days[handled], fixed_ok[handled]
        rest = sel[~handled & ~empty]
        if rest.size:
            lowered = pd.Series(uniques[rest], dtype=object).str.strip().str.lower()
            days[rest], ok[rest], blank[rest] = _strings_to_days(lowered)

    sel = (kinds == _INT) | (kinds == _FLOAT)
    if sel.any():
        days[sel], ok[sel] = _serial_to_days(uniques[sel])

    sel = kinds == _DATE
    if sel.any():
        # date, datetime and Timestamp all have toordinal(); it ignores time and time zone
        ordinals = np.fromiter(map(_TO_ORDINAL, uniques[sel]), np.int64, sel.sum())
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


def parse_date(value: object) -> dt.date | None:
    """Return the date one value names in any form an extract's cell may hold (ISO, Danish
    day-first, month names, a date), or None when it is not a date: the one reading of a
    date a user types, for options (``--as-of``) and the config file (``as_of``) alike."""
    dates, _ = parse_dates(pd.Series([value], dtype=object))
    found = dates.iloc[0]
    return None if pd.isna(found) else found.date()
