"""The typer app: parses options, calls the library, picks renderers. No audit logic here."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Callable
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from integaudit import __version__, audit, config, ingest, municipalities
from integaudit.errors import IntegauditError, shown
from integaudit.i18n import number, percent, text
from integaudit.ingest.values import parse_dates
from integaudit.limits import parse_size, refuse_stray_unit
from integaudit.model import DataIssue
from integaudit.outputs import check_targets, existing, write_bytes, write_text
from integaudit.privacy import Pseudonymiser, resolve_key
from integaudit.render import html as html_render
from integaudit.render import json as json_render
from integaudit.render import terminal
from integaudit.render import xlsx as xlsx_render
from integaudit.rules.rulesets import DEFAULT_RULESET
from integaudit.thresholds import breaches, describe, parse_fail_above, parse_rate

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


def use_language(lang: str) -> str:
    """Return ``lang`` after recording it as the running command's language, the one its
    usage errors are shown in."""
    RUN_LANGUAGE.set(lang)
    return lang


def error_language(kwargs: dict[str, Any]) -> str:
    """Return the language of a command's usage error: its --lang, else the language the
    command settled on (the config's), else Danish."""
    given = kwargs.get("lang")
    if given is not None:
        return str(getattr(given, "value", given))
    return RUN_LANGUAGE.get() or "da"


def user_errors(func: F) -> F:
    """Print an IntegauditError as one line on stderr, in the command's language, and exit 2,
    without a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = RUN_LANGUAGE.set(None)
        try:
            return func(*args, **kwargs)
        except IntegauditError as exc:
            lang = error_language(kwargs)
            Console(stderr=True).print(
                f"[red]{text('error.prefix', lang)}[/red] {escape(exc.message(lang))}",
                highlight=False,
                soft_wrap=True,
            )
            raise typer.Exit(2) from None
        finally:
            RUN_LANGUAGE.reset(token)

    return wrapper  # type: ignore[return-value]


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


class GroupBy(StrEnum):
    municipality = "municipality"
    region = "region"
    none = "none"


class Lang(StrEnum):
    da = "da"
    en = "en"


def parse_date_option(value: str, option: str) -> dt.date:
    """Return the date an option names (ISO or any Danish form the extracts accept); raise
    IntegauditError naming the option when it is not a date."""
    dates, _ = parse_dates(pd.Series([value], dtype=object))
    if pd.isna(dates.iloc[0]):
        raise IntegauditError(key="not-a-date", option=option, value=shown(value))
    return dates.iloc[0].date()


def language_of(lang: Lang | None, settings: config.Config) -> str:
    """Return the language of a command's output: --lang, else the config's, else Danish."""
    return (lang.value if lang else None) or settings.lang or "da"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"integaudit {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Audit Danish integration contracts against the integration law's rules."""


@app.command()
@user_errors
def check(
    paths: Annotated[
        list[Path], typer.Argument(help="Extract files or folders (searched recursively).")
    ],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Audit date (default: config, else today).")
    ] = None,
    ruleset: Annotated[
        str | None, typer.Option(help="Ruleset: rr2014 (default) or bek2020.")
    ] = None,
    by: Annotated[GroupBy, typer.Option("--by", help="Group the rates by.")] = GroupBy.municipality,
    lang: Annotated[Lang | None, typer.Option(help="Report language (default da).")] = None,
    json_out: Annotated[
        str | None, typer.Option("--json", help="Write the JSON document to FILE, or - for stdout.")
    ] = None,
    municipality: Annotated[
        str | None,
        typer.Option(help="Municipality of every row, for extracts without a municipality column."),
    ] = None,
    config_file: ConfigFile = None,
    key_file: KeyFile = None,
    baseline: Annotated[
        str | None,
        typer.Option(help="Compare with a reference: rr2014 (default for rr2014) or none."),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every data issue.")
    ] = False,
    html_out: Annotated[
        Path | None, typer.Option("--html", help="Write the self-contained HTML report to FILE.")
    ] = None,
    xlsx_out: Annotated[
        Path | None, typer.Option("--xlsx", help="Write the Excel exception workbook to FILE.")
    ] = None,
    fail_above: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-above",
            help="RULE=PCT: exit 1 when the national rate of RULE is above PCT %. Repeatable.",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit 1 when any error-level data issue is found or a rule cannot be assessed "
            "in some file.",
        ),
    ] = False,
    max_file_size: MaxFileSize = "200MB",
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace an existing output file that is not an integaudit report."
        ),
    ] = False,
) -> None:
    """Audit every contract in PATHS and print the rates by group."""
    started = dt.datetime.now().astimezone().replace(microsecond=0)
    settings = config.load(config.discover(config_file, paths))
    language = use_language(language_of(lang, settings))
    refuse_stray_unit(paths, max_file_size, language)
    size_limit = parse_size(max_file_size, "--max-file-size")
    design = _sample_design(paths, size_limit, language)
    ruleset_name = ruleset or (design and design.ruleset) or settings.ruleset or DEFAULT_RULESET
    if ruleset_name not in config.RULESET_NAMES:
        raise IntegauditError(
            key="unknown-ruleset",
            value=shown(ruleset_name),
            available=", ".join(config.RULESET_NAMES),
        )
    audit_date = (
        parse_date_option(as_of, "--as-of")
        if as_of
        else (design and design.as_of) or settings.as_of or dt.date.today()
    )
    fixed_municipality = None
    if municipality:
        fixed_municipality = municipalities.lookup(municipality)
        if fixed_municipality is None:
            raise IntegauditError(key="unknown-municipality", value=shown(municipality))
    key, key_source = resolve_key(key_file, settings.key_file, os.environ)
    pseudonymiser = Pseudonymiser(key, stable=key_source != "random")
    options = ingest.LoadOptions(
        as_of=audit_date,
        pseudonymiser=pseudonymiser,
        municipality=fixed_municipality,
        aliases=settings.aliases,
        goal_placeholders=settings.goal_placeholders,
        max_file_size=size_limit,
    )
    to_stdout = json_out == "-"
    console = report_console(stderr=to_stdout)
    extract = _load_with_progress(paths, options, language)
    command = pseudonymiser.scrub_text(" ".join(["integaudit", *sys.argv[1:]]))
    # Every target is checked before the audit and before any output is written. A file named
    # on the command line is an input even when it is not a spreadsheet (SPEC §1.1).
    inputs = [Path(f.source) for f in extract.inputs if f.source]
    inputs += [p for p in paths if p.is_file()]
    json_target = [Path(json_out)] if json_out and not to_stdout else []
    check_targets([*(p for p in (html_out, xlsx_out) if p), *json_target], inputs, force)
    # The warning is for pseudonyms made with a random key; a sample workbook's person ids are
    # pseudonyms already and stay as they are (privacy.is_pseudonym).
    if not pseudonymiser.stable and pseudonymiser.used:
        extract.issues.insert(0, DataIssue("warning", "random-key"))
    if extract.contracts.empty:
        terminal.render_issues_only(extract.issues, console, language, verbose)
        Console(stderr=True).print(f"[red]{text('nothing_audited', language)}[/red]")
        raise typer.Exit(2)
    baseline_name = (
        baseline if baseline is not None else ("rr2014" if ruleset_name == "rr2014" else None)
    )
    if baseline_name == "none":
        baseline_name = None
    result = audit.run(
        extract,
        ruleset_name,
        audit_date,
        group_by=by.value,
        suspensions=settings.suspensions,
        baseline=baseline_name,
    )
    result.pseudonyms_stable = (pseudonymiser.stable or not pseudonymiser.used) and (
        design is None or design.pseudonyms_stable
    )
    result.meta = {
        "command": command,
        "config_path": str(settings.path) if settings.path else None,
        "suspensions": settings.suspensions,
        "started": started.isoformat(),
    }
    if design is not None:
        from integaudit import sample_review

        projected = sample_review.project_audit(result, design)
        result.projection = sample_review.projection_document(projected, design)
        extract.issues = sample_review.without_own_columns(extract.issues)
    found = breaches(result, parse_fail_above(fail_above or [], result.rule_ids), strict)
    terminal.render(result, console, language, verbose)
    for breach in found:
        console.print(f"[red bold]{describe(breach, language)}[/red bold]")
    # Render every output before writing any, so a renderer that fails leaves none behind.
    html_text = html_render.render(result, language, found) if html_out else ""
    xlsx_data = xlsx_render.workbook_bytes(result, language) if xlsx_out else b""
    document = json_render.dumps(result) if json_out else ""
    if html_out:
        write_text(html_out, html_text, inputs=inputs)
        console.print(text("html_written", language, path=html_out))
    if xlsx_out:
        write_bytes(xlsx_out, xlsx_data, inputs=inputs)
        console.print(text("xlsx_written", language, path=xlsx_out))
    if json_out:
        if to_stdout:
            sys.stdout.write(document)
        else:
            write_text(Path(json_out), document, inputs=inputs)
            console.print(text("json_written", language, path=json_out))
    if found:
        raise typer.Exit(1)


