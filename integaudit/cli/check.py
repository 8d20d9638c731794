"""check and compare: audit extracts, and compare two audits."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from integaudit import api
from integaudit.cli.common import (
    AsOf,
    ConfigFile,
    Force,
    GroupBy,
    JsonOut,
    KeyFile,
    Lang,
    MaxFileSize,
    Workers,
    app,
    emit,
    exit_nothing_audited,
    read_options,
    report_console,
    run_progress,
    settings,
    user_errors,
)
from integaudit.errors import IntegauditError
from integaudit.i18n import text
from integaudit.render.literal import literal

CheckPaths = Annotated[
    list[Path], typer.Argument(help="Extract files or folders (searched recursively).")
]
CheckRuleset = Annotated[str | None, typer.Option(help="Ruleset: rr2014 (default) or bek2020.")]
By = Annotated[GroupBy, typer.Option("--by", help="Group the rates by.")]
ReportLang = Annotated[Lang | None, typer.Option(help="Report language (default da).")]
Municipality = Annotated[
    str | None,
    typer.Option(help="Municipality of every row, for extracts without a municipality column."),
]
Baseline = Annotated[
    str | None, typer.Option(help="Compare with a reference: rr2014 (default for rr2014) or none.")
]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="List every data issue.")]
CheckHtml = Annotated[
    Path | None, typer.Option("--html", help="Write the self-contained HTML report to FILE.")
]
XlsxOut = Annotated[
    Path | None, typer.Option("--xlsx", help="Write the Excel exception workbook to FILE.")
]
FailAbove = Annotated[
    list[str] | None,
    typer.Option(
        "--fail-above",
        metavar="RULE=PCT",
        help="Exit 1 when the rate of RULE is above PCT % (nationally, or in any group with "
        "--fail-above-scope group). Repeatable.",
    ),
]


class Scope(StrEnum):
    national = "national"
    group = "group"


class Level(StrEnum):
    warning = "warning"
    error = "error"


class AnnotationFormat(StrEnum):
    github = "github"
    none = "none"


FailAboveScope = Annotated[
    Scope,
    typer.Option(
        "--fail-above-scope",
        help="Where --fail-above applies: the national rate, or every group's (--by).",
    ),
]
Strict = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Exit 1 when any error-level data issue is found or a rule cannot be assessed "
        "in some file (--fail-on error plus rule-not-assessable).",
    ),
]
FailOn = Annotated[
    Level | None,
    typer.Option("--fail-on", help="Exit 1 on any data issue at this level or above."),
]
JunitOut = Annotated[
    Path | None,
    typer.Option("--junit", metavar="FILE", help="Write the verdict as JUnit XML to FILE."),
]
Annotations = Annotated[
    AnnotationFormat | None,
    typer.Option(
        "--annotations",
        help="Print GitHub Actions annotations and append the job summary "
        "(default: github when GITHUB_ACTIONS=true).",
    ),
]
SummaryMd = Annotated[
    Path | None,
    typer.Option("--summary-md", metavar="FILE", help="Write the Markdown summary to FILE."),
]
CodeQuality = Annotated[
    Path | None,
    typer.Option(
        "--gitlab-codequality", metavar="FILE", help="Write a GitLab Code Quality report."
    ),
]


def audited(
    options: api.CheckOptions, run: api.Settings, targets: CheckTargets
) -> tuple[api.CheckResult, list[api.Output]]:
    """Return the check and the report outputs asked for (none when nothing could be
    audited), with the progress on stderr while the files are read, the rules checked and
    the reports made."""
    with run_progress(run.lang) as progress:
        result = api.check(options, run, progress)
        if result.audit is None:
            return result, []
        progress.enter("reports")
        return result, api.reports(result, *targets.reports())


def print_breaches(result: api.CheckResult, console: Console) -> None:
    """Print that the audit date is today when nobody chose it (it decides every deadline),
    and each threshold the audit hit, in red."""
    from integaudit.render.breaches import describe

    if result.audit is not None and result.sources.get("as_of") == "default":
        day = result.audit.as_of.isoformat()
        console.print(literal(text("as_of.today", result.settings.lang, date=day), "yellow"))
    for breach in result.breaches:
        console.print(literal(describe(breach, result.settings.lang), "red bold"))


@dataclass(frozen=True)
class CheckTargets:
    """Where check writes: its reports, what CI systems read, and GitHub's annotations."""

    html: Path | None
    xlsx: Path | None
    json: str | None
    junit: Path | None
    summary: Path | None
    codequality: Path | None
    annotations: AnnotationFormat | None

    def reports(self) -> tuple[Any, ...]:
        """Return the targets in the order api.reports takes them."""
        return (self.html, self.xlsx, self.json, self.junit, self.summary, self.codequality)

    def files(self) -> list[Path]:
        """Return the targets that are files."""
        return api.file_targets(*self.reports())

    @property
    def github(self) -> bool:
        """Return whether to print GitHub Actions annotations: asked, or running there."""
        if self.annotations is not None:
            return self.annotations is AnnotationFormat.github
        return os.environ.get("GITHUB_ACTIONS") == "true"


def github_outputs(audit: Any, lang: str, to_stderr: bool) -> None:
    """Print the GitHub Actions annotations (on stderr when stdout carries the JSON) and append
    the Markdown summary to $GITHUB_STEP_SUMMARY when it is set."""
    from integaudit.render import ci

    stream = sys.stderr if to_stderr else sys.stdout
    for line in ci.github_annotations(audit, lang):
        stream.write(line + "\n")
    stream.flush()
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        try:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(ci.summary_markdown(audit, lang))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise IntegauditError(key="output-failed", path=summary, reason=reason) from exc


