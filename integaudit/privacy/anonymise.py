"""Pseudonymised copies of extracts (SPEC §4.4): same sheets, rows and headers, with person
ids and CPR numbers replaced by their keyed pseudonyms and name columns dropped.

Per sheet: the header is found as ingest finds it, the config's [[layout]] included (else the
first non-blank row is taken as the header); its rows (a band of group labels, a second row)
and the merged cells are kept; columns whose header is a name (``navn``, ``fornavn``,
``efternavn``, ``name`` …) are dropped; the person-id column is pseudonymised in the rows
ingest reads as data; every other cell — header and title rows included — has each embedded
CPR number replaced by its pseudonym, and a cell that is a CPR number as a whole becomes its
pseudonym.
The names found in the file's name columns are masked as ``[navn]`` wherever they appear in
other text of the file; a name the file never lists in a name column cannot be recognised.
Workbooks are written as .xlsx (values, not formulas; hidden sheets stay hidden); csv files
keep their encoding and delimiter.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from integaudit import layout as layouts
from integaudit.errors import IntegauditError
from integaudit.ingest.discover import discover
from integaudit.ingest.headers import AliasIndex, normalise_header
from integaudit.ingest.limits import (
    BYTES_PER_CELL,
    DEFAULT_MAX_FILE_SIZE,
    UNPACKED_FACTOR,
    NotRegular,
    TooLarge,
    read_regular,
)
from integaudit.ingest.readers import Range, RawSheet, ReadError, read_sheets, text_encoding
from integaudit.ingest.sheets import cell_frame
from integaudit.issues import IssueKind
from integaudit.layout import Layout, SheetLayout
from integaudit.privacy.pseudonyms import Pseudonymiser
from integaudit.privacy.sheet_layout import header_rows, kept_merges

NAME_HEADERS = frozenset(
    normalise_header(h)
    for h in (
        *("navn", "fornavn", "efternavn", "mellemnavn", "kaldenavn", "fulde navn"),
        *("borgers navn", "borgernavn", "borger navn", "for- og efternavn", "name"),
        *("first name", "firstname", "last name", "lastname", "surname", "given name"),
        *("full name", "middle name", "citizen name"),
    )
)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
FORMULA_STARTS = ("=", "+", "-", "@")
NAME_MASK = "[navn]"
TEXTUAL = ("string", "mixed", "mixed-integer")


@dataclass
class SheetResult:
    """One sheet's anonymised cells and what was changed."""

    name: str
    rows: list[list[Any]]
    hidden: bool
    pseudonymised: int = 0
    masked: int = 0
    dropped: list[str] = field(default_factory=list)
    merged: list[Range] = field(default_factory=list)


@dataclass
class FileResult:
    """One input file: where its copy went, or why there is none."""

    source: Path
    shown: str
    target: Path | None = None
    sheets: list[SheetResult] = field(default_factory=list)
    problem: IssueKind | None = None
    params: dict[str, Any] = field(default_factory=dict)
    root: Path | None = None  # the folder given that the file was found in

    @property
    def pseudonymised(self) -> int:
        """Return the number of person-id cells replaced by pseudonyms."""
        return sum(s.pseudonymised for s in self.sheets)

    @property
    def masked(self) -> int:
        """Return the number of other cells in which a CPR number was replaced."""
        return sum(s.masked for s in self.sheets)

    @property
    def dropped(self) -> list[str]:
        """Return the dropped name columns as ``sheet: header``."""
        return [f"{s.name}: {d}" for s in self.sheets for d in s.dropped]


def _is_name(texts: list[str]) -> bool:
    """Return whether a column's header names people's names (any of its header texts)."""
    return any(normalise_header(t) in NAME_HEADERS for t in texts)


