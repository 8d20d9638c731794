"""Sheets that copy another sheet of their file (a stale ``Kontrakter (2)``, a ``Kopi af
Kontrakter``): a sheet whose contracts (or follow-ups) all appear in another sheet of the same
file is not read twice. The visible sheet wins over a hidden one, the original over one named
as a copy, the fuller over the one it contains, the first over a later one; the copy is set
aside with one data issue naming both sheets (issue 19 §5)."""

from __future__ import annotations

import re

from integaudit.ingest.sheets import SheetTable
from integaudit.ingest.values import text_or_none
from integaudit.issues import IssueKind, IssueLog

_COPY_NAME = re.compile(r"\(\d+\)\s*$|^\s*(kopi|copy)\s+(af|of)\b|[-–]\s*(kopi|copy)\s*$", re.I)


def _keys(table: SheetTable) -> frozenset[str]:
    """Return what a table holds, as a set: its contract ids (contracts), or its contract ids
    with their follow-up dates as written (follow-ups)."""
    if "contract_id" not in table.frame.columns:
        return frozenset()
    ids = text_or_none(table.frame["contract_id"])
    keys = ids[ids.notna()]
    if table.kind == "follow_ups" and "follow_up_date" in table.frame.columns:
        dates = text_or_none(table.frame["follow_up_date"]).fillna("")
        keys = keys + "\x1f" + dates[ids.notna()]
    return frozenset(keys.to_numpy())


def _copy_of(a: SheetTable, b: SheetTable, order: dict[int, int]) -> SheetTable:
    """Return which of two sheets holding the same contracts is the copy."""

    def rank(t: SheetTable) -> tuple[bool, bool, int]:
        return (t.hidden, _COPY_NAME.search(t.sheet) is not None, order[id(t)])

    return max(a, b, key=rank)


def stale_copies(tables: list[SheetTable], log: IssueLog) -> list[SheetTable]:
    """Return the tables of one file that copy another of its tables, recording a warning
    for each naming the sheet it copies."""
    kinds = [t.kind for t in tables]
    if len(set(kinds)) == len(kinds):
        return []  # no two tables of a kind: nothing to compare
    order = {id(t): i for i, t in enumerate(tables)}
    keys = {id(t): _keys(t) for t in tables}
    found: list[SheetTable] = []
    for a in tables:
        for b in tables:
            if a is b or a.kind != b.kind or b in found or a in found:
                continue
            ka, kb = keys[id(a)], keys[id(b)]
            if not kb or not kb <= ka:
                continue
            copy = _copy_of(a, b, order) if ka == kb else b
            original = a if copy is b else b
            found.append(copy)
            log.add(
                "warning",
                IssueKind.SHEET_STALE_COPY,
                copy.file,
                copy.sheet,
                other=original.sheet,
                rows=len(copy.frame),
            )
    return found