@app.command()
@user_errors
def check(
    paths: CheckPaths,
    as_of: AsOf = None,
    ruleset: CheckRuleset = None,
    by: By = GroupBy.municipality,
    lang: ReportLang = None,
    json_out: JsonOut = None,
    municipality: Municipality = None,
    config_file: ConfigFile = None,
    key_file: KeyFile = None,
    baseline: Baseline = None,
    verbose: Verbose = False,
    html_out: CheckHtml = None,
    xlsx_out: XlsxOut = None,
    fail_above: FailAbove = None,
    fail_above_scope: FailAboveScope = Scope.national,
    strict: Strict = False,
    fail_on: FailOn = None,
    junit: JunitOut = None,
    annotations: Annotations = None,
    summary_md: SummaryMd = None,
    gitlab_codequality: CodeQuality = None,
    max_file_size: MaxFileSize = "200MB",
    force: Force = False,
    workers: Workers = None,
) -> None:
    """Audit every contract in PATHS and print the rates by group."""
    run = settings(config_file, paths, lang)
    targets = CheckTargets(
        html_out, xlsx_out, json_out, junit, summary_md, gitlab_codequality, annotations
    )
    options = api.CheckOptions(
        read_options(paths, as_of, ruleset, key_file, workers, municipality=municipality,
                     force=force, max_file_size=max_file_size, outputs=tuple(targets.files())),
        group_by=by.value, baseline=baseline, strict=strict,
        fail_above=tuple(fail_above or ()), fail_above_scope=fail_above_scope.value,
        fail_on=fail_on.value if fail_on else None,
    )  # fmt: skip
    finish_check(options, run, targets, verbose)


def finish_check(
    options: api.CheckOptions, run: api.Settings, targets: CheckTargets, verbose: bool
) -> None:
    """Run the check, print its table and verdict, write its outputs and exit with the
    verdict's code (2 when nothing could be audited)."""
    from integaudit.render import terminal

    console = report_console(stderr=targets.json == "-")
    result, outputs = audited(options, run, targets)
    if result.audit is None:
        exit_nothing_audited(result.extract.issues, console, run.lang, verbose)
    terminal.render(result.audit, console, run.lang, verbose)
    print_breaches(result, console)
    emit(outputs, result.inputs, console, run.lang)
    if targets.github:
        github_outputs(result.audit, run.lang, to_stderr=targets.json == "-")
    if result.verdict.exit_code:
        raise typer.Exit(result.verdict.exit_code)


CompareForce = Annotated[
    bool,
    typer.Option(
        help="Compare across schema versions, rulesets or groupings anyway, and replace an "
        "existing output file that is not an integaudit report."
    ),
]


OldJson = Annotated[Path, typer.Argument(help="JSON of the earlier audit (check --json).")]
NewJson = Annotated[Path, typer.Argument(help="JSON of the later audit.")]
CompareLang = Annotated[
    Lang | None, typer.Option(help="Report language (default: config, else da).")
]
CompareHtml = Annotated[
    Path | None, typer.Option("--html", help="Write the comparison as HTML to FILE.")
]
CompareJson = Annotated[
    str | None, typer.Option("--json", help="Write the comparison as JSON to FILE or -.")
]


@app.command("compare")
@user_errors
def compare_command(
    old: OldJson,
    new: NewJson,
    lang: CompareLang = None,
    html_out: CompareHtml = None,
    json_out: CompareJson = None,
    force: CompareForce = False,
    config_file: ConfigFile = None,
) -> None:
    """Compare two audits: each rule's rate then and now, per group and nationally."""
    run = settings(config_file, [], lang)
    result = api.compare(api.CompareOptions(old, new, html_out, json_out, force), run.lang)
    from integaudit.render import compare as compare_render

    console = report_console(stderr=json_out == "-")
    compare_render.render_compare(result.comparison, console, run.lang)
    emit(result.outputs, result.inputs, console, run.lang)


Out = Annotated[Path, typer.Option("--out", help="Folder for the reports.")]
Workbooks = Annotated[
    bool, typer.Option("--xlsx", help="Also an exception workbook per municipality.")
]
NationalJson = Annotated[
    Path | None, typer.Option("--json", help="Write the national JSON document to FILE.")
]


@app.command("municipal-reports")
@user_errors
def municipal_reports_command(
    paths: CheckPaths,
    out: Out,
    as_of: AsOf = None,
    ruleset: CheckRuleset = None,
    config_file: ConfigFile = None,
    key_file: KeyFile = None,
    lang: ReportLang = None,
    xlsx: Workbooks = False,
    json_out: NationalJson = None,
    force: Force = False,
    workers: Workers = None,
) -> None:
    """Write one self-contained report per municipality and an index, from one national
    audit: each with its own rates beside the country's, its findings and data issues."""
    run = settings(config_file, paths, lang)
    read = read_options(paths, as_of, ruleset, key_file, workers, force=force)
    options = api.MunicipalOptions(read, out=out, workbooks=xlsx, json=json_out)
    console = report_console()
    with run_progress(run.lang) as progress:
        result = api.municipal_reports(options, run, progress)
    if result.check.audit is None:
        exit_nothing_audited(result.check.extract.issues, console, run.lang, False)
    emit(result.outputs, result.check.inputs, console, run.lang, announce=False)
    count = result.municipalities
    console.print(literal(text("municipal.written", run.lang, count=count, out=out)))
