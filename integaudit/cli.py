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
from integaudit.limits import parse_size
from integaudit.model import DataIssue
from integaudit.outputs import check_targets, write_bytes, write_text
from integaudit.privacy import Pseudonymiser, resolve_key
from integaudit.render import html as html_render
from integaudit.render import json as json_render
from integaudit.render import terminal
from integaudit.render import xlsx as xlsx_render
from integaudit.rules.rulesets import DEFAULT_RULESET
from integaudit.thresholds import breaches, describe, parse_fail_above

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
        help="Skip files larger than this (200MB, 1.5GB, 500kB or bytes); a workbook that "
        "unpacks to more than 10 times it is not opened.",
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
    """Return the date an option names (ISO or any Danish form the extracts accept)."""
    dates, _ = parse_dates(pd.Series([value], dtype=object))
    if pd.isna(dates.iloc[0]):
        raise IntegauditError(key="not-a-date", option=option, value=shown(value))
    return dates.iloc[0].date()


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
        bool, typer.Option("--strict", help="Exit 1 when any error-level data issue is found.")
    ] = False,
    max_file_size: MaxFileSize = "200MB",
) -> None:
    """Audit every contract in PATHS and print the rates by group."""
    started = dt.datetime.now().astimezone().replace(microsecond=0)
    settings = config.load(config.discover(config_file, paths))
    language = use_language((lang.value if lang else None) or settings.lang or "da")
    size_limit = parse_size(max_file_size, "--max-file-size")
    design = _sample_design(paths, size_limit)
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
    # Every target is checked before the audit and before any output is written. A file named
    # on the command line is an input even when it is not a spreadsheet (SPEC §1.1).
    inputs = [Path(f.source) for f in extract.inputs if f.source]
    inputs += [p for p in paths if p.is_file()]
    json_target = [Path(json_out)] if json_out and not to_stdout else []
    check_targets([*(p for p in (html_out, xlsx_out) if p), *json_target], inputs)
    if not pseudonymiser.stable:
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
    result.pseudonyms_stable = pseudonymiser.stable
    result.meta = {
        "command": pseudonymiser.scrub_text(" ".join(["integaudit", *sys.argv[1:]])),
        "config_path": str(settings.path) if settings.path else None,
        "suspensions": settings.suspensions,
        "started": started.isoformat(),
    }
    if design is not None:
        from integaudit import sample_review

        projected = sample_review.project_audit(result, design)
        result.projection = sample_review.projection_document(projected, design)
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


def _sample_design(paths: list[Path], max_file_size: int) -> Any:
    """Return the design of the sample workbook when ``paths`` is exactly one, else None."""
    from integaudit import sample_review

    if len(paths) != 1:
        return None
    shown = Pseudonymiser(os.urandom(32), stable=False).scrub_text(str(paths[0]))
    return sample_review.read_design(paths[0], shown, max_file_size)


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
        typer.Option(help="Compare across schema versions, rulesets or groupings anyway."),
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
    check_targets([*([html_out] if html_out else []), *json_target], [old, new])
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


def parse_rate(value: str, option: str) -> float:
    """Return a rate given as '5%', '5', '0.05' or '0,05' as a fraction."""
    text_value = value.strip().replace(",", ".")
    percent_sign = text_value.endswith("%")
    try:
        number = float(text_value.rstrip("%").strip())
    except ValueError:
        raise IntegauditError(f"{option}: not a rate: {value!r} (e.g. 5% or 0.05)") from None
    rate = number / 100 if percent_sign or number > 1 else number
    if not 0 <= rate < 1:
        raise IntegauditError(f"{option}: {value!r} is not a rate between 0 and 100 %")
    return rate


