"""The Wilson score interval of a rate: the 95 % bounds of each group's and each rule's
failure rate (SPEC §3); and the two-proportion z-test of two audits' rates (compare)."""

from __future__ import annotations

import math

import numpy as np

Z95 = 1.959963984540054


def wilson_interval(
    fails: np.ndarray, assessed: np.ndarray, z: float = Z95
) -> tuple[np.ndarray, np.ndarray]:
    """Return (low, high) of the Wilson score interval for fails/assessed, NaN where nothing
    was assessed.

    With p = k/n: centre = (p + z²/2n) / (1 + z²/n) and half-width
    = z·sqrt(p(1−p)/n + z²/4n²) / (1 + z²/n) (Wilson 1927; Brown, Cai & DasGupta 2001).
    """
    k = np.asarray(fails, dtype=float)
    n = np.asarray(assessed, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denominator = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denominator
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denominator
        low = np.where(n > 0, np.clip(centre - half, 0, 1), np.nan)
        high = np.where(n > 0, np.clip(centre + half, 0, 1), np.nan)
    return low, high


def two_proportion_p(fail_a: int, n_a: int, fail_b: int, n_b: int) -> float | None:
    """Return the two-sided p-value of the pooled two-proportion z-test of the rates
    fail_a/n_a and fail_b/n_b, None when either assessed nothing.

    z = (p_b − p_a) / sqrt(p̄(1 − p̄)(1/n_a + 1/n_b)) with the pooled rate
    p̄ = (k_a + k_b)/(n_a + n_b), and p = erfc(|z|/√2) (Agresti, Categorical Data Analysis,
    3rd ed., § 2.1.3). Two rates of 0 %, or two of 100 %, differ by nothing: p = 1.
    """
    if n_a <= 0 or n_b <= 0:
        return None
    pooled = (fail_a + fail_b) / (n_a + n_b)
    spread = pooled * (1 - pooled) * (1 / n_a + 1 / n_b)
    if spread <= 0:
        return 1.0
    z = (fail_b / n_b - fail_a / n_a) / math.sqrt(spread)
    return math.erfc(abs(z) / math.sqrt(2))
