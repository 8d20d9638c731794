"""Statistics for audit rates."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# --- Attribute sampling: planning and evaluation ------------------------------------------
# The classical plans of AICPA's Audit Sampling guide (tables) and of the R package
# jfa (Derks et al., planning() and evaluation()): the smallest n whose one-sided upper bound
# of the deviation rate, given the deviations expected, stays below the tolerable rate.

LIKELIHOODS = ("binomial", "poisson", "hypergeometric")
MAX_SAMPLE = 100_000


def _stats():
    from scipy import stats as scipy_stats

    return scipy_stats


def _population_deviations(tolerable: float, population: int) -> int:
    """Return the tolerable number of deviating items in a population: ceil(rate × N)."""
    return math.ceil(tolerable * population)


def upper_bound(
    n: float, k: float, confidence: float, likelihood: str, population: int | None = None
) -> float:
    """Return the one-sided upper confidence bound of the deviation rate after k deviations
    in n items.

    binomial: Clopper–Pearson, Beta⁻¹(confidence; k + 1, n − k) (Clopper & Pearson 1934).
    poisson: Γ⁻¹(confidence; k + 1) / n, the gamma bound on λ = n·rate (k may be fractional).
    hypergeometric: the largest K with P(X ≤ k | N, K, n) > 1 − confidence, over N (exact).
    """
    st = _stats()
    if likelihood == "binomial":
        return 1.0 if k >= n else float(st.beta.ppf(confidence, k + 1, n - k))
    if likelihood == "poisson":
        return float(st.gamma.ppf(confidence, k + 1) / n)
    if likelihood == "hypergeometric":
        population = _need_population(population)
        deviating = np.arange(int(k), population + 1)
        cdf = st.hypergeom.cdf(int(k), population, deviating, n)
        allowed = deviating[cdf > 1 - confidence]
        return float(allowed.max() / population) if allowed.size else float(k / population)
    raise ValueError(likelihood)


def interval(
    n: float, k: float, confidence: float, likelihood: str, population: int | None = None
) -> tuple[float, float]:
    """Return the two-sided interval of the deviation rate at ``confidence``.

    binomial: Clopper–Pearson [Beta⁻¹(α/2; k, n−k+1), Beta⁻¹(1−α/2; k+1, n−k)];
    poisson: [Γ⁻¹(α/2; k)/n, Γ⁻¹(1−α/2; k+1)/n]; hypergeometric: the exact bounds on K/N at
    α/2 on each side.
    """
    st = _stats()
    alpha = 1 - confidence
    if likelihood == "binomial":
        low = 0.0 if k == 0 else float(st.beta.ppf(alpha / 2, k, n - k + 1))
        high = 1.0 if k == n else float(st.beta.ppf(1 - alpha / 2, k + 1, n - k))
        return low, high
    if likelihood == "poisson":
        low = 0.0 if k == 0 else float(st.gamma.ppf(alpha / 2, k) / n)
        return low, float(st.gamma.ppf(1 - alpha / 2, k + 1) / n)
    if likelihood == "hypergeometric":
        population = _need_population(population)
        deviating = np.arange(k, population - (n - k) + 1)
        survival = st.hypergeom.sf(k - 1, population, deviating, n)
        low_ok = deviating[survival > alpha / 2]
        low = float(low_ok.min() / population) if low_ok.size else 0.0
        return low, upper_bound(n, k, 1 - alpha / 2, likelihood, population)
    raise ValueError(likelihood)


def _conclusion(bound: float, tolerable: float | None) -> str | None:
    """Return "below-tolerable" when the upper bound is below the tolerable rate, else
    "not-below-tolerable"; None without a tolerable rate."""
    if tolerable is None:
        return None
    return "below-tolerable" if bound < tolerable else "not-below-tolerable"


def _need_population(population: int | None) -> int:
    if not population or population < 1:
        raise ValueError("the hypergeometric likelihood needs the population size")
    return int(population)


@dataclass(frozen=True)
class Plan:
    """A sampling plan: sample size and the deviations it tolerates."""

    sample_size: int
    tolerable_deviations: float
    likelihood: str
    confidence: float
    tolerable_rate: float
    expected_rate: float | None


def plan(
    tolerable: float,
    confidence: float,
    likelihood: str,
    expected_rate: float = 0.0,
    expected_errors: float | None = None,
    population: int | None = None,
) -> Plan:
    """Return the smallest n such that the one-sided upper bound of the deviation rate, with
    the expected deviations found, is below the tolerable rate.

    Expected deviations: ``expected_errors`` as given, else ceil(expected_rate × n) for the
    binomial and hypergeometric likelihoods and expected_rate × n (fractional) for Poisson.
    Criterion per likelihood: binomial P(X ≤ k | n, tolerable) ≤ α; Poisson
    Γ⁻¹(1−α; k+1)/n ≤ tolerable; hypergeometric P(X ≤ k | N, ceil(tolerable·N), n) ≤ α
    (AICPA Audit Sampling, tables A-1/A-2; jfa::planning).
    """
    st = _stats()
    alpha = 1 - confidence
    if likelihood == "hypergeometric":
        population = _need_population(population)
    limit = min(MAX_SAMPLE, population or MAX_SAMPLE)
    for n in range(1, limit + 1):
        if expected_errors is not None:
            k: float = expected_errors
        elif likelihood == "poisson":
            k = expected_rate * n
        else:
            k = math.ceil(expected_rate * n - 1e-12)
        if k >= n:
            continue
        if likelihood == "binomial":
            ok = st.binom.cdf(math.floor(k), n, tolerable) <= alpha
        elif likelihood == "poisson":
            ok = st.gamma.ppf(confidence, k + 1) / n <= tolerable
        else:
            deviating = _population_deviations(tolerable, population)  # type: ignore[arg-type]
            ok = st.hypergeom.cdf(math.floor(k), population, deviating, n) <= alpha
        if ok:
            return Plan(n, k, likelihood, confidence, tolerable, expected_rate)
    raise ValueError(
        f"no sample of at most {limit} items meets the tolerable rate with these expectations"
    )


@dataclass(frozen=True)
class Evaluation:
    """What a sample says about the population's deviation rate."""

    n: int
    k: int
    estimate: float
    upper_bound: float
    interval: tuple[float, float]
    projected_deviations: float | None
    conclusion: str | None


