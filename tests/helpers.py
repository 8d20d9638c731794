"""Helpers shared by test modules in different folders."""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, settings


def derandomised(max_examples: int) -> settings:
    """Return the settings of a property whose examples are costly (each writes an extract and
    audits it): ``max_examples`` derandomised examples, the same ones every run; no example
    database, no deadline, no shrinking (a failure reports its example at once instead of
    spending minutes on making it smaller), and no health check for slow or large data."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
