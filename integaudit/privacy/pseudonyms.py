"""Keyed pseudonyms for person ids and CPR numbers (SPEC §4.4).

A pseudonym is ``P-`` + the first 12 hex characters of HMAC-SHA256(key, value). CPR numbers
are reduced to their 10 digits first, so every way a spreadsheet may hold the same number gives
the same pseudonym.
"""

from __future__ import annotations

import functools
import hmac
import math
import numbers
import re
import unicodedata
from itertools import islice

import numpy as np
import pandas as pd
from stdnum.dk import cpr

from integaudit.privacy.keys import ENV_KEY, resolve_key

__all__ = ["ENV_KEY", "Pseudonymiser", "is_pseudonym", "looks_like_cpr", "resolve_key"]


# What may stand between the birth date and the sequence number: up to three characters that
# are neither letters nor digits, whatever else they are — hyphens, dashes and the minus sign,
# dots, slashes, spaces of every kind, soft hyphens, zero-width and control characters.
_SEP = r"[\W_]"
# The birth date DDMMYY, its parts joined by nothing or twice by the same one separator
# (26-01-90, 10.10.90). Digits are any decimal digits (fullwidth ０-９ too), read as 0-9.
_BIRTH = rf"(\d\d)({_SEP}?)(\d\d)\2(\d\d)"
_CPR = rf"{_BIRTH}{_SEP}{{0,3}}(\d{{4}})"
# A whole cell: a CPR number in any of those spellings, or 9 digits (Excel dropped the
# leading zero and the number came back as text, possibly as "101901234.0").
_WHOLE_CPR_RE = re.compile(rf"(?:{_CPR}|(\d{{9}}))(?:\.0+)?")
# Embedded in text. Digit boundaries rather than word boundaries: "CPR0101901234" is a CPR.
_EMBEDDED_CPR_RE = re.compile(rf"(?<!\d){_CPR}(?!\d)")
# Joins texts searched in one pass: a letter, which no spelling of a CPR number spans.
_JOIN = "x"
# An integer id that went through a float in a text export: "12345.0".
_FLOAT_TEXT_RE = re.compile(r"([0-9]+)\.0+")
# A pseudonym as this module writes it: "P-" and 12 lowercase hex characters.
_PSEUDONYM_RE = re.compile(r"P-[0-9a-f]{12}")


@functools.lru_cache(maxsize=1 << 18)
def _valid_birth(first_seven: str) -> bool:
    """Return True when DDMMYY plus the century digit form a real, past birth date."""
    # Only the date and the century digit decide validity, so one stdnum call per birth date.
    return cpr.is_valid(first_seven + "000")


def _digits(match: re.Match[str]) -> str:
    """Return the 10 ASCII digits of a CPR number matched in any of its spellings."""
    found = match.group(1) + match.group(3) + match.group(4) + match.group(5)
    return found if found.isascii() else "".join(str(unicodedata.decimal(ch)) for ch in found)


def _is_valid_cpr(digits: str) -> bool:
    """Return True when digits (10 ASCII digits) is a valid CPR number per stdnum.dk.cpr."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    # Cheap range check first: most digit runs are not dates and need no stdnum call.
    if not ("01" <= digits[0:2] <= "31" and "01" <= digits[2:4] <= "12"):
        return False
    return _valid_birth(digits[:7])


def _is_missing(value: object) -> bool:
    """Return True for None, NaN, NaT and pd.NA."""
    if type(value) is str:
        return False
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def _integer(value: object) -> int | None:
    """Return value as an int when it is an integral number (not a bool), else None."""
    if isinstance(value, str | bool | np.bool_):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, float | np.floating) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _cpr_digits(value: object) -> str | None:
    """Return the 10 digits when the whole value is a valid CPR number, else None.

    Numbers of 9 or 10 digits count (Excel stores 0101901234 as 101901234), as does text of
    10 digits, DDMMYY-XXXX, or 9 digits.
    """
    if isinstance(value, str):
        match = _WHOLE_CPR_RE.fullmatch(value.strip())
        if match is None:
            return None
        if match.group(1):
            digits = _digits(match)
        else:
            digits = "0" + "".join(str(unicodedata.decimal(ch)) for ch in match.group(6))
    else:
        number = _integer(value)
        if number is None or not 10**8 <= number < 10**10:
            return None
        digits = str(number).zfill(10)
    return digits if _is_valid_cpr(digits) else None


def _id_text(value: object) -> str | None:
    """Return the text a person id is hashed as: a CPR's 10 digits, else the trimmed text
    (integral numbers without '.0'); None when the value is empty."""
    if _is_missing(value):
        return None
    digits = _cpr_digits(value)
    if digits is not None:
        return digits
    number = _integer(value)
    if number is not None:
        return str(number)
    text = str(value).strip()
    float_text = _FLOAT_TEXT_RE.fullmatch(text)
    if float_text:
        return float_text.group(1)
    return text or None


def is_pseudonym(value: object) -> bool:
    """Return True when value is, as a whole, a pseudonym as :class:`Pseudonymiser` writes it
    (``P-`` + 12 lowercase hex characters, surrounding spaces ignored) and holds no CPR number
    (12 hex characters may contain ten digits in a row that form one)."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return _PSEUDONYM_RE.fullmatch(text) is not None and not any(
        _is_valid_cpr(_digits(m)) for m in _EMBEDDED_CPR_RE.finditer(text)
    )


