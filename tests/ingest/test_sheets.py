"""Reading one sheet's table under its header, in memory (no file written)."""

from __future__ import annotations

import copy
from datetime import datetime

from integaudit.ingest.headers import build_alias_index
from integaudit.ingest.readers import RawSheet
from integaudit.ingest.sheets import SheetLayout, _read_table, locate_header, read_table
from integaudit.issues import IssueLog


def _sheet() -> RawSheet:
    """A contracts sheet whose follow-up status column a contracts table does not read, and
    whose one follow-up column holds each contract's follow-ups."""
    return RawSheet(
        "Kontrakter",
        [
            [
                "Kontrakt-id",
                "Kommunekode",
                "Overtagelsesdato",
                "Underskrevet",
                "Opfølgning",
                "Status",
            ],
            ["K-1", "101", datetime(2024, 1, 5), datetime(2024, 1, 20), datetime(2024, 3, 1), "x"],
        ],
    )


def test_reading_a_table_leaves_the_header_it_is_given_as_it_was() -> None:
    raw, index = _sheet(), build_alias_index()
    header = locate_header(raw, index, SheetLayout())
    assert header is not None
    before = copy.deepcopy(header)
    table, as_read = _read_table(raw, header, "k.xlsx", None, index, IssueLog())
    assert table is not None and table.kind == "contracts"
    assert "follow_ups" in table.fields and "follow_up_date" not in table.fields
    assert header == before, "the header given is not changed"
    # The header as the table reads it: the status column unmapped, the follow-up column
    # read as the contract's follow-ups.
    assert as_read is not None and as_read != header
    assert "Status" in as_read.unmapped.values()
    assert "follow_ups" in as_read.columns.values()


def test_the_status_column_a_contracts_table_does_not_read_is_named_as_not_recognised() -> None:
    raw, index, log = _sheet(), build_alias_index(), IssueLog()
    table = read_table(raw, "k.xlsx", None, index, log)
    assert table is not None
    not_recognised = [i for i in log.issues if i.kind == "column-not-recognised"]
    assert [i.column for i in not_recognised] == ["Status"]