@app.command("plan")
@user_errors
def plan_command(
    tolerable: Annotated[str, typer.Option(help="Tolerable deviation rate, e.g. 5%.")],
    expected: Annotated[
        str | None, typer.Option(help="Expected deviation rate, e.g. 1% (default 0).")
    ] = None,
    expected_errors: Annotated[
        float | None, typer.Option("--expected-errors", help="Expected deviations, a number.")
    ] = None,
    confidence: Annotated[str, typer.Option(help="Confidence, e.g. 95%.")] = "95%",
    likelihood: Annotated[Likelihood, typer.Option(help="Likelihood.")] = Likelihood.binomial,
    population: Annotated[
        int | None, typer.Option(min=1, help="Population size (hypergeometric).")
    ] = None,
    json_out: Annotated[
        str | None, typer.Option("--json", help="Print the plan as JSON (use -).")
    ] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the output.")] = Lang.da,
) -> None:
    """The smallest sample size whose upper bound stays below the tolerable rate."""
    from integaudit import stats

    if expected is not None and expected_errors is not None:
        raise IntegauditError("give --expected or --expected-errors, not both")
    if likelihood == Likelihood.hypergeometric and not population:
        raise IntegauditError("--likelihood hypergeometric needs --population")
    tolerable_rate = parse_rate(tolerable, "--tolerable")
    expected_rate = parse_rate(expected, "--expected") if expected else 0.0
    conf = parse_rate(confidence, "--confidence")
    try:
        result = stats.plan(
            tolerable_rate, conf, likelihood.value, expected_rate, expected_errors, population
        )
    except ValueError as exc:
        raise IntegauditError(str(exc)) from None
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
    deviations = f"{k:g}" if lang == Lang.en else f"{k:g}".replace(".", ",")
    line = text(
        "plan.result",
        lang.value,
        n=result.sample_size,
        k=deviations,
        likelihood=likelihood.value,
        confidence=percent(conf, lang.value, 0),
        tolerable=percent(tolerable_rate, lang.value),
    )
    Console(highlight=False).print(line, soft_wrap=True)


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
    confidence: Annotated[str, typer.Option(help="Confidence, e.g. 95%.")] = "95%",
    likelihood: Annotated[Likelihood, typer.Option(help="Likelihood.")] = Likelihood.binomial,
    population: Annotated[int | None, typer.Option(min=1, help="Population size.")] = None,
    tolerable: Annotated[
        str | None, typer.Option(help="Tolerable rate to conclude against.")
    ] = None,
    json_out: Annotated[
        str | None, typer.Option("--json", help="Print the evaluation as JSON (use -).")
    ] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the output.")] = Lang.da,
) -> None:
    """Estimate, upper bound, interval and projection of a sample's deviation rate: from
    --n and --k, or per rule from a reviewed sample workbook."""
    from integaudit import stats

    conf = parse_rate(confidence, "--confidence")
    rate = parse_rate(tolerable, "--tolerable") if tolerable else None
    if sample is not None:
        if n is not None or k is not None or population is not None:
            raise IntegauditError(
                "give a sample workbook or --n/--k/--population, not both "
                "(the workbook records its own sizes)"
            )
        _evaluate_sample(sample, conf, likelihood.value, rate, json_out, lang.value)
        return
    if n is None or k is None:
        raise IntegauditError("give a reviewed sample workbook, or --n and --k")
    if k > n:
        raise IntegauditError("--k cannot exceed --n")
    if likelihood == Likelihood.hypergeometric and not population:
        raise IntegauditError("--likelihood hypergeometric needs --population")
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
    language = lang.value
    low, high = result.interval
    lines = [
        text(
            "evaluate.result",
            language,
            estimate=percent(result.estimate, language, 2),
            upper=percent(result.upper_bound, language, 2),
            confidence=percent(conf, language, 0),
            low=percent(low, language, 2),
            high=percent(high, language, 2),
            likelihood=likelihood.value,
        )
    ]
    if result.projected_deviations is not None:
        count = number(result.projected_deviations, language, 0)
        lines.append(text("evaluate.projected", language, count=count))
    if result.conclusion and rate is not None:
        conclusion = text(f"projection.{result.conclusion}", language, rate=percent(rate, language))
        lines.append(text("evaluate.conclusion", language, conclusion=conclusion))
    Console(highlight=False).print("\n".join(lines), soft_wrap=True)


