"""Header-row detection and alias mapping (SPEC §1.1, §1.2)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from integaudit.ingest.dates import parse_dates
from integaudit.model import (
    CONTRACT_FIELDS,
    FOLLOW_UP_FIELDS,
    WIDE_FOLLOW_UP_PATTERN,
    WIDE_STATUS_PATTERN,
    ColumnMapping,
    ColumnProfile,
    MappingSource,
)

HEADER_SEARCH_ROWS = 20
HeaderHow = Literal["detected", "groups", "config"]
_SEPARATORS = re.compile(r"[\s_\-.]+")
_WIDE = re.compile(WIDE_FOLLOW_UP_PATTERN)
_WIDE_STATUS = re.compile(WIDE_STATUS_PATTERN)
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def normalise_header(cell: Any) -> str:
    """Return the matching key of a header cell: lower-case, ``_ - .`` and white space as one
    space, trimmed, and æ/ø/å spelled ae/oe/aa so both spellings compare equal."""
    if cell is None:
        return ""
    text = str(cell).strip().lower()
    return _SEPARATORS.sub(" ", text).strip().translate(_DANISH)


class AliasIndex(dict[str, str]):
    """Normalised header → canonical field, remembering which keys are field names and which
    came from the config (``integaudit columns`` says how each header was mapped)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.from_config: set[str] = set()

    def source(self, key: str) -> MappingSource:
        """Return how a key in the index maps: the field's name, a config alias or a
        built-in alias."""
        if key in self.from_config:
            return "config"
        return "field" if key in self.names else "alias"


def build_alias_index(extra: Mapping[str, Sequence[str]] | None = None) -> AliasIndex:
    """Return normalised header → canonical field for every field name and alias, plus the
    extra aliases from the config."""
    index = AliasIndex()
    for f in (*CONTRACT_FIELDS, *FOLLOW_UP_FIELDS):
        index.names.add(normalise_header(f.name))
        for name in (f.name, *f.aliases):
            index.setdefault(normalise_header(name), f.name)
    for name, aliases in (extra or {}).items():
        for alias in aliases:
            index[normalise_header(alias)] = name
            index.from_config.add(normalise_header(alias))
    return index


@dataclass
class HeaderMap:
    """Where the header is and what its columns mean.

    ``columns`` maps a column position to its canonical field (first occurrence wins);
    ``wide`` lists the positions of wide-layout follow-up columns (follow_up_1 …);
    ``ignored_duplicates`` the positions of later columns mapping to an already mapped field;
    ``labels`` the header text as written, by position (a label under a group label is read
    with it: "Underskrevet Borger"); ``sub_rows`` the number of rows below ``row`` that belong
    to the header (1 when a row of group labels stands over it); ``unmapped`` the text of
    every other non-blank header cell, by position. ``how`` says how the header was found
    (``detected``: the first row with two known headers; ``groups``: that row read with the
    group labels above or in it; ``config``: where the config's [[layout]] puts it), and
    ``skipped`` lists the rows above it that hold anything (titles, notes), from 0;
    ``wide_status`` the positions of the status columns of wide follow-ups ("Status 1");
    ``band`` is True when the first of two header rows is a band of group labels over the
    header proper (nothing of it merged down into the row under it, which holds more labels).
    """

    row: int
    columns: dict[int, str] = field(default_factory=dict)
    wide: list[int] = field(default_factory=list)
    ignored_duplicates: list[int] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)
    sub_rows: int = 0
    unmapped: dict[int, str] = field(default_factory=dict)
    how: HeaderHow = "detected"
    skipped: list[int] = field(default_factory=list)
    wide_status: list[int] = field(default_factory=list)
    band: bool = False

    def wide_number(self, pos: int) -> int | None:
        """Return the number N of a wide follow-up column or its status column (N of
        "Opfølgning N", "Status N"), None for another column."""
        key = normalise_header(self.labels.get(pos))
        found = _WIDE.match(key) or _WIDE_STATUS.match(key)
        return int(found.group(1)) if found else None

    @property
    def fields(self) -> set[str]:
        """Return the canonical fields this header maps."""
        return set(self.columns.values())

    @property
    def breadth(self) -> int:
        """Return how much of the model the header maps: its distinct fields, and one more
        when it has wide follow-up columns."""
        return len(self.fields) + (1 if self.wide else 0)


def _match(cell: Any, index: Mapping[str, str]) -> str | None:
    key = normalise_header(cell)
    if not key:
        return None
    if key in index:
        return index[key]
    if _WIDE.match(key):
        return "follow_up_n"
    if _WIDE_STATUS.match(key):
        return "follow_up_status_n"
    return None


