"""Data issues in one place: the record (``DataIssue``), its kinds (``IssueKind``) and the
log that collects them in bulk from masks over frames."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal, SupportsInt

if TYPE_CHECKING:
    import pandas as pd


class IssueKind(StrEnum):
    """Every kind of data issue: a stable id that keys the message catalogue (README, "Data
    issues")."""

    PATH_MISSING = "path-missing"
    NO_SPREADSHEETS = "no-spreadsheets"
    NOT_SPREADSHEET = "not-spreadsheet"
    FILE_UNREADABLE = "file-unreadable"
    FILE_NO_PERMISSION = "file-no-permission"
    FILE_NOT_REGULAR = "file-not-regular"
    FILE_TOO_LARGE = "file-too-large"
    FILE_UNPACKED_TOO_LARGE = "file-unpacked-too-large"
    FILE_ZIP_RATIO = "file-zip-ratio"
    FILE_STRINGS_TOO_MANY = "file-strings-too-many"
    FILE_OVER_READ_LIMITS = "file-over-read-limits"
    FILE_TRUNCATED = "file-truncated"
    FILE_TEXT = "file-text"
    FILE_HTML = "file-html"
    FILE_EMPTY = "file-empty"
    FILE_CORRUPT = "file-corrupt"
    FILE_ENCRYPTED = "file-encrypted"
    FILE_NOT_SPREADSHEET = "file-not-spreadsheet"
    FILE_NO_TABLES = "file-no-tables"
    FILE_OWN_REPORT = "file-own-report"
    SHEET_NO_HEADER = "sheet-no-header"
    SHEET_EMPTY = "sheet-empty"
    SHEET_IGNORED = "sheet-ignored"
    SHEET_HIDDEN = "sheet-hidden"
    SHEET_MISSING_COLUMNS = "sheet-missing-columns"
    SHEET_HEADER_TOO_LOW = "sheet-header-too-low"
    SHEET_NO_ROWS = "sheet-no-rows"
    SHEET_TOO_LARGE = "sheet-too-large"
    SHEET_LAYOUT_SKIPPED = "sheet-layout-skipped"
    SHEET_STALE_COPY = "sheet-stale-copy"
    SHEET_LAYOUT_NO_ROW = "sheet-layout-no-row"
    DUPLICATE_HEADER = "duplicate-header"
    FORMULA_WITHOUT_RESULT = "formula-without-result"
    CONTROL_CHARACTERS = "control-characters"
    CSV_OTHER_DELIMITER = "csv-other-delimiter"
    CSV_ROW_TOO_LONG = "csv-row-too-long"
    ROW_NO_KNOWN_VALUES = "row-no-known-values"
    ROW_NOT_A_CONTRACT = "row-not-a-contract"
    MISSING_CONTRACT_ID = "missing-contract-id"
    UNKNOWN_MUNICIPALITY = "unknown-municipality"
    MISSING_MUNICIPALITY = "missing-municipality"
    MUNICIPALITY_OPTION_AND_COLUMN = "municipality-option-and-column"
    UNREADABLE_DATE = "unreadable-date"
    UNKNOWN_SITUATION = "unknown-situation"
    FOLLOW_UP_MISSING_CONTRACT_ID = "follow-up-missing-contract-id"
    FOLLOW_UP_MISSING_DATE = "follow-up-missing-date"
    FOLLOW_UP_AMBIGUOUS = "follow-up-ambiguous"
    FOLLOW_UP_UNKNOWN_CONTRACT = "follow-up-unknown-contract"
    FOLLOW_UP_STATUS_UNKNOWN = "follow-up-status-unknown"
    DUPLICATE_CONTRACT = "duplicate-contract"
    CONFLICTING_CONTRACT = "conflicting-contract"
    DATE_AFTER_AS_OF = "date-after-as-of"
    DATE_BEFORE_LAW = "date-before-law"
    SIGNED_BEFORE_RESPONSIBILITY = "signed-before-responsibility"
    FOLLOW_UP_BEFORE_SIGNING = "follow-up-before-signing"
    RANDOM_KEY = "random-key"
    COLUMN_NOT_RECOGNISED = "column-not-recognised"
    RULE_NOT_ASSESSABLE = "rule-not-assessable"


Level = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class DataIssue:
    """One problem found in the input: where it is, what the cell held, and what it means.

    ``kind`` keys the message catalogue; ``params`` fill its placeholders. ``row`` is the row
    number as the user sees it in Excel (1-based, header included). ``column`` is the
    canonical field (or, for a column that maps to none, the header); ``header`` and
    ``letter`` say where that column is in the user's own file: its header as written and its
    column letter.
    """

    level: Level
    kind: IssueKind
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: tuple[tuple[str, Any], ...] = ()
    header: str | None = None
    letter: str | None = None

    def param_dict(self) -> dict[str, Any]:
        """Return the message parameters as a dict."""
        return dict(self.params)


Scrub = Callable[[str], str]


def _text(value: Any) -> str | None:
    import pandas as pd  # loaded by then: a raw value comes from a frame

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
        kind: IssueKind,
        file: str | None = None,
        sheet: str | None = None,
        row: SupportsInt | None = None,
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
                # a column not recognised is named by its header, which may hold a CPR number
                column=self._scrub(column) if column else column,
                value=self._scrub(text[:200]) if text else text,
                params=tuple(sorted(params.items())),
            )
        )

    def add_rows(
        self,
        level: Level,
        kind: IssueKind,
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


def located(frame: pd.DataFrame) -> Iterator[Any]:
    """Return the rows of ``frame`` (file, sheet, row and what else it holds) as named tuples
    for :meth:`IssueLog.add`; typed ``Any``, for a frame's cells are whatever was read."""
    return frame.itertuples()
