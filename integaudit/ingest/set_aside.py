"""Rows of a sheet that are not contracts (nor follow-ups), set aside with the reason why.

A row below the header is set aside, never audited, when it is

- ``header-repeat``: a repeated or technical header row: at least two cells, no readable date,
  and its cells are header names (known aliases, the canonical field names, or the labels of
  the sheet's own header), or every cell is a technical column name (``SAG_NR``,
  ``KOM_KODE``) and the date columns hold such names too;
- ``footer``: a total or count row: no readable date and a word such as *I alt*, *Total*,
  *Sum*, *Antal* or *rækker* in a cell, or only numbers with a number in the id column where
  the sheet's contract ids are not numbers;
- ``note``: one text cell of several words (or beginning *Bemærk*, *NB* …), the rest empty;
- ``no-id-no-date`` (contracts sheets): neither a contract id nor a readable date of any
  contract field;
- ``layout``: a row the config's ``[[layout]]`` says to skip (``skip_rows``), or ``footer``
  for one of its ``footer_rows``.

A row with a readable date in the sheet's main date column (the takeover date of a contract,
the date of a follow-up) is always kept: every reason above needs a row without one. A row
that merely lacks data (an id and a takeover date, but no goal) is a contract.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import pandas as pd

from integaudit.ingest.checks import blank_cells
from integaudit.ingest.dates import parse_dates
from integaudit.ingest.headers import HeaderMap, normalise_header
from integaudit.model import DATE_FIELDS, WIDE_FOLLOW_UP_PATTERN

REASONS = ("header-repeat", "footer", "note", "no-id-no-date", "layout")
# The reasons that are expected in an export (info); a row without id and date may have been
# meant as a contract (warning).
INFO_REASONS = frozenset({"header-repeat", "footer", "note", "layout"})

_FOOTER = re.compile(
    r"(?<![\wæøå])(?:i\s*alt|total[te]?|sum|summa|antal|r(?:æ|ae)kker|optalt|count|rows)"
    r"(?![\wæøå])",
    re.IGNORECASE,
)
_NOTE_START = re.compile(r"^(?:bem(?:æ|ae)rk|note|nb|obs|ps)\b", re.IGNORECASE)
_TECHNICAL = re.compile(
    r"[A-Za-zÆØÅæøå][A-Za-zÆØÅæøå0-9]*(?:_[A-Za-zÆØÅæøå0-9]+)+"  # SAG_NR, kom_kode
    r"|[A-ZÆØÅ]{2,}[A-ZÆØÅ0-9]*"  # SAGSNR, CPR
    r"|[A-ZÆØÅ]?[a-zæøå]+(?:[A-ZÆØÅ][a-zæøå0-9]+)+"  # SagNr, kommuneKode
)
_WIDE = re.compile(WIDE_FOLLOW_UP_PATTERN)
_DIGITS = re.compile(r"[0-9]+")
NOTE_MIN_WORDS = 3
NOTE_MIN_CHARS = 25
# The first non-blank cells of a set-aside row that its data issue shows.
SHOWN_CELLS = 4
SHOWN_CHARS = 120
_DATE_FIELDS = frozenset((*DATE_FIELDS, "follow_up_date"))


@dataclass(frozen=True)
class RowLayout:
    """What the config says of a sheet's rows: Excel row numbers to skip, and how many of the
    last non-blank rows are footers."""

    skip_rows: frozenset[int] = frozenset()
    footer_rows: int = 0


def classify(
    cells: np.ndarray,
    rows: np.ndarray,
    header: HeaderMap,
    columns: Mapping[int, str],
    index: Mapping[str, str],
    kind: str,
    blank: np.ndarray,
    layout: RowLayout | None = None,
) -> np.ndarray:
    """Return, per data row of ``cells`` (all columns; ``rows`` the Excel row numbers), the
    reason it is set aside (REASONS), or None when it is kept; rows ``blank`` in every column
    are neither (None, and dropped by the caller). ``columns`` maps the positions read to
    their fields."""
    n = cells.shape[0]
    reasons = np.full(n, None, dtype=object)
    if n == 0:
        return reasons
    filled = ~blank
    if layout is not None:
        _apply_layout(reasons, rows, filled, layout)
    anchor = "responsibility_date" if kind == "contracts" else "follow_up_date"
    anchor_pos = next((p for p, f in columns.items() if f == anchor), None)
    dated: np.ndarray = np.zeros(n, dtype=bool)
    if anchor_pos is not None:
        dated = _readable(cells[:, [anchor_pos]]).any(axis=1)  # type: ignore[assignment]
    todo = np.flatnonzero(filled & ~dated & pd.isna(reasons))
    if todo.size == 0:
        return reasons
    date_positions = [p for p, f in columns.items() if f in _DATE_FIELDS]
    found = _reasons(cells[todo], header, columns, index, kind, date_positions)
    found = np.where(found == None, _numeric_footer(cells, todo, columns, dated), found)  # noqa: E711
    reasons[todo] = found
    return reasons


def _apply_layout(
    reasons: np.ndarray, rows: np.ndarray, filled: np.ndarray, layout: RowLayout
) -> None:
    """Set the reasons the config's layout gives: its footer rows (the last non-blank ones)
    and the rows it says to skip."""
    if layout.footer_rows:
        last = np.flatnonzero(filled)[-layout.footer_rows :]
        reasons[last] = "footer"
    if layout.skip_rows:
        skipped = np.isin(rows, list(layout.skip_rows)) & filled
        reasons[skipped] = "layout"


def _readable(cells: np.ndarray) -> np.ndarray:
    """Return True per cell (of a two-dimensional object array) holding a readable date: a
    date cell at once, any other cell as parse_dates reads it."""
    if cells.size == 0:
        return np.zeros(cells.shape, dtype=bool)
    flat = cells.ravel(order="F")
    found = np.fromiter(map(isinstance, flat, repeat(dt.date)), bool, flat.size)
    rest = np.flatnonzero(~found)
    if rest.size:
        dates, _ = parse_dates(pd.Series(flat[rest], dtype=object))
        found[rest] = dates.notna().to_numpy()
    return found.reshape(cells.shape, order="F")


def _texts(cells: np.ndarray, filled: np.ndarray) -> np.ndarray:
    """Return each filled cell as trimmed text (None where blank)."""
    out = np.full(cells.shape, None, dtype=object)
    out[filled] = [" ".join(str(v).split()) for v in cells[filled]]
    return out


def _reasons(
    cells: np.ndarray,
    header: HeaderMap,
    columns: Mapping[int, str],
    index: Mapping[str, str],
    kind: str,
    date_positions: list[int],
) -> np.ndarray:
    """Return the reason of each of the rows ``cells`` (rows without a readable date in the
    main date column), None for a row kept."""
    filled = ~blank_cells(cells)
    texts = _texts(cells, filled)
    is_text = np.frompyfunc(isinstance, 2, 1)(cells, str).astype(bool) & filled  # type: ignore[call-overload]
    count = filled.sum(axis=1)
    dated = _readable(cells[:, date_positions]).any(axis=1) if date_positions else count < 0
    labels = {normalise_header(v) for v in (*header.labels.values(), *header.unmapped.values())}
    known = _per_text(texts, filled, lambda t: _is_header_name(t, index, labels))
    technical = _per_text(texts, filled, lambda t: _TECHNICAL.fullmatch(t) is not None)
    footer = _per_text(texts, filled, lambda t: _FOOTER.search(t) is not None)
    n_known = known.sum(axis=1)
    dates_named = (
        (known | technical)[:, date_positions].all(axis=1) if date_positions else count > 0
    )
    names = (n_known >= 2) & (2 * n_known >= count)
    technical_names = ((technical | known).sum(axis=1) == count) & dates_named
    repeat_header = (count >= 2) & ~dated & (names | technical_names)
    note = (count == 1) & (is_text.sum(axis=1) == 1) & _note_like(texts, filled) & ~dated
    id_pos = next((p for p, f in columns.items() if f == "contract_id"), None)
    no_id = ~filled[:, id_pos] if id_pos is not None else count >= 0
    reasons = np.full(len(cells), None, dtype=object)
    choices = [
        (repeat_header, "header-repeat"),
        (footer.any(axis=1) & ~dated, "footer"),
        (note, "note"),
    ]
    if kind == "contracts":
        choices.append((no_id & ~dated, "no-id-no-date"))
    for mask, reason in reversed(choices):
        reasons[mask] = reason
    return reasons


def _per_text(texts: np.ndarray, filled: np.ndarray, test: Callable[[str], bool]) -> np.ndarray:
    """Return ``test(text)`` per filled cell, worked out once per distinct text."""
    out = np.zeros(texts.shape, dtype=bool)
    values = texts[filled]
    if values.size:
        codes, uniques = pd.factorize(values)
        answers = np.fromiter(map(test, uniques), bool, len(uniques))
        out[filled] = answers[codes]
    return out


def _is_header_name(text: str, index: Mapping[str, str], labels: set[str]) -> bool:
    """Return whether a cell's text is a header name: a known alias or field name, a
    wide-layout follow-up header, or one of the sheet's own header labels."""
    key = normalise_header(text)
    return bool(key) and (key in index or key in labels or _WIDE.match(key) is not None)


