"""Checks on a sheet's cells that become data issues (SPEC §1.4): control characters,
formulas saved without their result, csv rows longer than their header, a header below the
rows searched, and contracts sheets without rows."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from integaudit.i18n import text
from integaudit.ingest.headers import HEADER_SEARCH_ROWS, HeaderMap, find_header
from integaudit.ingest.readers import DELIMITER_NAMES, RawSheet
from integaudit.issues import IssueLog

# How far below the rows searched for the header a misplaced header is still recognised.
HEADER_LOOK_FURTHER = 200
# C0 and C1 control characters other than tab, line feed and carriage return; ESC and CSI
# would reach the terminal as escape sequences.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Some systems (FileMaker among them) export a line break inside a cell as a vertical tab.
_AS_LINE_BREAK = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def _filled(cells: np.ndarray) -> np.ndarray:
    """Return True per cell (flat object array) that holds something other than white space."""
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    filled = np.fromiter(
        (not (isinstance(u, str) and not u.strip()) for u in uniques),
        dtype=bool,
        count=len(uniques),
    )
    return np.append(filled, False)[codes]


def any_filled(frame: pd.DataFrame) -> pd.Series:
    """Return True per row of ``frame`` that has a non-blank cell in any column."""
    if frame.empty:
        return pd.Series(False, index=frame.index)
    cells = frame.to_numpy(dtype=object)
    filled = _filled(cells.ravel()).reshape(cells.shape)
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
    rows = np.append(cleaned, None)[codes]
    out = pd.Series(rows, index=cells.index, dtype=object).where(codes >= 0, cells)
    return out, pd.Series(np.append(dirty, False)[codes], index=cells.index)


def clean_control_characters(
    parts: Sequence[pd.DataFrame], rows: pd.Series, file: str, sheet: str, log: IssueLog
) -> None:
    """Remove control characters from the cells of ``parts`` in place: one warning per column
    that held any, at its first such row, with the cleaned value and the number of cells."""
    for part in parts:
        for column in part.columns:
            cleaned, dirty = strip_control(part[column])
            if not dirty.any():
                continue
            part[column] = cleaned
            first = dirty.idxmax()
            log.add(
                "warning",
                "control-characters",
                file,
                sheet,
                rows[first],
                str(column),
                cleaned[first],
                cells=int(dirty.sum()),
            )


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
            "formula-without-result",
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
    for r in range(data_start, len(raw.rows)):
        row = raw.rows[r]
        if len(row) > width and any(str(c).strip() for c in row[width:]):
            fields = max(i + 1 for i, c in enumerate(row) if str(c).strip())
            log.add(
                "warning",
                "csv-row-too-long",
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