def _sample_design(paths: list[Path], max_file_size: int, lang: str) -> Any:
    """Return the design of the sample workbook when ``paths`` is exactly one, else None."""
    from integaudit import sample_review

    if len(paths) != 1:
        return None
    shown = Pseudonymiser(os.urandom(32), stable=False).scrub_text(str(paths[0]))
    return sample_review.read_design(paths[0], shown, max_file_size, lang)


def report_console(stderr: bool = False) -> Console:
    """Return the console for reports: as wide as the terminal, or as the COLUMNS environment
    variable says; else, when not a terminal, at least 160 columns wide, so logs and pipes
    get the tables in one piece. The tables fit whatever width this is."""
    console = Console(stderr=stderr, highlight=False)
    if not console.is_terminal and not os.environ.get("COLUMNS", "").strip().isdigit():
        console = Console(stderr=stderr, highlight=False, width=max(console.width, 160))
    return console


def _load_with_progress(paths: list[Path], options: ingest.LoadOptions, lang: str):
    """Return the extract, showing a progress bar on stderr when it is a terminal."""
    stderr = Console(stderr=True)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[file]}", style="dim"),
        console=stderr,
        transient=True,
        disable=not stderr.is_terminal,
    ) as progress:
        task = progress.add_task(text("reading", lang), total=None, file="")

        def on_files(n: int) -> None:
            progress.update(task, total=n)

        def advance(name: str) -> None:
            progress.update(task, advance=1, file=Path(name).name)

        return ingest.load(paths, options, progress=advance, on_files=on_files)