Merged = Sequence[tuple[tuple[int, int], tuple[int, int]]]


def find_header(
    rows: Sequence[Sequence[Any]],
    index: Mapping[str, str],
    merged: Merged = (),
    skip: frozenset[int] = frozenset(),
) -> HeaderMap | None:
    """Return the header of a sheet: the first row among the first 20 in which at least two
    cells match a known field or alias; None when there is no such row. Rows in ``skip``
    (from 0) are passed over.

    A row of group labels (cells merged across columns, or one label repeated over them)
    above that row, or that row itself over the next, makes a header of two rows when it maps
    more fields so: each label under a group label is read with it ("Underskrevet" over
    "Borger" and "Kommune"; "Afsluttet" over "Dato"), see ``_sub_header``.
    """
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if i in skip:
            continue
        matches = [_match(cell, index) for cell in row]
        if sum(m is not None for m in matches) >= 2:
            best = _map_row(i, row, matches)
            for top in (i - 1, i):
                pair = _two_rows(rows, top, index, merged, skip)
                if pair is not None and pair.breadth > best.breadth:
                    best = pair
            best.skipped = _filled_rows(rows, best.row, skip)
            return best
    return None


def header_at(
    rows: Sequence[Sequence[Any]],
    index: Mapping[str, str],
    merged: Merged,
    at: int,
    height: int | None,
    skip: frozenset[int] = frozenset(),
) -> HeaderMap | None:
    """Return the header the config puts at row ``at`` (from 0), ``height`` rows high (2: a
    row of group labels over the labels; None: as detection would read the row); None when
    the sheet has no such row."""
    if at >= len(rows):
        return None
    if height == 2:
        header = _two_rows(rows, at, index, merged, skip, forced=True)
    else:
        header = _map_row(at, rows[at], [_match(cell, index) for cell in rows[at]])
        for top in (at - 1, at) if height is None else ():
            pair = _two_rows(rows, top, index, merged, skip)
            if pair is not None and pair.breadth > header.breadth:
                header = pair
    if header is None:
        return None
    header.how = "config"
    header.skipped = _filled_rows(rows, header.row, skip)
    return header


def _filled_rows(rows: Sequence[Sequence[Any]], end: int, skip: frozenset[int]) -> list[int]:
    """Return the rows above ``end`` that are not skipped and hold anything."""
    return [r for r in range(end) if r not in skip and not all(_blank(c) for c in rows[r])]


def _blank(cell: Any) -> bool:
    return cell is None or not str(cell).strip()


def _group_labels(
    row: Sequence[Any], r: int, merged: Merged, under: Sequence[Any] | None = None
) -> tuple[dict[int, Any], bool]:
    """Return the group label over each column of row ``r`` (a cell merged across columns
    labels all of them, as does a label repeated in adjacent cells; any other cell its own
    column), and whether any label spans several columns. With the row ``under`` it (a
    header the config says is two rows high), a label also spans the blank cells after it
    that have a label under them: a csv cannot merge cells."""
    labels: dict[int, Any] = {}
    wide = False
    for (r0, c0), (r1, c1) in merged:
        if r0 == r1 == r and c1 > c0 and c0 < len(row) and not _blank(row[c0]):
            for c in range(c0, c1 + 1):
                labels[c] = row[c0]
            wide = True
    c = 0
    while c < len(row):
        if _blank(row[c]) or c in labels:
            c += 1
            continue
        end = c
        while end + 1 < len(row) and normalise_header(row[end + 1]) == normalise_header(row[c]):
            end += 1
        if under is not None:
            while end + 1 < len(row) and _blank(row[end + 1]) and end + 1 < len(under):
                if _blank(under[end + 1]) or end + 1 in labels:
                    break
                end += 1
        for k in range(c, end + 1):
            labels[k] = row[c]
        wide = wide or end > c
        c = end + 1
    return labels, wide


def looks_like_data(row: Sequence[Any]) -> bool:
    """Return whether a row holds data rather than labels: a date or a number in a cell."""
    cells = [c for c in row if not _blank(c)]
    if any(isinstance(c, int | float) and not isinstance(c, bool) for c in cells):
        return True
    dates, _ = parse_dates(pd.Series(cells, dtype=object))
    return bool(dates.notna().any())


