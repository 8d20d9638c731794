"""A drawn sample read back: its design (sheet Metode) and the reviewers' marks (Stikprøve).

Workbooks in Danish (sheets Stikprøve and Metode, columns ``<rule title> Afvigelse``) and in
English (Sample and Method, ``<rule title> Deviation``) are read alike, as are those of
earlier versions (English Metode labels, columns ``<rule id> Afvigelse``).

Marks in a rule's Afvigelse column, case and surrounding spaces ignored:
deviation ``ja``, ``j``, ``x``, ``1``, ``yes``, ``y``, ``true``, ``sand``, ``afvigelse``;
no deviation ``nej``, ``n``, ``0``, ``no``, ``false``, ``falsk``, ``ok``, ``ingen``;
an empty cell means the contract was not reviewed for that rule and is left out of the
evaluation (and counted). Anything else stops the evaluation with the cells named: guessing
what a reviewer meant would put a number under the auditor's signature that nobody wrote.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import python_calamine

from integaudit.errors import IntegauditError
from integaudit.i18n import LANGS, Joined, Message, Size, text
from integaudit.ingest.container import declared_unpacked_size, inspect, read_within_checks
from integaudit.ingest.limits import (
    BYTES_PER_CELL,
    DEFAULT_MAX_FILE_SIZE,
    UNPACKED_FACTOR,
    NotRegular,
    TooLarge,
    read_regular,
)
from integaudit.ingest.readers import RawSheet, ReadError, read_sheets
from integaudit.ingest.sheets import cell_frame
from integaudit.issues import IssueKind
from integaudit.sampling.selection import (
    METHOD_KEYS,
    METHODS,
    STRATA_KEYS,
    stratum_key,
)

DEVIATION_MARKS = frozenset({"ja", "j", "x", "1", "yes", "y", "true", "sand", "afvigelse"})
NO_DEVIATION_MARKS = frozenset({"nej", "n", "0", "no", "false", "falsk", "ok", "ingen"})
WHOLE_POPULATION = "*"
SHOWN_BAD_CELLS = 5
STRATA_BY = ("municipality", "region", "none")


def _lower(key: str) -> set[str]:
    """Return the texts of a catalogue key in every language, lower-cased."""
    return {text(key, lang).lower() for lang in LANGS}


# (sample sheet, method sheet) in each language.
SHEET_PAIRS: tuple[tuple[str, str], ...] = tuple(
    (text("sample.sheet.sample", lang), text("sample.sheet.method", lang)) for lang in LANGS
)
# Metode labels (any language, and the English keys of earlier versions) → key.
METHOD_LABELS: dict[str, str] = {
    label: key
    for key in METHOD_KEYS
    for label in (*_lower(f"sample.method.{key}"), key.replace("_", " "))
}
STRATA_HEADERS: set[tuple[str, ...]] = {
    tuple(text(f"sample.strata.{key}", lang).lower() for key in STRATA_KEYS) for lang in LANGS
} | {STRATA_KEYS}
METHOD_VALUES: dict[str, str] = {
    name: method for method in METHODS for name in (*_lower(f"sample.method_name.{method}"), method)
}
STRATA_VALUES: dict[str, str] = {
    name: by for by in STRATA_BY for name in (*_lower(f"projection.strata.{by}"), by)
}
DEVIATION_SUFFIXES: set[str] = {f" {word}" for word in _lower("sample.deviation")}
STRATUM_HEADERS: set[str] = _lower("sample.col.stratum") | {"stratum"}
RANDOM_KEY_VALUES: set[str] = _lower("trail.key_random") | {"random key"}


OWN_COLUMNS: set[str] = {
    label for key in ("stratum", "file", "sheet", "row") for label in _lower(f"sample.col.{key}")
}
REVIEW_SUFFIXES: set[str] = DEVIATION_SUFFIXES | {f" {word}" for word in _lower("sample.remark")}


def is_own_column(header: str) -> bool:
    """Return whether a header is one a sample workbook carries besides the canonical fields:
    the stratum, where the row came from, or a reviewer's column (deviation, comment)."""
    label = " ".join(str(header).split()).lower()
    return (
        label in OWN_COLUMNS or label in STRATUM_HEADERS or label.endswith(tuple(REVIEW_SUFFIXES))
    )


def without_own_columns(issues: list[Any]) -> list[Any]:
    """Return the data issues of a sample workbook without the column-not-recognised notes of
    its own columns (stratum, source, reviewers' marks), which are not extract fields."""
    return [
        i
        for i in issues
        if not (i.kind == IssueKind.COLUMN_NOT_RECOGNISED and i.header and is_own_column(i.header))
    ]


def sheet_pair(names: list[str]) -> tuple[str, str] | None:
    """Return the names of the sample and method sheets when ``names`` holds both of one
    language's pair (Stikprøve and Metode, or Sample and Method), else None."""
    return next(((a, b) for a, b in SHEET_PAIRS if a in names and b in names), None)