@app.command("municipal-reports")
@user_errors
def municipal_reports_command(
    paths: Annotated[list[Path], typer.Argument(help="Extract files or folders.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the reports.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Audit date.")] = None,
    ruleset: Annotated[str | None, typer.Option(help="Ruleset: rr2014 or bek2020.")] = None,
    config_file: ConfigFile = None,
    key_file: KeyFile = None,
    lang: Annotated[Lang | None, typer.Option(help="Report language (default da).")] = None,
    xlsx: Annotated[
        bool, typer.Option("--xlsx", help="Also an exception workbook per municipality.")
    ] = False,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the national JSON document to FILE.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files in --out that are not its reports.")
    ] = False,
) -> None:
    """Write one self-contained report per municipality and an index, from one national
    audit: each with its own rates beside the country's, its findings and data issues."""
    from integaudit import municipal

    settings = config.load(config.discover(config_file, paths))
    language = use_language(language_of(lang, settings))
    name = ruleset or settings.ruleset or DEFAULT_RULESET
    if name not in config.RULESET_NAMES:
        raise IntegauditError(
            key="unknown-ruleset", value=shown(name), available=", ".join(config.RULESET_NAMES)
        )
    audit_date = parse_date_option(as_of, "--as-of") if as_of else settings.as_of or dt.date.today()
    key, key_source = resolve_key(key_file, settings.key_file, os.environ)
    pseudonymiser = Pseudonymiser(key, stable=key_source != "random")
    options = ingest.LoadOptions(
        as_of=audit_date,
        pseudonymiser=pseudonymiser,
        aliases=settings.aliases,
        goal_placeholders=settings.goal_placeholders,
    )
    extract = _load_with_progress(paths, options, language)
    inputs = [Path(f.source) for f in extract.inputs if f.source]
    folders = [p.resolve() for p in paths if p.is_dir()]
    if any(out.resolve() == f or f in out.resolve().parents for f in folders):
        raise IntegauditError(key="output-is-input", path=out)
    if extract.contracts.empty:
        raise IntegauditError(text("nothing_audited", language))
    result = audit.run(
        extract,
        name,
        audit_date,
        suspensions=settings.suspensions,
        baseline="rr2014" if name == "rr2014" else None,
    )
    result.pseudonyms_stable = pseudonymiser.stable or not pseudonymiser.used
    result.meta = {
        "command": pseudonymiser.scrub_text(" ".join(["integaudit", *sys.argv[1:]])),
        "config_path": str(settings.path) if settings.path else None,
        "suspensions": settings.suspensions,
        "started": dt.datetime.now().astimezone().replace(microsecond=0).isoformat(),
    }
    parts, files = municipal.outputs(result, language, workbooks=xlsx)
    document = json_render.dumps(result) if json_out else ""
    out.mkdir(parents=True, exist_ok=True)
    targets = [out / name for name in files] + ([json_out] if json_out else [])
    check_targets(targets, inputs, force)
    for file_name, data in files.items():
        write_bytes(out / file_name, data, inputs=inputs)
    if json_out:
        write_text(json_out, document, inputs=inputs)
    report_console().print(text("municipal.written", language, count=len(parts), out=out))


@app.command("columns")
@user_errors
def columns_command(
    paths: Annotated[list[Path] | None, typer.Argument(help="Extract files or folders.")] = None,
    config_file: ConfigFile = None,
    ruleset: Annotated[
        str | None, typer.Option(help="Ruleset whose needs are checked (default: config).")
    ] = None,
    municipality: Annotated[
        str | None, typer.Option(help="Municipality of every row (as for check).")
    ] = None,
    lang: Annotated[Lang | None, typer.Option(help="Language (default da).")] = None,
    json_out: Annotated[
        str | None, typer.Option("--json", help="Print the mapping as JSON (use -).")
    ] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print docs/columns.md (every field and alias).")
    ] = False,
) -> None:
    """Show how each header maps to the canonical fields, which headers were not recognised,
    and which rules the missing fields disable."""
    from integaudit.column_map import column_report
    from integaudit.column_map import markdown as columns_markdown
    from integaudit.rules.rulesets import get_ruleset

    if markdown:
        sys.stdout.write(columns_markdown())
        return
    if not paths:
        raise IntegauditError("give the extract files or folders to read (or --markdown)")

    settings = config.load(config.discover(config_file, paths))
    language = (lang.value if lang else None) or settings.lang or "da"
    name = ruleset or settings.ruleset or DEFAULT_RULESET
    if name not in config.RULESET_NAMES:
        raise IntegauditError(
            f"--ruleset: unknown ruleset '{name}' (available: {', '.join(config.RULESET_NAMES)})"
        )
    fixed = municipalities.lookup(municipality) if municipality else None
    if municipality and fixed is None:
        raise IntegauditError(f"--municipality: unknown municipality {municipality!r}")
    options = ingest.LoadOptions(
        as_of=dt.date.today(),
        pseudonymiser=Pseudonymiser(os.urandom(32), stable=False),
        municipality=fixed,
        aliases=settings.aliases,
        goal_placeholders=settings.goal_placeholders,
    )
    report = column_report(ingest.load(paths, options), get_ruleset(name), language)
    if json_out == "-":
        sys.stdout.write(json.dumps({"ruleset": name, "files": report}, ensure_ascii=False))
        sys.stdout.write("\n")
        return
    terminal.render_columns(report, report_console(), language)