def _two_rows(
    rows: Sequence[Sequence[Any]],
    top: int,
    index: Mapping[str, str],
    merged: Merged,
    skip: frozenset[int],
    forced: bool = False,
) -> HeaderMap | None:
    """Return the header of rows ``top`` and ``top + 1`` read as one: the labels of row
    ``top + 1`` under the group labels of row ``top``. None when there are no such rows,
    or (unless ``forced``) when row ``top`` has no label over several columns or row
    ``top + 1`` holds data."""
    bottom = top + 1
    if top < 0 or bottom >= len(rows) or top in skip or bottom in skip:
        return None
    upper, below = list(rows[top]), list(rows[bottom])
    width = max(len(upper), len(below))
    upper += [None] * (width - len(upper))
    below += [None] * (width - len(below))
    groups, wide = _group_labels(upper, top, merged, below if forced else None)
    if not forced and (not wide or looks_like_data(below)):
        return None
    down = {
        c for (r0, c0), (r1, c1) in merged if r0 <= top and r1 >= bottom for c in range(c0, c1 + 1)
    }
    labels: list[Any] = []
    matches: list[str | None] = []
    for c in range(width):
        group, sub = groups.get(c), below[c]
        if _blank(sub) or c in down or normalise_header(sub) == normalise_header(group):
            labels.append(upper[c])
            matches.append(_match(upper[c], index))
        elif group is None:
            labels.append(sub)
            matches.append(_match(sub, index))
        else:
            labels.append(f"{' '.join(str(group).split())} {' '.join(str(sub).split())}")
            matches.append(_sub_header(group, sub, index))
    header = _map_row(top, labels, matches)
    header.sub_rows = 1
    header.how = "groups"
    filled = sum(not _blank(c) for c in upper), sum(not _blank(c) for c in below)
    header.band = not down and filled[0] < filled[1]
    return header


# Headers that under a group label may mean another field than they do alone: "Borger" under
# "Underskrevet" is the citizen's signature, not the person; alone they are never read there.
GROUP_AMBIGUOUS = frozenset({"borger", "kommune", "dato", "start", "slut", "status"})
_DATE_WORDS = frozenset({"dato", "date"})


def _sub_header(group: Any, sub: Any, index: Mapping[str, str]) -> str | None:
    """Return the field of a label under a group label: the two read together ("Underskrevet
    Borger", or "Borger Underskrevet"), the group label alone over a bare date ("Afsluttet"
    over "Dato"), else the label alone unless it may mean something else under a group
    (GROUP_AMBIGUOUS); None when none of these is known."""
    key = normalise_header(sub)
    tries = [f"{group} {sub}", f"{sub} {group}"]
    if key in _DATE_WORDS:
        tries.append(group)
    if key not in GROUP_AMBIGUOUS:
        tries.append(sub)
    for label in tries:
        found = _match(label, index)
        if found is not None:
            return found
    return None


def _map_row(i: int, row: Sequence[Any], matches: list[str | None]) -> HeaderMap:
    header = HeaderMap(row=i)
    for pos, (cell, name) in enumerate(zip(row, matches, strict=True)):
        if name is None:
            if not _blank(cell):
                header.unmapped[pos] = " ".join(str(cell).split())
            continue
        header.labels[pos] = str(cell).strip()
        if name == "follow_up_n":
            header.wide.append(pos)
        elif name == "follow_up_status_n":
            header.wide_status.append(pos)
        elif name in header.fields:
            header.ignored_duplicates.append(pos)
        else:
            header.columns[pos] = name
    return header


def column_letter(position: int) -> str:
    """Return the spreadsheet letter of a 0-based column position (0 → A, 26 → AA)."""
    letters = ""
    n = position + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def describe(
    header: HeaderMap, index: AliasIndex, profiles: Mapping[int, ColumnProfile] | None = None
) -> tuple[ColumnMapping, ...]:
    """Return every non-blank header cell in column order with the field it maps to and how,
    and for those that map to nothing the profile of their values when ``profiles`` has it."""
    out: dict[int, ColumnMapping] = {}
    for pos, name in header.columns.items():
        label = header.labels[pos]
        out[pos] = ColumnMapping(
            column_letter(pos), label, name, index.source(normalise_header(label))
        )
    for pos in header.wide:
        out[pos] = ColumnMapping(column_letter(pos), header.labels[pos], "follow_ups", "wide")
    for pos in header.wide_status:
        label = header.labels[pos]
        out[pos] = ColumnMapping(column_letter(pos), label, "follow_up_status", "wide")
    for pos in header.ignored_duplicates:
        label = header.labels[pos]
        duplicate = index.get(normalise_header(label))
        out[pos] = ColumnMapping(column_letter(pos), label, duplicate, "duplicate")
    for pos, label in header.unmapped.items():
        profile = (profiles or {}).get(pos)
        out[pos] = ColumnMapping(column_letter(pos), label, None, None, profile)
    return tuple(out[pos] for pos in sorted(out))
