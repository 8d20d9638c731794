"""CI thresholds: --fail-above RULE=PCT and --strict (SPEC §1.4 exit code 1); and the one
way every rate option is read (--fail-above, plan's and evaluate's --tolerable, --expected and
--confidence)."""

from __future__ import annotations

import math
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


def parse_percent(value: str, option: str, allow_zero: bool = False) -> float:
    """Return the percentage a rate option names: a number is always a percentage (``5`` and
    ``5%`` are five percent, ``0.5`` and ``0,5 %`` half a percent), the ``%`` sign is
    optional and a decimal comma is accepted.

    Raises IntegauditError naming ``option`` when the value is not a number or
    lies outside the open interval (0, 100); ``allow_zero`` admits 0 (an expected rate of
    none, a threshold any deviation exceeds).
    """
    cleaned = value.strip().removesuffix("%").strip().replace(",", ".")
    try:
        percent = float(cleaned)
    except ValueError:
        percent = math.nan
    if not math.isfinite(percent):
        raise IntegauditError(key="rate-not-a-number", option=option, value=shown(value))
    lowest_ok = percent >= 0 if allow_zero else percent > 0
    if not lowest_ok or percent >= 100:
        key = "rate-out-of-range-zero" if allow_zero else "rate-out-of-range"
        raise IntegauditError(key=key, option=option, value=shown(value))
    return percent


def parse_rate(value: str, option: str, allow_zero: bool = False) -> float:
    """Return the rate a rate option names as a fraction (``5`` → 0.05); see
    :func:`parse_percent` for the forms accepted and the errors raised."""
    return parse_percent(value, option, allow_zero) / 100


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
        # 0 is a threshold: any failing contract exceeds it.
        thresholds.append(Threshold(rule, parse_percent(number, "--fail-above", allow_zero=True)))
    return thresholds


def breaches(audit: Audit, thresholds: list[Threshold], strict: bool) -> list[Breach]:
    """Return the thresholds the audit's national rates exceed, and with ``strict`` a breach
    counting the error-level data issues when there are any and one counting the rules that
    could not be assessed in some file (rule-not-assessable) when there are any."""
    found = []
    for threshold in thresholds:
        rate = audit.total["rules"][threshold.rule]["rate"]
        if rate is not None and rate * 100 > threshold.percent:
            found.append(Breach(threshold.rule, threshold.percent, round(rate * 100, 1)))
    if strict:
        errors = sum(1 for issue in audit.extract.issues if issue.level == "error")
        if errors:
            found.append(Breach("strict", 0, errors))
        # A rule that could not run in some file is as much a gap in the audit as an error.
        blind = {
            issue.param_dict().get("rule")
            for issue in audit.extract.issues
            if issue.kind == "rule-not-assessable"
        }
        if blind:
            found.append(Breach("strict-not-assessable", 0, len(blind)))
    return found


def describe(breach: Breach, lang: str) -> str:
    """Return a sentence saying which threshold was hit, in ``lang``."""
    from integaudit.i18n import number, text

    if breach.rule == "strict":
        return text("breach_strict", lang, value=int(breach.value))
    if breach.rule == "strict-not-assessable":
        return text("breach_not_assessable", lang, value=int(breach.value))
    return text(
        "breach_rule",
        lang,
        rule=breach.rule,
        value=number(breach.value, lang),
        limit=number(breach.limit, lang),
    )
