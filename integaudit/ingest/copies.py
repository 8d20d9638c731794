"""Sheets that copy another sheet of their file (a stale ``Kontrakter (2)``, a ``Kopi af
Kontrakter``): a sheet whose contracts (or follow-ups) all appear in another sheet of the same
file is not read twice. The visible sheet wins over a hidden one, the original over one named
as a copy, the fuller over the one it contains, the first over a later one; the copy is set
aside with one data issue naming both sheets (issue 19 §5)."""

from __future__ import annotations

import re

import pandas as pd

from integaudit.ingest.sheets import SheetTable
from integaudit.ingest.values import text_or_none
from integaudit.issues import IssueLog

_COPY_NAME = re.compile(r"\(\d+\)\s*$|^\s*(kopi|copy)\s+(af|of)\b|[-–]\s*(kopi|copy)\s*$", re.I)


def _keys(table: SheetTable) -> frozenset[tuple[str | None, ...]]:
    """Return what a table holds, as a set: its contract ids (contracts), or its contract ids
    with their follow-up dates as written (follow-ups)."""
    columns = ["contract_id"] if table.kind == "contracts" else ["contract_id", "follow_up_date"]
    present = [c for c in columns if c in table.frame.columns]
    if "contract_id" not in present:
        return frozenset()
    texts = [text_or_none(table.frame[c]) for c in present]
    keys = pd.DataFrame({c: t.to_numpy() for c, t in zip(present, texts, strict=True)})
    keys = keys[keys["contract_id"].notna()]
    return frozenset(keys.itertuples(index=False, name=None))


def _copy_of(a: SheetTable, b: SheetTable, order: dict[int, int]) -> SheetTable:
    """Return which of two sheets holding the same contracts is the copy."""

    def rank(t: SheetTable) -> tuple[bool, bool, int]:
        return (t.hidden, _COPY_NAME.search(t.sheet) is not None, order[id(t)])

    return max(a, b, key=rank)


def stale_copies(tables: list[SheetTable], log: IssueLog) -> list[SheetTable]:
    """Return the tables of one file that copy another of its tables, recording a warning
    for each naming the sheet it copies."""
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
                "sheet-stale-copy",
                copy.file,
                copy.sheet,
                other=original.sheet,
                rows=len(copy.frame),
            )
    return found
