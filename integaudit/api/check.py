"""The check use case: read extracts, audit every contract, and build the report outputs."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from integaudit import ingest, municipalities
from integaudit.api import settings as resolve
from integaudit.api.options import ReadOptions
from integaudit.api.outputs import Output
from integaudit.api.samples import sample_design
from integaudit.audit import run as audit
from integaudit.audit.thresholds import Breach, Verdict, parse_fail_above, verdict
from integaudit.errors import IntegauditError, readable, shown
from integaudit.i18n import Message
from integaudit.issues import DataIssue, IssueKind
from integaudit.model import Audit, Extract
from integaudit.render import json as json_render
from integaudit.writers.outputs import check_targets


@dataclass(frozen=True)
class Progress:
    """Callbacks of a run's progress: ``on_files(n)`` once the files are found,
    ``advance(name)`` as each file is read (by whichever worker), and ``phase(name)`` when
    the run moves on to the next phase (``rules``, then ``reports``)."""

    on_files: Callable[[int], None] | None = None
    advance: Callable[[str], None] | None = None
    phase: Callable[[str], None] | None = None

    def enter(self, name: str) -> None:
        """Say that the phase ``name`` begins."""
        if self.phase:
            self.phase(name)


@dataclass(frozen=True)
class CheckOptions:
    """What ``integaudit check`` is asked: how to read the inputs, how to group, the baseline
    (None: the ruleset's own, ``none`` for none) and what fails the run."""

    read: ReadOptions
    group_by: str = "municipality"
    baseline: str | None = None
    fail_above: tuple[str, ...] = ()
    fail_above_scope: str = "national"
    strict: bool = False
    fail_on: str | None = None


@dataclass
class CheckResult:
    """What a check found: the extract read, the audit (None when no contract could be
    read), its verdict (the thresholds, --strict and --fail-on, and the exit code), the inputs
    (never to be overwritten) and the settings used."""

    extract: Extract
    audit: Audit | None
    verdict: Verdict
    inputs: list[Path]
    settings: resolve.Settings
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def breaches(self) -> list[Breach]:
        """Return the conditions of the verdict that were hit."""
        return self.verdict.breaches


def _municipality(name: str | None) -> Any:
    """Return the municipality every row belongs to (None when not given); raise
    IntegauditError when it is not a known one."""
    if not name:
        return None
    found = municipalities.lookup(name)
    if found is None:
        close = municipalities.suggest(name)
        suggestion = (
            Message("suggest.municipality", name=close.name, code=close.code) if close else ""
        )
        raise IntegauditError(key="unknown-municipality", value=shown(name), suggestion=suggestion)
    return found


@dataclass
class Reading:
    """Extracts read for an audit: what was read, the inputs (never to be overwritten), the
    ruleset and audit date in force, the pseudonymiser, a sample workbook's design, the
    settings' sources and when the run started."""

    extract: Extract
    inputs: list[Path]
    ruleset: str
    as_of: dt.date
    pseudonymiser: Any
    design: Any
    sources: dict[str, str]
    started: dt.datetime

    def meta(self, settings: resolve.Settings, command: str) -> dict[str, Any]:
        """Return the audit trail's record of the run: command line, config, windows, start
        time (with its UTC offset) and the name of the time zone it is in; paths as every
        output can hold them, a CPR number in one pseudonymised."""
        scrub = self.pseudonymiser.scrub_text
        config_path = "; ".join(str(p) for p in settings.config_paths())
        return {
            "command": scrub(readable(command)),
            "config_path": scrub(readable(config_path)) if config_path else None,
            "suspensions": settings.config.suspensions,
            "started": self.started.isoformat(),
            "zone": self.started.tzname(),
        }

    @property
    def pseudonyms_stable(self) -> bool:
        """Return whether the pseudonyms are the same in every run (a fixed key, none made,
        or a sample whose own were made with one)."""
        own = self.pseudonymiser.stable or not self.pseudonymiser.used
        return own and (self.design is None or self.design.pseudonyms_stable)


def read(
    options: ReadOptions, settings: resolve.Settings, progress: Progress | None = None
) -> Reading:
    """Return the extracts of ``options.paths`` read under the settings in force, after every
    output target was checked; raise IntegauditError for a usage error (bad option, an output
    that would replace an input or another file)."""
    started = dt.datetime.now().astimezone().replace(microsecond=0)
    size_limit = options.max_file_size
    design = sample_design(options.paths, size_limit)
    ruleset = resolve.ruleset(settings, options.ruleset, design and design.ruleset)
    as_of = resolve.as_of(settings, options.as_of, design and design.as_of)
    fixed_municipality = _municipality(options.municipality)
    pseudonymiser = settings.pseudonymiser(options.key_file)
    workers = resolve.workers(settings, options.workers)
    load_options = ingest.LoadOptions(
        as_of=as_of.value,
        pseudonymiser=pseudonymiser,
        municipality=fixed_municipality,
        **settings.source_options(),
        max_file_size=size_limit,
        workers=workers.value,
    )
    progress = progress or Progress()
    extract = ingest.load(
        options.paths, load_options, progress=progress.advance, on_files=progress.on_files
    )
    # Every target is checked before the audit and before any output is written. A file named
    # on the command line is an input even when it is not a spreadsheet (SPEC §1.1).
    inputs = [Path(f.source) for f in extract.inputs if f.source]
    inputs += [p for p in options.paths if p.is_file()]
    check_targets(options.outputs, inputs, options.force)
    # The warning is for pseudonyms made with a random key; a sample workbook's person ids are
    # pseudonyms already and stay as they are (privacy.is_pseudonym).
    if not pseudonymiser.stable and pseudonymiser.used:
        extract.issues.insert(0, DataIssue("warning", IssueKind.RANDOM_KEY))
    sources = {
        "ruleset": ruleset.source,
        "as_of": as_of.source,
        "lang": settings.values["lang"].source,
    }
    if design is not None:
        from integaudit.sampling.review import without_own_columns

        extract.issues = without_own_columns(extract.issues)
    return Reading(
        extract, inputs, ruleset.value, as_of.value, pseudonymiser, design, sources, started
    )


def check(
    options: CheckOptions, settings: resolve.Settings, progress: Progress | None = None
) -> CheckResult:
    """Return the audit of every contract in ``options.paths`` with the thresholds it hits;
    raise IntegauditError for a usage error (bad option, an output that would replace an
    input or another file). A sample workbook's design sets the ruleset and audit date it
    was drawn under, and its projection is added."""
    reading = read(options.read, settings, progress)
    extract, inputs, design = reading.extract, reading.inputs, reading.design
    if extract.contracts.empty:
        return CheckResult(extract, None, Verdict(), inputs, settings, reading.sources)
    if progress:
        progress.enter("rules")
    result = audit.run(
        extract,
        reading.ruleset,
        reading.as_of,
        group_by=options.group_by,
        suspensions=settings.config.suspensions,
        baseline=_baseline(options.baseline, reading.ruleset),
        pseudonyms_stable=reading.pseudonyms_stable,
        meta=reading.meta(settings, options.read.command),
    )
    if design is not None:
        from integaudit.sampling import projection

        projected = projection.project_audit(result, design)
        result = dataclasses.replace(
            result, projection=projection.projection_document(projected, design)
        )
    thresholds = parse_fail_above(
        list(options.fail_above), result.rule_ids, options.fail_above_scope
    )
    found = verdict(result, thresholds, options.strict, options.fail_on)
    result = dataclasses.replace(result, verdict=found)
    return CheckResult(extract, result, found, inputs, settings, reading.sources)


def _baseline(given: str | None, ruleset: str) -> str | None:
    """Return the ruleset whose baseline rates the audit is compared with: the option (none
    for no baseline), else rr2014's own for rr2014."""
    name = given if given is not None else ("rr2014" if ruleset == "rr2014" else None)
    return None if name == "none" else name


def reports(
    result: CheckResult,
    html: Path | None,
    xlsx: Path | None,
    json_target: str | None,
    junit: Path | None = None,
    summary: Path | None = None,
    codequality: Path | None = None,
) -> list[Output]:
    """Return the report outputs asked for, every one rendered before any is written (so a
    renderer that fails leaves none behind): HTML, then the workbook, then the JSON, then
    what CI systems read (JUnit XML, the Markdown summary, GitLab Code Quality JSON). The
    renderers are imported when asked for: the workbook's and the page's take a tenth of a
    second to import, before the files are read."""
    from integaudit.render import ci

    audit_ = result.audit
    assert audit_ is not None
    lang = result.settings.lang
    outputs = []
    if html:
        from integaudit.render import html as html_render

        outputs.append(Output("html", str(html), html_render.render(audit_, lang)))
    if xlsx:
        from integaudit.render import xlsx as xlsx_render

        outputs.append(Output("xlsx", str(xlsx), xlsx_render.workbook_bytes(audit_, lang)))
    if json_target:
        outputs.append(Output("json", json_target, json_render.chunks(audit_)))
    if junit:
        outputs.append(Output("junit", str(junit), ci.junit(audit_, lang)))
    if summary:
        outputs.append(Output("summary", str(summary), ci.summary_markdown(audit_, lang)))
    if codequality:
        outputs.append(Output("codequality", str(codequality), ci.codequality(audit_, lang)))
    return outputs
