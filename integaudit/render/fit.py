"""Terminal tables that fit the console: headers wrap at spaces, figures are never cut, and
columns that do not fit side by side are shown in parts that repeat the label column."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import JustifyMethod
from rich.table import Table
from rich.text import Text

from integaudit.i18n import text
from integaudit.render.literal import literal


@dataclass
class Column:
    """A column of a table that is fitted to the console: its header, one cell per row, and
    whether its cells may wrap at spaces (the group label) or keep every line whole (the
    figures)."""

    header: str
    cells: list[Text | str]
    justify: JustifyMethod = "right"
    wraps: bool = False

    def lines(self) -> list[str]:
        """Return every line of the column's cells as plain text."""
        return [line for cell in self.cells for line in str(cell).split("\n")]

    def narrowest(self) -> int:
        """Return the least width that breaks no word of the header and no figure: the
        longest word of the header (and of the cells, when they wrap), else the longest
        line of the cells."""
        words = self.header.split() or [""]
        if self.wraps:
            words += [w for line in self.lines() for w in line.split()]
            return max(len(w) for w in words)
        return max([len(w) for w in words] + [len(line) for line in self.lines()])

    def widest(self) -> int:
        """Return the width that shows the header and every cell on one line each."""
        return max([len(self.header)] + [len(line) for line in self.lines()])


def _cell(value: Text | str) -> Text:
    """Return a cell as Rich shows it: text of the run's own as it is, any other as written."""
    return value if isinstance(value, Text) else literal(value)


def _overhead(columns: int) -> int:
    """Return the width a Rich table with the default box and padding adds to its
    columns' contents: a space either side of each cell and a border between and around."""
    return 3 * columns + 1


def column_widths(columns: list[Column], width: int) -> list[int] | None:
    """Return the content width of each column so that the table is at most ``width`` wide,
    no figure is cut and no word of a header or label is broken: each column its widest when
    that fits, else its narrowest plus the room left, given first to the columns that need
    least to show their header on one line. None when even the narrowest do not fit."""
    room = width - _overhead(len(columns))
    widest = [c.widest() for c in columns]
    if sum(widest) <= room:
        return widest
    widths = [c.narrowest() for c in columns]
    spare = room - sum(widths)
    if spare < 0:
        return None
    for i in sorted(range(len(columns)), key=lambda i: (widest[i] - widths[i], i)):
        extra = min(spare, widest[i] - widths[i])
        widths[i] += extra
        spare -= extra
    return widths


def _parts(columns: list[Column], width: int) -> list[list[Column]]:
    """Return the columns split into tables that each fit ``width``: all in one table when
    they fit, else the first (label) column repeated in every part and the others in order,
    as many to a part as fit."""
    if len(columns) < 2 or column_widths(columns, width) is not None:
        return [columns]
    label, rest = columns[:1], columns[1:]
    parts: list[list[Column]] = []
    current: list[Column] = []
    for column in rest:
        if current and column_widths([*label, *current, column], width) is None:
            parts.append(current)
            current = []
        current.append(column)
    parts.append(current)
    return [[*label, *part] for part in parts]


def fitted_tables(
    columns: list[Column],
    width: int,
    title: str,
    lang: str,
    sections: tuple[int, ...] = (),
    caption: str | None = None,
) -> list[Table]:
    """Return the table as one or more Rich tables, each at most ``width`` columns wide, that
    together show every column in full: headers wrap at spaces, figures never wrap or are
    cut, and when the columns do not fit side by side they are stacked in parts that repeat
    the first column. A section line is drawn before each row index in ``sections``."""
    parts = _parts(columns, width)
    tables = []
    for number_, part in enumerate(parts, start=1):
        part_title = title
        if len(parts) > 1:
            part_title += " · " + text("table_part", lang, part=number_, parts=len(parts))
        table = Table(title=literal(part_title), header_style="bold")
        widths = column_widths(part, width)
        for i, column in enumerate(part):
            table.add_column(
                literal(column.header),
                justify=column.justify,
                width=None if widths is None else widths[i],
                overflow="fold",
            )
        for row in range(len(part[0].cells)):
            if row in sections:
                table.add_section()
            table.add_row(*(_cell(column.cells[row]) for column in part))
        if caption and number_ == len(parts):
            table.caption = literal(caption)
            table.caption_justify = "left"
        tables.append(table)
    return tables
