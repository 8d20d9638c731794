"""The columns of a long table (render.long_table): each column's distinct cells, which of
them are plain (printed as they are), their measures, and the column laid out at a width,
a line of text per row where Rich would print plain text and Rich's own segments elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rich.console import Console, ConsoleOptions
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Column
from rich.text import Text

# What makes a text not plain, searched in a column's distinct texts joined by NUL: other
# than printable ASCII, a space at either end or two together; for a markup string (a cell
# given as str) also "[" (markup) and ":…:" (emoji codes).
_NOT_PLAIN = r"[^\x00 -~]|(?<![^\x00]) | (?![^\x00])|  "
_NOT_PLAIN_TEXT = re.compile(_NOT_PLAIN)
_NOT_PLAIN_MARKUP = re.compile(_NOT_PLAIN + r"|\[|:[^\s\x00]*?:")
PAD = 1  # spaces either side of a cell, Rich's default padding


@dataclass(frozen=True)
class Cells:
    """One column's cells: ``texts`` (one string per row) and ``styles``: None when each
    cell is the string as ``Table.add_row`` takes it (read as Rich markup), else one style
    per row (the cell is ``Text(text, style=style)``; "" for none)."""

    texts: Sequence[str] | pd.Series
    styles: Sequence[str] | pd.Series | None = None


class Styled:
    """A line of a cell that Rich styles on a colour terminal: its Segments."""

    __slots__ = ("segments",)

    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments


@dataclass(frozen=True)
class Lines:
    """A column laid out: ``lines[k]`` the k-th line of each row's cell (text, or Styled
    on a colour terminal), ``blank`` the line of a row whose cell has no k-th line,
    ``height`` each row's number of lines, and whether any line is Styled."""

    lines: list[np.ndarray]
    blank: object
    height: np.ndarray
    styled: bool


@dataclass
class Distinct:
    """A column's distinct cells: ``codes`` (per row, which one), their texts and styles
    (None: markup strings), which are plain, and their measures (``widest``: the longest
    line; ``longest_word``)."""

    codes: np.ndarray
    texts: pd.Series
    styles: pd.Series | None
    plain: np.ndarray
    widest: np.ndarray
    longest_word: np.ndarray

    def cell(self, i: int) -> str | Text:
        """Return distinct cell ``i`` as the table takes it."""
        if self.styles is None:
            return str(self.texts.iat[i])
        return Text(str(self.texts.iat[i]), style=str(self.styles.iat[i]))

    def cells(self) -> list[str | Text]:
        """Return every row's cell."""
        distinct = [self.cell(i) for i in range(len(self.texts))]
        return [distinct[code] for code in self.codes]

    def deciding(self) -> list[str | Text]:
        """Return the cells that decide the column's width: the plain cell with the longest
        line, the plain cell with the longest word, and every cell that is not plain."""
        chosen = set(np.flatnonzero(~self.plain).tolist())
        plain = np.flatnonzero(self.plain)
        if len(plain):
            chosen.add(int(plain[np.argmax(self.widest[plain])]))
            chosen.add(int(plain[np.argmax(self.longest_word[plain])]))
        return [self.cell(i) for i in sorted(chosen)]

    def lines(
        self, console: Console, options: ConsoleOptions, spec: Column, width: int, colour: bool
    ) -> Lines:
        """Return the column laid out at ``width`` (padding included)."""
        content = width - 2 * PAD
        fits = self.plain & (self.widest <= content)
        if self.styles is not None and colour:
            fits &= self.styles.eq("").to_numpy()
        texts = self.texts.where(fits, "")
        padded = texts.str.rjust(content) if spec.justify == "right" else texts.str.ljust(content)
        first = (" " + padded + " ").to_numpy(dtype=object, copy=True)
        rendered = {
            int(i): _rich_cell(console, options, spec, width, self.cell(int(i)), colour)
            for i in np.flatnonzero(~fits)
        }
        blank_style = console.get_style(spec.style or "")
        blank: object = " " * width
        if colour and blank_style:
            blank = Styled([Segment(" " * width, blank_style)])
        height = max((len(cell) for cell in rendered.values()), default=1)
        lines = [first, *(np.full(len(first), blank, dtype=object) for _ in range(1, height))]
        counts = np.ones(len(first), dtype=np.int64)
        for i, cell in rendered.items():
            counts[i] = len(cell)
            for k, line in enumerate(cell):
                lines[k][i] = line
        styled = isinstance(blank, Styled) or any(
            isinstance(line, Styled) for cell in rendered.values() for line in cell
        )
        return Lines([line[self.codes] for line in lines], blank, counts[self.codes], styled)


def distinct(cells: Cells) -> Distinct:
    """Return a column's distinct cells, which of them are plain, and their measures."""
    texts = pd.Series(cells.texts, dtype=object)
    if cells.styles is None:
        codes, uniques = pd.factorize(texts)
        texts, styles = pd.Series(uniques, dtype=object), None
        not_plain = _NOT_PLAIN_MARKUP
    else:
        keys = pd.MultiIndex.from_arrays([texts, pd.Series(cells.styles, dtype=object)])
        codes, uniques = pd.factorize(keys)
        texts = pd.Series(uniques.get_level_values(0), dtype=object)
        styles = pd.Series(uniques.get_level_values(1), dtype=object)
        not_plain = _NOT_PLAIN_TEXT
    values = texts.tolist()
    widest = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    plain = _plain(values, widest, not_plain)
    longest_word = widest.copy()
    spaced = np.flatnonzero(plain & texts.str.contains(" ", regex=False).to_numpy(dtype=bool))
    if len(spaced):
        words = texts.iloc[spaced].str.split(" ")
        longest_word[spaced] = words.map(lambda ws: max(len(w) for w in ws)).to_numpy()
    return Distinct(np.asarray(codes), texts, styles, plain, widest, longest_word)


def _plain(values: list[str], lengths: np.ndarray, not_plain: re.Pattern[str]) -> np.ndarray:
    """Return per text whether it is plain: one search of all of them joined by NUL, each
    match charged to the text it starts in (a text holding NUL itself is not plain)."""
    joined = "\x00".join(values)
    starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]])
    plain = np.ones(len(values), dtype=bool)
    found = [match.start() for match in not_plain.finditer(joined)]
    plain[np.searchsorted(starts, found, side="right") - 1] = False
    if joined.count("\x00") != max(len(values) - 1, 0):
        plain &= ["\x00" not in value for value in values]
    return plain


def _rich_cell(
    console: Console,
    options: ConsoleOptions,
    spec: Column,
    width: int,
    cell: str | Text,
    colour: bool,
) -> list[object]:
    """Return the lines of one cell as the table renders it (Rich's Table._render): text,
    or Styled on a colour terminal."""
    cell_options = options.update(
        width=width,
        justify=spec.justify,
        no_wrap=spec.no_wrap,
        overflow=spec.overflow,
        height=None,
        highlight=spec.highlight,
    )
    padded = Padding(cell, (0, PAD, 0, PAD))
    style = console.get_style(spec.style or "")
    lines = console.render_lines(padded, cell_options, style=style)
    if colour:
        return [Styled(line) for line in lines]
    return ["".join(segment.text for segment in line) for line in lines]
