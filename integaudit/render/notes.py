"""Sentences shared by the renderers: where an issue's column is in the user's file, and what
a run could not assess."""

from __future__ import annotations

from integaudit.i18n import text
from integaudit.issues import DataIssue
from integaudit.model import Audit
from integaudit.render.coverage import coverage_lines


def coverage_notes(audit: Audit, lang: str) -> list[str]:
    """Return the lines under the table: one per rule not assessed for some contracts, and
    a note when "at least one breach" leaves out rules that assessed nothing."""
    titles = audit.titles(lang, short=True)
    lines = coverage_lines(audit.extract.contracts, audit.statuses, audit.rule_ids, titles, lang)
    any_fail = audit.total["any_fail"]
    missing = any_fail["rules"] - any_fail["rules_assessed"]
    if missing:
        lines.append(text("any_fail.not_all", lang, rules=missing, any_fail=text("any_fail", lang)))
    return lines


def column_label(issue: DataIssue, lang: str) -> str | None:
    """Return where an issue's column is in the user's file: its header as written and its
    letter, with the canonical field when that differs ("Overtaget" (C, responsibility_date)),
    or the field alone when the file has no such column."""
    if issue.header is None:
        return issue.column
    where = [issue.letter] if issue.letter else []
    if issue.column and issue.column != issue.header:
        where.append(issue.column)
    return f"'{issue.header}'" + (f" ({text('column', lang)} {', '.join(where)})" if where else "")
