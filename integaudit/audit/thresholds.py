"""CI thresholds: --fail-above RULE=PCT (nationally or per group), --strict and --fail-on, and
the verdict they give (SPEC §1.4 exit code 1); and the one
way every rate option is read (--fail-above, plan's and evaluate's --tolerable, --expected and
--confidence)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from integaudit.errors import IntegauditError, shown
from integaudit.issues import IssueKind

if TYPE_CHECKING:
    from integaudit.figures import RuleStats
    from integaudit.model import Audit


SCOPES = ("national", "group")
LEVELS = ("warning", "error")
# How serious each level of data issue is, for --fail-on.
_SEVERITY = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Threshold:
    """A rule's highest acceptable rate, in percent: nationally, or in every group."""

    rule: str
    percent: float
    scope: str = "national"


@dataclass(frozen=True)
class Breach:
    """A condition of the verdict that was hit: a rule's threshold (``rule`` its id, ``limit``
    and ``value`` in percent, ``groups`` the groups over it), ``strict`` (``value`` error-level
    data issues), ``strict-not-assessable`` (``value`` rules) or ``fail-on`` (``value`` data
    issues at ``level`` or above)."""

    rule: str
    limit: float
    value: float
    scope: str = "national"
    groups: tuple[tuple[str, str, float], ...] = ()
    level: str | None = None


@dataclass(frozen=True)
class Verdict:
    """Whether the run passes: every --fail-above threshold with the rate found, --strict's
    reasons, --fail-on's count, and the exit code they give (0 passed, 1 something hit)."""

    thresholds: list[dict[str, Any]] = field(default_factory=list)
    strict: dict[str, Any] = field(default_factory=lambda: {"on": False, "hit": False})
    fail_on: dict[str, Any] = field(default_factory=lambda: {"level": None, "hit": False})
    breaches: list[Breach] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """Return 1 when a threshold, --strict or --fail-on was hit, else 0."""
        return 1 if self.breaches else 0

    def document(self) -> dict[str, Any]:
        """Return the verdict as the JSON keys of the check document (rates as fractions)."""
        return {
            "thresholds": self.thresholds,
            "strict": self.strict,
            "fail_on": self.fail_on,
            "exit_code": self.exit_code,
        }


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


def parse_fail_above(
    values: list[str], rule_ids: list[str], scope: str = "national"
) -> list[Threshold]:
    """Return the thresholds of --fail-above RULE=PCT options, each for ``scope`` (national or
    group); raise IntegauditError for a malformed value, a rule not in the ruleset or an
    unknown scope."""
    if scope not in SCOPES:
        raise IntegauditError(
            key="choice", option="--fail-above-scope", value=shown(scope), choices=", ".join(SCOPES)
        )
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
        percent = parse_percent(number, "--fail-above", allow_zero=True)
        thresholds.append(Threshold(rule, percent, scope))
    return thresholds


def _over(stats: RuleStats, threshold: Threshold) -> bool:
    rate = stats["rate"]
    return rate is not None and rate * 100 > threshold.percent


def _threshold(audit: Audit, threshold: Threshold) -> tuple[dict[str, Any], Breach | None]:
    """Return a threshold's record in the verdict, and its breach when it was hit: nationally,
    the national rate above the limit; per group, any group's rate above it."""
    national = audit.total["rules"][threshold.rule]
    record: dict[str, Any] = {
        "rule": threshold.rule,
        "limit": round(threshold.percent / 100, 6),
        "scope": threshold.scope,
        "rate": national["rate"],
    }
    if threshold.scope == "group":
        over = [
            (str(g["key"]), str(g["name"] or g["key"]), g["rules"][threshold.rule]["rate"] or 0.0)
            for g in audit.groups
            if _over(g["rules"][threshold.rule], threshold)
        ]
        record["groups"] = [{"key": k, "name": n, "rate": r} for k, n, r in over]
        hit = bool(over)
        value = max((r for _, _, r in over), default=0.0) * 100
    else:
        hit = _over(national, threshold)
        value = (national["rate"] or 0.0) * 100
        over = []
    record["hit"] = hit
    if not hit:
        return record, None
    breach = Breach(
        threshold.rule, threshold.percent, round(value, 1), threshold.scope, tuple(over)
    )
    return record, breach


def _kinds(issues: list[Any]) -> dict[str, int]:
    """Return how many data issues there are of each kind, kinds in order."""
    counts: dict[str, int] = {}
    for issue in issues:
        counts[issue.kind] = counts.get(issue.kind, 0) + 1
    return dict(sorted(counts.items()))


