"""due: the deadlines still open at the audit date, as a work list."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from integaudit import api
from integaudit.cli.check import By, CheckPaths, CheckRuleset, Municipality, ReportLang, Verbose
from integaudit.cli.common import (
    AsOf,
    ConfigFile,
    Force,
    GroupBy,
    JsonOut,
    KeyFile,
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
from integaudit.errors import IntegauditError, shown


def within_days(value: str) -> int:
    """Return the days of ``--within``; raise IntegauditError unless a whole number ≥ 0."""
    digits = value.strip()
    if not (digits.isascii() and digits.isdigit()):
        raise IntegauditError(key="due-within", value=shown(value))
    return int(digits)


Within = Annotated[str, typer.Option("--within", help="List deadlines up to this many days ahead.")]
Limit = Annotated[
    int | None,
    typer.Option(
        "--limit", min=1, help="List only the first N items on screen (the counts stay whole)."
    ),
]
WorkList = Annotated[
    Path | None, typer.Option("--xlsx", help="Write the work-list workbook to FILE.")
]


@app.command("due")
@user_errors
def due_command(
    paths: CheckPaths,
    as_of: AsOf = None,
    within: Within = "30",
    ruleset: CheckRuleset = None,
    municipality: Municipality = None,
    by: By = GroupBy.municipality,
    xlsx_out: WorkList = None,
    json_out: JsonOut = None,
    lang: ReportLang = None,
    config_file: ConfigFile = None,
    key_file: KeyFile = None,
    verbose: Verbose = False,
    max_file_size: MaxFileSize = "200MB",
    force: Force = False,
    workers: Workers = None,
    limit: Limit = None,
) -> None:
    """List the deadlines still open at the audit date: due within --within days, overdue
    (still open, what check reports as failing) and to fix (failing rules without a deadline)."""
    run = settings(config_file, paths, lang)
    days = within_days(within)
    read = read_options(
        paths, as_of, ruleset, key_file, workers, municipality=municipality, force=force,
        max_file_size=max_file_size, outputs=tuple(api.file_targets(xlsx_out, json_out)),
    )  # fmt: skip
    options = api.DueOptions(read, within=days, group_by=by.value)
    console = report_console(stderr=json_out == "-")
    with run_progress(run.lang) as progress:
        result = api.due(options, run, progress)
        progress.enter("reports")
        outputs = (
            [] if result.work is None else api.due_reports(result, run.lang, xlsx_out, json_out)
        )
    if result.work is None:
        exit_nothing_audited(result.extract.issues, console, run.lang, verbose)
    show_work_list(result.work, console, run.lang, verbose, limit)
    emit(outputs, result.inputs, console, run.lang)


def show_work_list(
    work: Any, console: Console, lang: str, verbose: bool, limit: int | None
) -> None:
    """Print the work list (its first ``limit`` items, the counts whole)."""
    from integaudit.render import due as due_render

    due_render.render(work, console, lang, verbose, limit)
