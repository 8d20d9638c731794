"""plan, evaluate and sample: audit sampling."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from integaudit import api
from integaudit.cli.common import (
    ConfigFile,
    KeyFile,
    Lang,
    MaxFileSize,
    OutputLang,
    Paths,
    Workers,
    app,
    emit,
    plain_console,
    report_console,
    settings,
    user_errors,
)
from integaudit.i18n import number, percent, text
from integaudit.render.literal import console as new_console
from integaudit.render.literal import literal

if TYPE_CHECKING:
    from integaudit.issues import DataIssue


class Likelihood(StrEnum):
    binomial = "binomial"
    poisson = "poisson"
    hypergeometric = "hypergeometric"


class Strata(StrEnum):
    municipality = "municipality"
    region = "region"


Confidence = Annotated[str, typer.Option(help="Confidence in percent, e.g. 95.")]
LikelihoodOption = Annotated[Likelihood, typer.Option(help="Likelihood.")]
PlanTolerable = Annotated[
    str, typer.Option(help="Tolerable deviation rate in percent, e.g. 5 or 5% (0.5 = 0.5 %).")
]
Expected = Annotated[
    str | None, typer.Option(help="Expected deviation rate in percent, e.g. 1 (default 0).")
]
ExpectedErrors = Annotated[
    float | None, typer.Option("--expected-errors", help="Expected deviations, a number.")
]
PlanPopulation = Annotated[
    int | None, typer.Option(min=1, help="Population size (hypergeometric).")
]
PlanJson = Annotated[str | None, typer.Option("--json", help="Print the plan as JSON (use -).")]


def percent_as_given(rate: float, lang: str, digits: int) -> str:
    """Return a rate option's value as a percentage with at least ``digits`` decimals and as
    many more (up to 4) as it needs: ``5,0 %``, ``0,25 %``, ``95 %``, ``97,5 %``; so a small
    tolerable rate is not shown rounded away."""
    needed = next((d for d in range(5) if abs(round(rate * 100, d) - rate * 100) < 1e-9), 4)
    return percent(rate, lang, max(digits, needed))


@app.command("plan")
@user_errors
def plan_command(
    tolerable: PlanTolerable,
    expected: Expected = None,
    expected_errors: ExpectedErrors = None,
    confidence: Confidence = "95%",
    likelihood: LikelihoodOption = Likelihood.binomial,
    population: PlanPopulation = None,
    json_out: PlanJson = None,
    lang: OutputLang = None,
    config_file: ConfigFile = None,
) -> None:
    """The smallest sample size whose upper bound stays below the tolerable rate."""
    run = settings(config_file, [], lang)
    options = api.PlanOptions(
        tolerable, expected, expected_errors, confidence, likelihood.value, population
    )
    result = api.plan(options)
    if json_out == "-":
        emit([api.json_output("-", result.document, ascii=True)], [], plain_console(), run.lang)
        return
    k = result.plan.tolerable_deviations
    line = text(
        "plan.result",
        run.lang,
        n=result.plan.sample_size,
        k=f"{k:g}" if run.lang == "en" else f"{k:g}".replace(".", ","),
        likelihood=text(f"likelihood.{likelihood.value}", run.lang),
        confidence=percent_as_given(result.confidence, run.lang, 0),
        tolerable=percent_as_given(result.tolerable, run.lang, 1),
    )
    plain_console().print(literal(line), soft_wrap=True)


SampleWorkbook = Annotated[
    Path | None,
    typer.Argument(help="A reviewed sample workbook from integaudit sample (instead of --n/--k)."),
]
SampleSize = Annotated[int | None, typer.Option("--n", min=1, help="Sample size.")]
Deviations = Annotated[int | None, typer.Option("--k", min=0, help="Deviations found.")]
Population = Annotated[int | None, typer.Option(min=1, help="Population size.")]
Tolerable = Annotated[
    str | None,
    typer.Option(help="Tolerable rate in percent to conclude against, e.g. 5 or 5%."),
]
EvaluateJson = Annotated[
    str | None,
    typer.Option("--json", help="Print the evaluation as JSON (use -), or write it to FILE."),
]
EvaluateFail = Annotated[
    bool,
    typer.Option(
        "--fail",
        help="Exit 1 when the upper bound (of any rule) is not below --tolerable.",
    ),
]
EvaluateForce = Annotated[
    bool,
    typer.Option(
        "--force", help="Replace an existing --json file that is not an integaudit report."
    ),
]


@app.command("evaluate")
@user_errors
def evaluate_command(
    sample: SampleWorkbook = None,
    n: SampleSize = None,
    k: Deviations = None,
    confidence: Confidence = "95%",
    likelihood: LikelihoodOption = Likelihood.binomial,
    population: Population = None,
    tolerable: Tolerable = None,
    json_out: EvaluateJson = None,
    force: EvaluateForce = False,
    fail: EvaluateFail = False,
    lang: OutputLang = None,
    config_file: ConfigFile = None,
) -> None:
    """Estimate, upper bound, interval and projection of a sample's deviation rate: from
    --n and --k, or per rule from a reviewed sample workbook."""
    run = settings(config_file, [sample] if sample else [], lang)
    options = api.EvaluateOptions(
        sample, n, k, confidence, likelihood.value, population, tolerable, json_out, force, fail
    )
    result = api.evaluate(options)
    if result.output is not None and result.output.to_stdout:
        emit([result.output], [], plain_console(), run.lang)
    elif result.evaluation is not None:
        plain_console().print(
            literal("\n".join(evaluation_lines(result, run.lang))), soft_wrap=True
        )
    elif result.document is not None:
        from integaudit.render import terminal

        console = report_console()
        console.print(
            terminal.projection_table(
                result.document, run.lang, result.confidence, result.likelihood, result.tolerable
            )
        )
        emit([result.output] if result.output else [], result.inputs, console, run.lang)
    if result.exit_code:
        raise typer.Exit(result.exit_code)


def evaluation_lines(result: api.EvaluateResult, lang: str) -> list[str]:
    """Return the lines that state an evaluation of --n and --k in ``lang``."""
    found = result.evaluation
    assert found is not None
    low, high = found.interval
    lines = [
        text(
            "evaluate.result",
            lang,
            estimate=percent(found.estimate, lang, 2),
            upper=percent(found.upper_bound, lang, 2),
            confidence=percent_as_given(result.confidence, lang, 0),
            low=percent(low, lang, 2),
            high=percent(high, lang, 2),
            likelihood=text(f"likelihood.{result.likelihood}", lang),
        )
    ]
    if found.projected_deviations is not None:
        count = number(found.projected_deviations, lang, 0)
        lines.append(text("evaluate.projected", lang, count=count))
    if found.conclusion and result.tolerable is not None:
        rate = percent_as_given(result.tolerable, lang, 1)
        conclusion = text(f"projection.{found.conclusion}", lang, rate=rate)
        lines.append(text("evaluate.conclusion", lang, conclusion=conclusion))
    return lines


Size = Annotated[int, typer.Option("--size", min=1, help="Number of contracts to draw.")]
Seed = Annotated[int, typer.Option(help="Random seed (same seed, same sample).")]
Out = Annotated[Path, typer.Option("--out", help="Sample workbook to write (.xlsx).")]
Method = Annotated[str, typer.Option(help="random, systematic or stratified.")]
StrataOption = Annotated[Strata, typer.Option(help="Strata of the stratified method.")]
MinPerStratum = Annotated[
    int, typer.Option("--min-per-stratum", min=0, help="Least contracts per stratum.")
]
SampleRuleset = Annotated[str | None, typer.Option(help="Ruleset whose rules get columns.")]
SampleAsOf = Annotated[str | None, typer.Option("--as-of", help="Audit date.")]
SampleLang = Annotated[
    Lang | None,
    typer.Option(help="Language of the workbook and the output (default: config, else da)."),
]
SampleForce = Annotated[
    bool, typer.Option("--force", help="Replace --out if it exists (it may hold marks).")
]


def print_left_out(issues: list[DataIssue], lang: str) -> None:
    """Print on stderr each file left out of the population (unreadable, too large)."""
    from integaudit.render.issue_text import issue_message

    for issue in issues:
        new_console(stderr=True).print(
            literal(f"{issue.file}: {issue_message(issue, lang)}"), soft_wrap=True
        )


@app.command("sample")
@user_errors
def sample_command(
    paths: Paths,
    size: Size,
    seed: Seed,
    out: Out,
    method: Method = "stratified",
    strata: StrataOption = Strata.municipality,
    min_per_stratum: MinPerStratum = 1,
    ruleset: SampleRuleset = None,
    as_of: SampleAsOf = None,
    lang: SampleLang = None,
    force: SampleForce = False,
    config_file: ConfigFile = None,
    key_file: KeyFile = None,
    max_file_size: MaxFileSize = "200MB",
    workers: Workers = None,
) -> None:
    """Draw a reproducible sample of contracts for manual review."""
    run = settings(config_file, paths, lang)
    options = api.SampleOptions(
        paths, size, seed, out, method, strata.value, min_per_stratum, ruleset, as_of, force,
        key_file, max_file_size, workers,
    )  # fmt: skip
    result = api.sample(options, run, lambda issues: print_left_out(issues, run.lang))
    emit([result.output], result.inputs, plain_console(), run.lang, announce=False)
    strata_name = text(f"projection.strata.{strata.value}", run.lang)
    design = text(f"projection.design.{method}", run.lang, strata=strata_name)
    summary = text(
        "sample.summary", run.lang, n=result.sample_size, population=result.population,
        design=design, seed=seed, out=out,
    )  # fmt: skip
    plain_console().print(literal(summary), soft_wrap=True)
