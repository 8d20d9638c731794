"""A terminal table of many rows: the characters and styles Rich's own Table prints for the
same columns and cells, put together column by column instead of cell by cell.

Rich measures, wraps and pads every cell through its general machinery (about 2 ms a row of
the work list): a list of 200 000 items would take minutes. Here Rich still decides
everything that is not plain: the column widths (its own layout, of a table holding the few
cells that decide them: per column the longest text, the longest word and every cell that is
not plain), the title, header and edges (the same table with those widths and no rows), and
each distinct cell that wraps, holds markup or emoji codes or other than printable ASCII, or
is styled on a colour terminal. A plain cell that fits is padded as Rich pads it, and the
lines of a row are joined as Rich joins them.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment, Segments
from rich.style import Style
from rich.table import Table

from integaudit.render.table_columns import PAD, Cells, Lines, Styled, distinct

__all__ = ["Cells", "LongTable"]

CHUNK_ROWS = 5000
_NEW_LINE = Segment.line()


class LongTable:
    """A Rich renderable: ``table`` (its columns, title and settings, without rows) with
    the rows of ``columns``, printed as ``table`` prints with those rows added."""

    def __init__(self, table: Table, columns: Sequence[Cells]) -> None:
        if table.rows or len(columns) != len(table.columns):
            raise ValueError("a long table takes a table without rows and one Cells a column")
        self.table = table
        self.columns = [distinct(cells) for cells in columns]
        self.rows = len(self.columns[0].codes) if self.columns else 0

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        layout = self.layout(console, options)
        if layout is None:
            yield self.rich_table()
            return
        yield from layout.head
        for rows in layout.body():
            yield from rows
        yield from layout.foot

    def print(self, console: Console) -> None:
        """Print the table on ``console`` as ``console.print(self)`` does, CHUNK_ROWS rows
        at a time, so that the text of no more rows is held at once."""
        head = _Head(self)
        console.print(head)
        if head.layout is None:
            return
        # The lines are no wider than the console, as the head's (which print cropped):
        # cropping them would change nothing and cost a pass over every line.
        for rows in head.layout.body(joined=True):
            console.print(Segments(rows), crop=False)
        console.print(Segments(head.layout.foot), crop=False)

    def layout(self, console: Console, options: ConsoleOptions) -> _Layout | None:
        """Return the table laid out for ``options``: its head, body and foot; None when
        its settings are not those this module lays out (see _supported)."""
        if not self.rows or not _supported(self.table):
            return None
        widths = self._widths(console, options)
        if min(widths) <= 2 * PAD:
            return None
        colour = console.color_system is not None
        cell_options = options.update(
            width=sum(widths) + self.table._extra_width, highlight=self.table.highlight, height=None
        )
        columns = [
            column.lines(console, cell_options, spec, width, colour)
            for column, spec, width in zip(self.columns, self.table.columns, widths, strict=True)
        ]
        frame = list(Segment.split_lines(console.render(self._frame(widths), options)))
        head = [segment for line in frame[:-1] for segment in (*line, _NEW_LINE)]
        return _Layout(
            head, columns, self._borders(console, options), colour, [*frame[-1], _NEW_LINE]
        )

    def rich_table(self) -> Table:
        """Return ``table`` with the rows added: what Rich itself prints (slowly)."""
        table = copy.deepcopy(self.table)
        for row in zip(*(column.cells() for column in self.columns), strict=True):
            table.add_row(*row)
        return table

    def _widths(self, console: Console, options: ConsoleOptions) -> list[int]:
        """Return the width of each column, padding included, as Rich lays out the whole
        table: Rich's own layout of a table that holds only the cells deciding it."""
        deciding = [column.deciding() for column in self.columns]
        table = copy.deepcopy(self.table)
        for i in range(max(len(cells) for cells in deciding)):
            table.add_row(*(cells[i] if i < len(cells) else "" for cells in deciding))
        max_width = options.max_width if table.width is None else table.width
        return table._calculate_column_widths(
            console, options.update_width(max_width - table._extra_width)
        )

    def _frame(self, widths: list[int]) -> Table:
        """Return ``table`` with its columns fixed at ``widths`` and no rows: the title,
        header and edges of the whole table."""
        table = copy.deepcopy(self.table)
        table.columns = [
            dataclasses.replace(column, width=width - 2 * PAD, min_width=None, max_width=None)
            for column, width in zip(table.columns, widths, strict=True)
        ]
        return table

    def _borders(self, console: Console, options: ConsoleOptions) -> _Borders:
        """Return the box characters of the body's rows as the table draws them."""
        table = self.table
        assert table.box is not None
        safe = table.safe_box if table.safe_box is not None else console.safe_box
        box = table.box.substitute(options, safe=safe)
        style = console.get_style(table.style or "") + console.get_style(table.border_style or "")
        return _Borders(
            (box.mid_left, box.mid_vertical, box.mid_right),
            (box.foot_left, box.foot_vertical, box.foot_right),
            style,
        )


