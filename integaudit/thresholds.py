"""CI thresholds: --fail-above RULE=PCT and --strict (SPEC §1.4 exit code 1)."""

from __future__ import annotations

from dataclasses import dataclass

from integaudit.errors import IntegauditError, shown
from integaudit.model import Audit


@dataclass(frozen=True)
class Threshold:
    """A rule's highest acceptable national rate, in percent."""

    rule: str
    percent: float


@dataclass(frozen=True)
class Breach:
    """A threshold that was hit: the rule (or 'strict'), the limit and the value found."""

    rule: str
    limit: float
    value: float


def parse_fail_above(values: list[str], rule_ids: list[str]) -> list[Threshold]:
    """Return the thresholds of --fail-above RULE=PCT options; raise IntegauditError for a
    malformed value or a rule not in the ruleset."""
    thresholds = []
    for value in values:
        rule, sep, number = value.partition("=")
        rule = rule.strip()
        if not sep:
            raise IntegauditError(key="fail-above-format", value=shown(value))
        if rule not in rule_ids:
            raise IntegauditError(
                key="fail-above-rule", value=shown(rule), rules=", ".join(rule_ids)
            )
        try:
            percent = float(number.strip().rstrip("%").replace(",", "."))
        except ValueError:
            raise IntegauditError(key="fail-above-number", value=shown(number)) from None
        if not 0 <= percent <= 100:
            raise IntegauditError(key="fail-above-range", value=f"{percent:g}")
        thresholds.append(Threshold(rule, percent))
    return thresholds


def breaches(audit: Audit, thresholds: list[Threshold], strict: bool) -> list[Breach]:
    """Return the thresholds the audit's national rates exceed, and with ``strict`` a breach
    counting the error-level data issues when there are any."""
    found = []
    for threshold in thresholds:
        rate = audit.total["rules"][threshold.rule]["rate"]
        if rate is not None and rate * 100 > threshold.percent:
            found.append(Breach(threshold.rule, threshold.percent, round(rate * 100, 1)))
    if strict:
        errors = sum(1 for issue in audit.extract.issues if issue.level == "error")
        if errors:
            found.append(Breach("strict", 0, errors))
    return found


def describe(breach: Breach, lang: str) -> str:
    """Return a sentence saying which threshold was hit, in ``lang``."""
    from integaudit.i18n import number, text

    if breach.rule == "strict":
        return text("breach_strict", lang, value=int(breach.value))
    return text(
        "breach_rule",
        lang,
        rule=breach.rule,
        value=number(breach.value, lang),
        limit=number(breach.limit, lang),
    )
