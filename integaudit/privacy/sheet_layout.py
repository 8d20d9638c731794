"""The layout of a sheet as an anonymised copy keeps it (issue 19 §7): where its header is
(found as ``check`` finds it: title rows, a band of group labels, a header of two rows, the
config's [[layout]]), the texts that name each column, the person-id columns, which rows below
the header ``check`` reads as data, and its merged cells once name columns are dropped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from integaudit.ingest import set_aside
from integaudit.ingest.checks import blank_rows
from integaudit.ingest.headers import AliasIndex
from integaudit.ingest.readers import Range, RawSheet
from integaudit.ingest.set_aside import RowLayout
from integaudit.ingest.sheets import cell_array, locate_header
from integaudit.layout import SheetLayout


@dataclass
class HeaderRows:
    """A sheet's header as a copy keeps it: its rows ``first`` to ``last`` (from 0), the texts
    naming each column (its label, and each of its header cells), the person-id columns, and
    per row below the header whether ``check`` reads it as data (rows set aside as totals,
    notes or repeated headers are not)."""

    first: int
    last: int
    names: dict[int, list[str]] = field(default_factory=dict)
    person: set[int] = field(default_factory=set)
    data: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


def header_rows(
    sheet: RawSheet, index: AliasIndex, layout: SheetLayout | None = None
) -> HeaderRows | None:
    """Return the sheet's header as ``check`` finds it, else its first non-blank row taken as
    the header; None for a blank sheet."""
    layout = layout or SheetLayout()
    header = locate_header(sheet, index, layout)
    rows = sheet.rows
    if header is None:
        first = next((i for i, r in enumerate(rows) if any(_filled(c) for c in r)), None)
        if first is None:
            return None
        labels = {c: [str(v)] for c, v in enumerate(rows[first]) if _filled(v)}
        return HeaderRows(first, first, labels, data=np.ones(len(rows) - first - 1, dtype=bool))
    last = header.row + header.sub_rows
    names: dict[int, list[str]] = {}
    for c, label in (*header.labels.items(), *header.unmapped.items()):
        names.setdefault(c, []).append(label)
    for r in range(header.row, last + 1):
        for c, value in enumerate(rows[r]):
            if _filled(value):
                names.setdefault(c, []).append(str(value))
    person = {c for c, name in header.columns.items() if name == "person_id"}
    body = cell_array(rows[last + 1 :])
    if body.size == 0:
        return HeaderRows(header.row, last, names, person, np.zeros(body.shape[0], dtype=bool))
    kind = "contracts" if "responsibility_date" in header.fields else "follow_ups"
    numbers = np.arange(last + 2, last + 2 + body.shape[0])
    blank = blank_rows(body)
    columns = {c: f for c, f in header.columns.items() if c < body.shape[1]}
    rows_layout = RowLayout(frozenset(layout.skip_rows), layout.footer_rows)
    reasons = set_aside.classify(body, numbers, header, columns, index, kind, blank, rows_layout)
    return HeaderRows(header.row, last, names, person, ~blank & np.equal(reasons, None))  # type: ignore[call-overload]


def _filled(value: object) -> bool:
    return value is not None and bool(str(value).strip())


def kept_merges(merged: Sequence[Range], kept: Sequence[int]) -> list[Range]:
    """Return the merged ranges of a sheet in the copy whose columns are ``kept`` (old
    positions, in order): each range over the columns it keeps, none over columns dropped
    alone, and none that is left one cell."""
    new: Mapping[int, int] = {old: i for i, old in enumerate(kept)}
    out = []
    for (r0, c0), (r1, c1) in merged:
        inside = [new[c] for c in range(c0, c1 + 1) if c in new]
        if inside and (r1 > r0 or max(inside) > min(inside)):
            out.append(((r0, min(inside)), (r1, max(inside))))
    return out