class _Head:
    """The head of a long table (title, top edge, header), laid out as it is printed; the
    layout is kept for the rows that follow."""

    def __init__(self, table: LongTable) -> None:
        self.table = table
        self.layout: _Layout | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.layout = self.table.layout(console, options)
        if self.layout is None:
            yield self.table.rich_table()
        else:
            yield from self.layout.head


@dataclass(frozen=True)
class _Borders:
    """The left edge, divider and right edge of a body row (``mid``) and of the last row
    (``foot``), and their style."""

    mid: tuple[str, str, str]
    foot: tuple[str, str, str]
    style: Style


def _supported(table: Table) -> bool:
    """Return whether ``table``'s settings are those laid out here as Rich does: a box with
    edges and a header; no footer, caption, row styles, lines between rows or expansion; a
    space of padding either side of each cell; cells aligned left or right, at the top."""
    return (
        table.box is not None
        and table.show_edge
        and table.show_header
        and not table.show_footer
        and not table.show_lines
        and not table.leading
        and not table.row_styles
        and not table.caption
        and not table.expand
        and table.min_width is None
        and table.width is None
        and tuple(table.padding) == (0, PAD, 0, PAD)
        and table.pad_edge
        and not table.collapse_padding
        and all(c.vertical == "top" and c.justify in ("left", "right") for c in table.columns)
    )


@dataclass
class _Layout:
    """A table laid out: the segments of its head (title, top edge, header) and foot (the
    bottom edge), its columns' lines and the box characters of its rows."""

    head: list[Segment]
    columns: list[Lines]
    borders: _Borders
    colour: bool
    foot: list[Segment]

    def body(self, joined: bool = False) -> Iterator[list[Segment]]:
        """Yield the body's segments, CHUNK_ROWS rows at a time: each row's lines, its
        cells side by side between the box's edges and dividers, each line ended (unless
        styled, a Segment per row, or with ``joined`` one for all the rows)."""
        height = np.maximum.reduce([column.height for column in self.columns])
        styled = self.colour and (
            bool(self.borders.style) or any(column.styled for column in self.columns)
        )
        for start in range(0, len(height), CHUNK_ROWS):
            rows = slice(start, min(start + CHUNK_ROWS, len(height)))
            if styled:
                yield list(self._styled_rows(rows, height))
            else:
                texts = self._text_rows(rows, height)
                yield [Segment("".join(texts))] if joined else [Segment(t) for t in texts]

    def _edges(self, row: int) -> tuple[str, str, str]:
        """Return the left edge, divider and right edge of row ``row``."""
        return self.borders.foot if row == len(self.columns[0].height) - 1 else self.borders.mid

    def _text_rows(self, rows: slice, height: np.ndarray) -> list[str]:
        """Return the text of each row of ``rows``, every line ended by a new line."""
        last = len(height) - 1
        parts = [slice(rows.start, min(rows.stop, last)), slice(max(rows.start, last), rows.stop)]
        texts: list[str] = []
        for part in parts:
            if part.start >= part.stop:
                continue
            edges = self._edges(part.start)
            text = self._line(0, part, edges)
            for k in range(1, int(height[part].max())):
                text = np.where(height[part] > k, text + "\n" + self._line(k, part, edges), text)
            texts.extend((text + "\n").tolist())
        return texts

    def _line(self, k: int, rows: slice, edges: tuple[str, str, str]) -> np.ndarray:
        """Return line ``k`` of ``rows``, as text."""
        left, divider, right = edges
        count = rows.stop - rows.start
        line: Any = None
        for column in self.columns:
            part = (
                column.lines[k][rows]
                if k < len(column.lines)
                else np.full(count, column.blank, dtype=object)
            )
            line = part if line is None else line + divider + part
        return left + line + right

    def _styled_rows(self, rows: slice, height: np.ndarray) -> Iterator[Segment]:
        """Yield the segments of ``rows``, styled as Rich styles them."""
        style = self.borders.style
        for row in range(rows.start, rows.stop):
            left, divider, right = self._edges(row)
            for k in range(int(height[row])):
                yield Segment(left, style)
                for j, column in enumerate(self.columns):
                    if j:
                        yield Segment(divider, style)
                    piece = column.lines[k][row] if k < len(column.lines) else column.blank
                    if isinstance(piece, Styled):
                        yield from piece.segments
                    else:
                        yield Segment(str(piece))
                yield Segment(right, style)
                yield _NEW_LINE
