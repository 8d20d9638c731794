"""The 98 Danish municipalities: recognise them by code, name, alias or file name.

Values are matched as in SPEC §1.3: by code (``101``, ``0101``, ``101.0``), by name or alias
from ``data/kommuner.csv``, case-insensitively, with or without ``Kommune``, in genitive form
and in either ASCII transliteration of æ/ø/å.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "Municipality",
    "all_municipalities",
    "from_file_name",
    "is_code",
    "lookup",
    "normalise",
    "suggest",
]


@dataclass(frozen=True)
class Municipality:
    """One municipality as listed in ``kommuner.csv``."""

    code: str  # official code as 3-digit text, e.g. "101"
    name: str  # e.g. "København"
    region_code: str  # e.g. "1084"
    region_name: str  # e.g. "Region Hovedstaden"


# Words that may follow a name ("Aarhus Kommune", "Bornholms Regionskommune").
_FILLERS = frozenset({"kommune", "regionskommune"})
# Letter runs and digit runs; everything else (space, - _ . ( ) , …) separates tokens.
_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+")
# A whole cell that is a code: "101", "0101", "101.0" (a number that went through a float).
_CELL_CODE_RE = re.compile(r"0?([0-9]{3})(?:[.,]0+)?")
# A file-name token that is a code: 3 digits, or 4 with a leading zero ("0101"), never "2014".
_TOKEN_CODE_RE = re.compile(r"0?([0-9]{3})")
# Swedish/German keyboards type ä/ö for æ/ø.
_FOLD = str.maketrans({"ä": "æ", "ö": "ø"})
_TRANSLIT_AA = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_TRANSLIT_O = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})
_COLUMNS = ["code", "name", "region_code", "region_name"]


def _tokens(text: str, style: dict[int, str] = _TRANSLIT_AA) -> list[str]:
    """Return the lower-cased, transliterated word and digit tokens of text."""
    # NFC first: macOS file names come decomposed (å as a + ring).
    folded = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)
    return [token.translate(style) for token in _TOKEN_RE.findall(folded)]


@functools.cache
def _rows() -> tuple[dict[str, str], ...]:
    """Return the rows of the packaged ``kommuner.csv`` as dicts."""
    text = (files("integaudit") / "data" / "kommuner.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(io.StringIO(text)))


@functools.cache
def all_municipalities() -> tuple[Municipality, ...]:
    """Return the 98 municipalities from the packaged ``kommuner.csv``, sorted by code."""
    found = [
        Municipality(
            code=row["code"].strip().zfill(3),
            name=row["name"].strip(),
            region_code=row["region_code"].strip(),
            region_name=row["region_name"].strip(),
        )
        for row in _rows()
    ]
    return tuple(sorted(found, key=lambda m: m.code))


@functools.cache
def _by_code() -> dict[int, Municipality]:
    """Return the municipalities keyed by their code as an integer."""
    return {int(m.code): m for m in all_municipalities()}


@functools.cache
def _name_index() -> tuple[dict[str, Municipality], int]:
    """Return (token key → municipality, longest key in tokens) for all names and aliases.

    Keys are the space-joined tokens in the æ→ae ø→oe å→aa style; the æ→ae ø→o å→a style is
    indexed too unless it would collide with a key of another municipality.
    """
    by_code = _by_code()
    spellings: list[tuple[str, Municipality]] = []
    for row in _rows():
        municipality = by_code[int(row["code"])]
        aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        spellings.extend((spelling, municipality) for spelling in [row["name"], *aliases])
    index: dict[str, Municipality] = {}
    for spelling, municipality in spellings:
        key = " ".join(_tokens(spelling))
        if index.setdefault(key, municipality) != municipality:
            raise RuntimeError(f"kommuner.csv: {spelling!r} names two municipalities")
    for spelling, municipality in spellings:
        index.setdefault(" ".join(_tokens(spelling, _TRANSLIT_O)), municipality)
    longest = max(key.count(" ") + 1 for key in index)
    return index, longest


def _match_tokens(tokens: list[str]) -> tuple[set[str], bool]:
    """Return (codes of the municipalities named in tokens, whether every token was used).

    Names match as whole tokens or token sequences, longest first; a name + "s" before
    "Kommune" is the genitive ("Aarhus Kommune", "Høje-Taastrups Kommune"); a token of three
    digits, or four with a leading zero, is a code when it is one.
    """
    index, longest = _name_index()
    by_code = _by_code()
    codes: set[str] = set()
    all_used = True
    i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            key = " ".join(tokens[i : i + n])
            followed_by_filler = i + n < len(tokens) and tokens[i + n] in _FILLERS
            hit = index.get(key)
            if hit is None and followed_by_filler and key.endswith("s"):
                hit = index.get(key[:-1])
            if hit is not None:
                codes.add(hit.code)
                i += n
                break
        else:
            token = tokens[i]
            code = _TOKEN_CODE_RE.fullmatch(token)
            if code and int(code.group(1)) in by_code:
                codes.add(by_code[int(code.group(1))].code)
            elif token not in _FILLERS:
                all_used = False
            i += 1
    return codes, all_used


@functools.lru_cache(maxsize=8192)
def _lookup_text(text: str) -> Municipality | None:
    """Return the municipality a trimmed, non-empty text names, or None."""
    code = _CELL_CODE_RE.fullmatch(text)
    if code:
        return _by_code().get(int(code.group(1)))
    tokens = _tokens(text)
    index, _ = _name_index()
    hit = index.get(" ".join(tokens))
    if hit is not None:
        return hit
    # "Aarhus Kommune", "101 København", "København (101)": every token must be used, and
    # all of them must point to the same municipality.
    codes, all_used = _match_tokens(tokens)
    if all_used and len(codes) == 1:
        return _by_code()[int(codes.pop())]
    return None


def suggest(text: str) -> Municipality | None:
    """Return the municipality an unknown name was most likely meant to be ("Odnese" →
    Odense): the closest name or alias by spelling (difflib ratio ≥ 0.75), or None."""
    import difflib

    index, _ = _name_index()
    key = " ".join(tok for tok in _tokens(text) if tok not in _FILLERS)
    close = difflib.get_close_matches(key, list(index), n=1, cutoff=0.75)
    return index[close[0]] if close else None


def is_code(key: object) -> bool:
    """Return whether a group key is written as a municipality code, in ASCII digits: "101"
    is, "²³" and "①②③" are not (``str.isdigit`` takes them for digits; ``int`` does not)."""
    return isinstance(key, str) and key.isascii() and key.isdigit()


def code_order(key: str) -> tuple[int, int, str]:
    """Return the sort key of a group key: codes by number first, then names."""
    return (0, int(key), "") if is_code(key) else (1, 0, key)


def _is_empty(value: object) -> bool:
    """Return True for None, NaN, NaT, pd.NA and blank text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    return False