def _evaluate_sample(
    path: Path,
    confidence: float,
    likelihood: str,
    tolerable: float | None,
    json_out: str | None,
    lang: str,
) -> None:
    """Print the per-rule evaluation of a reviewed sample workbook, projected to its
    population."""
    from integaudit import sample_review

    shown = Pseudonymiser(os.urandom(32), stable=False).scrub_text(str(path))
    design, marks, rule_ids = sample_review.read_marks(path, shown)
    results = sample_review.evaluate_marks(
        design, marks, rule_ids, confidence, likelihood, tolerable
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
    console = report_console()
    console.print(terminal.projection_table(document, lang, confidence, likelihood, tolerable))
    if json_out:
        write_text(
            Path(json_out), json.dumps(document, ensure_ascii=False, indent=1) + "\n", inputs=[path]
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
    config_file: ConfigFile = None,
    key_file: KeyFile = None,
    max_file_size: MaxFileSize = "200MB",
) -> None:
    """Draw a reproducible sample of contracts for manual review."""
    from integaudit import __version__, sampling
    from integaudit.aggregate import group_keys
    from integaudit.render.rows import contract_order
    from integaudit.rules.rulesets import get_ruleset

    if out.suffix.lower() != ".xlsx":
        raise IntegauditError(f"--out {out}: the sample is written as an .xlsx workbook")
    settings = config.load(config.discover(config_file, paths))
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
    from integaudit.i18n import issue_message

    for issue in extract.issues:
        if issue.level == "error":
            Console(stderr=True, highlight=False).print(
                f"{issue.file}: {issue_message(issue, settings.lang or 'da')}", soft_wrap=True
            )
    if extract.contracts.empty:
        raise IntegauditError("nothing to sample: no contracts were read")
    ruleset_name = ruleset or settings.ruleset or DEFAULT_RULESET
    rules = get_ruleset(ruleset_name)
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
    selection = sampling.draw(keys, size, seed, method, min_per_stratum)
    method_rows: list[tuple[str, object]] = [
        ("method", method),
        ("strata", strata.value if method == "stratified" else "none"),
        ("seed", seed),
        ("sample size", len(selection.positions)),
        ("population size", len(contracts)),
        ("min per stratum", min_per_stratum),
        ("ruleset", ruleset_name),
        ("as of", audit_date.isoformat()),
        ("tool", f"integaudit {__version__}"),
        ("pseudonyms", "stable" if pseudonymiser.stable else "random key"),
    ]
    method_rows += [(f"input {f.path}", f.sha256) for f in extract.inputs]
    data = sampling.sample_workbook(contracts, selection, [r.id for r in rules], method_rows)
    write_bytes(out, data, inputs=[Path(f.source) for f in extract.inputs if f.source])
    Console(highlight=False).print(
        f"{len(selection.positions)} of {len(contracts)} contracts drawn ({method}, seed {seed}) "
        f"→ {out}"
    )


@app.command("anonymise")
@user_errors
def anonymise_command(
    paths: Annotated[list[Path], typer.Argument(help="Extract files or folders.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the anonymised copies.")],
    key_file: KeyFile = None,
    config_file: ConfigFile = None,
    lang: Annotated[Lang | None, typer.Option(help="Language of the output (default da).")] = None,
    max_file_size: MaxFileSize = "200MB",
) -> None:
    """Write pseudonymised copies of extracts: same sheets and headers, person ids and CPR
    numbers replaced by their pseudonyms, name columns dropped."""
    from integaudit import anonymise
    from integaudit.i18n import issue_message
    from integaudit.ingest.headers import build_alias_index

    settings = config.load(config.discover(config_file, paths))
    language = (lang.value if lang else None) or settings.lang or "da"
    key, key_source = resolve_key(key_file, settings.key_file, os.environ)
    pseudonymiser = Pseudonymiser(key, stable=key_source != "random")
    index = build_alias_index({k: tuple(v) for k, v in settings.aliases.items()})
    size_limit = parse_size(max_file_size, "--max-file-size")
    planned = anonymise.targets(paths, out, pseudonymiser)
    inputs = anonymise.inputs_of(planned)
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