def rule_by_title(ruleset: str | None) -> dict[str, str]:
    """Return lower-cased column title → rule id for reviewer columns: every rule's short
    title in each language, and its id (the titles of earlier versions); the rules of
    ``ruleset`` win when two rules share a title."""
    from integaudit.rules.rulesets import RULESETS

    order = sorted(RULESETS, key=lambda name: name == ruleset)
    titles: dict[str, str] = {}
    for name in order:
        for rule in RULESETS[name]:
            titles[rule.id.lower()] = rule.id
            for lang in LANGS:
                titles[rule.short_title[lang].lower()] = rule.id
    return titles


@dataclass(frozen=True)
class Design:
    """How a sample was drawn, as its Metode sheet records it."""

    method: str
    strata_by: str
    population: int
    sample_size: int
    seed: int | None
    ruleset: str | None
    as_of: dt.date | None
    strata: pd.DataFrame  # stratum (str), population, sample
    pseudonyms_stable: bool = True  # False when the sample was drawn with a random key
    sample_sheet: str = SHEET_PAIRS[0][0]
    method_sheet: str = SHEET_PAIRS[0][1]

    @property
    def stratified(self) -> bool:
        """Return whether the strata are the design's (only the stratified method)."""
        return self.method == "stratified"

    def population_strata(self) -> pd.Series:
        """Return the population size per stratum of the estimate: the recorded strata for a
        stratified sample, else the whole population as one stratum."""
        if not self.stratified:
            return pd.Series({WHOLE_POPULATION: self.population})
        return pd.Series(
            self.strata["population"].to_numpy(), index=self.strata["stratum"].to_numpy()
        )


def design_from_sheets(sheets: list[RawSheet], file: str) -> Design | None:
    """Return the design recorded in a sample workbook's Metode (Method) sheet, or None when
    the sheets are not a sample workbook (no Stikprøve and Metode, or Sample and Method,
    sheets). Raises IntegauditError when the method sheet is incomplete."""
    by_name = {sheet.name: sheet for sheet in sheets}
    pair = sheet_pair(list(by_name))
    if pair is None:
        return None
    sample_sheet, method_sheet = pair
    rows = [[_text(c) for c in row] for row in by_name[method_sheet].rows]
    values: dict[str, str] = {}
    header_at = None
    for i, row in enumerate(rows):
        label = row[0].lower() if row else ""
        if tuple(c.lower() for c in row[:3]) in STRATA_HEADERS:
            header_at = i
            break
        if label in METHOD_LABELS:
            values[METHOD_LABELS[label]] = row[1] if len(row) > 1 else ""
    required = ("method", "population_size", "sample_size")
    missing = [Message(f"sample.method.{k}") for k in required if not values.get(k)]
    if missing or header_at is None:
        what = Joined(", ", tuple(missing)) if missing else Message("error.review.strata_table")
        raise IntegauditError(key="review.not_recorded", file=file, sheet=method_sheet, what=what)
    written_by = values.get("strata") or "none"
    strata_by = STRATA_VALUES.get(written_by.lower(), written_by)
    strata = [row[:3] for row in rows[header_at + 1 :] if row and row[0]]
    try:
        frame = pd.DataFrame(
            {
                "stratum": [stratum_key(s, strata_by) for s, _, _ in strata],
                "population": [int(float(p)) for _, p, _ in strata],
                "sample": [int(float(n)) for _, _, n in strata],
            }
        )
        population = int(float(values["population_size"]))
        sample_size = int(float(values["sample_size"]))
        seed = int(float(values["seed"])) if values.get("seed") else None
        as_of = dt.date.fromisoformat(values["as_of"]) if values.get("as_of") else None
    except ValueError as exc:
        raise IntegauditError(
            key="review.out_of_place", file=file, sheet=method_sheet, detail=exc
        ) from None
    if frame["population"].sum() != population:
        raise IntegauditError(
            key="review.strata_sum",
            file=file,
            sheet=method_sheet,
            total=frame["population"].sum(),
            population=population,
        )
    method = values["method"]
    return Design(
        method=METHOD_VALUES.get(method.lower(), method),
        strata_by=strata_by,
        population=population,
        sample_size=sample_size,
        seed=seed,
        ruleset=values.get("ruleset") or None,
        as_of=as_of,
        strata=frame,
        pseudonyms_stable=values.get("pseudonyms", "").lower() not in RANDOM_KEY_VALUES,
        sample_sheet=sample_sheet,
        method_sheet=method_sheet,
    )


