"""Collecting data issues: one record per problem, built in bulk from masks over frames."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from integaudit.model import DataIssue, Level

Scrub = Callable[[str], str]


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class IssueLog:
    """An append-only list of data issues whose raw values have CPR numbers masked."""

    def __init__(self, scrub: Scrub | None = None) -> None:
        self.issues: list[DataIssue] = []
        self._scrub: Scrub = scrub or (lambda s: s)

    def scrub(self, text: str) -> str:
        """Return ``text`` with every CPR number in it replaced by its pseudonym."""
        return self._scrub(text)

    def add(
        self,
        level: Level,
        kind: str,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: Any = None,
        **params: Any,
    ) -> None:
        """Record one issue."""
        text = _text(value)
        self.issues.append(
            DataIssue(
                level=level,
                kind=kind,
                file=self._scrub(file) if file else file,
                sheet=self._scrub(sheet) if sheet else sheet,
                row=None if row is None else int(row),
                column=column,
                value=self._scrub(text[:200]) if text else text,
                params=tuple(sorted(params.items())),
            )
        )

    def add_rows(
        self,
        level: Level,
        kind: str,
        rows: pd.DataFrame,
        column: str | None,
        values: pd.Series | None = None,
        **params: Any,
    ) -> None:
        """Record one issue per row of ``rows`` (which has columns file, sheet, row), with the
        cell value from ``values`` aligned on the index."""
        if rows.empty:
            return
        cells = values.reindex(rows.index) if values is not None else None
        for i, (file, sheet, row) in enumerate(
            zip(rows["file"], rows["sheet"], rows["row"], strict=True)
        ):
            value = cells.iloc[i] if cells is not None else None
            self.add(level, kind, file, sheet, row, column, value, **params)

    def extend(self, issues: list[DataIssue]) -> None:
        """Append issues already built."""
        self.issues.extend(issues)
