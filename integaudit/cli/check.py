"""check and compare: audit extracts, and compare two audits."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

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
    report_console,
    run_progress,
    settings,
    user_errors,
)
from integaudit.i18n import text
from integaudit.render import terminal
from integaudit.render.literal import literal
from integaudit.thresholds import describe

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
        help="RULE=PCT: exit 1 when the national rate of RULE is above PCT %. Repeatable.",
    ),
]
Strict = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Exit 1 when any error-level data issue is found or a rule cannot be assessed "
        "in some file.",
    ),
]


def audited(
    options: api.CheckOptions,
    run: api.Settings,
    html_out: Path | None,
    xlsx_out: Path | None,
    json_out: str | None,
) -> tuple[api.CheckResult, list[api.Output]]:
    """Return the check and the report outputs asked for (none when nothing could be
    audited), with the progress on stderr while the files are read, the rules checked and
    the reports made."""
    with run_progress(run.lang) as progress:
        result = api.check(options, run, progress)
        if result.audit is None:
            return result, []
        progress.enter("reports")
        return result, api.reports(result, html_out, xlsx_out, json_out)


def print_breaches(result: api.CheckResult, console: Console) -> None:
    """Print each threshold the audit hit, in red."""
    for breach in result.breaches:
        console.print(literal(describe(breach, result.settings.lang), "red bold"))


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
    strict: Strict = False,
    max_file_size: MaxFileSize = "200MB",
    force: Force = False,
    workers: Workers = None,
) -> None:
    """Audit every contract in PATHS and print the rates by group."""
    run = settings(config_file, paths, lang)
    options = api.CheckOptions(
        paths=paths, as_of=as_of, ruleset=ruleset, group_by=by.value, municipality=municipality,
        key_file=key_file, baseline=baseline, max_file_size=max_file_size, strict=strict,
        fail_above=tuple(fail_above or ()), force=force, workers=workers,
        outputs=tuple(api.file_targets(html_out, xlsx_out, json_out)),
        command=" ".join(["integaudit", *sys.argv[1:]]),
    )  # fmt: skip
    console = report_console(stderr=json_out == "-")
    result, outputs = audited(options, run, html_out, xlsx_out, json_out)
    if result.audit is None:
        exit_nothing_audited(result.extract.issues, console, run.lang, verbose)
    terminal.render(result.audit, console, run.lang, verbose)
    print_breaches(result, console)
    emit(outputs, result.inputs, console, run.lang)
    if result.breaches:
        raise typer.Exit(1)


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
    console = report_console(stderr=json_out == "-")
    terminal.render_compare(result.comparison, console, run.lang)
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
    options = api.MunicipalOptions(
        paths=paths, out=out, as_of=as_of, ruleset=ruleset, key_file=key_file, workbooks=xlsx,
        json=json_out, force=force, command=" ".join(["integaudit", *sys.argv[1:]]),
        workers=workers,
    )  # fmt: skip
    console = report_console()
    with run_progress(run.lang) as progress:
        result = api.municipal_reports(options, run, progress)
    if result.check.audit is None:
        exit_nothing_audited(result.check.extract.issues, console, run.lang, False)
    emit(result.outputs, result.check.inputs, console, run.lang, announce=False)
    count = result.municipalities
    console.print(literal(text("municipal.written", run.lang, count=count, out=out)))
