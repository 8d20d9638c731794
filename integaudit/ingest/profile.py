"""What the values of an unrecognised column look like, for advice that fits them: how many of
its filled cells are dates, numbers, CPR numbers or other texts, a few sample values (CPR
numbers as their pseudonyms) and the texts that read as "no value" (``Ingen mål
registreret``). Only the first PROFILE_ROWS data rows are looked at: enough to tell a column
of dates from one of texts, and cheap at any size."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from integaudit.ingest.checks import blank_cells
from integaudit.ingest.dates import parse_dates
from integaudit.ingest.values import GOAL_PLACEHOLDERS
from integaudit.model import ColumnProfile
from integaudit.privacy.pseudonyms import looks_like_cpr

PROFILE_ROWS = 500
SAMPLES = 3
SAMPLE_CHARS = 40
# Texts that say there is no value: "Ingen mål registreret", "Ikke fastsat", "Mangler".
_NONE_WORDS = re.compile(r"(?<![\wæøå])(ingen|intet|ikke|mangler|ukendt|none|no)(?![\wæøå])", re.I)
_DATE = re.compile(r"\b[0-9]{1,4}[-./][0-9]{1,2}[-./][0-9]{1,4}\b")
_DIGITS = re.compile(r"\s*[0-9]+([.,][0-9]+)?\s*")
# A header that names a column of people's names: its values are never shown.
_NAMES = re.compile(r"(?<![\wæøå])(navn|navne|name|names)(?![\wæøå])|navn$", re.I)


def profile(cells: np.ndarray, header: str, scrub: Callable[[str], str]) -> ColumnProfile:
    """Return the profile of one column's data cells (the first PROFILE_ROWS are read)."""
    cells = cells[:PROFILE_ROWS]
    cells = cells[~blank_cells(cells)]
    if not cells.size:
        return ColumnProfile()
    raw = pd.Series(cells, dtype=object)
    is_text = np.fromiter((isinstance(v, str) for v in cells), bool, len(cells))
    digits = np.fromiter(
        (isinstance(v, str) and _DIGITS.fullmatch(v) is not None for v in cells), bool, len(cells)
    )
    number = np.fromiter(
        (isinstance(v, int | float) and not isinstance(v, bool) for v in cells), bool, len(cells)
    )
    cpr = looks_like_cpr(raw).to_numpy()
    dates = parse_dates(raw)[0].notna().to_numpy() & ~number & ~digits & ~cpr
    numbers = (number | digits) & ~cpr
    texts = is_text & ~dates & ~numbers & ~cpr
    lists = np.fromiter((len(_DATE.findall(v)) >= 2 for v in cells[texts]), bool, texts.sum())
    found = ColumnProfile(
        filled=len(cells),
        dates=int(dates.sum()),
        numbers=int(numbers.sum()),
        cpr=int(cpr.sum()),
        texts=int(texts.sum()),
        date_lists=int(lists.sum()),
    )
    if _NAMES.search(header or "") or found.kind in ("mixed", "numbers"):
        return found
    shown = pd.Series([_shown(v, scrub) for v in cells], dtype=object)
    samples = tuple(shown.value_counts(sort=True).index[:SAMPLES])
    none = [
        v
        for v in pd.unique(shown[texts])
        if _NONE_WORDS.search(v) and v.strip().lower() not in GOAL_PLACEHOLDERS
    ]
    return ColumnProfile(**{**found.__dict__, "samples": samples, "placeholders": tuple(none[:5])})


def _shown(value: object, scrub: Callable[[str], str]) -> str:
    """Return a cell as a sample shows it: dates as DD-MM-YYYY, CPR numbers as pseudonyms."""
    if hasattr(value, "strftime"):
        text = value.strftime("%d-%m-%Y")
    elif isinstance(value, int | float) and float(value).is_integer() and 1e8 <= value < 1e10:
        text = f"{int(value):010d}"  # a CPR number Excel keeps as a number
    else:
        text = " ".join(str(value).split())
    text = scrub(text)
    return text if len(text) <= SAMPLE_CHARS else text[: SAMPLE_CHARS - 1] + "…"
