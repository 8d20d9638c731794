"""A breach of the verdict's thresholds in words: which threshold the audit hit, by how
much, and in which groups."""

from __future__ import annotations

from integaudit.audit.thresholds import Breach
from integaudit.i18n import number, percent, text


def describe(breach: Breach, lang: str) -> str:
    """Return a sentence saying which threshold was hit, in ``lang``."""
    if breach.rule == "strict":
        return text("breach_strict", lang, value=int(breach.value))
    if breach.rule == "strict-not-assessable":
        return text("breach_not_assessable", lang, value=int(breach.value))
    if breach.rule == "fail-on":
        level = text(f"level.{breach.level}", lang)
        return text("breach_fail_on", lang, value=int(breach.value), level=level)
    if breach.scope == "group":
        groups = ", ".join(f"{name} ({percent(rate, lang)})" for _, name, rate in breach.groups)
        return text(
            "breach_rule_group",
            lang,
            rule=breach.rule,
            count=len(breach.groups),
            limit=number(breach.limit, lang),
            groups=groups,
        )
    return text(
        "breach_rule",
        lang,
        rule=breach.rule,
        value=number(breach.value, lang),
        limit=number(breach.limit, lang),
    )