class Pseudonymiser:
    """Turns person ids and CPR numbers into keyed pseudonyms ``P-`` + 12 hex characters."""

    def __init__(self, key: bytes, stable: bool = True) -> None:
        """Use key for HMAC-SHA256; stable is False when the key is a random per-run key."""
        if not key:
            raise ValueError("the pseudonym key must not be empty")
        self._key = bytes(key)
        self.stable = stable
        self._cache: dict[str, str] = {}

    def __repr__(self) -> str:
        # Never show the key.
        return f"Pseudonymiser(stable={self.stable})"

    def __getstate__(self) -> dict[str, object]:
        """Return what a copy in a worker process needs: not the keyed HMAC (made again
        there), which cannot be pickled."""
        state = dict(self.__dict__)
        state.pop("_keyed", None)
        return state

    @functools.cached_property
    def _keyed(self) -> hmac.HMAC:
        """Return an HMAC-SHA256 with the key and nothing else in it: each pseudonym is a copy
        of it fed one text, so the key's own two blocks are hashed once, not once a text."""
        return hmac.new(self._key, digestmod="sha256")

    def _hash(self, text: str) -> str:
        """Return the pseudonym of an already normalised text."""
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = self._hash_all([text])[0]
        return found

    def _hash_all(self, texts: list[str]) -> list[str]:
        """Return the pseudonyms of already normalised texts, one HMAC per text not met
        before."""
        cache, keyed = self._cache, self._keyed
        for text in texts:
            if text not in cache:
                mac = keyed.copy()
                mac.update(text.encode("utf-8"))
                cache[text] = "P-" + mac.digest()[:6].hex()
        return [cache[text] for text in texts]

    def made(self, most: int = 1) -> dict[str, str]:
        """Return up to ``most`` of the pseudonyms made so far (normalised id → pseudonym):
        what a worker process's copy tells the run's pseudonymiser of its key being used."""
        return dict(islice(self._cache.items(), most))

    def adopt(self, made: dict[str, str]) -> None:
        """Record pseudonyms a copy of this pseudonymiser made in a worker process."""
        self._cache.update(made)

    @property
    def used(self) -> bool:
        """Return whether this pseudonymiser has made a pseudonym with its key (False while
        every person id it saw was already a pseudonym and no CPR number was met)."""
        return bool(self._cache)

    def pseudonym(self, value: str) -> str:
        """Return 'P-' + first 12 hex chars of HMAC-SHA256(key, normalised value).

        A CPR number is normalised to its 10 digits; any other value to its trimmed text.
        """
        text = _id_text(value)
        return self._hash(text if text is not None else "")

    def pseudonymise(self, raw: pd.Series) -> pd.Series:
        """Return pseudonyms for a column of person ids (None stays None), as an object Series
        with the index of raw.

        A value that already is a pseudonym (``P-`` + 12 lowercase hex characters, see
        :func:`is_pseudonym`) is kept as it is: it comes from an earlier run (a sample workbook,
        an anonymised copy), and hashing it again would make a person of the same run
        unrecognisable. A CPR number never has that form, so it is always replaced.

        CPR numbers are normalised first so '010190-1234', '0101901234', 101901234 (int,
        leading zero lost by Excel) and 101901234.0 give the same pseudonym; other ids are
        hashed as their trimmed text (numbers without '.0'). Blank text counts as empty.
        """
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        # Last slot stays None for the missing values (factorize code -1).
        out = np.full(len(uniques) + 1, None, dtype=object)
        positions: list[int] = []
        texts: list[str] = []
        for i, value in enumerate(np.asarray(uniques, dtype=object)):
            if type(value) is str:
                text = value.strip()
                if not text:
                    continue
                if text[0] != "P" and not text[0].isdigit():
                    # Neither a pseudonym nor a CPR or float text, which all begin so.
                    positions.append(i)
                    texts.append(text)
                    continue
            if is_pseudonym(value):
                out[i] = value.strip()
                continue
            id_text = _id_text(value)
            if id_text is not None:
                positions.append(i)
                texts.append(id_text)
        out[positions] = self._hash_all(texts)
        return pd.Series(out[codes], index=raw.index, name=raw.name, dtype=object)

    def scrub_text(self, text: str) -> str:
        """Return text with every embedded valid CPR number, in any of its spellings (see
        ``scrub``), replaced by its pseudonym."""

        def replace(match: re.Match[str]) -> str:
            digits = _digits(match)
            return self._hash(digits) if _is_valid_cpr(digits) else match.group(0)

        return _EMBEDDED_CPR_RE.sub(replace, text)

    def scrub(self, raw: pd.Series) -> pd.Series:
        """Return a copy of the column with every embedded CPR number (10 digits, DDMMYY and
        XXXX apart by up to three separators, or DD-MM-YY-XXXX; as a whole digit run, with a
        real birth date) replaced by its pseudonym.

        Other text and non-text cells pass through, except that a cell which is as a whole a
        CPR number (also 101901234 as a number from Excel) becomes its pseudonym: the law does
        not care what type the cell has. Distinct values are handled once and mapped back; one
        scan of all of them at once finds the few that need a closer look.
        """
        if raw.empty or pd.api.types.is_bool_dtype(raw) or _is_temporal(raw):
            return raw.copy()
        positions = _candidate_positions(raw)
        if positions is not None and len(positions) == 0:
            return raw.copy()
        subset = raw if positions is None else raw.iloc[positions]
        codes, uniques = pd.factorize(subset, use_na_sentinel=True)
        values = np.asarray(uniques, dtype=object)
        new = values.copy()
        # One slot more than uniques, for the missing values (factorize code -1).
        changed = np.zeros(len(values) + 1, dtype=bool)
        is_text = np.fromiter((isinstance(v, str) for v in values), bool, len(values))
        text_positions = np.flatnonzero(is_text)
        for i in text_positions[_with_candidates(values[text_positions].tolist())]:
            value = values[i]
            digits = _cpr_digits(value)
            new[i] = self._hash(digits) if digits is not None else self.scrub_text(value)
            changed[i] = new[i] != value
        # Numbers in a numeric or mixed column: only a whole-cell CPR number counts.
        for i in np.flatnonzero(~is_text):
            digits = _cpr_digits(values[i])
            if digits is not None:
                new[i], changed[i] = self._hash(digits), True
        rows = np.flatnonzero(changed[codes])
        if len(rows) == 0:
            return raw.copy()
        out = raw.to_numpy(dtype=object, copy=True)
        out[rows if positions is None else positions[rows]] = new[codes[rows]]
        dtype = raw.dtype if _is_text_dtype(raw) else object
        return pd.Series(out, index=raw.index, name=raw.name, dtype=dtype)


