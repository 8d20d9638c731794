"""A drawn sample read back: its design (sheet Metode) and the reviewers' marks (Stikprøve).

Marks in a ``<rule> Afvigelse`` column, case and surrounding spaces ignored:
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

from integaudit import stats
from integaudit.aggregate import group_keys
from integaudit.errors import IntegauditError
from integaudit.ingest.container import declared_unpacked_size
from integaudit.ingest.readers import RawSheet, ReadError, read_sheets
from integaudit.ingest.sheets import cell_frame
from integaudit.limits import BYTES_PER_CELL, DEFAULT_MAX_FILE_SIZE, UNPACKED_FACTOR, format_size
from integaudit.model import Audit, Status
from integaudit.sampling import DEVIATION, METHOD_SHEET, SAMPLE_SHEET, STRATA_HEADER

DEVIATION_MARKS = frozenset({"ja", "j", "x", "1", "yes", "y", "true", "sand", "afvigelse"})
NO_DEVIATION_MARKS = frozenset({"nej", "n", "0", "no", "false", "falsk", "ok", "ingen"})
WHOLE_POPULATION = "*"
SHOWN_BAD_CELLS = 5


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


@dataclass(frozen=True)
class RuleProjection:
    """One rule's evaluation of a sample, projected to the population."""

    rule: str
    not_reviewed: int
    uncovered_strata: list[str]
    projection: stats.Projection


def design_from_sheets(sheets: list[RawSheet], file: str) -> Design | None:
    """Return the design recorded in a sample workbook's Metode sheet, or None when the
    sheets are not a sample workbook (no Stikprøve and Metode sheets)."""
    by_name = {sheet.name: sheet for sheet in sheets}
    if SAMPLE_SHEET not in by_name or METHOD_SHEET not in by_name:
        return None
    rows = [[_text(c) for c in row] for row in by_name[METHOD_SHEET].rows]
    values: dict[str, str] = {}
    header_at = None
    for i, row in enumerate(rows):
        key = row[0] if row else ""
        if tuple(row[:3]) == STRATA_HEADER:
            header_at = i
            break
        if key:
            values[key] = row[1] if len(row) > 1 else ""
    missing = [k for k in ("method", "population size", "sample size") if not values.get(k)]
    if missing or header_at is None:
        what = ", ".join(missing) or "the strata table"
        raise IntegauditError(
            f"{file}: sheet {METHOD_SHEET} does not record {what}; "
            "was the workbook written by integaudit sample?"
        )
    strata = [row[:3] for row in rows[header_at + 1 :] if row and row[0]]
    try:
        frame = pd.DataFrame(
            {
                "stratum": [s for s, _, _ in strata],
                "population": [int(float(p)) for _, p, _ in strata],
                "sample": [int(float(n)) for _, _, n in strata],
            }
        )
        population = int(float(values["population size"]))
        sample_size = int(float(values["sample size"]))
        seed = int(float(values["seed"])) if values.get("seed") else None
        as_of = dt.date.fromisoformat(values["as of"]) if values.get("as of") else None
    except ValueError as exc:
        raise IntegauditError(
            f"{file}: sheet {METHOD_SHEET} has a value out of place: {exc}"
        ) from None
    if frame["population"].sum() != population:
        raise IntegauditError(
            f"{file}: sheet {METHOD_SHEET}: the strata add up to {frame['population'].sum()}, "
            f"not the population size {population}"
        )
    return Design(
        method=values["method"],
        strata_by=values.get("strata") or "none",
        population=population,
        sample_size=sample_size,
        seed=seed,
        ruleset=values.get("ruleset") or None,
        as_of=as_of,
        strata=frame,
    )


