"""``[[layout]]`` of integaudit.toml: where the header of a file's sheets is, which rows and
sheets to pass over, for files the heuristics read wrongly (docs/columns.md, "Layout").

An entry applies to a file when one of its ``files`` globs matches the file's path relative to
the folder given on the command line, relative to the config's own folder, or its name
(case-insensitively; ``*`` does not stop at ``/``), and to a sheet when it names no ``sheet``
or its ``sheet`` glob matches the sheet's name. For each key, the first entry that applies and
sets it wins.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LAYOUT_KEYS = (
    "files",
    "sheet",
    "header_row",
    "header_rows",
    "skip_rows",
    "sheets",
    "ignore_sheets",
    "footer_rows",
)
# The keys that say how one sheet is read (the others choose files and sheets).
SHEET_KEYS = ("header_row", "header_rows", "skip_rows", "footer_rows")


@dataclass(frozen=True)
class Layout:
    """One ``[[layout]]`` entry: ``number`` is its place in the file (from 1), ``source`` the
    config's path; a key not set is None."""

    files: tuple[str, ...]
    number: int = 1
    source: str = ""
    sheet: str | None = None
    header_row: int | None = None
    header_rows: int | None = None
    skip_rows: tuple[int, ...] | None = None
    sheets: tuple[str, ...] | None = None
    ignore_sheets: tuple[str, ...] | None = None
    footer_rows: int | None = None

    def matches(self, paths: Sequence[str]) -> bool:
        """Return whether one of ``files`` matches one of ``paths`` (posix, case-free)."""
        return any(_glob(path, pattern) for pattern in self.files for path in paths)

    def covers(self, sheet: str) -> bool:
        """Return whether the entry applies to the sheet named ``sheet``."""
        return self.sheet is None or _glob(sheet, self.sheet)

    @property
    def where(self) -> str:
        """Return where the entry is written: "[[layout]] 2 in PATH"."""
        return f"[[layout]] {self.number} ({self.source})"


@dataclass(frozen=True)
class SheetLayout:
    """What the layout entries of a file say of one sheet; ``sources`` names the entries that
    set anything ("[[layout]] 1 (…/integaudit.toml)")."""

    header_row: int | None = None
    header_rows: int | None = None
    skip_rows: tuple[int, ...] = ()
    footer_rows: int = 0
    sources: tuple[str, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        """Return whether the layout says nothing of the sheet."""
        return not self.sources


def file_paths(relative: str | None, to_config: str | None, name: str) -> list[str]:
    """Return the forms of a file's path a ``files`` glob is matched against."""
    return [p for p in (relative, to_config, name) if p]


def for_file(layouts: Sequence[Layout], paths: Sequence[str]) -> list[Layout]:
    """Return the entries that apply to the file known by ``paths`` (file_paths)."""
    return [layout for layout in layouts if layout.matches(paths)]


def for_path(
    layouts: Sequence[Layout], path: Path, root: Path | None, folder: Path | None
) -> tuple[Layout, ...]:
    """Return the entries that apply to the file at ``path``: matched against its path below
    the folder given on the command line (``root``), below the config's ``folder``, and its
    name."""
    if not layouts:
        return ()
    paths = file_paths(_below(path, root), _below(path, folder), path.name)
    return tuple(for_file(layouts, paths))


def _below(path: Path, folder: Path | None) -> str | None:
    """Return ``path`` relative to ``folder`` as posix text, None when it is not below it."""
    if folder is None:
        return None
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except (ValueError, OSError):
        return None


def sheet_read(layouts: Sequence[Layout], sheet: str) -> tuple[bool, str | None]:
    """Return whether the file's entries let ``sheet`` be read (``sheets`` lists it, or
    none is set; ``ignore_sheets`` does not list it), and the entry that decided when one
    did."""
    for layout in layouts:
        if layout.ignore_sheets is not None and any(_glob(sheet, p) for p in layout.ignore_sheets):
            return False, layout.where
    chosen = next((layout for layout in layouts if layout.sheets is not None), None)
    if chosen is not None and not any(_glob(sheet, p) for p in chosen.sheets or ()):
        return False, chosen.where
    return True, None


def for_sheet(layouts: Sequence[Layout], sheet: str) -> SheetLayout:
    """Return what the file's entries say of ``sheet``: for each key, the first entry that
    applies to the sheet and sets it."""
    values: dict[str, Any] = {}
    sources: list[str] = []
    for layout in layouts:
        if not layout.covers(sheet):
            continue
        for key in SHEET_KEYS:
            value = getattr(layout, key)
            if value is not None and key not in values:
                values[key] = value
                if layout.where not in sources:
                    sources.append(layout.where)
    return SheetLayout(
        header_row=values.get("header_row"),
        header_rows=values.get("header_rows"),
        skip_rows=tuple(values.get("skip_rows", ())),
        footer_rows=int(values.get("footer_rows", 0)),
        sources=tuple(sources),
    )


def _glob(value: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(value.casefold(), pattern.casefold())


Fail = Callable[..., Exception]


def parse(value: Any, source: str, fail: Fail) -> tuple[Layout, ...]:
    """Return the ``[[layout]]`` entries of a config, validated; ``fail(key, problem,
    **params)`` makes the error that names a bad key."""
    if not isinstance(value, list):
        raise fail("layout", "layout-tables")
    entries = []
    for number, item in enumerate(value, start=1):
        key = f"layout[{number}]"
        if not isinstance(item, dict):
            raise fail(key, "layout-table")
        for name in item:
            if name not in LAYOUT_KEYS:
                raise fail(f"{key}.{name}", "unknown-key", known=", ".join(LAYOUT_KEYS))
        if "files" not in item:
            raise fail(key, "layout-files")
        values: dict[str, Any] = {"files": _texts(item["files"], f"{key}.files", fail)}
        if not values["files"]:
            raise fail(f"{key}.files", "layout-files")
        if "sheet" in item:
            if not isinstance(item["sheet"], str) or not item["sheet"].strip():
                raise fail(f"{key}.sheet", "text")
            values["sheet"] = item["sheet"]
        for name in ("header_row", "footer_rows"):
            if name in item:
                values[name] = _whole(
                    item[name], f"{key}.{name}", fail, 1 if name == "header_row" else 0
                )
        if "header_rows" in item:
            if item["header_rows"] not in (1, 2) or isinstance(item["header_rows"], bool):
                raise fail(f"{key}.header_rows", "header-rows")
            values["header_rows"] = item["header_rows"]
        if "skip_rows" in item:
            rows = item["skip_rows"]
            if not isinstance(rows, list):
                raise fail(f"{key}.skip_rows", "row-list")
            values["skip_rows"] = tuple(
                _whole(r, f"{key}.skip_rows", fail, 1, "row-list") for r in rows
            )
        for name in ("sheets", "ignore_sheets"):
            if name in item:
                values[name] = _texts(item[name], f"{key}.{name}", fail)
        entries.append(Layout(number=number, source=source, **values))
    return tuple(entries)


def _texts(value: Any, key: str, fail: Fail) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(key, "text-list")
    return tuple(v for v in value if v.strip())


def _whole(value: Any, key: str, fail: Fail, least: int, problem: str = "whole-number") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise fail(key, problem, least=least)
    return value
