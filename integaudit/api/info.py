"""The informational and file-writing use cases: columns, rules, template, demo data."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from integaudit import SCHEMA_VERSION, ingest
from integaudit.api import settings as resolve
from integaudit.api.check import _municipality
from integaudit.api.outputs import Output, json_output
from integaudit.errors import IntegauditError, shown
from integaudit.privacy.pseudonyms import Pseudonymiser
from integaudit.rules.base import Rule


@dataclass(frozen=True)
class ColumnsOptions:
    """What ``integaudit columns`` is asked."""

    paths: list[Path]
    ruleset: str | None = None
    municipality: str | None = None
    json: str | None = None


@dataclass(frozen=True)
class ColumnsResult:
    """Per file and sheet how each header was read, for the ruleset whose needs were
    checked, its JSON output when asked, and the paths given that do not exist."""

    ruleset: str
    files: list[dict[str, Any]]
    output: Output | None = None
    missing: tuple[Path, ...] = ()


def columns(options: ColumnsOptions, settings: resolve.Settings) -> ColumnsResult:
    """Return how each header of the extracts maps to the canonical fields, which headers
    were not recognised, and which rules the missing fields disable; raise IntegauditError
    when no path is given or an option is not known."""
    from integaudit.render.column_map import column_report
    from integaudit.rules.rulesets import get_ruleset

    if not options.paths:
        raise IntegauditError(key="columns-no-paths")
    name = resolve.ruleset(settings, options.ruleset).value
    load_options = ingest.LoadOptions(
        as_of=dt.date.today(),
        pseudonymiser=Pseudonymiser(os.urandom(32), stable=False),
        municipality=_municipality(options.municipality),
        **settings.source_options(),
    )
    report = column_report(
        ingest.load(options.paths, load_options), get_ruleset(name), settings.lang
    )
    for entry in report:
        found = settings.config_of(entry["file"])
        entry["config"] = str(found) if found else None
    output = None
    if options.json == "-":
        document = {
            "schema_version": SCHEMA_VERSION,
            "kind": "columns",
            "ruleset": name,
            "files": report,
        }
        output = json_output("-", document)
    missing = tuple(path for path in options.paths if not path.exists())
    return ColumnsResult(name, report, output, missing)


def columns_markdown() -> str:
    """Return docs/columns.md: every field and its aliases."""
    from integaudit.render.column_map import markdown

    return markdown()


def rules(ruleset: str | None = None) -> dict[str, list[Rule]]:
    """Return the rules of every ruleset, or of ``ruleset`` only; raise IntegauditError when
    it is not a known ruleset."""
    from integaudit.rules.rulesets import RULESETS

    ruleset = resolve.ruleset_name(ruleset)
    if ruleset is not None and ruleset not in RULESETS:
        raise IntegauditError(
            key="unknown-ruleset", value=shown(ruleset), available=", ".join(RULESETS)
        )
    return {name: found for name, found in RULESETS.items() if ruleset in (None, name)}


def rule(rule_id: str, ruleset: str | None = None) -> list[tuple[str, Rule]]:
    """Return (ruleset, rule) for every ruleset holding the rule ``rule_id``; raise
    IntegauditError when there is none."""
    from integaudit.rules import catalogue

    rules(ruleset)
    return catalogue.find(rule_id, resolve.ruleset_name(ruleset))


def rules_markdown(lang: str) -> str:
    """Return docs/rules.md: the whole catalogue in ``lang``."""
    from integaudit.rules import catalogue

    return catalogue.markdown(lang)


def template(out: Path, force: bool = False) -> Output:
    """Return the empty extract workbook to write at ``out``; raise IntegauditError when
    ``out`` is not an .xlsx or exists (it may be a filled-in extract) without ``force``."""
    from integaudit.writers.template import template_bytes

    if out.suffix.lower() != ".xlsx":
        raise IntegauditError(key="template-not-xlsx", path=out)
    if out.exists() and not force:
        # OUT may be a filled-in extract: an empty template must not replace it unasked.
        raise IntegauditError(key="template-exists", path=out)
    return Output("xlsx", str(out), template_bytes())


@dataclass(frozen=True)
class DemoDataOptions:
    """What ``integaudit demo-data`` is asked."""

    directory: Path
    contracts: int = 1000
    municipalities: int = 10
    seed: int = 1
    as_of: str = "2024-06-30"
    ruleset: str = "rr2014"


def demo_data(options: DemoDataOptions) -> list[Path]:
    """Write synthetic, anonymised extracts in the messy shapes of real exports, with the
    fields of ``options.ruleset`` (in any case); return the files written. Raise
    IntegauditError for a ruleset that is not known."""
    from integaudit.config.file import RULESET_NAMES
    from integaudit.writers.demo_data import write_demo_data

    ruleset = resolve.ruleset_name(options.ruleset)
    if ruleset not in RULESET_NAMES:
        raise IntegauditError(
            key="unknown-ruleset", value=shown(options.ruleset), available=", ".join(RULESET_NAMES)
        )
    as_of = resolve.parse_date_option(options.as_of, "--as-of")
    try:
        return write_demo_data(
            options.directory,
            contracts=options.contracts,
            municipalities=options.municipalities,
            seed=options.seed,
            as_of=as_of,
            ruleset=str(ruleset),
        )
    except OSError as exc:  # a read-only or full folder
        reason = exc.strerror or str(exc)
        raise IntegauditError(key="output-failed", path=options.directory, reason=reason) from exc


def config_files(settings: resolve.Settings, paths: list[Path]) -> list[tuple[str, str | None]]:
    """Return each input file under ``paths`` with the config it takes (None for none), for
    ``integaudit config --show PATH...``."""
    from integaudit.ingest.discover import discover

    scrub = settings.pseudonymiser(None).scrub_text  # a file may be named after a person
    out = []
    for item in discover(paths):
        if item.problem is None:
            found = settings.config_of(str(item.path))
            out.append((scrub(item.display), scrub(str(found)) if found else None))
    return out
