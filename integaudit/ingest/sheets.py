"""Raw sheets → tables of contracts or follow-ups with canonical column names (SPEC §1.1)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, cast

import numpy as np
import pandas as pd

from integaudit.ingest import checks, held, set_aside
from integaudit.ingest.headers import (
    AliasIndex,
    HeaderMap,
    column_letter,
    describe,
    find_header,
    header_at,
    looks_like_data,
    normalise_header,
)
from integaudit.ingest.held import HeldWords
from integaudit.ingest.profile import profile
from integaudit.ingest.readers import RawSheet
from integaudit.ingest.set_aside import RowLayout
from integaudit.ingest.table_kind import TableKind, as_read
from integaudit.issues import IssueKind, IssueLog, Level
from integaudit.layout import SheetLayout
from integaudit.model import INSTRUCTION_SHEETS, ColumnProfile, SheetColumns
from integaudit.municipalities import Municipality

REQUIRED_CONTRACT_FIELDS = ("contract_id", "municipality", "responsibility_date")


@dataclass
class SheetTable:
    """The data rows of one sheet under canonical column names.

    ``frame`` holds the raw cells of the mapped columns plus ``row`` (the Excel row number);
    ``wide`` the raw cells of wide-layout follow-up columns, on the same index, named by their
    header text; ``wide_status`` the status cells beside some of them, named by the header of
    the follow-up column they belong to; ``fields`` the canonical fields the header maps;
    ``held`` the status words that say whether a follow-up was held (ingest.held).
    """

    file: str
    sheet: str
    kind: TableKind
    frame: pd.DataFrame
    wide: pd.DataFrame
    fields: frozenset[str]
    municipality: Municipality | None
    wide_status: pd.DataFrame | None = None
    held: HeldWords = field(default_factory=HeldWords.of)
    hidden: bool = False
    profiles: dict[int, ColumnProfile] = field(default_factory=dict)
    placeholders: tuple[str, ...] = ()


def cell_array(rows: list[list[Any]]) -> np.ndarray:
    """Return rows of cells as a two-dimensional object array; short (ragged) rows are
    padded with None."""
    if not rows:
        return np.empty((0, 0), dtype=object)
    try:
        # pandas' own conversion of a list of rows (the one DataFrame(rows) uses), in C; a
        # private function, so a pandas without it pads the rows here instead.
        from pandas._libs.lib import to_object_array  # type: ignore[attr-defined]
    except ImportError:
        width = max(map(len, rows))
        array = np.empty((len(rows), width), dtype=object)
        for i, row in enumerate(rows):
            array[i, : len(row)] = row
        return array
    return cast(np.ndarray, to_object_array(rows))


def cell_frame(rows: list[list[Any]]) -> pd.DataFrame:
    """Return rows of cells as an object DataFrame; short (ragged) rows are padded with None."""
    if not rows:
        return pd.DataFrame(dtype=object)
    return pd.DataFrame(cell_array(rows), dtype=object)


def read_table(
    raw: RawSheet,
    file: str,
    municipality: Municipality | None,
    index: AliasIndex,
    log: IssueLog,
    record: list[SheetColumns] | None = None,
    layout: SheetLayout | None = None,
    held: HeldWords | None = None,
) -> SheetTable | None:
    """Return the sheet as a contracts or follow-ups table, or None (with an issue saying
    why) when it is neither. How its headers were read is appended to ``record``; the
    config's ``layout`` for the sheet says where its header is and which rows to pass over."""
    for level, kind, row, params in raw.notes:
        log.add(level, kind, file, raw.name, row, **params)
    if raw.unread:
        return None
    layout = layout or SheetLayout()
    header = locate_header(raw, index, layout)
    rows = RowLayout(frozenset(layout.skip_rows), layout.footer_rows)
    held = held or HeldWords.of()
    table, header = _read_table(raw, header, file, municipality, index, log, rows, layout, held)
    if record is not None and header is not None:
        record.append(
            SheetColumns(
                file=file,
                sheet=raw.name,
                kind=table.kind if table is not None else None,
                header_row=header.row + 1 + int(header.band),
                band_row=header.row + 1 if header.band else None,
                columns=tuple(
                    replace(col, header=log.scrub(col.header))
                    for col in describe(header, index, table.profiles if table else None)
                ),
                fields=table.fields if table is not None else frozenset(header.fields),
                header_rows=1 + header.sub_rows,
                how=header.how,
                skipped=tuple(r + 1 for r in header.skipped),
                layout=layout.sources,
                statuses=_status_values(table, log) if table is not None else (),
                second_header=_labels_below(raw, header),
            )
        )
    elif record is not None and raw.name.strip().lower() not in INSTRUCTION_SHEETS:
        record.append(
            SheetColumns(
                file=file, sheet=raw.name, kind=None, header_row=None, layout=layout.sources
            )
        )
    if table is not None and header is not None:  # a table is read under a header
        for pos, label in header.unmapped.items():
            log.add(
                "info",
                IssueKind.COLUMN_NOT_RECOGNISED,
                file,
                raw.name,
                header.row + 1,
                label,
                letter=column_letter(pos),
            )
    return table