def evaluate(
    n: int,
    k: int,
    confidence: float,
    likelihood: str,
    population: int | None = None,
    tolerable: float | None = None,
) -> Evaluation:
    """Return the point estimate k/n, the one-sided upper bound and two-sided interval at
    ``confidence``, the projected number of deviating items (estimate × N, when N is known)
    and, with a tolerable rate, whether the upper bound is below it."""
    if not 0 <= k <= n or n < 1:
        raise ValueError("need 0 ≤ k ≤ n and n ≥ 1")
    bound = upper_bound(n, k, confidence, likelihood, population)
    conclusion = _conclusion(bound, tolerable)
    return Evaluation(
        n=n,
        k=k,
        estimate=k / n,
        upper_bound=bound,
        interval=interval(n, k, confidence, likelihood, population),
        projected_deviations=None if not population else k / n * population,
        conclusion=conclusion,
    )


# --- Projection of a (stratified) sample to its population ---------------------------------


@dataclass(frozen=True)
class Projection:
    """What the reviewed part of a sample says about its population's deviations."""

    n: int
    k: int
    estimate: float | None
    effective_n: float
    upper_bound: float | None
    interval: tuple[float, float] | None
    population: int
    covered_population: int
    projected_deviations: float | None
    projected_upper: float | None
    projected_interval: tuple[float, float] | None
    conclusion: str | None


def project(
    strata: list[tuple[int, int, int]],
    confidence: float,
    likelihood: str,
    tolerable: float | None = None,
) -> Projection:
    """Return the population estimate from per-stratum (N_h, n_h, k_h): population size,
    items reviewed and deviations found. One stratum is a simple random sample.

    Estimate (stratified, Cochran 1977 §5.1): p̂ = Σ W_h·k_h/n_h with W_h = N_h/N over the
    strata with n_h > 0 (N the population of those strata); projected deviations p̂·N.
    Bounds: one stratum uses ``upper_bound``/``interval`` with n and k as they are (the
    hypergeometric with N); several strata use Kish's effective sample size for unequal
    weights, n* = N² / Σ N_h²/n_h (Kish 1965 §11.7; n* = n under proportional allocation),
    and k* = p̂·n* in the binomial (Clopper–Pearson) or Poisson (gamma) bound — the
    effective-sample-size bound of Korn & Graubard (1998) with a design effect from the weights
    alone, which never claims the precision stratification may add. The projected bounds are
    the rate bounds × N.
    """
    population = sum(size for size, _, _ in strata)
    covered = [(size, n, k) for size, n, k in strata if n > 0 and size > 0]
    n_total = sum(n for _, n, _ in covered)
    k_total = sum(k for _, _, k in covered)
    covered_size = sum(size for size, _, _ in covered)
    if not covered:
        return Projection(0, 0, None, 0.0, None, None, population, 0, None, None, None, None)
    if any(not 0 <= k <= n for _, n, k in covered):
        raise ValueError("need 0 ≤ k ≤ n in every stratum")
    if len(covered) == 1:
        size, n_eff, k_eff = covered[0][0], float(n_total), float(k_total)
        estimate = k_total / n_total
        bound = upper_bound(n_total, k_total, confidence, likelihood, size)
        low, high = interval(n_total, k_total, confidence, likelihood, size)
    else:
        if likelihood == "hypergeometric":
            raise ValueError(
                "the hypergeometric likelihood needs a simple random or systematic sample; "
                "use binomial or poisson for a stratified one"
            )
        estimate = sum(size * k / n for size, n, k in covered) / covered_size
        n_eff = covered_size**2 / sum(size**2 / n for size, n, _ in covered)
        k_eff = estimate * n_eff
        bound = upper_bound(n_eff, k_eff, confidence, likelihood)
        low, high = interval(n_eff, k_eff, confidence, likelihood)
    conclusion = _conclusion(bound, tolerable)
    return Projection(
        n=n_total,
        k=k_total,
        estimate=estimate,
        effective_n=n_eff,
        upper_bound=bound,
        interval=(low, high),
        population=population,
        covered_population=covered_size,
        projected_deviations=estimate * covered_size,
        projected_upper=bound * covered_size,
        projected_interval=(low * covered_size, high * covered_size),
        conclusion=conclusion,
    )