def verdict(
    audit: Audit, thresholds: list[Threshold], strict: bool, fail_on: str | None = None
) -> Verdict:
    """Return the run's verdict: each threshold with the rate found and whether it was hit;
    with ``strict``, its two reasons (error-level data issues, with their kinds and counts;
    rules that could not be assessed in some file); with ``fail_on`` (warning or error), the
    data issues at that level or above."""
    records, found = [], []
    for threshold in thresholds:
        record, breach = _threshold(audit, threshold)
        records.append(record)
        if breach is not None:
            found.append(breach)
    issues = audit.extract.issues
    strict_record: dict[str, Any] = {"on": strict, "hit": False}
    if strict:
        errors = [issue for issue in issues if issue.level == "error"]
        # A rule that could not run in some file is as much a gap in the audit as an error.
        blind = sorted(
            {
                str(issue.param_dict().get("rule"))
                for issue in issues
                if issue.kind == IssueKind.RULE_NOT_ASSESSABLE
            }
        )
        strict_record["reasons"] = [
            {"reason": "error-issues", "hit": bool(errors), "count": len(errors),
             "kinds": _kinds(errors)},
            {"reason": "rule-not-assessable", "hit": bool(blind), "count": len(blind),
             "rules": blind},
        ]  # fmt: skip
        if errors:
            found.append(Breach("strict", 0, len(errors)))
        if blind:
            found.append(Breach("strict-not-assessable", 0, len(blind)))
        strict_record["hit"] = bool(errors or blind)
    fail_on_record: dict[str, Any] = {"level": fail_on, "hit": False}
    if fail_on is not None:
        if fail_on not in LEVELS:
            raise IntegauditError(
                key="choice", option="--fail-on", value=shown(fail_on), choices=", ".join(LEVELS)
            )
        least = _SEVERITY[fail_on]
        at_level = [issue for issue in issues if _SEVERITY.get(issue.level, 0) >= least]
        fail_on_record.update(hit=bool(at_level), count=len(at_level), kinds=_kinds(at_level))
        if at_level:
            found.append(Breach("fail-on", 0, len(at_level), level=fail_on))
    return Verdict(records, strict_record, fail_on_record, found)


def breaches(audit: Audit, thresholds: list[Threshold], strict: bool) -> list[Breach]:
    """Return the conditions the audit hit (see :func:`verdict`)."""
    return verdict(audit, thresholds, strict).breaches


@dataclass(frozen=True)
class Condition:
    """One condition of the verdict, as a CI system shows it (a JUnit test case, a line of
    the summary): a stable id, the option that set it, whether it was hit and a sentence
    saying so in the run's language."""

    id: str
    option: str
    hit: bool
    message: str


def _threshold_condition(record: dict[str, Any], lang: str) -> Condition:
    from integaudit.i18n import number, percent, text

    limit = number(record["limit"] * 100, lang)
    option = f"--fail-above {record['rule']}={record['limit'] * 100:g}"
    if record["scope"] == "group":
        option += " --fail-above-scope group"
        groups = record.get("groups", [])
        shown_groups = ", ".join(f"{g['name']} ({percent(g['rate'], lang)})" for g in groups)
        key = "breach_rule_group" if record["hit"] else "threshold_ok_group"
        message = text(
            key, lang, rule=record["rule"], count=len(groups), limit=limit, groups=shown_groups
        )
    elif record["hit"]:
        value = number(record["rate"] * 100, lang)
        message = text("breach_rule", lang, rule=record["rule"], value=value, limit=limit)
    else:
        value = percent(record["rate"], lang)
        message = text("threshold_ok_rule", lang, rule=record["rule"], value=value, limit=limit)
    return Condition(f"fail-above:{record['rule']}", option, record["hit"], message)


def conditions(verdict: Verdict, lang: str) -> list[Condition]:
    """Return every condition of the verdict in ``lang``, in order: each threshold, each
    --strict reason and --fail-on (those asked for only)."""
    from integaudit.i18n import text

    found = [_threshold_condition(record, lang) for record in verdict.thresholds]
    for reason in verdict.strict.get("reasons", []):
        name = reason["reason"]
        if name == "error-issues":
            key = "breach_strict" if reason["hit"] else "strict_ok_errors"
        else:
            key = "breach_not_assessable" if reason["hit"] else "strict_ok_assessable"
        message = text(key, lang, value=reason["count"])
        found.append(Condition(f"strict:{name}", "--strict", reason["hit"], message))
    level = verdict.fail_on.get("level")
    if level is not None:
        hit = verdict.fail_on["hit"]
        shown_level = text(f"level.{level}", lang)
        count = verdict.fail_on.get("count", 0)
        key = "breach_fail_on" if hit else "fail_on_ok"
        message = text(key, lang, value=count, level=shown_level)
        found.append(Condition("fail-on", f"--fail-on {level}", hit, message))
    return found
