"""anonymise: pseudonymised copies of extracts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from integaudit import api
from integaudit.cli.common import (
    ConfigFile,
    KeyFile,
    Lang,
    MaxFileSize,
    Paths,
    Workers,
    app,
    report_console,
    settings,
    user_errors,
)
from integaudit.i18n import text
from integaudit.issues import IssueKind
from integaudit.render.literal import literal

CopiesOut = Annotated[Path, typer.Option("--out", help="Folder for the anonymised copies.")]
AnonymiseLang = Annotated[Lang | None, typer.Option(help="Language of the output (default da).")]
ReplaceCopies = Annotated[
    bool, typer.Option("--force", help="Replace copies that exist in --out already.")
]


def copy_line(outcome: api.CopyOutcome, lang: str) -> str:
    """Return the line that says what became of one input: its copy, or why there is none."""
    result = outcome.result
    if outcome.problem is not None:
        from integaudit.render.issue_text import issue_message

        problem = issue_message(outcome.problem, lang)
        return text("anonymise.failed", lang, source=result.shown, problem=problem)
    return text(
        "anonymise.written",
        lang,
        source=result.shown,
        target=result.target,
        pseudonymised=result.pseudonymised,
        masked=result.masked,
        dropped=", ".join(result.dropped) or text("anonymise.none", lang),
    )


@app.command("anonymise")
@user_errors
def anonymise_command(
    paths: Paths,
    out: CopiesOut,
    key_file: KeyFile = None,
    config_file: ConfigFile = None,
    lang: AnonymiseLang = None,
    force: ReplaceCopies = False,
    max_file_size: MaxFileSize = "200MB",
    workers: Workers = None,
) -> None:
    """Write pseudonymised copies of extracts: same sheets and headers, person ids and CPR
    numbers replaced by their pseudonyms, name columns dropped."""
    run = settings(config_file, paths, lang)
    console = report_console()

    def on_start(stable_key: bool) -> None:
        if not stable_key:
            from integaudit.issues import DataIssue
            from integaudit.render.issue_text import issue_message

            warning = issue_message(DataIssue("warning", IssueKind.RANDOM_KEY), run.lang)
            console.print(literal(warning, "yellow"), soft_wrap=True)

    options = api.AnonymiseOptions(paths, out, key_file, force, max_file_size, workers)
    result = api.anonymise(
        options,
        run,
        on_start,
        lambda o: console.print(literal(copy_line(o, run.lang)), soft_wrap=True),
    )
    console.print(literal(text("anonymise.summary", run.lang, files=result.written, out=out)))
    for copied in result.configs:
        console.print(literal(text("anonymise.config", run.lang, path=copied)), soft_wrap=True)
    if not result.written:
        raise typer.Exit(2)
