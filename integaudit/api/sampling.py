"""The audit-sampling use cases: plan a sample size, evaluate a sample, draw a sample."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from integaudit import SCHEMA_VERSION
from integaudit.api.outputs import Output, json_output
from integaudit.api.samples import shown_path
from integaudit.audit.thresholds import parse_rate
from integaudit.errors import IntegauditError
from integaudit.sampling import stats
from integaudit.writers.outputs import check_targets


@dataclass(frozen=True)
class PlanOptions:
    """What ``integaudit plan`` is asked; rates as the user wrote them (percentages)."""

    tolerable: str
    expected: str | None = None
    expected_errors: float | None = None
    confidence: str = "95%"
    likelihood: str = "binomial"
    population: int | None = None


@dataclass(frozen=True)
class PlanResult:
    """The plan and the rates it was made for, as fractions."""

    plan: stats.Plan
    tolerable: float
    confidence: float
    document: dict[str, Any]


def plan(options: PlanOptions) -> PlanResult:
    """Return the smallest sample whose upper bound stays below the tolerable rate; raise
    IntegauditError for options that contradict or cannot be met."""
    if options.expected is not None and options.expected_errors is not None:
        raise IntegauditError(key="plan-both-expected")
    if options.likelihood == "hypergeometric" and not options.population:
        raise IntegauditError(key="needs-population")
    tolerable = parse_rate(options.tolerable, "--tolerable")
    # An expected rate of none is the usual plan (AICPA's tables start there).
    expected = (
        parse_rate(options.expected, "--expected", allow_zero=True) if options.expected else 0.0
    )
    confidence = parse_rate(options.confidence, "--confidence")
    try:
        found = stats.plan(
            tolerable,
            confidence,
            options.likelihood,
            expected,
            options.expected_errors,
            options.population,
        )
    except ValueError:
        limit = min(stats.MAX_SAMPLE, options.population or stats.MAX_SAMPLE)
        raise IntegauditError(key="plan-no-sample", limit=limit) from None
    document = {
        "schema_version": SCHEMA_VERSION,
        "kind": "plan",
        "sample_size": found.sample_size,
        "tolerable_deviations": found.tolerable_deviations,
        "likelihood": found.likelihood,
        "confidence": found.confidence,
        "tolerable_rate": found.tolerable_rate,
        "expected_rate": None if options.expected_errors is not None else found.expected_rate,
    }
    return PlanResult(found, tolerable, confidence, document)


@dataclass(frozen=True)
class EvaluateOptions:
    """What ``integaudit evaluate`` is asked: --n and --k, or a reviewed sample workbook."""

    sample: Path | None = None
    n: int | None = None
    k: int | None = None
    confidence: str = "95%"
    likelihood: str = "binomial"
    population: int | None = None
    tolerable: str | None = None
    json: str | None = None
    force: bool = False
    fail: bool = False


# The conclusion that fails an evaluation run with --fail: the upper bound is not below the
# tolerable rate.
NOT_BELOW = "not-below-tolerable"


def _exit_code(options: EvaluateOptions, conclusions: list[str | None]) -> int:
    """Return 1 when --fail was given and a conclusion is that the upper bound is not below
    the tolerable rate, else 0."""
    return 1 if options.fail and NOT_BELOW in conclusions else 0


@dataclass(frozen=True)
class EvaluateResult:
    """An evaluation: of --n and --k (``evaluation``), or per rule of a reviewed sample
    (``document``, the projection as JSON values), with its JSON output when asked."""

    confidence: float
    tolerable: float | None
    likelihood: str
    evaluation: stats.Evaluation | None = None
    document: dict[str, Any] | None = None
    output: Output | None = None
    inputs: tuple[Path, ...] = ()

    @property
    def exit_code(self) -> int:
        """Return the exit code of the evaluation: 1 when --fail was given and the upper
        bound of the rate (of a rule) is not below the tolerable rate, else 0."""
        return int((self.document or {}).get("exit_code", 0))


def evaluate(options: EvaluateOptions) -> EvaluateResult:
    """Return the estimate, upper bound, interval and projection of a sample's deviation
    rate; raise IntegauditError for contradicting options."""
    confidence = parse_rate(options.confidence, "--confidence")
    rate = parse_rate(options.tolerable, "--tolerable") if options.tolerable else None
    if options.fail and rate is None:
        raise IntegauditError(key="evaluate-fail-needs-tolerable")
    if options.sample is not None:
        if options.n is not None or options.k is not None or options.population is not None:
            raise IntegauditError(key="evaluate-both")
        return _evaluate_sample(options, confidence, rate)
    if options.n is None or options.k is None:
        raise IntegauditError(key="evaluate-neither")
    if options.k > options.n:
        raise IntegauditError(key="evaluate-k-above-n")
    if options.likelihood == "hypergeometric" and not options.population:
        raise IntegauditError(key="needs-population")
    found = stats.evaluate(
        options.n, options.k, confidence, options.likelihood, options.population, rate
    )
    document = {
        "schema_version": SCHEMA_VERSION,
        "kind": "evaluate",
        "n": found.n,
        "k": found.k,
        "estimate": found.estimate,
        "upper_bound": found.upper_bound,
        "interval": list(found.interval),
        "projected_deviations": found.projected_deviations,
        "conclusion": found.conclusion,
        "exit_code": _exit_code(options, [found.conclusion]),
    }
    output = json_output(options.json, document, ascii=True) if options.json == "-" else None
    return EvaluateResult(confidence, rate, options.likelihood, found, document, output)


def _evaluate_sample(
    options: EvaluateOptions, confidence: float, tolerable: float | None
) -> EvaluateResult:
    """Return the per-rule evaluation of a reviewed sample workbook, projected to its
    population; a --json file replaces only its own earlier file unless forced."""
    from integaudit.sampling import projection, review

    path = options.sample
    assert path is not None
    shown = shown_path(path)
    design, marks, rule_ids = review.read_marks(path, shown)
    results = projection.evaluate_marks(
        design, marks, rule_ids, confidence, options.likelihood, tolerable
    )
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "kind": "evaluate",
        "sample": shown,
        "confidence": confidence,
        "likelihood": options.likelihood,
        "tolerable_rate": tolerable,
        **projection.projection_document(results, design),
    }
    conclusions = [rule["conclusion"] for rule in document["rules"].values()]
    document["exit_code"] = _exit_code(options, conclusions)
    output = None
    if options.json == "-":
        output = json_output("-", document)
    elif options.json:
        # A report output: like check's and compare's, it replaces its own earlier file.
        check_targets([Path(options.json)], [path], options.force)
        output = json_output(options.json, document, indent=1)
    return EvaluateResult(
        confidence, tolerable, options.likelihood, None, document, output, (path,)
    )