def known_names(
    sheets: list[RawSheet], index: AliasIndex, layouts: Mapping[str, SheetLayout] | None = None
) -> re.Pattern[str] | None:
    """Return a pattern matching the names held in the name columns of ``sheets`` (each whole
    name and each of its words of three letters or more, as whole words in any case and with
    a genitive s), or None when there are none. Free text elsewhere in the file is masked
    with it. ``layouts`` holds the config's layout of each sheet, by name."""
    words: set[str] = set()
    for sheet in sheets:
        found = header_rows(sheet, index, (layouts or {}).get(sheet.name))
        if found is None:
            continue
        columns = [c for c, texts in found.names.items() if _is_name(texts)]
        for row in sheet.rows[found.last + 1 :]:
            for i in columns:
                value = row[i] if i < len(row) else None
                if isinstance(value, str) and value.strip():
                    words.add(value.strip())
                    words.update(w for w in re.split(r"[\s,.;]+", value) if len(w) >= 3)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # Danish genitive: "Hassans", "Abdi's".
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:'?s)?(?!\w)", re.IGNORECASE)


def anonymise_sheet(
    sheet: RawSheet,
    index: AliasIndex,
    pseudonymiser: Pseudonymiser,
    names: re.Pattern[str] | None = None,
    layout: SheetLayout | None = None,
) -> SheetResult:
    """Return the sheet with name columns dropped, the person-id column pseudonymised in the
    rows check reads as data, every CPR number elsewhere replaced by its pseudonym and the
    ``names`` masked as [navn] below the header. The header rows (a band of group labels and
    a second row included) and the merged cells are kept as they are (issue 19 §7)."""
    name = pseudonymiser.scrub_text(sheet.name)
    if not sheet.rows:
        return SheetResult(name, [], sheet.hidden)
    frame = cell_frame(sheet.rows)
    found = header_rows(sheet, index, layout)
    result = SheetResult(name, [], sheet.hidden)
    last = found.last if found is not None else -1
    data = np.zeros(len(frame) - last - 1, dtype=bool)
    if found is not None:
        data[: len(found.data)] = found.data[: len(data)]
    keep: list[int] = []
    for position in cast("Iterable[int]", frame.columns):  # a sheet's columns are positions
        column = frame[position]
        texts = found.names.get(position, []) if found is not None else []
        if _is_name(texts):
            result.dropped.append(" ".join(texts[0].split()))
            continue
        keep.append(position)
        # Title and header rows: only a CPR number in them is replaced.
        top = pseudonymiser.scrub(column.iloc[: last + 1])
        body = column.iloc[last + 1 :]
        scrubbed = pseudonymiser.scrub(body)
        if found is not None and position in found.person:
            present = (body.notna() & (body.astype(str).str.strip() != "")).to_numpy() & data
            named = pseudonymiser.pseudonymise(body)
            result.pseudonymised += int(present.sum())
            frame[position] = pd.concat([top, named.where(present, scrubbed)])
            continue
        if names is not None and pd.api.types.infer_dtype(scrubbed, skipna=True) in TEXTUAL:
            # Non-text cells come back as NaN from .str and keep their value.
            replaced = scrubbed.astype(object).str.replace(names, NAME_MASK, regex=True)
            scrubbed = replaced.where(replaced.notna(), scrubbed)
        whole = pd.concat([top, scrubbed])
        result.masked += int((whole.ne(column) & column.notna()).sum())
        frame[position] = whole
    out = frame[keep].astype(object).where(frame[keep].notna(), None)
    result.rows = [_trim(row) for row in out.itertuples(index=False, name=None)]
    result.merged = kept_merges(sheet.merged, keep)
    return result


def _first_non_blank(rows: list[list[Any]]) -> int | None:
    for i, row in enumerate(rows):
        if any(c is not None and str(c).strip() for c in row):
            return i
    return None


def _trim(row: tuple[Any, ...]) -> list[Any]:
    cells = list(row)
    while cells and (cells[-1] is None or cells[-1] == ""):
        cells.pop()
    return cells