def _written(value: object) -> str | None:
    """Return the value as the user wrote it, trimmed; numbers without a '.0'; None if empty."""
    if _is_empty(value):
        return None
    if isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_):
        return str(int(value))
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def lookup(value: object) -> Municipality | None:
    """Return the municipality a cell value names, or None.

    Accepts codes as text or numbers (``101``, ``"0101"``, ``101.0``, ``"101.0"``), names and
    aliases in any case, with or without ``Kommune``/``Regionskommune``, genitive forms and
    both ASCII transliterations. Returns None for empty and unknown values.
    """
    if _is_empty(value) or isinstance(value, bool | np.bool_):
        return None
    if isinstance(value, numbers.Integral):
        return _by_code().get(int(value))
    if isinstance(value, float | np.floating):
        return _by_code().get(int(value)) if float(value).is_integer() else None
    return _lookup_text(str(value).strip())


def normalise(raw: pd.Series) -> pd.DataFrame:
    """Return a frame with the index of raw and columns code, name, region_code, region_name
    (None where unknown or empty), 'known' (bool) and 'written' (the trimmed text as written,
    None where empty).

    Each distinct value is looked up once and the results are mapped back to the rows.
    """
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    # One slot per distinct value plus a last one for empty cells (factorize code -1).
    n = len(uniques) + 1
    fields = {column: np.full(n, None, dtype=object) for column in _COLUMNS}
    known = np.zeros(n, dtype=bool)
    written = np.full(n, None, dtype=object)
    for i, value in enumerate(np.asarray(uniques, dtype=object)):
        written[i] = _written(value)
        municipality = lookup(value)
        if municipality is not None:
            known[i] = True
            for column in _COLUMNS:
                fields[column][i] = getattr(municipality, column)
    data = {
        column: pd.Series(values[codes], index=raw.index, dtype=object)
        for column, values in fields.items()
    }
    data["known"] = pd.Series(known[codes], index=raw.index, dtype=bool)
    data["written"] = pd.Series(written[codes], index=raw.index, dtype=object)
    return pd.DataFrame(data, index=raw.index)


def from_file_name(path: str | Path) -> Municipality | None:
    """Return the municipality when the file name (stem) names exactly one municipality by
    name/alias or by code, else None.

    Names match as whole tokens or token sequences (``lyngby-taarbaek_2014.xlsx``,
    ``Københavns Kommune.xlsx``); codes only as whole tokens of three digits or four with a
    leading zero (``851.csv``, ``kontrakter_0101_2014.csv``), so years are never codes.
    Returns None when no municipality or two different ones are named.
    """
    codes, _ = _match_tokens(_tokens(Path(path).stem))
    if len(codes) != 1:
        return None
    return _by_code()[int(codes.pop())]