@app.command("demo-data")
@user_errors
def demo_data(
    directory: Annotated[Path, typer.Argument(help="Folder to write the extracts into.")],
    contracts: Annotated[int, typer.Option(min=1, help="Number of contracts.")] = 1000,
    municipalities_count: Annotated[
        int, typer.Option("--municipalities", min=1, max=98, help="Number of municipalities.")
    ] = 10,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 1,
    as_of: Annotated[str, typer.Option("--as-of", help="Audit date the data is made for.")] = (
        "2024-06-30"
    ),
) -> None:
    """Write synthetic, anonymised extracts in the messy shapes of real exports."""
    from integaudit.demo_data import write_demo_data

    written = write_demo_data(
        directory,
        contracts=contracts,
        municipalities=municipalities_count,
        seed=seed,
        as_of=parse_date_option(as_of, "--as-of"),
    )
    Console(highlight=False).print(
        f"{len(written)} files, {contracts} contracts written to {directory}"
    )


def main() -> None:
    """Run the CLI (console script entry point)."""
    app()


@app.command("compare")
@user_errors
def compare_command(
    old: Annotated[Path, typer.Argument(help="JSON of the earlier audit (check --json).")],
    new: Annotated[Path, typer.Argument(help="JSON of the later audit.")],
    lang: Annotated[
        Lang | None, typer.Option(help="Report language (default: config, else da).")
    ] = None,
    html_out: Annotated[
        Path | None, typer.Option("--html", help="Write the comparison as HTML to FILE.")
    ] = None,
    json_out: Annotated[
        str | None, typer.Option("--json", help="Write the comparison as JSON to FILE or -.")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            help="Compare across schema versions, rulesets or groupings anyway, and replace an "
            "existing output file that is not an integaudit report."
        ),
    ] = False,
    config_file: ConfigFile = None,
) -> None:
    """Compare two audits: each rule's rate then and now, per group and nationally."""
    from integaudit.compare import compare, load_audit_json

    settings = config.load(config.discover(config_file, []))
    language = use_language((lang.value if lang else None) or settings.lang or "da")
    result = compare(load_audit_json(old), load_audit_json(new), force=force)
    to_stdout = json_out == "-"
    json_target = [Path(json_out)] if json_out and not to_stdout else []
    check_targets([*([html_out] if html_out else []), *json_target], [old, new], force)
    console = report_console(stderr=to_stdout)
    terminal.render_compare(result, console, language)
    if html_out:
        write_text(html_out, html_render.render_compare(result, language), inputs=[old, new])
        console.print(text("html_written", language, path=html_out))
    if json_out:
        document = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
        if to_stdout:
            sys.stdout.write(document)
        else:
            write_text(Path(json_out), document, inputs=[old, new])
            console.print(text("json_written", language, path=json_out))


@app.command("template")
@user_errors
def template_command(
    out: Annotated[Path, typer.Argument(help="Where to write the empty extract workbook.")],
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")] = False,
    lang: Annotated[
        Lang | None,
        typer.Option(help="Language of messages (default da; the headers stay Danish)."),
    ] = None,
) -> None:
    """Write an empty extract workbook with the canonical Danish headers and instructions."""
    from integaudit.template import template_bytes

    if out.suffix.lower() != ".xlsx":
        raise IntegauditError(key="template-not-xlsx", path=out)
    if out.exists() and not force:
        # OUT may be a filled-in extract: an empty template must not replace it unasked.
        raise IntegauditError(key="template-exists", path=out)
    write_bytes(out, template_bytes())
    Console(highlight=False).print(f"{out}")


@app.command("rules")
@user_errors
def rules_command(
    rule_id: Annotated[str | None, typer.Argument(help="Show one rule with its example.")] = None,
    ruleset: Annotated[str | None, typer.Option(help="Only this ruleset.")] = None,
    lang: Annotated[Lang, typer.Option(help="Language.")] = Lang.da,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print docs/rules.md (the whole catalogue).")
    ] = False,
) -> None:
    """List the rules of every ruleset, or show one rule with its worked example."""
    from integaudit.rules import catalogue
    from integaudit.rules.rulesets import RULESETS

    language = lang.value
    if markdown:
        sys.stdout.write(catalogue.markdown(language))
        return
    if ruleset is not None and ruleset not in RULESETS:
        raise IntegauditError(
            key="unknown-ruleset", value=shown(ruleset), available=", ".join(RULESETS)
        )
    console = report_console()
    if rule_id:
        terminal.render_rule(catalogue.find(rule_id, ruleset), console, language)
    else:
        terminal.render_rules(
            {name: rules for name, rules in RULESETS.items() if ruleset in (None, name)},
            console,
            language,
        )


@app.command("config")
@user_errors
def config_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="The paths a check would be given.")
    ] = None,
    show: Annotated[bool, typer.Option("--show", help="Print the effective configuration.")] = True,
    config_file: ConfigFile = None,
    lang: Annotated[Lang | None, typer.Option(help="Language of messages (default da).")] = None,
) -> None:
    """Show the configuration a check would use, and where each value comes from."""
    from rich.table import Table

    found = config.discover(config_file, paths or [])
    settings = config.load(found)
    if not show:
        return
    table = Table(
        title=f"integaudit.toml: {found}" if found else "integaudit.toml: –", header_style="bold"
    )
    for column in ("key", "value", "source"):
        table.add_column(column)
    for key, value, source in config.effective(settings, bool(os.environ.get("INTEGAUDIT_KEY"))):
        table.add_row(key, value, source)
    report_console().print(table)


class Likelihood(StrEnum):
    binomial = "binomial"
    poisson = "poisson"
    hypergeometric = "hypergeometric"