def _note_like(texts: np.ndarray, filled: np.ndarray) -> np.ndarray:
    """Return True per row whose one filled cell reads as a note: several words, a long
    text, or one that starts as a note does."""

    def note(text: str) -> bool:
        return (
            len(text.split()) >= NOTE_MIN_WORDS
            or len(text) >= NOTE_MIN_CHARS
            or _NOTE_START.match(text) is not None
        )

    return _per_text(texts, filled, note).any(axis=1)  # type: ignore[return-value]


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | np.integer | np.floating):
        return True
    return isinstance(value, str) and _DIGITS.fullmatch(value.strip()) is not None


def _numeric_footer(
    cells: np.ndarray, todo: np.ndarray, columns: Mapping[int, str], dated: np.ndarray
) -> np.ndarray:
    """Return "footer" per row of ``todo`` that holds numbers only, one of them in the id
    column, in a sheet whose dated rows have ids that are not numbers (a count, not an id)."""
    out = np.full(len(todo), None, dtype=object)
    id_pos = next((p for p, f in columns.items() if f == "contract_id"), None)
    if id_pos is None:
        return out
    ids = cells[dated, id_pos]
    numeric_ids = np.fromiter(map(_is_number, ids), bool, len(ids))
    if len(ids) == 0 or numeric_ids.mean() >= 0.5:
        return out
    rows = cells[todo]
    filled = ~blank_cells(rows)
    numbers = np.frompyfunc(_is_number, 1, 1)(rows).astype(bool)
    only_numbers = ((numbers | ~filled).all(axis=1)) & numbers[:, id_pos]
    out[only_numbers] = "footer"
    return out


def first_cells(cells: Sequence[object]) -> str:
    """Return the first non-blank cells of a row as the data issue shows them: joined by
    " | ", each as it reads, the whole cut to SHOWN_CHARS characters."""
    filled = [v for v in cells if not blank_cells(np.array([v], dtype=object))[0]]
    shown = " | ".join(" ".join(str(v).split()) for v in filled[:SHOWN_CELLS])
    if len(filled) > SHOWN_CELLS:
        shown += " | …"
    return shown if len(shown) <= SHOWN_CHARS else shown[: SHOWN_CHARS - 1] + "…"
