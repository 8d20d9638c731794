"""The Wilson score interval of a rate: the 95 % bounds of each group's and each rule's
failure rate (SPEC §3)."""

from __future__ import annotations

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