def _with_candidates(texts: list[str]) -> np.ndarray:
    """Return the positions in texts of the texts that hold something spelled like a CPR
    number (valid or not).

    One regex scan over all texts joined by a letter (which no match can span) instead of
    one search per text; match offsets are mapped back to texts with searchsorted.
    """
    if not texts:
        return np.zeros(0, dtype=np.intp)
    starts = [match.start() for match in _EMBEDDED_CPR_RE.finditer(_JOIN.join(texts))]
    if not starts:
        return np.zeros(0, dtype=np.intp)
    # ends[i] is the offset just after text i and its joining letter.
    ends = np.cumsum(np.fromiter(map(len, texts), np.intp, len(texts)) + len(_JOIN))
    return np.unique(np.searchsorted(ends, starts, side="right"))


def _is_text_dtype(raw: pd.Series) -> bool:
    """Return True for pandas' own string dtypes (not object, not category)."""
    return isinstance(raw.dtype, pd.StringDtype)


def _is_temporal(raw: pd.Series) -> bool:
    """Return True for datetime, timedelta and period columns, which hold no CPR numbers."""
    return (
        pd.api.types.is_datetime64_any_dtype(raw)
        or pd.api.types.is_timedelta64_dtype(raw)
        or isinstance(raw.dtype, pd.PeriodDtype)
    )


def _candidate_positions(raw: pd.Series) -> np.ndarray | None:
    """Return the positions of the cells of a numeric column that may be a CPR number (the
    integral values of 9 or 10 digits), or None for other columns (text is prefiltered after
    pd.factorize, which is cheaper than a regex over every row).
    """
    if pd.api.types.is_numeric_dtype(raw):
        as_float = raw.to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            fits = (as_float >= 1e8) & (as_float < 1e10) & (as_float == np.floor(as_float))
        return np.flatnonzero(fits)
    return None


def looks_like_cpr(raw: pd.Series) -> pd.Series:
    """Return a bool Series (index of raw), True where the whole cell is a valid CPR number:
    text '010190-1234'/'0101901234', or a number of 9-10 digits (Excel drops the leading zero).
    """
    result = np.zeros(len(raw), dtype=bool)
    if raw.empty or pd.api.types.is_bool_dtype(raw) or _is_temporal(raw):
        return pd.Series(result, index=raw.index, dtype=bool)
    positions = _candidate_positions(raw)
    subset = raw if positions is None else raw.iloc[positions]
    codes, uniques = pd.factorize(subset, use_na_sentinel=True)
    # Last slot stays False for the missing values (factorize code -1).
    found = np.zeros(len(uniques) + 1, dtype=bool)
    for i, value in enumerate(np.asarray(uniques, dtype=object)):
        found[i] = _cpr_digits(value) is not None
    if positions is None:
        result = found[codes]
    else:
        result[positions] = found[codes]
    return pd.Series(result, index=raw.index, dtype=bool)
