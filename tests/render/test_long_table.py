"""The long table prints exactly what Rich's own Table prints for the same columns and cells:
plain, wrapping, markup, emoji codes, wide characters, spaces at either end, styled cells, on
a plain stream and on a colour terminal, at widths that make Rich shrink columns."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from integaudit.render import long_table
from integaudit.render.long_table import Cells, LongTable
from tests.helpers import derandomised

WORDS = [
    "opfølgning",
    "senest",
    "01-02-2024",
    "angiv",
    "et",
    "beskæftigelses-",
    "uddannelsesmål",
    "[b]fed[/b]",
    "[1]",
    ":smile:",
    "a:b",
    "K-12",
    "日本語",
    "x" * 45,
    "to  mellemrum",
    " foran",
    "bagved ",
    "",
    "tab\there",
]
COLUMNS = (("Kontrakt-id", "left"), ("Kommune", "left"), ("Status", "left"), ("Dage", "right"))


def _table(title: str = "Arbejdsliste (3)") -> Table:
    table = Table(title=title, title_justify="left")
    for header, justify in COLUMNS:
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    return table


def _console(width: int, colour: bool) -> Console:
    return Console(
        file=io.StringIO(),
        width=width,
        force_terminal=colour,
        color_system="truecolor" if colour else None,
        highlight=False,
    )


def _both(rows: list[tuple[str, str, tuple[str, str], tuple[str, str]]], width: int, colour: bool):
    """Return what Rich's Table prints, what the long table prints, and what its chunked
    print() prints, for the same rows."""
    rich = _console(width, colour)
    table = _table()
    for ident, name, (state, style), (days, days_style) in rows:
        table.add_row(ident, name, Text(state, style=style), Text(days, style=days_style))
    rich.print(table)
    columns = [
        Cells([r[0] for r in rows]),
        Cells([r[1] for r in rows]),
        Cells([r[2][0] for r in rows], [r[2][1] for r in rows]),
        Cells([r[3][0] for r in rows], [r[3][1] for r in rows]),
    ]
    rendered, printed = _console(width, colour), _console(width, colour)
    rendered.print(LongTable(_table(), columns))
    LongTable(_table(), columns).print(printed)
    return rich.file.getvalue(), rendered.file.getvalue(), printed.file.getvalue()


texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
cells = st.tuples(
    st.one_of(st.from_regex(r"[0-9]{3}-20[0-9]{2}-[0-9]{5}", fullmatch=True), texts),
    st.one_of(st.sampled_from(["København", "Hjørring", "Ærø", ""]), texts),
    st.tuples(
        st.one_of(st.sampled_from(["overskredet", "skal rettes"]), texts),
        st.sampled_from(["red", "yellow", ""]),
    ),
    st.tuples(
        st.sampled_from(["12 dage", "i dag", "30 dage over", ""]), st.sampled_from(["red", ""])
    ),
)


@pytest.mark.slow
@derandomised(150)
@given(
    rows=st.lists(cells, min_size=1, max_size=12),
    width=st.sampled_from([30, 52, 80, 120, 160, 230]),
    colour=st.booleans(),
)
def test_the_long_table_prints_what_rich_prints(rows, width, colour) -> None:
    rich, rendered, printed = _both(rows, width, colour)
    assert rendered == rich
    assert printed == rich


def test_many_rows_in_chunks_and_the_last_row_on_the_foot(monkeypatch) -> None:
    monkeypatch.setattr(long_table, "CHUNK_ROWS", 7)
    rows = [
        (f"860-2024-{i:05d}", "Hjørring" if i % 3 else "angiv et beskæftigelses- eller mål",
         ("overskredet", "red"), (f"{i} dage", "red" if i % 2 else ""))
        for i in range(40)
    ]  # fmt: skip
    for width, colour in ((160, False), (60, False), (60, True)):
        rich, rendered, printed = _both(rows, width, colour)
        assert rendered == rich and printed == rich
        assert rich.count("\n") > 40


def test_a_table_of_other_settings_is_left_to_rich() -> None:
    table = _table()
    table.show_lines = True
    long = LongTable(table, [Cells(["a", "b"]) for _ in COLUMNS])
    assert long.layout(_console(80, False), _console(80, False).options) is None
    console = _console(80, False)
    console.print(long)
    expected = _console(80, False)
    expected.print(long.rich_table())
    assert console.file.getvalue() == expected.file.getvalue()
    assert "├" in console.file.getvalue()
