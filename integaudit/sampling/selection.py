"""Reproducible audit samples, drawn the way Rigsrevisionen drew its 109 contracts.

Selection uses numpy's ``Generator(PCG64(seed))``, so a seed gives the same sample on every
machine. Contracts are ordered by municipality code, file and row before drawing, so the
order the files were listed in does not matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from integaudit.errors import IntegauditError
from integaudit.i18n import CATALOGUES, text
from integaudit.model import CONTRACT_FIELDS
from integaudit.municipalities import code_order

METHODS = ("random", "systematic", "stratified")


def allocate(sizes: pd.Series, n: int, minimum: int = 1, lang: str = "en") -> pd.Series:
    """Return the sample size per stratum: proportional to ``sizes``, rounded by largest
    remainder (ties to the earlier stratum), each at least ``minimum`` (never above the
    stratum's size), adding up to ``n``. Raises IntegauditError (in ``lang``) when ``n`` is
    above the population or too small for the minimum."""
    total = int(sizes.sum())
    if n > total:
        raise IntegauditError(key="sample-size-range", population=total)
    floor = np.minimum(sizes.to_numpy(), minimum)
    if floor.sum() > n:
        raise IntegauditError(key="sample-too-small", n=n, minimum=minimum, strata=len(sizes))
    counts = sizes.to_numpy()
    quota = counts / total * n
    alloc = np.floor(quota).astype(int)
    order = np.argsort(-(quota - alloc), kind="stable")
    alloc[order[: n - int(alloc.sum())]] += 1
    # Raise strata below the minimum; take each unit back from the stratum that is furthest
    # above its proportional quota (and still above its own minimum).
    raised = np.maximum(alloc, floor)
    for _ in range(int(raised.sum()) - n):
        over = np.where(raised > floor, raised - quota, -np.inf)
        raised[int(np.argmax(over))] -= 1
    return pd.Series(raised, index=sizes.index)


@dataclass
class Selection:
    """The drawn sample: positions in the ordered population and per-stratum counts."""

    positions: np.ndarray
    strata: pd.DataFrame  # stratum, population, sample


def draw(
    keys: pd.Series, n: int, seed: int, method: str, minimum: int = 1, lang: str = "en"
) -> Selection:
    """Return the positions (into ``keys``, the stratum of each contract in population order)
    of a sample of ``n`` contracts drawn by ``method``; raise IntegauditError (in ``lang``)
    for an unknown method or a size outside 1 … the population."""
    if method not in METHODS:
        raise IntegauditError(key="sample-method", method=method, methods=", ".join(METHODS))
    population = len(keys)
    if not 1 <= n <= population:
        raise IntegauditError(key="sample-size-range", population=population)
    rng = np.random.Generator(np.random.PCG64(seed))
    sizes = keys.value_counts(sort=False).sort_index(key=_stratum_order)
    if method == "random":
        positions = np.sort(rng.choice(population, n, replace=False))
    elif method == "systematic":
        step = population / n
        start = rng.uniform(0, step)
        positions = np.floor(start + step * np.arange(n)).astype(int)
    else:
        allocation = allocate(sizes, n, minimum, lang)
        chosen = []
        codes = keys.to_numpy()
        for stratum, take in allocation.items():
            members = np.flatnonzero(codes == stratum)
            chosen.append(np.sort(rng.choice(members, int(take), replace=False)))
        positions = np.sort(np.concatenate(chosen))
    taken = keys.iloc[positions].value_counts()
    strata = pd.DataFrame(
        {
            "stratum": sizes.index,
            "population": sizes.to_numpy(),
            "sample": taken.reindex(sizes.index, fill_value=0).to_numpy(),
        }
    )
    return Selection(positions=positions, strata=strata)


def _region_names() -> dict[str, str]:
    """Return each region's name by its code ("1084" → "Region Hovedstaden")."""
    from integaudit.municipalities import all_municipalities

    return {m.region_code: m.region_name for m in all_municipalities()}


def stratum_label(key: str, strata_by: str) -> str:
    """Return how a stratum is shown in a sample workbook: a region by its name, a
    municipality by its code (its name is in the municipality column beside it)."""
    return _region_names().get(key, key) if strata_by == "region" else key


def stratum_key(label: str, strata_by: str) -> str:
    """Return the stratum a label of a sample workbook names: a region's name (in any case)
    as its code, anything else as written (a workbook of an earlier version shows codes)."""
    if strata_by != "region":
        return label
    codes = {name.lower(): code for code, name in _region_names().items()}
    return codes.get(label.strip().lower(), label)


def _stratum_order(index: pd.Index) -> pd.Index:
    keys = [code_order(str(k)) for k in index]
    return pd.Index(keys, tupleize_cols=False)


# The contracts frame's columns for a reviewer: identity, every canonical date and text in
# model order (signed_date stands for the two signatures), the follow-up dates in one cell, the
# stratum, and where the row came from. A sample workbook is itself an extract: `integaudit
# check SAMPLE.xlsx` reads these headers and gives the same statuses.
SAMPLE_FIELDS: tuple[str, ...] = (
    "contract_id",
    "municipality",
    "person",
    *(
        f.name
        for f in CONTRACT_FIELDS
        if f.type in ("date", "goal", "situation")
        and f.name not in ("signed_citizen_date", "signed_municipality_date")
    ),
    "follow_ups",
    "stratum",
    "file",
    "sheet",
    "row",
)
# Columns that are not canonical fields: titled in the workbook's language ("sample.col.*").
LOCAL_COLUMNS = ("stratum", "file", "sheet", "row")
# What the Metode sheet records, in this order ("sample.method.*" are the labels).
METHOD_KEYS = (
    "method",
    "strata",
    "seed",
    "sample_size",
    "population_size",
    "min_per_stratum",
    "ruleset",
    "as_of",
    "tool",
    "pseudonyms",
)
STRATA_KEYS = ("stratum", "population", "sample")


def column_header(name: str, lang: str) -> str:
    """Return the header of a sample workbook column: a canonical field's Danish header (the
    one ``integaudit template`` writes, or ``sample.header.*`` for the fields the template
    does not have; the field name itself if the catalogue has neither), so the workbook reads
    back as an extract in either language; the other columns' header in ``lang``."""
    if name in LOCAL_COLUMNS:
        return text(f"sample.col.{name}", lang)
    # The person column holds a pseudonym, not the CPR number the template's header asks for.
    own = f"sample.header.{name}"
    keys = (own,) if name == "person" else (f"template.header.{name}", own)
    return next((text(key, "da") for key in keys if key in CATALOGUES["da"]), name)


def reviewer_headers(title: str, lang: str) -> tuple[str, str]:
    """Return the two reviewer columns of a rule titled ``title``: '<title> Afvigelse' and
    '<title> Bemærkning' (in English '<title> Deviation' and '<title> Comment')."""
    return f"{title} {text('sample.deviation', lang)}", f"{title} {text('sample.remark', lang)}"


def follow_up_cells(follow_ups: pd.DataFrame) -> pd.Series:
    """Return per contract uid its follow-up dates as one cell, ISO dates joined by "; " in
    date order (the one-cell layout every reader of extracts understands)."""
    if follow_ups.empty:
        return pd.Series(dtype=object)
    dates = follow_ups.sort_values(["uid", "follow_up_date"], kind="stable")
    text = dates["follow_up_date"].dt.strftime("%Y-%m-%d")
    return text.groupby(dates["uid"]).agg("; ".join)


def sample_workbook(
    contracts: pd.DataFrame,
    selection: Selection,
    rule_titles: list[str],
    method_rows: list[tuple[str, object]],
    lang: str = "da",
) -> bytes:
    """Return the sample workbook in ``lang``: sheet Stikprøve (Sample) with the selected
    contracts' canonical fields under their Danish headers (pseudonymised, plus
    ``follow_ups`` and ``stratum`` columns the caller adds) and an empty Afvigelse and
    Bemærkning (Deviation, Comment) column per rule title for the reviewer, and sheet Metode
    (Method) recording how the sample was drawn: ``method_rows`` are (key, value) pairs, a key
    of METHOD_KEYS or ``input <path>``, labelled in ``lang``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from integaudit.writers.xlsx import deterministic_xlsx

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = text("sample.sheet.sample", lang)
    reviewer = [h for title in rule_titles for h in reviewer_headers(title, lang)]
    sheet.append([*(column_header(name, lang) for name in SAMPLE_FIELDS), *reviewer])
    chosen = contracts.iloc[selection.positions]
    for values in chosen[list(SAMPLE_FIELDS)].itertuples(index=False, name=None):
        row: list[Any] = []
        for value in values:
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                row.append(None)
            elif isinstance(value, pd.Timestamp):
                row.append(value.date())
            else:
                row.append(value)
        sheet.append(row + [None] * len(reviewer))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text from an extract never becomes a formula
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    method = workbook.create_sheet(text("sample.sheet.method", lang))
    for key, value in method_rows:
        if key.startswith("input "):
            label = text("sample.method.input", lang, path=key.removeprefix("input "))
        else:
            label = text(f"sample.method.{key}", lang)
        method.append([label, value])
    method.append([])
    method.append([text(f"sample.strata.{key}", lang) for key in STRATA_KEYS])
    for stratum, population, size in selection.strata[list(STRATA_KEYS)].itertuples(
        index=False, name=None
    ):
        method.append([str(stratum), int(population), int(size)])
    return deterministic_xlsx(workbook)
