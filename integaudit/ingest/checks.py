"""Checks on a sheet's cells that become data issues (SPEC §1.4): control characters,
formulas saved without their result, csv rows longer than their header, a header below the
rows searched, and contracts sheets without rows."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd

from integaudit.i18n import text
from integaudit.ingest.headers import HEADER_SEARCH_ROWS, HeaderMap, find_header
from integaudit.ingest.readers import DELIMITER_NAMES, RawSheet
from integaudit.issues import IssueKind, IssueLog

# How far below the rows searched for the header a misplaced header is still recognised.
HEADER_LOOK_FURTHER = 200
# C0 and C1 control characters other than tab, line feed and carriage return; ESC and CSI
# would reach the terminal as escape sequences.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Some systems (FileMaker among them) export a line break inside a cell as a vertical tab.
_AS_LINE_BREAK = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def blank_cells(cells: np.ndarray) -> np.ndarray:
    """Return True per cell of an object array that is empty: None, NaN or text of white space
    only (the array's shape is kept)."""
    flat = cells.ravel()
    is_text = np.fromiter(map(isinstance, flat, repeat(str)), bool, flat.size)
    empty = np.zeros(flat.size, dtype=bool)
    texts = flat[is_text]
    empty[is_text] = (texts == "") | np.fromiter(map(str.isspace, texts), bool, texts.size)
    other = ~is_text
    empty[other] = pd.isna(flat[other])
    return empty.reshape(cells.shape)


def blank(cells: pd.Series) -> pd.Series:
    """Return True where a raw cell is empty (None, NaN, or only white space)."""
    return pd.Series(blank_cells(cells.to_numpy(dtype=object)), index=cells.index)


def any_filled(frame: pd.DataFrame) -> pd.Series:
    """Return True per row of ``frame`` that has a non-blank cell in any column."""
    if frame.empty:
        return pd.Series(False, index=frame.index)
    filled = ~blank_cells(frame.to_numpy(dtype=object))
    return pd.Series(filled.any(axis=1), index=frame.index)


def strip_control(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return the cells with control characters removed (a vertical tab or form feed becomes a
    line break), and True per cell that held any."""
    texts = [v for v in cells.to_numpy(dtype=object) if isinstance(v, str)]
    if not texts or _CONTROL.search("\n".join(texts)) is None:  # one C-level pass when clean
        return cells, pd.Series(False, index=cells.index)
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    dirty = np.fromiter(
        (isinstance(u, str) and _CONTROL.search(u) is not None for u in uniques),
        dtype=bool,
        count=len(uniques),
    )
    if not dirty.any():
        return cells, pd.Series(False, index=cells.index)
    cleaned = np.asarray(uniques, dtype=object).copy()
    cleaned[dirty] = [_CONTROL.sub("", u.translate(_AS_LINE_BREAK)) for u in cleaned[dirty]]
    rows = np.append(cleaned, [None])[codes]
    out = pd.Series(rows, index=cells.index, dtype=object).where(codes >= 0, cells)
    return out, pd.Series(np.append(dirty, False)[codes], index=cells.index)


def clean_cells(
    cells: np.ndarray, names: Sequence[str], rows: pd.Series, file: str, sheet: str, log: IssueLog
) -> tuple[np.ndarray, np.ndarray]:
    """Return the cells (rows × columns named ``names``) with control characters removed, and
    True per row whose cells are all blank once they are. One warning per column that held
    any, at its first such row (``rows``: the Excel row of each), with the cleaned value and
    the number of cells. The text of all cells is searched at once; columns only when it
    holds any."""
    flat = cells.ravel()
    texts = flat[np.fromiter(map(isinstance, flat, repeat(str)), bool, flat.size)]
    if texts.size and _CONTROL.search("\n".join(texts.tolist())) is not None:
        cells = cells.copy()
        for j, name in enumerate(names):
            cleaned, dirty = strip_control(pd.Series(cells[:, j], dtype=object))
            if not dirty.any():
                continue
            cells[:, j] = cleaned.to_numpy(dtype=object)
            first = int(dirty.to_numpy().argmax())
            log.add(
                "warning",
                IssueKind.CONTROL_CHARACTERS,
                file,
                sheet,
                rows.iloc[first],
                str(name),
                cleaned.iloc[first],
                cells=int(dirty.sum()),
            )
    return cells, blank_rows(cells)


def blank_rows(cells: np.ndarray) -> np.ndarray:
    """Return True per row of a two-dimensional object array whose cells are all blank. Each
    column is looked at only in the rows that are blank so far."""
    blank = np.arange(cells.shape[0])
    for j in range(cells.shape[1]):
        if not blank.size:
            break
        blank = blank[blank_cells(cells[blank, j])]
    found = np.zeros(cells.shape[0], dtype=bool)
    found[blank] = True
    return found


def formulas_without_results(
    raw: RawSheet, header: HeaderMap, data_start: int, file: str, log: IssueLog
) -> None:
    """Record one warning per used column holding formulas saved without their result (read
    as the formula's text), at its first such row."""
    named = {**{p: header.labels[p] for p in header.wide}, **header.columns}
    per_column: dict[int, list[tuple[int, str]]] = {}
    for (r, c), formula in raw.formulas.items():
        if r >= data_start and c in named:
            per_column.setdefault(c, []).append((r, formula))
    for c, cells in sorted(per_column.items()):
        r, formula = min(cells)
        log.add(
            "warning",
            IssueKind.FORMULA_WITHOUT_RESULT,
            file,
            raw.name,
            r + 1,
            named[c],
            "=" + formula,
            cells=len(cells),
        )


def long_csv_rows(
    raw: RawSheet, header: HeaderMap, data_start: int, file: str, log: IssueLog
) -> None:
    """Record a warning for each csv record with filled cells beyond its header: a value held
    the delimiter unquoted, so the cells after it moved to the right."""
    if raw.delimiter is None:
        return
    labels = raw.rows[header.row]
    width = max((i + 1 for i, c in enumerate(labels) if str(c).strip()), default=0)
    data = raw.rows[data_start:]
    longer = np.flatnonzero(np.fromiter(map(len, data), np.int64, len(data)) > width)
    for r in longer + data_start:
        row = raw.rows[r]
        if any(str(c).strip() for c in row[width:]):
            fields = max(i + 1 for i, c in enumerate(row) if str(c).strip())
            log.add(
                "warning",
                IssueKind.CSV_ROW_TOO_LONG,
                file,
                raw.name,
                r + 1,
                fields=fields,
                header_fields=width,
                delimiter=DELIMITER_NAMES[raw.delimiter],
            )


def header_further_down(
    rows: Sequence[Sequence[Any]], index: Mapping[str, str]
) -> tuple[int, int] | None:
    """Return the Excel row of a header row below the rows searched (within the next
    HEADER_LOOK_FURTHER rows) and the number of non-blank rows under it, or None."""
    below = find_header(rows[HEADER_SEARCH_ROWS : HEADER_SEARCH_ROWS + HEADER_LOOK_FURTHER], index)
    if below is None:
        return None
    row = HEADER_SEARCH_ROWS + below.row + 1
    filled = sum(any(str(c).strip() for c in cells if c is not None) for cells in rows[row:])
    return row, filled


def column_letter(position: int) -> str:
    """Return the Excel letters of a column position counted from 0 (0 → A, 16383 → XFD)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def duplicate_header(header: HeaderMap, position: int, field: str) -> dict[str, str]:
    """Return the message parameters of a repeated header: the column's letter, and the
    letter and label of the column the field is read from."""
    first = next((p for p, f in header.columns.items() if f == field), None)
    return {
        "field": field,
        "letter": column_letter(position),
        "first_letter": column_letter(first) if first is not None else "?",
        "first": header.labels.get(first, "") if first is not None else "",
    }


def example_headers(fields: Sequence[str]) -> str:
    """Return the template's Danish header of each field, quoted: "'Overtagelsesdato'"."""
    return ", ".join(f"'{text('template.header.' + f, 'da')}'" for f in fields)