def locate_header(raw: RawSheet, index: AliasIndex, layout: SheetLayout) -> HeaderMap | None:
    """Return the sheet's header: where the layout puts it, else as detection finds it (a
    header of two rows when the layout says ``header_rows = 2``, of one when it says 1)."""
    skip = frozenset(r - 1 for r in layout.skip_rows)
    if layout.header_row is not None:
        return header_at(
            raw.rows, index, raw.merged, layout.header_row - 1, layout.header_rows, skip
        )
    header = find_header(raw.rows, index, raw.merged, skip)
    if header is None or layout.header_rows is None:
        return header
    if layout.header_rows == 2 and not header.sub_rows:
        return header_at(raw.rows, index, raw.merged, header.row, 2, skip)
    if layout.header_rows == 1 and header.sub_rows:
        return header_at(raw.rows, index, raw.merged, header.row + header.sub_rows, 1, skip)
    return header


def _read_table(
    raw: RawSheet,
    header: HeaderMap | None,
    file: str,
    municipality: Municipality | None,
    index: AliasIndex,
    log: IssueLog,
    rows: RowLayout | None = None,
    layout: SheetLayout | None = None,
    held: HeldWords | None = None,
) -> tuple[SheetTable | None, HeaderMap | None]:
    """Return the table under ``header`` (None, with an issue saying why, when there is
    none) and the header as the table reads it: a copy of ``header`` with the columns its
    kind of table does not read moved to the unmapped ones (``header`` itself is left as
    it is)."""
    if header is None:
        _no_header(raw, file, index, log, layout)
        return None, None
    data_start = header.row + 1 + header.sub_rows
    data = raw.rows[data_start:]
    _duplicate_headers(header, index, file, raw.name, log)
    kind, header, fields = as_read(header)
    if kind is None:
        log.add("info", IssueKind.SHEET_IGNORED, file, raw.name, header.row + 1)
        return None, header
    missing = [
        f
        for f in REQUIRED_CONTRACT_FIELDS
        if f not in fields and not (f == "municipality" and municipality is not None)
    ]
    if kind == "contracts" and missing:
        log.add(
            "error",
            IssueKind.SHEET_MISSING_COLUMNS,
            file,
            raw.name,
            header.row + 1,
            ", ".join(missing),
            columns=", ".join(missing),
            rows=len(data),
            headers=checks.example_headers(missing),
        )
        return None, header
    checks.formulas_without_results(raw, header, data_start, file, log)
    checks.long_csv_rows(raw, header, data_start, file, log)
    where = _Where(file, raw, municipality, index, log)
    table = _table(where, header, data_start, kind, fields, rows, held or HeldWords.of())
    return table, header


def _no_header(
    raw: RawSheet, file: str, index: AliasIndex, log: IssueLog, layout: SheetLayout | None
) -> None:
    """Log why a sheet without a header holds no table (nothing for an instruction sheet):
    the layout's header row is not one, a header stands below the rows searched, or the
    sheet holds no header or nothing at all."""
    if raw.name.strip().lower() in INSTRUCTION_SHEETS:
        return
    if layout is not None and layout.header_row is not None:
        where = ", ".join(layout.sources)
        log.add(
            "error",
            IssueKind.SHEET_LAYOUT_NO_ROW,
            file,
            raw.name,
            layout=where,
            header_row=layout.header_row,
        )
    elif below := checks.header_further_down(raw.rows, index):
        log.add("error", IssueKind.SHEET_HEADER_TOO_LOW, file, raw.name, below[0], rows=below[1])
    else:
        non_blank = any(str(c).strip() for row in raw.rows for c in row if c is not None)
        why = IssueKind.SHEET_NO_HEADER if non_blank else IssueKind.SHEET_EMPTY
        log.add("info", why, file, raw.name)


def _duplicate_headers(
    header: HeaderMap, index: AliasIndex, file: str, sheet: str, log: IssueLog
) -> None:
    """Log each later column whose header maps to a field an earlier column already has."""
    for pos in header.ignored_duplicates:
        label = header.labels[pos]
        log.add(
            "warning",
            IssueKind.DUPLICATE_HEADER,
            file,
            sheet,
            header.row + 1,
            label,
            label,
            **checks.duplicate_header(header, pos, index.get(normalise_header(label), "")),
        )


@dataclass(frozen=True)
class _Where:
    """The sheet a table is read from: its file, the raw sheet, the municipality the file
    gives, the alias index and the log of data issues."""

    file: str
    raw: RawSheet
    municipality: Municipality | None
    index: AliasIndex
    log: IssueLog