@app.command("plan")
@user_errors
def plan_command(
    tolerable: Annotated[
        str, typer.Option(help="Tolerable deviation rate in percent, e.g. 5 or 5% (0.5 = 0.5 %).")
    ],
    expected: Annotated[
        str | None, typer.Option(help="Expected deviation rate in percent, e.g. 1 (default 0).")
    ] = None,
    expected_errors: Annotated[
        float | None, typer.Option("--expected-errors", help="Expected deviations, a number.")
    ] = None,
    confidence: Annotated[str, typer.Option(help="Confidence in percent, e.g. 95.")] = "95%",
    likelihood: Annotated[Likelihood, typer.Option(help="Likelihood.")] = Likelihood.binomial,
    population: Annotated[
        int | None, typer.Option(min=1, help="Population size (hypergeometric).")
    ] = None,
    json_out: Annotated[
        str | None, typer.Option("--json", help="Print the plan as JSON (use -).")
    ] = None,
    lang: Annotated[
        Lang | None, typer.Option(help="Language of the output (default: config, else da).")
    ] = None,
    config_file: ConfigFile = None,
) -> None:
    """The smallest sample size whose upper bound stays below the tolerable rate."""
    from integaudit import stats

    language = language_of(lang, config.load(config.discover(config_file, [])))
    if expected is not None and expected_errors is not None:
        raise IntegauditError(text("plan.error.both_expected", language))
    if likelihood == Likelihood.hypergeometric and not population:
        raise IntegauditError(text("sampling.error.needs_population", language))
    tolerable_rate = parse_rate(tolerable, "--tolerable")
    # An expected rate of none is the usual plan (AICPA's tables start there).
    expected_rate = parse_rate(expected, "--expected", allow_zero=True) if expected else 0.0
    conf = parse_rate(confidence, "--confidence")
    try:
        result = stats.plan(
            tolerable_rate, conf, likelihood.value, expected_rate, expected_errors, population
        )
    except ValueError:
        limit = min(stats.MAX_SAMPLE, population or stats.MAX_SAMPLE)
        raise IntegauditError(text("plan.error.no_sample", language, limit=limit)) from None
    document = {
        "sample_size": result.sample_size,
        "tolerable_deviations": result.tolerable_deviations,
        "likelihood": result.likelihood,
        "confidence": result.confidence,
        "tolerable_rate": result.tolerable_rate,
        "expected_rate": None if expected_errors is not None else result.expected_rate,
    }
    if json_out == "-":
        sys.stdout.write(json.dumps(document) + "\n")
        return
    k = result.tolerable_deviations
    deviations = f"{k:g}" if language == "en" else f"{k:g}".replace(".", ",")
    line = text(
        "plan.result",
        language,
        n=result.sample_size,
        k=deviations,
        likelihood=text(f"likelihood.{likelihood.value}", language),
        confidence=_percent_as_given(conf, language, 0),
        tolerable=_percent_as_given(tolerable_rate, language, 1),
    )
    Console(highlight=False).print(line, soft_wrap=True)


def _percent_as_given(rate: float, lang: str, digits: int) -> str:
    """Return a rate option's value as a percentage with at least ``digits`` decimals and as
    many more (up to 4) as it needs: ``5,0 %``, ``0,25 %``, ``95 %``, ``97,5 %``; so a small
    tolerable rate is not shown rounded away."""
    needed = next((d for d in range(5) if abs(round(rate * 100, d) - rate * 100) < 1e-9), 4)
    return percent(rate, lang, max(digits, needed))


@app.command("evaluate")
@user_errors
def evaluate_command(
    sample: Annotated[
        Path | None,
        typer.Argument(
            help="A reviewed sample workbook from integaudit sample (instead of --n/--k)."
        ),
    ] = None,
    n: Annotated[int | None, typer.Option("--n", min=1, help="Sample size.")] = None,
    k: Annotated[int | None, typer.Option("--k", min=0, help="Deviations found.")] = None,
    confidence: Annotated[str, typer.Option(help="Confidence in percent, e.g. 95.")] = "95%",
    likelihood: Annotated[Likelihood, typer.Option(help="Likelihood.")] = Likelihood.binomial,
    population: Annotated[int | None, typer.Option(min=1, help="Population size.")] = None,
    tolerable: Annotated[
        str | None,
        typer.Option(help="Tolerable rate in percent to conclude against, e.g. 5 or 5%."),
    ] = None,
    json_out: Annotated[
        str | None,
        typer.Option("--json", help="Print the evaluation as JSON (use -), or write it to FILE."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace an existing --json file that is not an integaudit report."
        ),
    ] = False,
    lang: Annotated[
        Lang | None, typer.Option(help="Language of the output (default: config, else da).")
    ] = None,
    config_file: ConfigFile = None,
) -> None:
    """Estimate, upper bound, interval and projection of a sample's deviation rate: from
    --n and --k, or per rule from a reviewed sample workbook."""
    from integaudit import stats

    settings = config.load(config.discover(config_file, [sample] if sample else []))
    language = use_language(language_of(lang, settings))
    conf = parse_rate(confidence, "--confidence")
    rate = parse_rate(tolerable, "--tolerable") if tolerable else None
    if sample is not None:
        if n is not None or k is not None or population is not None:
            raise IntegauditError(text("evaluate.error.both", language))
        _evaluate_sample(sample, conf, likelihood.value, rate, json_out, language, force)
        return
    if n is None or k is None:
        raise IntegauditError(text("evaluate.error.neither", language))
    if k > n:
        raise IntegauditError(text("evaluate.error.k_above_n", language))
    if likelihood == Likelihood.hypergeometric and not population:
        raise IntegauditError(text("sampling.error.needs_population", language))
    result = stats.evaluate(n, k, conf, likelihood.value, population, rate)
    document = {
        "n": result.n,
        "k": result.k,
        "estimate": result.estimate,
        "upper_bound": result.upper_bound,
        "interval": list(result.interval),
        "projected_deviations": result.projected_deviations,
        "conclusion": result.conclusion,
    }
    if json_out == "-":
        sys.stdout.write(json.dumps(document) + "\n")
        return
    low, high = result.interval
    lines = [
        text(
            "evaluate.result",
            language,
            estimate=percent(result.estimate, language, 2),
            upper=percent(result.upper_bound, language, 2),
            confidence=_percent_as_given(conf, language, 0),
            low=percent(low, language, 2),
            high=percent(high, language, 2),
            likelihood=text(f"likelihood.{likelihood.value}", language),
        )
    ]
    if result.projected_deviations is not None:
        count = number(result.projected_deviations, language, 0)
        lines.append(text("evaluate.projected", language, count=count))
    if result.conclusion and rate is not None:
        conclusion = text(
            f"projection.{result.conclusion}", language, rate=_percent_as_given(rate, language, 1)
        )
        lines.append(text("evaluate.conclusion", language, conclusion=conclusion))
    Console(highlight=False).print("\n".join(lines), soft_wrap=True)