def read_design(path: Path, file: str, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> Design | None:
    """Return the design of the sample workbook at ``path`` (shown as ``file``), or None when
    it is not one, cannot be opened or is above the limits (ingest reports those). Only the
    sheet names and the Metode sheet are unpacked, so an ordinary extract costs little."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not path.is_file():
        return None
    try:
        if path.stat().st_size > max_file_size:
            return None
        data = path.read_bytes()
        unpacked = declared_unpacked_size(data)
        if unpacked is None or unpacked > UNPACKED_FACTOR * max_file_size:
            return None
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
        if SAMPLE_SHEET not in names or METHOD_SHEET not in names:
            return None
        method = workbook.get_sheet_by_name(METHOD_SHEET).to_python(skip_empty_area=False)
    except Exception:  # calamine raises several error types for unreadable files
        return None
    sheets = [RawSheet(SAMPLE_SHEET, []), RawSheet(METHOD_SHEET, method)]
    return design_from_sheets(sheets, file)


def read_marks(path: Path, file: str) -> tuple[Design, pd.DataFrame, list[str]]:
    """Return the design, the reviewers' marks and the rule ids of a reviewed sample workbook.

    The marks frame has one row per Stikprøve row: ``row`` (Excel row), ``stratum`` and per
    rule a nullable boolean (True deviation, False none, NA not reviewed). Raises
    IntegauditError naming the cells when a mark cannot be read.
    """
    try:
        if path.stat().st_size > DEFAULT_MAX_FILE_SIZE:
            raise IntegauditError(f"{file}: larger than {format_size(DEFAULT_MAX_FILE_SIZE)}")
        limit = UNPACKED_FACTOR * DEFAULT_MAX_FILE_SIZE
        sheets = read_sheets(
            path, path.read_bytes(), limit, DEFAULT_MAX_FILE_SIZE // BYTES_PER_CELL
        )
    except OSError as exc:
        raise IntegauditError(f"{file}: cannot be read: {exc.strerror or exc}") from None
    except ReadError as exc:
        raise IntegauditError(f"{file}: not a readable workbook ({exc.kind})") from None
    design = design_from_sheets(sheets, file)
    if design is None:
        raise IntegauditError(
            f"{file}: not a sample workbook (sheets {SAMPLE_SHEET} and {METHOD_SHEET} "
            "from integaudit sample)"
        )
    rows = next(s for s in sheets if s.name == SAMPLE_SHEET).rows
    header = [_text(c) for c in rows[0]] if rows else []
    suffix = f" {DEVIATION}"
    rule_columns = {h[: -len(suffix)]: i for i, h in enumerate(header) if h.endswith(suffix)}
    if not rule_columns:
        raise IntegauditError(f"{file}, {SAMPLE_SHEET}: no '<rule>{suffix}' columns")
    numbered = [(i + 1, row) for i, row in enumerate(rows) if i and any(_text(c) for c in row)]
    body = [row for _, row in numbered]
    stratum_at = header.index("stratum") if "stratum" in header else None
    marks = pd.DataFrame({"row": pd.Series([i for i, _ in numbered], dtype="int64")})
    if design.stratified:
        if stratum_at is None:
            raise IntegauditError(f"{file}, {SAMPLE_SHEET}: the stratum column is missing")
        marks["stratum"] = [_text(row[stratum_at]) for row in body]
        unknown = sorted(set(marks["stratum"]) - set(design.strata["stratum"]))
        if unknown:
            raise IntegauditError(
                f"{file}, {SAMPLE_SHEET}: stratum {', '.join(unknown)} is not in {METHOD_SHEET}"
            )
    else:
        marks["stratum"] = WHOLE_POPULATION
    cells = cell_frame(body) if body else pd.DataFrame()
    bad: list[str] = []
    for rule, at in rule_columns.items():
        raw = cells[at] if at in cells.columns else pd.Series("", index=marks.index)
        value = raw.map(_text).str.lower().reset_index(drop=True)
        deviation, none = value.isin(DEVIATION_MARKS), value.isin(NO_DEVIATION_MARKS)
        marks[rule] = pd.array(deviation.where(deviation | none), dtype="boolean")
        unread = ~(deviation | none) & (value != "")
        bad += [
            f"row {row}, column '{header[at]}': {text!r}"
            for row, text in zip(marks["row"][unread], value[unread], strict=True)
        ]
    if bad:
        shown = "; ".join(bad[:SHOWN_BAD_CELLS])
        more = f" and {len(bad) - SHOWN_BAD_CELLS} more" if len(bad) > SHOWN_BAD_CELLS else ""
        raise IntegauditError(
            f"{file}, {SAMPLE_SHEET}: {len(bad)} mark(s) are neither a deviation "
            f"(ja, x, 1) nor none (nej, 0): {shown}{more}. Fix them, or empty the cell when "
            "the contract was not reviewed"
        )
    return design, marks, list(rule_columns)


def evaluate_marks(
    design: Design,
    marks: pd.DataFrame,
    rule_ids: list[str],
    confidence: float,
    likelihood: str,
    tolerable: float | None = None,
) -> list[RuleProjection]:
    """Return per rule the reviewed sample's deviation rate and bounds, projected to the
    population the design records (stratified: strata weighted by their population)."""
    results = []
    for rule in rule_ids:
        reviewed = marks[rule].notna()
        counts = pd.DataFrame(
            {
                "n": reviewed.groupby(marks["stratum"]).sum(),
                "k": marks[rule].fillna(False).astype(bool).groupby(marks["stratum"]).sum(),
            }
        )
        results.append(
            _project(
                rule, design, counts, int((~reviewed).sum()), confidence, likelihood, tolerable
            )
        )
    return results


def project_audit(
    audit: Audit, design: Design, confidence: float = 0.95, likelihood: str = "binomial"
) -> list[RuleProjection]:
    """Return per rule the checked sample's share of deviating contracts, projected to the
    population the design records.

    A contract the rule does not apply to counts as not deviating (the projection is of
    deviating contracts among all contracts); a contract the rule could not assess is left
    out, like a contract the reviewer did not mark.
    """
    contracts = audit.extract.contracts
    if design.stratified:
        strata = group_keys(contracts, design.strata_by)["key"]
    else:
        strata = pd.Series(WHOLE_POPULATION, index=contracts.index)
    statuses = audit.statuses.assign(stratum=audit.statuses["uid"].map(strata))
    results = []
    for rule in audit.rule_ids:
        own = statuses[statuses["rule"] == rule]
        counted = own["status"] != Status.NOT_ASSESSED.value
        counts = pd.DataFrame(
            {
                "n": counted.groupby(own["stratum"]).sum(),
                "k": (own["status"] == Status.FAIL.value).groupby(own["stratum"]).sum(),
            }
        )
        not_assessed = int((~counted).sum())
        results.append(_project(rule, design, counts, not_assessed, confidence, likelihood, None))
    return results


def _project(
    rule: str,
    design: Design,
    counts: pd.DataFrame,
    not_reviewed: int,
    confidence: float,
    likelihood: str,
    tolerable: float | None,
) -> RuleProjection:
    sizes = design.population_strata()
    outside = set(counts.index) - set(sizes.index)
    if outside:
        raise IntegauditError(f"stratum {', '.join(sorted(outside))} is not in {METHOD_SHEET}")
    counts = counts.reindex(sizes.index, fill_value=0)
    strata = [
        (int(size), int(n), int(k))
        for size, n, k in zip(sizes, counts["n"], counts["k"], strict=True)
    ]
    uncovered = [
        str(s) for (size, n, _), s in zip(strata, sizes.index, strict=True) if size and not n
    ]
    try:
        projection = stats.project(strata, confidence, likelihood, tolerable)
    except ValueError as exc:
        raise IntegauditError(str(exc)) from None
    return RuleProjection(rule, not_reviewed, uncovered, projection)


def projection_document(results: list[RuleProjection], design: Design) -> dict[str, Any]:
    """Return the projection as plain JSON values (rates as fractions, rounded to 4 places;
    projected counts to 1 place)."""

    def rate(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    def count(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    rules = {}
    for result in results:
        p = result.projection
        rules[result.rule] = {
            "n": p.n,
            "k": p.k,
            "not_reviewed": result.not_reviewed,
            "estimate": rate(p.estimate),
            "effective_n": round(p.effective_n, 1),
            "upper_bound": rate(p.upper_bound),
            "interval": None if p.interval is None else [rate(v) for v in p.interval],
            "covered_population": p.covered_population,
            "projected_deviations": count(p.projected_deviations),
            "projected_upper": count(p.projected_upper),
            "projected_interval": (
                None if p.projected_interval is None else [count(v) for v in p.projected_interval]
            ),
            "uncovered_strata": result.uncovered_strata,
            "conclusion": p.conclusion,
        }
    return {
        "method": design.method,
        "strata": design.strata_by if design.stratified else "none",
        "population": design.population,
        "sample_size": design.sample_size,
        "seed": design.seed,
        "rules": rules,
    }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