def csv_bytes(rows: list[list[Any]], delimiter: str, encoding: str) -> bytes:
    """Return the rows as csv in ``encoding`` with ``delimiter`` (characters the encoding
    cannot hold become '?')."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if c is None else c for c in row])
    return text.getvalue().encode(encoding, errors="replace")


def workbook_bytes(sheets: list[SheetResult]) -> bytes:
    """Return the sheets as xlsx bytes (the same bytes for the same cells); text that looks
    like a formula stays text."""
    from openpyxl import Workbook

    from integaudit.writers.xlsx import deterministic_xlsx

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        ws = workbook.create_sheet(_sheet_title(sheet.name, workbook.sheetnames))
        if sheet.hidden:
            ws.sheet_state = "hidden"
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(r, c, _cell_value(value))
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"
        for (r0, c0), (r1, c1) in sheet.merged:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    if not workbook.sheetnames:
        workbook.create_sheet("Ark1")
    if all(ws.sheet_state == "hidden" for ws in workbook.worksheets):
        workbook.worksheets[0].sheet_state = "visible"
    return deterministic_xlsx(workbook)


def _cell_value(value: Any) -> Any:
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    if isinstance(value, str):
        # XML 1.0 cannot hold most control characters; openpyxl refuses them.
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")
    return value


def _sheet_title(name: str, taken: list[str]) -> str:
    title = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "Ark"
    base, n = title, 2
    while title in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    return title


def targets(paths: list[Path], out: Path, pseudonymiser: Pseudonymiser) -> list[FileResult]:
    """Return per input file its planned copy under ``out``: a folder's files keep their path
    below the folder, a named file goes to ``out`` directly; file names are scrubbed of CPR
    numbers and workbooks become .xlsx. Raises IntegauditError when ``out`` is an input
    folder or lies inside one, or when two inputs would get the same copy."""
    out_resolved = out.resolve()
    for path in paths:
        folder = path if path.is_dir() else path.parent
        if path.exists() and out_resolved.is_relative_to(folder.resolve()):
            raise IntegauditError(key="anonymise-into-input", out=out, folder=folder)
    planned: list[FileResult] = []
    for item in discover(paths):
        shown = pseudonymiser.scrub_text(item.display)
        result = FileResult(item.path, shown, problem=item.problem)
        if item.problem is None:
            base = next(
                (p for p in paths if p.is_dir() and item.path.is_relative_to(p)), item.path.parent
            )
            result.root = base
            relative = item.path.relative_to(base)
            parts = [pseudonymiser.scrub_text(part) for part in relative.parts]
            target = out.joinpath(*parts)
            if target.suffix.lower() in WORKBOOK_SUFFIXES:
                target = target.with_suffix(".xlsx")
            result.target = target
        planned.append(result)
    seen: dict[Path, str] = {}
    for result in planned:
        if result.target is None:
            continue
        if result.target in seen:
            raise IntegauditError(
                key="anonymise-same-copy",
                first=seen[result.target],
                second=result.shown,
                target=result.target,
            )
        seen[result.target] = result.shown
    return planned


def anonymise_file(
    result: FileResult,
    index: AliasIndex,
    pseudonymiser: Pseudonymiser,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    entries: Sequence[Layout] = (),
) -> bytes | None:
    """Return the bytes of the file's anonymised copy, or None with ``result.problem`` set
    when the file cannot be read or is above the limits ``check`` applies. ``index`` and the
    [[layout]] ``entries`` are those of the config the file takes, so its header is found as
    check finds it."""
    try:
        data = read_regular(result.source, max_file_size)
    except NotRegular:
        result.problem = IssueKind.FILE_NOT_REGULAR
        return None
    except TooLarge as exc:
        result.problem, result.params = (
            IssueKind.FILE_TOO_LARGE,
            {"size": exc.size, "limit": max_file_size},
        )
        return None
    except OSError as exc:
        result.problem, result.params = (
            IssueKind.FILE_UNREADABLE,
            {"detail": exc.strerror or str(exc)},
        )
        return None
    try:
        sheets = read_sheets(
            result.source, data, UNPACKED_FACTOR * max_file_size, max_file_size // BYTES_PER_CELL
        )
    except ReadError as exc:
        result.problem, result.params = exc.kind, {"detail": exc.detail, **exc.params}
        return None
    by_sheet = {sheet.name: layouts.for_sheet(entries, sheet.name) for sheet in sheets}
    names = known_names(sheets, index, by_sheet)
    result.sheets = [
        anonymise_sheet(sheet, index, pseudonymiser, names, by_sheet[sheet.name])
        for sheet in sheets
    ]
    if result.source.suffix.lower() in (".csv", ".txt"):
        delimiter = sheets[0].delimiter or ";"
        return csv_bytes(result.sheets[0].rows, delimiter, text_encoding(data))
    return workbook_bytes(result.sheets)


def inputs_of(results: Iterable[FileResult]) -> list[Path]:
    """Return the input files, for the guard against overwriting one."""
    return [r.source for r in results]