def _evaluate_sample(
    path: Path,
    confidence: float,
    likelihood: str,
    tolerable: float | None,
    json_out: str | None,
    lang: str,
    force: bool = False,
) -> None:
    """Print the per-rule evaluation of a reviewed sample workbook, projected to its
    population; ``force`` lets --json replace a file that is not an integaudit report."""
    from integaudit import sample_review

    shown = Pseudonymiser(os.urandom(32), stable=False).scrub_text(str(path))
    design, marks, rule_ids = sample_review.read_marks(path, shown, lang)
    results = sample_review.evaluate_marks(
        design, marks, rule_ids, confidence, likelihood, tolerable, lang
    )
    document = {
        "sample": shown,
        "confidence": confidence,
        "likelihood": likelihood,
        "tolerable_rate": tolerable,
        **sample_review.projection_document(results, design),
    }
    if json_out == "-":
        sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
        return
    # A report output: like check's and compare's, it replaces its own earlier file.
    if json_out:
        check_targets([Path(json_out)], [path], force)
    console = report_console()
    console.print(terminal.projection_table(document, lang, confidence, likelihood, tolerable))
    if json_out:
        write_text(
            Path(json_out),
            json.dumps(document, ensure_ascii=False, indent=1) + "\n",
            inputs=[path],
        )
        console.print(text("json_written", lang, path=json_out))


class Strata(StrEnum):
    municipality = "municipality"
    region = "region"


