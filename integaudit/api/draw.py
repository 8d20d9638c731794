"""The sample use case: draw a reproducible sample of contracts for manual review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from integaudit import __version__, ingest
from integaudit.api import settings as resolve
from integaudit.api.outputs import Output
from integaudit.audit.aggregate import group_keys
from integaudit.errors import IntegauditError
from integaudit.i18n import text
from integaudit.ingest.limits import parse_size, refuse_stray_unit
from integaudit.issues import DataIssue
from integaudit.model import Audit, Extract
from integaudit.render.rows import contract_order
from integaudit.rules.rulesets import RULESETS
from integaudit.sampling import selection
from integaudit.writers.outputs import existing


@dataclass(frozen=True)
class SampleOptions:
    """What ``integaudit sample`` is asked."""

    paths: list[Path]
    size: int
    seed: int
    out: Path
    method: str = "stratified"
    strata: str = "municipality"
    min_per_stratum: int = 1
    ruleset: str | None = None
    as_of: str | None = None
    force: bool = False
    key_file: Path | None = None
    max_file_size: str = "200MB"
    workers: int | None = None


@dataclass(frozen=True)
class SampleResult:
    """The sample workbook to write, how many contracts it holds of how many, and the
    inputs it was drawn from."""

    output: Output
    sample_size: int
    population: int
    inputs: list[Path]


def _refuse_out(options: SampleOptions) -> None:
    """Return None when --out may be written; raise IntegauditError when it is not an .xlsx,
    is an input, or exists (it may hold reviewers' marks) without --force."""
    out = options.out
    if out.suffix.lower() != ".xlsx":
        raise IntegauditError(key="sample-out-suffix", out=out)
    target = out.resolve()
    if out.is_file() and any(
        target == p.resolve() or (p.is_dir() and target.is_relative_to(p.resolve()))
        for p in options.paths
    ):
        # An extract to be read (--force would not help): said before anything is read.
        raise IntegauditError(key="output-is-input", path=out)
    if existing([out]) and not options.force:
        # A sample workbook is where reviewers write their marks: never replaced unasked.
        raise IntegauditError(key="sample-out-exists", out=out)


def sample(
    options: SampleOptions,
    settings: resolve.Settings,
    on_errors: Callable[[list[DataIssue]], None] | None = None,
) -> SampleResult:
    """Return the sample workbook of ``options.size`` contracts drawn from the extracts;
    ``on_errors`` is told of the files left out (unreadable, too large) before the sample is
    drawn. Raise IntegauditError for a usage error or when no contract was read."""
    lang = settings.lang
    refuse_stray_unit(options.paths, options.max_file_size)
    _refuse_out(options)
    ruleset = resolve.ruleset(settings, options.ruleset).value
    given = resolve.parse_date_option(options.as_of, "--as-of") if options.as_of else None
    as_of = resolve.as_of(settings, given).value
    pseudonymiser = settings.pseudonymiser(options.key_file)
    load_options = ingest.LoadOptions(
        as_of=as_of,
        pseudonymiser=pseudonymiser,
        **settings.source_options(),
        max_file_size=parse_size(options.max_file_size, "--max-file-size"),
        workers=resolve.workers(settings, options.workers).value,
    )
    extract = ingest.load(options.paths, load_options)
    # A file left out (unreadable, too large) shrinks the population the sample is drawn from.
    if on_errors:
        on_errors([issue for issue in extract.issues if issue.level == "error"])
    if extract.contracts.empty:
        raise IntegauditError(key="sample-nothing")
    contracts, keys = _population(extract, options.strata, options.method)
    drawn = selection.draw(
        keys, options.size, options.seed, options.method, options.min_per_stratum, lang
    )
    # A region is shown by its name, in the Stikprøve sheet and in the Metode sheet alike.
    drawn.strata["stratum"] = drawn.strata["stratum"].map(
        lambda key: selection.stratum_label(key, options.strata)
    )
    method_rows = _method_rows(options, drawn, len(contracts), ruleset, as_of, lang)
    method_rows.append(
        (
            "pseudonyms",
            text("trail.key_stable" if pseudonymiser.stable else "trail.key_random", lang),
        )
    )
    method_rows += [(f"input {f.path}", f.sha256) for f in extract.inputs]
    titles = [rule.short_title[lang] for rule in RULESETS[ruleset]]
    data = selection.sample_workbook(contracts, drawn, titles, method_rows, lang)
    if existing([options.out]) and not options.force:
        # Written by someone else while the extracts were read.
        raise IntegauditError(key="sample-out-exists", out=options.out)
    inputs = [Path(f.source) for f in extract.inputs if f.source]
    output = Output("xlsx", str(options.out), data)
    return SampleResult(output, len(drawn.positions), len(contracts), inputs)


def _population(extract: Extract, strata: str, method: str) -> tuple[pd.DataFrame, pd.Series]:
    """Return the contracts in report order, with their follow-up dates and stratum, and the
    stratum key of each."""
    placeholder = Audit(
        ruleset="",
        as_of=dt.date.today(),
        group_by=strata,
        rules=(),
        extract=extract,
        statuses=pd.DataFrame(),
        total={
            "contracts": 0,
            "rules": {},
            "any_fail": {"fail": 0, "assessed": 0, "rate": None, "rules_assessed": 0, "rules": 0},
        },
        groups=[],
    )
    order = contract_order(placeholder)
    follow_ups = selection.follow_up_cells(extract.follow_ups).reindex(order)
    contracts = extract.contracts.loc[order].reset_index(drop=True)
    keys = group_keys(contracts, strata)["key"]
    contracts["follow_ups"] = follow_ups.to_numpy()
    labels = keys.map(lambda key: selection.stratum_label(key, strata))
    contracts["stratum"] = labels.to_numpy() if method == "stratified" else None
    return contracts, keys


def _method_rows(
    options: SampleOptions,
    drawn: selection.Selection,
    population: int,
    ruleset: str,
    as_of: dt.date,
    lang: str,
) -> list[tuple[str, object]]:
    """Return the rows of the Metode sheet that describe the draw."""
    strata_by = options.strata if options.method == "stratified" else "none"
    return [
        ("method", text(f"sample.method_name.{options.method}", lang)),
        ("strata", text(f"projection.strata.{strata_by}", lang)),
        ("seed", options.seed),
        ("sample_size", len(drawn.positions)),
        ("population_size", population),
        ("min_per_stratum", options.min_per_stratum),
        ("ruleset", ruleset),
        ("as_of", as_of.isoformat()),
        ("tool", f"integaudit {__version__}"),
    ]
