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
    ``labels`` the header text as written, by position.
    """

    row: int
    columns: dict[int, str] = field(default_factory=dict)
    wide: list[int] = field(default_factory=list)
    ignored_duplicates: list[int] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)

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


def find_header(rows: Sequence[Sequence[Any]], index: Mapping[str, str]) -> HeaderMap | None:
    """Return the header of a sheet: the first row among the first 20 in which at least two
    cells match a known field or alias; None when there is no such row."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        matches = [_match(cell, index) for cell in row]
        if sum(m is not None for m in matches) >= 2:
            return _map_row(i, row, matches)
    return None


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
