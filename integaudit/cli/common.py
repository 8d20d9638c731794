"""What every command shares: the typer app, usage errors in the run's language, the
options several commands take, the report console, and writing a command's outputs."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.text import Text

from integaudit import api
from integaudit.errors import IntegauditError
from integaudit.i18n import text
from integaudit.privacy.run import RUN_PSEUDONYMISER
from integaudit.render.literal import Stream, literal, printable, write_out
from integaudit.render.literal import console as new_console
from integaudit.writers.outputs import commit, stage

app = typer.Typer(
    name="integaudit",
    help="Audit Danish integration contracts against the integration law's rules.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

F = TypeVar("F", bound=Callable[..., Any])

# The language of the running command once its config is read (None until then).
RUN_LANGUAGE: ContextVar[str | None] = ContextVar("run_language", default=None)


def error_language(kwargs: dict[str, Any]) -> str:
    """Return the language of a command's usage error: its --lang, else the language the
    command settled on (the config's), else Danish."""
    given = kwargs.get("lang")
    if given is not None:
        return str(getattr(given, "value", given))
    return RUN_LANGUAGE.get() or "da"


def user_errors(func: F) -> F:
    """Print an IntegauditError as one line on stderr, in the command's language, and exit 2,
    without a traceback; on Ctrl-C say the run was interrupted and exit 130."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = RUN_LANGUAGE.set(None)
        keyed = RUN_PSEUDONYMISER.set(None)
        try:
            done = func(*args, **kwargs)
            # What is still buffered for stdout fails here, not at exit, when it cannot go.
            Stream("stdout").flush()
            return done
        except IntegauditError as exc:
            lang = error_language(kwargs)
            line = Text.assemble(
                (text("error.prefix", lang), "red"), " ", literal(exc.message(lang))
            )
            _to_stderr(line)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            # Outputs are written whole or not at all, and any worker has been stopped.
            message = text("interrupted", error_language(kwargs))
            _to_stderr(literal(message, "red"))
            raise typer.Exit(130) from None
        finally:
            RUN_PSEUDONYMISER.reset(keyed)
            RUN_LANGUAGE.reset(token)

    return wrapper  # type: ignore[return-value]


def _to_stderr(line: Text) -> None:
    """Print a line on stderr, unless stderr cannot be written either (then the exit code
    is all that is left to say it)."""
    with suppress(IntegauditError):
        new_console(stderr=True).print(line, soft_wrap=True)


class GroupBy(StrEnum):
    municipality = "municipality"
    region = "region"
    none = "none"


class Lang(StrEnum):
    da = "da"
    en = "en"


def settings(config_file: Path | None, paths: list[Path], lang: Lang | None) -> api.Settings:
    """Return the command's settings (its config read, its language resolved), after
    recording the language as the one its usage errors are shown in."""
    found = api.load_settings(config_file, paths, lang.value if lang else None)
    RUN_LANGUAGE.set(found.lang)
    return found


# Options several commands share.
ConfigFile = Annotated[Path | None, typer.Option("--config", help="Config file.")]
KeyFile = Annotated[Path | None, typer.Option("--key-file", help="File holding the pseudonym key.")]
MaxFileSize = Annotated[
    str,
    typer.Option(
        "--max-file-size",
        help='Skip files larger than this (200MB, 1.5GB, "5 MB" quoted, 500kB or bytes); a '
        "workbook that unpacks to more than 10 times it is not opened.",
    ),
]
OutputLang = Annotated[
    Lang | None, typer.Option("--lang", help="Language of the output (default: config, else da).")
]
Force = Annotated[
    bool,
    typer.Option(
        "--force", help="Replace an existing output file that is not an integaudit report."
    ),
]
Paths = Annotated[list[Path], typer.Argument(help="Extract files or folders.")]
JsonOut = Annotated[
    str | None, typer.Option("--json", help="Write the JSON document to FILE, or - for stdout.")
]
AsOf = Annotated[
    str | None, typer.Option("--as-of", help="Audit date (default: config, else today).")
]
Ruleset = Annotated[
    str | None, typer.Option("--ruleset", help="Ruleset: rr2014 (default) or bek2020.")
]
Workers = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        help="Processes that read the files (default: INTEGAUDIT_WORKERS, else the config's "
        "workers, else one per CPU core); 1 reads them in this process.",
    ),
]


def report_console(stderr: bool = False) -> Console:
    """Return the console for reports: as wide as the terminal, or as the COLUMNS environment
    variable says; else, when not a terminal, at least 160 columns wide, so logs and pipes
    get the tables in one piece. The tables fit whatever width this is."""
    console = new_console(stderr)
    columns = os.environ.get("COLUMNS", "").strip()
    if not console.is_terminal and not (columns.isascii() and columns.isdigit()):
        console = new_console(stderr, width=max(console.width, 160))
    return console


def plain_console() -> Console:
    """Return a console for plain lines on stdout (no highlighting)."""
    return new_console()


def exit_nothing_audited(issues: list[Any], console: Console, lang: str, verbose: bool) -> None:
    """Print the data issues of a run that could audit nothing and exit 2."""
    from integaudit.render import terminal

    terminal.render_issues_only(issues, console, lang, verbose)
    new_console(stderr=True).print(literal(text("nothing_audited", lang), "red"))
    raise typer.Exit(2)


def emit(
    outputs: Iterable[api.Output],
    inputs: Iterable[Path],
    console: Console,
    lang: str,
    announce: bool = True,
) -> None:
    """Write each output: to stdout as it is, or to its file (never over an input), saying so
    on ``console`` when ``announce``. Files are written beside their targets first and put in
    place together at the end, so a failure or an interrupt on the way leaves none of them."""
    inputs = list(inputs)
    staged: list[tuple[Path, Path, api.Output]] = []
    try:
        for output in outputs:
            if output.to_stdout:
                for piece in [output.data] if isinstance(output.data, str | bytes) else output.data:
                    write_out(str(piece))
                continue
            path = Path(output.target)
            staged.append((stage(path, api.file_pieces(output), inputs=inputs), path, output))
    except BaseException:
        for tmp, _, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for i, (tmp, path, output) in enumerate(staged):
        try:
            commit(tmp, path)
        except BaseException:
            for later, _, _ in staged[i + 1 :]:
                later.unlink(missing_ok=True)
            raise
        if announce:
            console.print(literal(text(f"{output.kind}_written", lang, path=output.target)))


class _RunProgress:
    """A progress display on stderr: a bar counting the files read, by every worker, then the
    phase the run is in (a spinner). Reading redraws on each file only, with no thread of its
    own, so worker processes can be forked meanwhile; the phases that follow animate."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.stderr = new_console(stderr=True)
        self.display = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[file]}", style="dim", markup=False),
            console=self.stderr,
            transient=True,
            auto_refresh=False,
            disable=not self.stderr.is_terminal,
        )
        self.display.start()
        self.task = self.display.add_task(text("reading", lang), total=None, file="")

    def on_files(self, count: int) -> None:
        """Set the number of files to read."""
        self.display.update(self.task, total=count, refresh=True)

    def advance(self, name: str) -> None:
        """Count one more file read."""
        self.display.update(self.task, advance=1, file=printable(Path(name).name), refresh=True)

    def phase(self, name: str) -> None:
        """Show that the run has moved on to the phase ``name`` (rules, reports)."""
        self.stop()
        self.display = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            console=self.stderr,
            transient=True,
            disable=not self.stderr.is_terminal,
        )
        self.display.start()
        self.task = self.display.add_task(text(f"progress.{name}", self.lang), total=None)

    def stop(self) -> None:
        """Take the display off the screen."""
        self.display.stop()


@contextmanager
def run_progress(lang: str) -> Iterator[api.Progress]:
    """Yield the callbacks of a progress display on stderr (shown only when stderr is a
    terminal): the files read, by all workers, then the phases of the rules and reports."""
    shown = _RunProgress(lang)
    try:
        yield api.Progress(on_files=shown.on_files, advance=shown.advance, phase=shown.phase)
    finally:
        shown.stop()