@app.command("sample")
@user_errors
def sample_command(
    paths: Annotated[list[Path], typer.Argument(help="Extract files or folders.")],
    size: Annotated[int, typer.Option("--size", min=1, help="Number of contracts to draw.")],
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same sample).")],
    out: Annotated[Path, typer.Option("--out", help="Sample workbook to write (.xlsx).")],
    method: Annotated[str, typer.Option(help="random, systematic or stratified.")] = "stratified",
    strata: Annotated[Strata, typer.Option(help="Strata of the stratified method.")] = (
        Strata.municipality
    ),
    min_per_stratum: Annotated[
        int, typer.Option("--min-per-stratum", min=0, help="Least contracts per stratum.")
    ] = 1,
    ruleset: Annotated[str | None, typer.Option(help="Ruleset whose rules get columns.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Audit date.")] = None,
    lang: Annotated[
        Lang | None,
        typer.Option(help="Language of the workbook and the output (default: config, else da)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace --out if it exists (it may hold marks).")
    ] = False,
    config_file: ConfigFile = None,
    key_file: KeyFile = None,
    max_file_size: MaxFileSize = "200MB",
) -> None:
    """Draw a reproducible sample of contracts for manual review."""
    from integaudit import __version__, sampling
    from integaudit.aggregate import group_keys
    from integaudit.i18n import issue_message
    from integaudit.render.rows import contract_order
    from integaudit.rules.rulesets import RULESETS

    settings = config.load(config.discover(config_file, paths))
    language = use_language(language_of(lang, settings))
    refuse_stray_unit(paths, max_file_size, language)
    if out.suffix.lower() != ".xlsx":
        raise IntegauditError(text("sample.error.out_suffix", language, out=out))
    target = out.resolve()
    if out.is_file() and any(
        target == p.resolve() or (p.is_dir() and target.is_relative_to(p.resolve())) for p in paths
    ):
        # An extract to be read (--force would not help): said before anything is read.
        raise IntegauditError(key="output-is-input", path=out)
    if existing([out]) and not force:
        # A sample workbook is where reviewers write their marks: never replaced unasked.
        raise IntegauditError(text("sample.error.out_exists", language, out=out))
    ruleset_name = ruleset or settings.ruleset or DEFAULT_RULESET
    if ruleset_name not in RULESETS:
        available = ", ".join(sorted(RULESETS))
        raise IntegauditError(
            text("sample.error.ruleset", language, name=ruleset_name, available=available)
        )
    audit_date = parse_date_option(as_of, "--as-of") if as_of else settings.as_of or dt.date.today()
    key, key_source = resolve_key(key_file, settings.key_file, os.environ)
    pseudonymiser = Pseudonymiser(key, stable=key_source != "random")
    options = ingest.LoadOptions(
        as_of=audit_date,
        pseudonymiser=pseudonymiser,
        aliases=settings.aliases,
        goal_placeholders=settings.goal_placeholders,
        max_file_size=parse_size(max_file_size, "--max-file-size"),
    )
    extract = ingest.load(paths, options)
    # A file left out (unreadable, too large) shrinks the population the sample is drawn from.
    for issue in extract.issues:
        if issue.level == "error":
            Console(stderr=True, highlight=False).print(
                f"{issue.file}: {issue_message(issue, language)}", soft_wrap=True
            )
    if extract.contracts.empty:
        raise IntegauditError(text("sample.error.nothing", language))
    rules = RULESETS[ruleset_name]
    placeholder = audit.Audit(
        ruleset="",
        as_of=audit_date,
        group_by=strata.value,
        rule_ids=[],
        extract=extract,
        statuses=pd.DataFrame(),
        total={},
        groups=[],
    )
    order = contract_order(placeholder)
    follow_ups = sampling.follow_up_cells(extract.follow_ups).reindex(order)
    contracts = extract.contracts.loc[order].reset_index(drop=True)
    keys = group_keys(contracts, strata.value)["key"]
    contracts["follow_ups"] = follow_ups.to_numpy()
    contracts["stratum"] = keys.to_numpy() if method == "stratified" else None
    selection = sampling.draw(keys, size, seed, method, min_per_stratum, language)
    strata_by = strata.value if method == "stratified" else "none"
    method_rows: list[tuple[str, object]] = [
        ("method", text(f"sample.method_name.{method}", language)),
        ("strata", text(f"projection.strata.{strata_by}", language)),
        ("seed", seed),
        ("sample_size", len(selection.positions)),
        ("population_size", len(contracts)),
        ("min_per_stratum", min_per_stratum),
        ("ruleset", ruleset_name),
        ("as_of", audit_date.isoformat()),
        ("tool", f"integaudit {__version__}"),
        (
            "pseudonyms",
            text("trail.key_stable" if pseudonymiser.stable else "trail.key_random", language),
        ),
    ]
    method_rows += [(f"input {f.path}", f.sha256) for f in extract.inputs]
    titles = [rule.short_title[language] for rule in rules]
    data = sampling.sample_workbook(contracts, selection, titles, method_rows, language)
    if existing([out]) and not force:  # written by someone else while the extracts were read
        raise IntegauditError(text("sample.error.out_exists", language, out=out))
    inputs = [Path(f.source) for f in extract.inputs if f.source]
    write_bytes(out, data, inputs=inputs)
    design = text(
        f"projection.design.{method}",
        language,
        strata=text(f"projection.strata.{strata.value}", language),
    )
    Console(highlight=False).print(
        text(
            "sample.summary",
            language,
            n=len(selection.positions),
            population=len(contracts),
            design=design,
            seed=seed,
            out=out,
        ),
        soft_wrap=True,
    )


@app.command("anonymise")
@user_errors
def anonymise_command(
    paths: Annotated[list[Path], typer.Argument(help="Extract files or folders.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the anonymised copies.")],
    key_file: KeyFile = None,
    config_file: ConfigFile = None,
    lang: Annotated[Lang | None, typer.Option(help="Language of the output (default da).")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace copies that exist in --out already.")
    ] = False,
    max_file_size: MaxFileSize = "200MB",
) -> None:
    """Write pseudonymised copies of extracts: same sheets and headers, person ids and CPR
    numbers replaced by their pseudonyms, name columns dropped."""
    from integaudit import anonymise
    from integaudit.i18n import issue_message
    from integaudit.ingest.headers import build_alias_index

    settings = config.load(config.discover(config_file, paths))
    language = use_language(language_of(lang, settings))
    refuse_stray_unit(paths, max_file_size, language)
    key, key_source = resolve_key(key_file, settings.key_file, os.environ)
    pseudonymiser = Pseudonymiser(key, stable=key_source != "random")
    index = build_alias_index({k: tuple(v) for k, v in settings.aliases.items()})
    size_limit = parse_size(max_file_size, "--max-file-size")
    planned = anonymise.targets(paths, out, pseudonymiser)
    inputs = anonymise.inputs_of(planned)
    # A copy may have been edited since (test cases built on it): asked before any is written.
    present = existing([r.target for r in planned if r.target is not None])
    if present and not force:
        raise IntegauditError(
            text("anonymise.error.exists", language, out=out, count=len(present), first=present[0])
        )
    console = report_console()
    if not pseudonymiser.stable:
        warning = issue_message(DataIssue("warning", "random-key"), language)
        console.print(f"[yellow]{warning}[/yellow]", soft_wrap=True)
    written = 0
    for result in planned:
        data = None
        if not result.problem:
            data = anonymise.anonymise_file(result, index, pseudonymiser, size_limit)
        if data is None or result.target is None:
            kind = result.problem or "file-unreadable"
            issue = DataIssue("error", kind, params=tuple(result.params.items()))
            problem = issue_message(issue, language)
            line = text("anonymise.failed", language, source=result.shown, problem=problem)
            console.print(line, soft_wrap=True)
            continue
        result.target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(result.target, data, inputs=inputs)
        written += 1
        console.print(
            text(
                "anonymise.written",
                language,
                source=result.shown,
                target=result.target,
                pseudonymised=result.pseudonymised,
                masked=result.masked,
                dropped=", ".join(result.dropped) or text("anonymise.none", language),
            ),
            soft_wrap=True,
        )
    console.print(text("anonymise.summary", language, files=written, out=out))
    if not written:
        raise typer.Exit(2)


