"""The figures of an audit, as the JSON report gives them (SPEC §3): typed dictionaries, so
that what is written is exactly what the renderers read, and the baseline comparison."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NotRequired, TypedDict

# "pass" is a keyword, hence the functional form.
RuleStats = TypedDict(
    "RuleStats",
    {
        "pass": int,
        "fail": int,
        "not_applicable": int,
        "not_assessed": int,
        "rate": float | None,
        "ci95": list[float | None] | None,
        "coverage": float | None,
        # In the total only: the not-assessed contracts per reason, most common first.
        "not_assessed_reasons": NotRequired[dict[str, int]],
    },
)


class AnyFail(TypedDict):
    """Contracts failing at least one rule, of those assessed on at least one."""

    fail: int
    assessed: int
    rate: float | None
    rules_assessed: int
    rules: int


class Total(TypedDict):
    """The national figures: contracts, each rule's counts and rate, and any-fail."""

    contracts: int
    rules: dict[str, RuleStats]
    any_fail: AnyFail


class Group(Total):
    """One municipality's or region's figures: its code (``?`` unknown) and name, and
    whether it is too small for its rates to be read alone."""

    key: str
    name: str | None
    small: bool


class ProjectedRule(TypedDict):
    """One rule's projection from a reviewed sample to its population (rates as fractions)."""

    n: int
    k: int
    not_reviewed: int
    estimate: float | None
    effective_n: float
    upper_bound: float | None
    interval: list[float | None] | None
    covered_population: int
    projected_deviations: float | None
    projected_upper: float | None
    projected_interval: list[float | None] | None
    uncovered_strata: list[str]
    conclusion: str | None


class Projection(TypedDict):
    """A sample's projection to the population it was drawn from."""

    method: str
    strata: str
    population: int
    sample_size: int
    seed: int | None
    rules: dict[str, ProjectedRule]


@dataclass(frozen=True)
class Baseline:
    """A reference the national rates are compared with (Rigsrevisionen's 2014 review): its
    rate per rule, how many contracts it covered, and this audit's difference from each rate
    in percentage points (None where either rate is missing)."""

    rates: dict[str, float]
    contracts: int
    difference_pp: dict[str, float | None]
