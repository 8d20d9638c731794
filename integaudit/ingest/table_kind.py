"""Which kind of table a header heads (contracts, follow-ups or neither) and how that kind
reads it: the columns it reads and those it leaves to the unmapped ones."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from integaudit.ingest.headers import HeaderMap, normalise_header

TableKind = Literal["contracts", "follow_ups"]


def as_read(header: HeaderMap) -> tuple[TableKind | None, HeaderMap, set[str]]:
    """Return the kind of table a header heads (None when neither contracts nor follow-ups),
    a copy of it as that kind reads it, and the fields read. A follow-ups sheet reads no
    status of a wide column; a contracts sheet reads no follow-up status, and its single
    follow-up column holds that contract's follow-ups."""
    header = replace(
        header,
        columns=dict(header.columns),
        wide=list(header.wide),
        labels=dict(header.labels),
        unmapped=dict(header.unmapped),
        wide_status=list(header.wide_status),
    )
    fields = set(header.fields) | ({"follow_ups"} if header.wide else set())
    if {"contract_id", "follow_up_date"} <= fields and "responsibility_date" not in fields:
        _unmap(header, list(header.wide_status))
        return "follow_ups", header, fields
    if "responsibility_date" not in fields and "contract_id" not in fields:
        return None, header, fields
    _unmap(header, _not_in_contracts(header))
    fields = set(header.fields) | ({"follow_ups"} if header.wide else set())
    if "follow_up_date" in fields:
        pos = next(p for p, f in header.columns.items() if f == "follow_up_date")
        del header.columns[pos]
        if "follow_ups" in header.fields:
            header.wide.append(pos)
        else:
            header.columns[pos] = "follow_ups"
        fields.discard("follow_up_date")
        fields.add("follow_ups")
    return "contracts", header, fields


_FOLLOW_UP_ONLY = frozenset({"dato", "date"})


def _not_in_contracts(header: HeaderMap) -> list[int]:
    """Return the positions a contracts sheet does not read as their header says: a status
    column (a follow-up's status belongs in a follow-ups sheet, or beside its wide column),
    and a bare date header that maps to a follow-up's date."""
    return [
        pos
        for pos, name in header.columns.items()
        if name == "follow_up_status"
        or (name == "follow_up_date" and normalise_header(header.labels[pos]) in _FOLLOW_UP_ONLY)
    ]


def _unmap(header: HeaderMap, positions: list[int]) -> None:
    """Move the columns at ``positions`` to the header's unmapped ones."""
    for pos in positions:
        header.columns.pop(pos, None)
        if pos in header.wide_status:
            header.wide_status.remove(pos)
        header.unmapped[pos] = " ".join(header.labels.pop(pos).split())