def read_design(path: Path, file: str, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> Design | None:
    """Return the design of the sample workbook at ``path`` (shown as ``file``), or None when
    it is not one, cannot be opened or is above the limits (ingest reports those). Only the
    sheet names and the method sheet are unpacked, so an ordinary extract costs little."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not read_within_checks(path):
        return None
    try:
        data = read_regular(path, max_file_size)
        unpacked = declared_unpacked_size(data)
        if unpacked is None:
            return None
        # The workbook's directory, shared strings and sheets within the limits, before
        # calamine reserves room on their word.
        scans = inspect(data, UNPACKED_FACTOR * max_file_size, max_file_size // BYTES_PER_CELL)
        if any(scan.cells > max_file_size // BYTES_PER_CELL for scan in scans.values()):
            return None
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        pair = sheet_pair(workbook.sheet_names)
        if pair is None:
            return None
        method = workbook.get_sheet_by_name(pair[1]).to_python(skip_empty_area=False)
    except Exception:  # calamine raises several error types for unreadable files
        return None
    sheets = [RawSheet(pair[0], []), RawSheet(pair[1], method)]
    return design_from_sheets(sheets, file)


def read_marks(path: Path, file: str) -> tuple[Design, pd.DataFrame, list[str]]:
    """Return the design, the reviewers' marks and the rule ids of a reviewed sample workbook.

    The marks frame has one row per Stikprøve row: ``row`` (Excel row), ``stratum`` and per
    rule a nullable boolean (True deviation, False none, NA not reviewed). Raises
    IntegauditError naming the cells when a mark cannot be read, and naming the
    columns to fill in when no contract has a mark at all.
    """
    try:
        data = read_regular(path, DEFAULT_MAX_FILE_SIZE)
        if not read_within_checks(path):  # a sample workbook is an xlsx: this is not one
            raise ReadError(IssueKind.FILE_NOT_SPREADSHEET)
        limit = UNPACKED_FACTOR * DEFAULT_MAX_FILE_SIZE
        sheets = read_sheets(path, data, limit, DEFAULT_MAX_FILE_SIZE // BYTES_PER_CELL)
    except TooLarge:
        most = Size(DEFAULT_MAX_FILE_SIZE)
        raise IntegauditError(key="review.too_large", file=file, limit=most) from None
    except NotRegular:
        raise IntegauditError(
            key="review.not_workbook", file=file, kind="file-not-regular"
        ) from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise IntegauditError(key="review.unreadable", file=file, reason=reason) from None
    except ReadError as exc:
        raise IntegauditError(key="review.not_workbook", file=file, kind=exc.kind) from None
    design = design_from_sheets(sheets, file)
    if design is None:
        raise IntegauditError(key="review.not_sample", file=file)
    sheet = design.sample_sheet
    rows = next(s for s in sheets if s.name == sheet).rows
    header = [_text(c) for c in rows[0]] if rows else []
    titles = rule_by_title(design.ruleset)
    rule_columns: dict[str, int] = {}
    for i, cell in enumerate(header):
        suffix = next((s for s in DEVIATION_SUFFIXES if cell.lower().endswith(s)), None)
        if suffix is not None:
            title = cell[: -len(suffix)].strip()
            rule_columns[titles.get(title.lower(), title)] = i
    if not rule_columns:
        raise IntegauditError(
            key="review.no_columns", file=file, sheet=sheet, deviation=Message("sample.deviation")
        )
    numbered = [(i + 1, row) for i, row in enumerate(rows) if i and any(_text(c) for c in row)]
    body = [row for _, row in numbered]
    stratum_at = next((i for i, h in enumerate(header) if h.lower() in STRATUM_HEADERS), None)
    marks = pd.DataFrame({"row": pd.Series([i for i, _ in numbered], dtype="int64")})
    if design.stratified:
        if stratum_at is None:
            raise IntegauditError(key="review.no_stratum", file=file, sheet=sheet)
        marks["stratum"] = [stratum_key(_text(row[stratum_at]), design.strata_by) for row in body]
        unknown = sorted(set(marks["stratum"]) - set(design.strata["stratum"]))
        if unknown:
            raise IntegauditError(
                key="review.unknown_stratum",
                file=file,
                sheet=sheet,
                strata=", ".join(unknown),
                method=design.method_sheet,
            )
    else:
        marks["stratum"] = WHOLE_POPULATION
    cells = cell_frame(body) if body else pd.DataFrame()
    bad: list[Message] = []
    for rule, at in rule_columns.items():
        raw = cells[at] if at in cells.columns else pd.Series("", index=marks.index)
        value = raw.map(_text).str.lower().reset_index(drop=True)
        deviation, no_deviation = value.isin(DEVIATION_MARKS), value.isin(NO_DEVIATION_MARKS)
        reviewed = deviation.where(deviation | no_deviation)
        marks[rule] = pd.array(reviewed, dtype="boolean")  # type: ignore[call-overload]
        unread = ~(deviation | no_deviation) & (value != "")
        bad += [
            Message("error.review.bad_cell", row=row, column=header[at], value=mark)
            for row, mark in zip(marks["row"][unread], value[unread], strict=True)
        ]
    if bad:
        more = len(bad) - SHOWN_BAD_CELLS
        raise IntegauditError(
            key="review.bad_marks",
            file=file,
            sheet=sheet,
            count=len(bad),
            cells=Joined("; ", tuple(bad[:SHOWN_BAD_CELLS])),
            more=Message("error.review.more", count=more) if more > 0 else "",
        )
    if not any(marks[rule].notna().any() for rule in rule_columns):
        columns = ", ".join(f"'{header[at]}'" for at in rule_columns.values())
        raise IntegauditError(key="review.no_marks", file=file, columns=columns)
    return design, marks, list(rule_columns)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
