"""What every command shares: the typer app, usage errors in the run's language, the
options several commands take, the report console, and writing a command's outputs."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.text import Text

from integaudit import api
from integaudit.cli.group import IntegauditGroup, IntegauditTyper
from integaudit.errors import IntegauditError
from integaudit.i18n import LANGS, text
from integaudit.privacy.run import RUN_PSEUDONYMISER
from integaudit.render.literal import Stream, literal, printable, write_out
from integaudit.render.literal import console as new_console
from integaudit.signals import Stopped, stop_on_signals
from integaudit.writers.outputs import commit, stage

app = IntegauditTyper(
    name="integaudit",
    help="Audit Danish integration contracts against the integration law's rules.",
    cls=IntegauditGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
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
    without a traceback; on Ctrl-C say the run was interrupted and exit 130, on SIGTERM 143
    and on SIGHUP 129; when the reader of stdout has gone (``| head``), exit 141 quietly."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = RUN_LANGUAGE.set(None)
        keyed = RUN_PSEUDONYMISER.set(None)
        try:
            stop_on_signals()
            done = func(*args, **kwargs)
            # What is still buffered for stdout fails here, not at exit, when it cannot go.
            Stream("stdout").flush()
            return done
        except (IntegauditError, KeyboardInterrupt, Stopped, BrokenPipeError) as exc:
            raise typer.Exit(_ended(exc, error_language(kwargs))) from None
        except Exception as exc:
            if _passes_through(exc):
                raise
            # A bug, not a problem of the user's data: say so, with what a report needs.
            _to_stderr(literal(bug_report(exc, error_language(kwargs))))
            raise typer.Exit(BUG_EXIT) from None
        finally:
            RUN_PSEUDONYMISER.reset(keyed)
            RUN_LANGUAGE.reset(token)

    return wrapper  # type: ignore[return-value]


def _ended(exc: BaseException, lang: str) -> int:
    """Say on stderr why a command ended early, in ``lang``, and return its exit code: 2 for
    a user's error, 130 for Ctrl-C, 128 + the signal for SIGTERM and SIGHUP (outputs are
    written whole or not at all, and any worker has been stopped), 141 quietly for a closed
    stdout."""
    if isinstance(exc, BrokenPipeError):
        return closed_pipe()
    if isinstance(exc, IntegauditError):
        prefix = (text("error.prefix", lang), "red")
        _to_stderr(Text.assemble(prefix, " ", literal(exc.message(lang))))
        return 2
    _to_stderr(literal(text("interrupted", lang), "red"))
    return 128 + exc.signum if isinstance(exc, Stopped) else 130


# The exit code of a bug in integaudit (sysexits.h's EX_SOFTWARE): never 0, 1 or 2, which
# say what the audit found.
BUG_EXIT = 70
# The libraries whose versions a bug report names.
_REPORTED = ("python-calamine", "pandas", "openpyxl", "xlsxwriter", "typer")


def _passes_through(exc: BaseException) -> bool:
    """Return whether an exception is the command line's own (an exit, a usage error)."""
    from integaudit.cli.usage import is_usage_error

    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & {"Exit", "Abort", "ClickException"}) or is_usage_error(exc)


def bug_report(exc: BaseException, lang: str) -> str:
    """Return the line that reports a bug: what failed, and the versions a report needs."""
    from importlib.metadata import PackageNotFoundError, version

    from integaudit import __version__

    found = []
    for name in _REPORTED:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            continue
    versions = ", ".join([f"integaudit {__version__}", f"Python {sys.version.split()[0]}", *found])
    error = f"{type(exc).__name__}: {exc}"
    return text("bug_report", lang, error=error, versions=versions)


# The exit code of a command whose stdout was closed by its reader: the shell's code for a
# process ended by SIGPIPE (128 + 13), never 0 (an audit that did not say all it had to)
# nor 1 (a threshold hit).
CLOSED_PIPE_EXIT = 141


def closed_pipe() -> int:
    """Point stdout at /dev/null, so nothing more is written to the closed pipe (nor a
    complaint about it when Python exits), and return the exit code of a closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return CLOSED_PIPE_EXIT


def _to_stderr(line: Text) -> None:
    """Print a line on stderr, unless stderr cannot be written either (then the exit code
    is all that is left to say it)."""
    with suppress(IntegauditError):
        new_console(stderr=True).print(line, soft_wrap=True)


class GroupBy(StrEnum):
    municipality = "municipality"
    region = "region"
    none = "none"


# --lang: one choice per message catalogue (built from them, so mypy sees no members).
Lang = StrEnum("Lang", {lang: lang for lang in LANGS})  # type: ignore[misc]


def settings(config_file: Path | None, paths: list[Path], lang: Lang | None) -> api.Settings:
    """Return the command's settings (its config read, its language resolved), after
    recording the language as the one its usage errors are shown in."""
    found = api.load_settings(config_file, paths, lang.value if lang else None)
    RUN_LANGUAGE.set(found.lang)
    return found


def read_options(
    paths: list[Path],
    as_of: str | None,
    ruleset: str | None,
    key_file: Path | None,
    workers: int | None,
    **given: Any,
) -> api.ReadOptions:
    """Return how a command reads its inputs, its texts parsed: --max-file-size (after
    refusing the unit of an unquoted ``5 MB`` taken for a path) and --as-of; ``given`` the
    other fields of ReadOptions (municipality, outputs, force). Raises IntegauditError naming
    the option whose value is not a size or a date."""
    size = given.pop("max_file_size", None)
    if size is not None:
        api.refuse_stray_unit(paths, size)
        given["max_file_size"] = api.parse_size(size, "--max-file-size")
    date = api.parse_date_option(as_of, "--as-of") if as_of else None
    command = " ".join(["integaudit", *sys.argv[1:]])
    return api.ReadOptions(paths, date, ruleset, key_file=key_file, workers=workers,
                           command=command, **given)  # fmt: skip


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
    str | None,
    typer.Option(
        "--json", metavar="FILE|-", help="Write the JSON document to FILE, or - for stdout."
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option("--as-of", metavar="DATE", help="Audit date (default: config, else today)."),
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


def exit_nothing_audited(issues: list[Any], console: Console, lang: str, verbose: bool) -> NoReturn:
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
        self._start()
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
        self._start()
        self.task = self.display.add_task(text(f"progress.{name}", self.lang), total=None)

    def _start(self) -> None:
        # Off a terminal nothing is shown, and nothing started (an older Rich writes an empty
        # line when a display it never showed stops).
        if self.stderr.is_terminal:
            self.display.start()

    def stop(self) -> None:
        """Take the display off the screen."""
        if self.stderr.is_terminal:
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
