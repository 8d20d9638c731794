"""Header-row detection and alias mapping (SPEC §1.1, §1.2)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from integaudit.model import CONTRACT_FIELDS, FOLLOW_UP_FIELDS, WIDE_FOLLOW_UP_PATTERN

HEADER_SEARCH_ROWS = 20
_SEPARATORS = re.compile(r"[\s_\-.]+")
_WIDE = re.compile(WIDE_FOLLOW_UP_PATTERN)
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def normalise_header(cell: Any) -> str:
    """Return the matching key of a header cell: lower-case, ``_ - .`` and white space as one
    space, trimmed, and æ/ø/å spelled ae/oe/aa so both spellings compare equal."""
    if cell is None:
        return ""
    text = str(cell).strip().lower()
    return _SEPARATORS.sub(" ", text).strip().translate(_DANISH)


def build_alias_index(extra: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """Return normalised header → canonical field for every field name and alias, plus the
    extra aliases from the config."""
    index: dict[str, str] = {}
    for f in (*CONTRACT_FIELDS, *FOLLOW_UP_FIELDS):
        for name in (f.name, *f.aliases):
            index.setdefault(normalise_header(name), f.name)
    for name, aliases in (extra or {}).items():
        for alias in aliases:
            index[normalise_header(alias)] = name
    return index


@dataclass
class HeaderMap:
    """Where the header is and what its columns mean.

    ``columns`` maps a column position to its canonical field (first occurrence wins);
    ``wide`` lists the positions of wide-layout follow-up columns (follow_up_1 …);
    ``ignored_duplicates`` the positions of later columns mapping to an already mapped field;
    ``labels`` the header text as written, by position; ``sub_rows`` the number of rows
    below ``row`` that belong to the header (1 when merged cells split it over two rows).
    """

    row: int
    columns: dict[int, str] = field(default_factory=dict)
    wide: list[int] = field(default_factory=list)
    ignored_duplicates: list[int] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)
    sub_rows: int = 0

    @property
    def fields(self) -> set[str]:
        """Return the canonical fields this header maps."""
        return set(self.columns.values())


def _match(cell: Any, index: Mapping[str, str]) -> str | None:
    key = normalise_header(cell)
    if not key:
        return None
    if key in index:
        return index[key]
    if _WIDE.match(key):
        return "follow_up_n"
    return None


def find_header(
    rows: Sequence[Sequence[Any]],
    index: Mapping[str, str],
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
) -> HeaderMap | None:
    """Return the header of a sheet: the first row among the first 20 in which at least two
    cells match a known field or alias; None when there is no such row.

    With the sheet's ``merged`` ranges, a header split over two rows by merged cells
    ("Underskrevet" merged over "Borger" and "Kommune") is read as one: each label under a
    merged cell is prefixed by it ("Underskrevet Borger").
    """
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        matches = [_match(cell, index) for cell in row]
        if sum(m is not None for m in matches) >= 2:
            labels = _two_row_labels(rows, i, merged)
            if labels is None:
                return _map_row(i, row, matches)
            header = _map_row(i, labels, [_match(cell, index) for cell in labels])
            header.sub_rows = 1
            return header
    return None


def _blank(cell: Any) -> bool:
    return cell is None or not str(cell).strip()


def _two_row_labels(
    rows: Sequence[Sequence[Any]],
    i: int,
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]],
) -> list[Any] | None:
    """Return the combined labels of a header spanning rows i and i + 1, or None when row
    i + 1 is not part of it. It is when row i has a cell merged across columns with text
    under it in row i + 1, and row i + 1 holds nothing but such texts and the cells merged
    down from row i."""
    if i + 1 >= len(rows):
        return None
    top, below = list(rows[i]), rows[i + 1]
    top += [None] * (len(below) - len(top))
    groups = {
        c: top[c0]
        for (r0, c0), (r1, c1) in merged
        if r0 == r1 == i and c1 > c0 and c0 < len(top)
        for c in range(c0, min(c1, len(top) - 1) + 1)
    }
    down = {c0 for (r0, c0), (r1, _) in merged if r0 <= i < r1}
    parts = {c for c, cell in enumerate(below) if c in groups and not _blank(cell)}
    if not parts:
        return None
    for c, cell in enumerate(below):
        if not _blank(cell) and c not in down and (c not in parts or not isinstance(cell, str)):
            return None
    return [f"{groups[c]} {below[c]}" if c in parts else top[c] for c in range(len(top))]


def _map_row(i: int, row: Sequence[Any], matches: list[str | None]) -> HeaderMap:
    header = HeaderMap(row=i)
    for pos, (cell, name) in enumerate(zip(row, matches, strict=True)):
        if name is None:
            continue
        header.labels[pos] = str(cell).strip()
        if name == "follow_up_n":
            header.wide.append(pos)
        elif name in header.fields:
            header.ignored_duplicates.append(pos)
        else:
            header.columns[pos] = name
    return header