@app.command("due")
@user_errors
def due_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Extract files or folders (searched recursively).")
    ],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Audit date (default: config, else today).")
    ] = None,
    within: Annotated[
        str, typer.Option("--within", help="List deadlines up to this many days ahead.")
    ] = "30",
    ruleset: Annotated[
        str | None, typer.Option(help="Ruleset: rr2014 (default) or bek2020.")
    ] = None,
    municipality: Annotated[
        str | None,
        typer.Option(help="Municipality of every row, for extracts without a municipality column."),
    ] = None,
    by: Annotated[
        GroupBy, typer.Option("--by", help="Group the counts by.")
    ] = GroupBy.municipality,
    xlsx_out: Annotated[
        Path | None, typer.Option("--xlsx", help="Write the work-list workbook to FILE.")
    ] = None,
    json_out: Annotated[
        str | None, typer.Option("--json", help="Write the JSON document to FILE, or - for stdout.")
    ] = None,
    lang: Annotated[Lang | None, typer.Option(help="Output language (default da).")] = None,
    config_file: ConfigFile = None,
    key_file: KeyFile = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every data issue.")
    ] = False,
    max_file_size: MaxFileSize = "200MB",
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace an existing output file that is not an integaudit report."
        ),
    ] = False,
) -> None:
    """List the deadlines still open at the audit date: due within --within days, overdue
    (still open, what check reports as failing) and to fix (failing rules without a deadline)."""
    from integaudit import due
    from integaudit.render import due as due_render

    started = dt.datetime.now().astimezone().replace(microsecond=0)
    settings = config.load(config.discover(config_file, paths))
    language = use_language(language_of(lang, settings))
    refuse_stray_unit(paths, max_file_size, language)
    size_limit = parse_size(max_file_size, "--max-file-size")
    within_text = within.strip()
    if not within_text.isdigit():
        raise IntegauditError(key="due-within", value=shown(within))
    within_days = int(within_text)
    ruleset_name = ruleset or settings.ruleset or DEFAULT_RULESET
    if ruleset_name not in config.RULESET_NAMES:
        raise IntegauditError(
            key="unknown-ruleset",
            value=shown(ruleset_name),
            available=", ".join(config.RULESET_NAMES),
        )
    audit_date = parse_date_option(as_of, "--as-of") if as_of else settings.as_of or dt.date.today()
    fixed_municipality = None
    if municipality:
        fixed_municipality = municipalities.lookup(municipality)
        if fixed_municipality is None:
            raise IntegauditError(key="unknown-municipality", value=shown(municipality))
    key, key_source = resolve_key(key_file, settings.key_file, os.environ)
    pseudonymiser = Pseudonymiser(key, stable=key_source != "random")
    options = ingest.LoadOptions(
        as_of=audit_date,
        pseudonymiser=pseudonymiser,
        municipality=fixed_municipality,
        aliases=settings.aliases,
        goal_placeholders=settings.goal_placeholders,
        max_file_size=size_limit,
    )
    to_stdout = json_out == "-"
    console = report_console(stderr=to_stdout)
    extract = _load_with_progress(paths, options, language)
    inputs = [Path(f.source) for f in extract.inputs if f.source]
    inputs += [p for p in paths if p.is_file()]
    json_target = [Path(json_out)] if json_out and not to_stdout else []
    check_targets([*(p for p in (xlsx_out,) if p), *json_target], inputs, force)
    if not pseudonymiser.stable and pseudonymiser.used:
        extract.issues.insert(0, DataIssue("warning", "random-key"))
    if extract.contracts.empty:
        terminal.render_issues_only(extract.issues, console, language, verbose)
        Console(stderr=True).print(f"[red]{text('nothing_audited', language)}[/red]")
        raise typer.Exit(2)
    work = due.run(
        extract,
        ruleset_name,
        audit_date,
        within_days=within_days,
        suspensions=settings.suspensions,
        group_by=by.value,
    )
    work.audit.pseudonyms_stable = pseudonymiser.stable or not pseudonymiser.used
    work.audit.meta = {
        "command": pseudonymiser.scrub_text(" ".join(["integaudit", *sys.argv[1:]])),
        "config_path": str(settings.path) if settings.path else None,
        "suspensions": settings.suspensions,
        "started": started.isoformat(),
    }
    due_render.render(work, console, language, verbose)
    # Render every output before writing any, so a renderer that fails leaves none behind.
    xlsx_data = due_render.workbook_bytes(work, language) if xlsx_out else b""
    document = due_render.dumps(work) if json_out else ""
    if xlsx_out:
        write_bytes(xlsx_out, xlsx_data, inputs=inputs)
        console.print(text("xlsx_written", language, path=xlsx_out))
    if json_out:
        if to_stdout:
            sys.stdout.write(document)
        else:
            write_text(Path(json_out), document, inputs=inputs)
            console.print(text("json_written", language, path=json_out))