def _table(
    where: _Where,
    header: HeaderMap,
    data_start: int,
    kind: TableKind,
    fields: set[str],
    rows: RowLayout | None,
    held: HeldWords,
) -> SheetTable:
    """Return the table of the rows under a header: the cells of the columns read, cleaned,
    with every row set aside (or blank) left out and named in the log."""
    file, raw, log = where.file, where.raw, where.log
    data = raw.rows[data_start:]
    cells = cell_array(data)
    row_numbers = pd.Series(range(data_start + 1, data_start + 1 + len(data)), dtype="int64")
    width = cells.shape[1]
    columns = {pos: name for pos, name in header.columns.items() if pos < width}
    wide_positions = [p for p in header.wide if p < width]
    status_positions = _status_columns(header, wide_positions, width)
    used = cells[:, [*columns, *wide_positions, *status_positions.values()]]
    names = [*columns.values(), *(header.labels[p] for p in wide_positions)]
    names += [header.labels[p] for p in status_positions.values()]
    used, empty = checks.clean_cells(used, names, row_numbers, file, raw.name, log)
    kept = _set_aside(
        cells, empty, row_numbers, header, columns, where.index, kind, rows, file, raw, log
    )
    if kind == "contracts" and not kept.any():
        log.add("warning", IssueKind.SHEET_NO_ROWS, file, raw.name, header.row + 1)
    at = row_numbers.index[kept]
    frame = pd.DataFrame(used[kept, : len(columns)], at, list(columns.values()), object)
    end = len(columns) + len(wide_positions)
    wide = pd.DataFrame(used[kept, len(columns) : end], at, names[len(columns) : end], object)
    wide_status = pd.DataFrame(
        used[kept, end:], at, [header.labels[p] for p in status_positions], object
    )
    frame["row"] = row_numbers[kept]
    return SheetTable(
        file=file,
        sheet=raw.name,
        kind=kind,
        frame=frame,
        wide=wide,
        fields=frozenset(fields),
        municipality=where.municipality,
        wide_status=wide_status,
        held=held,
        hidden=raw.hidden,
        profiles={
            pos: profile(cells[kept, pos], label, log.scrub)
            for pos, label in header.unmapped.items()
            if pos < width
        },
    )


def _labels_below(raw: RawSheet, header: HeaderMap) -> bool:
    """Return whether the row under a one-row header holds labels (no date, no number) in
    columns whose header cell is blank: the second row of a header that no merged cell
    shows."""
    at = header.row + 1 + header.sub_rows
    if header.sub_rows or at >= len(raw.rows):
        return False
    named = set(header.labels) | set(header.unmapped)
    below = raw.rows[at]
    gaps = [c for c in range(min(len(below), max(named, default=-1) + 1)) if c not in named]
    filled = [c for c in gaps if below[c] is not None and str(below[c]).strip()]
    return bool(filled) and not looks_like_data(below)


def _status_values(table: SheetTable, log: IssueLog) -> tuple[tuple[str, int, str], ...]:
    """Return the distinct values of the table's follow-up status cells (a status column, or
    the status columns beside wide follow-ups) with their counts and how each counts."""
    columns = [table.frame[c] for c in ("follow_up_status",) if c in table.frame.columns]
    if table.wide_status is not None:
        columns += [table.wide_status[c] for c in table.wide_status.columns]
    if not columns:
        return ()
    found = held.value_counts(pd.concat(columns, ignore_index=True), table.held)
    return tuple((log.scrub(value), n, state) for value, n, state in found)


# Headers that name a follow-up only in a sheet of follow-ups: beside a contract's own dates a
# bare "Dato" may be any of them (an end date, say), and "Status" the contract's status.
def _status_columns(header: HeaderMap, wide: list[int], width: int) -> dict[int, int]:
    """Return the wide follow-up columns that have a status column beside them (Status N for
    Opfølgning N): wide position → status position."""
    numbers = {header.wide_number(p): p for p in header.wide_status if p < width}
    out = {}
    for pos in wide:
        n = header.wide_number(pos)
        if n is not None and n in numbers:
            out[pos] = numbers[n]
    return out


def _set_aside(
    cells: np.ndarray,
    empty: np.ndarray,
    row_numbers: pd.Series,
    header: HeaderMap,
    columns: dict[int, str],
    index: AliasIndex,
    kind: TableKind,
    layout: RowLayout | None,
    file: str,
    raw: RawSheet,
    log: IssueLog,
) -> np.ndarray:
    """Return True per data row that is a contract (or follow-up) to read: not blank, and
    not set aside (``set_aside``); each row set aside is a data issue naming the reason and
    its first cells. ``empty`` marks the rows with nothing in the columns read."""
    blank = empty.copy()
    # Only rows with nothing in the known columns need a look at the others.
    blank[empty] = ~checks.any_filled(pd.DataFrame(cells[empty], dtype=object)).to_numpy()
    numbers = row_numbers.to_numpy()
    reasons = set_aside.classify(cells, numbers, header, columns, index, kind, blank, layout)
    for i in np.flatnonzero(pd.notna(reasons)):
        level: Level = "info" if reasons[i] in set_aside.INFO_REASONS else "warning"
        shown = set_aside.first_cells(cells[i])
        log.add(level, IssueKind.ROW_NOT_A_CONTRACT, file, raw.name, numbers[i], None, shown,
                reason=reasons[i])  # fmt: skip
    # A row with values in unknown columns only, that no reason names (follow-ups sheets).
    for row in numbers[empty & ~blank & pd.isna(reasons)]:
        log.add("info", IssueKind.ROW_NO_KNOWN_VALUES, file, raw.name, row)
    return ~empty & pd.isna(reasons)
