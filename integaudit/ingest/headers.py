"""Header-row detection and alias mapping (SPEC §1.1, §1.2)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from integaudit.model import (
    AMBIGUOUS_HEADERS,
    CONTRACT_FIELDS,
    FIELDS_BY_NAME,
    FOLLOW_UP_FIELDS,
    WIDE_FOLLOW_UP_PATTERN,
    ColumnMapping,
    MappingSource,
)

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
    ``labels`` the header text as written, by position; ``sub_rows`` the number of rows
    below ``row`` that belong to the header (1 when merged cells split it over two rows);
    ``unmapped`` the text of every other non-blank header cell, by position.
    """

    row: int
    columns: dict[int, str] = field(default_factory=dict)
    wide: list[int] = field(default_factory=list)
    ignored_duplicates: list[int] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)
    sub_rows: int = 0
    unmapped: dict[int, str] = field(default_factory=dict)

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
            if not _blank(cell):
                header.unmapped[pos] = " ".join(str(cell).split())
            continue
        header.labels[pos] = str(cell).strip()
        if name == "follow_up_n":
            header.wide.append(pos)
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


def describe(header: HeaderMap, index: AliasIndex) -> tuple[ColumnMapping, ...]:
    """Return every non-blank header cell in column order with the field it maps to and how."""
    out: dict[int, ColumnMapping] = {}
    for pos, name in header.columns.items():
        label = header.labels[pos]
        out[pos] = ColumnMapping(
            column_letter(pos), label, name, index.source(normalise_header(label))
        )
    for pos in header.wide:
        out[pos] = ColumnMapping(column_letter(pos), header.labels[pos], "follow_ups", "wide")
    for pos in header.ignored_duplicates:
        label = header.labels[pos]
        name = index.get(normalise_header(label))
        out[pos] = ColumnMapping(column_letter(pos), label, name, "duplicate")
    for pos, label in header.unmapped.items():
        out[pos] = ColumnMapping(column_letter(pos), label, None, None)
    return tuple(out[pos] for pos in sorted(out))


# Words too common across the aliases to suggest a field by themselves.
_COMMON_WORDS = frozenset(
    {"dato", "for", "af", "den", "nr", "id", "kontrakt", "kontrakten", "kommune", "kommunens"}
)
# Short words that still name a field: "CPR", and "Opf." for opfølgning.
_SHORT_SIGNIFICANT = frozenset({"cpr", "opf"})
_PREFIX = 6
_CLOSE = 0.8


def _significant(key: str) -> set[str]:
    return {
        word
        for word in key.split()
        if word in _SHORT_SIGNIFICANT or (len(word) >= 5 and word not in _COMMON_WORDS)
    }


def _words_meet(a: str, b: str) -> bool:
    """Return whether two significant words are the same word in another form: equal,
    sharing their first six letters ("underskrevet", "underskrift"), or a short one the
    start of the other ("opf", "opfoelgning")."""
    if a in _SHORT_SIGNIFICANT or b in _SHORT_SIGNIFICANT:
        return a == b or b.startswith(a) or a.startswith(b)
    return a == b or (len(a) >= _PREFIX and len(b) >= _PREFIX and a[:_PREFIX] == b[:_PREFIX])


def suggest_header(fields: Sequence[str], headers: Sequence[str]) -> tuple[str, str] | None:
    """Return (field, header): the header among ``headers`` (which map to nothing) most
    plausibly meant as one of ``fields``, and that field; None when none is plausible.

    Plausible: a close spelling of the field's name or an alias (difflib ratio ≥ 0.8), a
    significant word in common with one ("Kontrakt underskrevet" ~ "underskrevet"), or an
    ambiguous header known to mean one of them ("Startdato")."""
    best: tuple[float, int, str, str] | None = None
    for order, header in enumerate(headers):
        key = normalise_header(header)
        words = _significant(key)
        for name in fields:
            score = 0.5 if name in AMBIGUOUS_HEADERS.get(key, ()) else 0.0
            for alias in (name, *FIELDS_BY_NAME[name].aliases):
                alias_key = normalise_header(alias)
                ratio = difflib.SequenceMatcher(None, key, alias_key).ratio()
                if ratio >= _CLOSE:
                    score = max(score, ratio + 1)
                elif any(_words_meet(w, a) for w in words for a in _significant(alias_key)):
                    score = max(score, 0.75)
            if score and (best is None or (score, -order) > (best[0], -best[1])):
                best = (score, order, name, header)
    return (best[2], best[3]) if best else None
