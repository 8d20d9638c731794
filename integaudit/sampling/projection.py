"""A reviewed or checked sample projected to the population it was drawn from: per rule the
sample's deviation rate, its bounds, and the projected number of deviating contracts."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from integaudit.audit.aggregate import group_keys
from integaudit.errors import IntegauditError
from integaudit.figures import ProjectedRule, Projection
from integaudit.model import Audit, Status
from integaudit.sampling import stats
from integaudit.sampling.review import WHOLE_POPULATION, Design


@dataclass(frozen=True)
class RuleProjection:
    """One rule's evaluation of a sample, projected to the population."""

    rule: str
    not_reviewed: int
    uncovered_strata: list[str]
    projection: stats.Projection


def evaluate_marks(
    design: Design,
    marks: pd.DataFrame,
    rule_ids: list[str],
    confidence: float,
    likelihood: str,
    tolerable: float | None = None,
) -> list[RuleProjection]:
    """Return per rule the reviewed sample's deviation rate and bounds, projected to the
    population the design records (stratified: strata weighted by their population); raise
    IntegauditError when the likelihood does not fit the design."""
    results = []
    for rule in rule_ids:
        reviewed = marks[rule].notna()
        counts = pd.DataFrame(
            {
                "n": reviewed.groupby(marks["stratum"]).sum(),
                "k": marks[rule].fillna(False).astype(bool).groupby(marks["stratum"]).sum(),
            }
        )
        not_reviewed = int((~reviewed).sum())
        results.append(
            _project(rule, design, counts, not_reviewed, confidence, likelihood, tolerable)
        )
    return results


def project_audit(
    audit: Audit, design: Design, confidence: float = 0.95, likelihood: str = "binomial"
) -> list[RuleProjection]:
    """Return per rule the checked sample's share of deviating contracts, projected to the
    population the design records.

    A contract the rule does not apply to counts as not deviating (the projection is of
    deviating contracts among all contracts); a contract the rule could not assess is left
    out, like a contract the reviewer did not mark.
    """
    contracts = audit.extract.contracts
    if design.stratified:
        strata = group_keys(contracts, design.strata_by)["key"]
    else:
        strata = pd.Series(WHOLE_POPULATION, index=contracts.index)
    statuses = audit.statuses.assign(stratum=audit.statuses["uid"].map(strata))
    results = []
    for rule in audit.rule_ids:
        own = statuses[statuses["rule"] == rule]
        counted = own["status"] != Status.NOT_ASSESSED.value
        counts = pd.DataFrame(
            {
                "n": counted.groupby(own["stratum"]).sum(),
                "k": (own["status"] == Status.FAIL.value).groupby(own["stratum"]).sum(),
            }
        )
        not_assessed = int((~counted).sum())
        results.append(_project(rule, design, counts, not_assessed, confidence, likelihood, None))
    return results


def _project(
    rule: str,
    design: Design,
    counts: pd.DataFrame,
    not_reviewed: int,
    confidence: float,
    likelihood: str,
    tolerable: float | None,
) -> RuleProjection:
    """Return one rule's projection from its counts per stratum (``n`` counted, ``k``
    deviating, so k ≤ n); raise IntegauditError for counts in a stratum the design does not
    record and for the hypergeometric likelihood on more than one stratum (stats.project's
    only other refusals)."""
    sizes = design.population_strata()
    outside = set(counts.index) - set(sizes.index)
    if outside:
        raise IntegauditError(
            key="review.outside_strata",
            strata=", ".join(sorted(outside)),
            method=design.method_sheet,
        )
    counts = counts.reindex(sizes.index, fill_value=0)
    strata = [
        (int(size), int(n), int(k))
        for size, n, k in zip(sizes, counts["n"], counts["k"], strict=True)
    ]
    uncovered = [
        str(s) for (size, n, _), s in zip(strata, sizes.index, strict=True) if size and not n
    ]
    covered = sum(1 for size, n, _ in strata if size and n)
    if likelihood == "hypergeometric" and covered > 1:
        raise IntegauditError(key="review.hypergeometric")
    try:
        projection = stats.project(strata, confidence, likelihood, tolerable)
    except ValueError as exc:
        raise IntegauditError(key="review.projection", rule=rule, detail=str(exc)) from None
    return RuleProjection(rule, not_reviewed, uncovered, projection)


def projection_document(results: list[RuleProjection], design: Design) -> Projection:
    """Return the projection as plain JSON values (rates as fractions, rounded to 4 places;
    projected counts to 1 place)."""

    def rate(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    def count(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    rules: dict[str, ProjectedRule] = {}
    for result in results:
        p = result.projection
        rules[result.rule] = {
            "n": p.n,
            "k": p.k,
            "not_reviewed": result.not_reviewed,
            "estimate": rate(p.estimate),
            "effective_n": round(p.effective_n, 1),
            "upper_bound": rate(p.upper_bound),
            "interval": None if p.interval is None else [rate(v) for v in p.interval],
            "covered_population": p.covered_population,
            "projected_deviations": count(p.projected_deviations),
            "projected_upper": count(p.projected_upper),
            "projected_interval": (
                None if p.projected_interval is None else [count(v) for v in p.projected_interval]
            ),
            "uncovered_strata": result.uncovered_strata,
            "conclusion": p.conclusion,
        }
    return {
        "method": design.method,
        "strata": design.strata_by if design.stratified else "none",
        "population": design.population,
        "sample_size": design.sample_size,
        "seed": design.seed,
        "rules": rules,
    }
