"""A data issue in words: its catalogue message with its parameters as a reader reads them
(sizes, counts, the rule's title, the headers a field accepts, the advice that fixes it)."""

from __future__ import annotations

from typing import Any

from integaudit.config.advice import advice_text, from_param
from integaudit.i18n import format_size, text
from integaudit.issues import DataIssue
from integaudit.render.coverage import accepted_headers
from integaudit.rules.rulesets import RULESETS

# Message parameters holding a number of bytes, shown as "67.2 kB" / "67,2 kB".
SIZE_PARAMS = ("size", "limit", "packed", "memory")


def issue_message(issue: DataIssue, lang: str = "da") -> str:
    """Return the human message of a data issue in ``lang``."""
    params = {k: v for k, v in issue.params}
    params.setdefault("detail", "")
    for key in SIZE_PARAMS:
        if isinstance(params.get(key), int):
            params[key] = format_size(params[key], decimal_comma=lang == "da")
    for key in ("cells", "count"):
        if isinstance(params.get(key), int):
            grouped = f"{params[key]:,}"
            params[key] = grouped.replace(",", ".") if lang == "da" else grouped
    params.update(_suggestions(issue.kind, params, lang))
    try:
        return text(issue.kind, lang, **params).rstrip(": ")
    except (KeyError, IndexError):
        return text(issue.kind, lang)


def _suggestions(kind: str, params: dict[str, Any], lang: str) -> dict[str, str]:
    """Return the extra message parameters of the issues that name a rule, a field and a
    suggestion: the rule's title, the field as a user calls it, the headers it accepts and the
    config line or municipality that was probably meant."""
    extra = {"suggestion": ""}
    if kind == "conflicting-contract" and not params.get("fields"):
        extra["fields"] = text("conflict.none", lang)
    if kind == "row-not-a-contract":
        extra["why"] = text(f"set_aside.{params.get('reason')}", lang)
    if kind == "unknown-municipality" and params.get("suggested_code"):
        extra["suggestion"] = text(
            "suggest.municipality",
            lang,
            name=params["suggested_name"],
            code=params["suggested_code"],
        )
    if kind == "rule-not-assessable":
        rules = {r.id: r for r in RULESETS.get(params.get("ruleset", ""), [])}
        rule = rules.get(params.get("rule", ""))
        extra["rule_title"] = rule.title[lang] if rule else str(params.get("rule"))
        extra["need_name"] = text(f"field.{params.get('need')}", lang)
        extra["headers"] = accepted_headers(str(params.get("need")), lang)
        if params.get("advice"):
            extra["suggestion"] = advice_text([from_param(a) for a in params["advice"]], lang)
    return extra
