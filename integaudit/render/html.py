"""The self-contained HTML report (SPEC §4.2): jinja2 templates in integaudit/report_templates/,
fed the typed contexts of render.context built here, charts as inline SVG, no external resource."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import pandas as pd

from integaudit.audit.aggregate import UNKNOWN_KEY, group_keys
from integaudit.audit.thresholds import conditions
from integaudit.figures import AnyFail, RuleStats
from integaudit.i18n import CATALOGUES, number, percent, text
from integaudit.model import Audit
from integaudit.render import maps, projection
from integaudit.render.context import (
    Bar,
    Chart,
    FindingRow,
    GroupCell,
    GroupRow,
    Headline,
    IssueRow,
    MapSection,
    ReportPage,
    RuleDoc,
    Tick,
)
from integaudit.render.details import detail_texts
from integaudit.render.issue_text import issue_message
from integaudit.render.notes import column_label, coverage_notes
from integaudit.render.rows import findings
from integaudit.render.trail import audit_trail
from integaudit.rules.examples import describe as describe_example
from integaudit.rules.examples import examples

MAX_FINDINGS = 1000
MAX_ISSUES = 1000
CHART_WIDTH = 640
LABEL_WIDTH = 190
ROW_HEIGHT = 46
# The rule columns (and "at least one breach") a group table prints beside the group and
# contracts columns on A4 portrait; a wider table prints in parts (see the group template).
PRINT_GROUP_COLUMNS = 5


# The jinja2 templates of the HTML pages, inside the package (one search path).
TEMPLATES = Path(__file__).resolve().parent.parent / "report_templates"


@functools.cache
def environment() -> jinja2.Environment:
    """Return the jinja2 environment over integaudit/report_templates/ with autoescaping on,
    and the filter ``path`` (a file's path, escaped, that may wrap after each slash); made
    once, so each template is compiled once however many reports are rendered."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["path"] = lambda text: markupsafe.Markup(
        str(markupsafe.escape(text)).replace("/", "/<wbr>").replace("\\", "\\<wbr>")
    )
    return env


def _chart(audit: Audit, lang: str) -> Chart:
    """Return the geometry of the bar chart: one bar per rule with its 95 % interval and the
    baseline marker, on a 0–100 % axis. The marker is drawn over the bar and its interval,
    reaching above and below the bar with a white edge, so it shows where the rate equals it;
    the rate's label stands right of the bar, the interval and the marker."""
    rules = {r.id: r for r in audit.rules}
    plot = CHART_WIDTH - LABEL_WIDTH - 20
    bars = []
    for i, rule_id in enumerate(audit.rule_ids):
        stats = audit.total["rules"][rule_id]
        rate = stats["rate"]
        ci = stats["ci95"] or [None, None]
        base = audit.baseline.rates.get(rule_id) if audit.baseline else None
        y = 10 + i * ROW_HEIGHT
        right = max(rate or 0, ci[1] or 0, base or 0)
        bars.append(
            Bar(
                label=rules[rule_id].short_title[lang],
                y=y,
                mid=y + 14,
                width=round((rate or 0) * plot, 1),
                rate=rate_text(stats, lang, 1),
                label_x=round(LABEL_WIDTH + right * plot + 8, 1),
                ci=None
                if ci[0] is None
                else (round(LABEL_WIDTH + ci[0] * plot, 1), round(LABEL_WIDTH + ci[1] * plot, 1)),  # type: ignore[operator]
                base_x=None if base is None else round(LABEL_WIDTH + base * plot, 1),
                base=None if base is None else percent(base, lang, 0),
            )
        )
    ticks = [
        Tick(x=round(LABEL_WIDTH + f * plot, 1), label=percent(f, lang, 0))
        for f in (0, 0.25, 0.5, 0.75, 1.0)
    ]
    height = 10 + len(bars) * ROW_HEIGHT + 24
    return Chart(
        bars=bars, ticks=ticks, x0=LABEL_WIDTH, width=CHART_WIDTH, height=height, axis_y=height - 22
    )


def map_section(audit: Audit, rules: list[Any], lang: str) -> MapSection | None:
    """Return the map section: the outlines once, one map per rule, the legend; None when
    the run is not grouped by municipality or region."""
    if audit.group_by not in ("municipality", "region"):
        return None
    found = maps.rule_maps(
        audit.groups, [(r.id, r.short_title[lang]) for r in rules], audit.group_by, lang
    )
    heading = "map.heading_region" if audit.group_by == "region" else "map.heading"
    return MapSection(
        heading=text(heading, lang),
        geometry=maps.geometry(),
        maps=found,
        legend=maps.legend(lang),
        layout=maps.layout(),
        note=text("map.note", lang),
    )


def rate_text(stats: RuleStats, lang: str, digits: int) -> str:
    """Return a rule's rate, or "ikke vurderet" when it assessed no contract."""
    if stats["pass"] + stats["fail"] == 0:
        return text("not_assessed", lang)
    return percent(stats["rate"], lang, digits)


def count_text(stats: RuleStats) -> str:
    """Return fail/assessed, or nothing when no contract was assessed (never 0/0 alone)."""
    assessed = stats["pass"] + stats["fail"]
    return f"{stats['fail']}/{assessed}" if assessed else ""


def any_rate_text(stats: AnyFail, lang: str) -> str:
    """Return the any-fail rate, or "ikke vurderet" when no contract was assessed."""
    return percent(stats["rate"], lang) if stats["assessed"] else text("not_assessed", lang)


def finding_view(shown: pd.DataFrame, rules: list[Any], lang: str) -> list[FindingRow]:
    """Return the findings of ``shown`` (rows of render.rows.findings) as the template shows
    them, in ``lang``."""
    titles = {r.id: r.short_title[lang] for r in rules}
    # A missed-follow-up finding shows the contract's follow-up dates and the date the
    # missed one was due; other findings leave both cells empty.
    return [
        FindingRow(
            contract_id=c,
            municipality=m or text("unknown", lang),
            person=p or "",
            rule=titles[r],
            detail=d or "",
            follow_ups=None if dates is None else (dates or [text("xlsx.no_follow_ups", lang)]),
            due="" if pd.isna(due) else due.strftime("%Y-%m-%d"),
        )
        for c, m, p, r, d, dates, due in zip(
            shown["contract_id"],
            shown["municipality"],
            shown["person"],
            shown["rule"],
            detail_texts(shown, lang),
            shown["follow_ups"],
            shown["due"],
            strict=True,
        )
    ]


def issue_view(issues: list[Any], lang: str) -> list[IssueRow]:
    """Return data issues as the template shows them: level, where (the header as written
    and its letter), value and message in ``lang``."""
    return [
        IssueRow(
            level=issue.level,
            level_text=text(f"level.{issue.level}", lang),
            file=issue.file or "",
            sheet=issue.sheet or "",
            row=issue.row or "",
            column=column_label(issue, lang) or "",
            value=issue.value if issue.value and issue.value != issue.header else "",
            message=issue_message(issue, lang),
        )
        for issue in issues
    ]


def _headline(audit: Audit, rules: list[Any], lang: str) -> list[Headline]:
    """Return one headline card per rule."""
    cards = []
    for rule in rules:
        stats = audit.total["rules"][rule.id]
        base = audit.baseline.rates.get(rule.id) if audit.baseline else None
        diff = audit.baseline.difference_pp[rule.id] if audit.baseline else None
        assessed = stats["pass"] + stats["fail"]
        coverage = text(
            "html.coverage",
            lang,
            assessed=assessed,
            contracts=audit.total["contracts"],
            not_applicable=stats["not_applicable"],
            not_assessed=stats["not_assessed"],
        )
        cards.append(
            Headline(
                id=rule.id,
                title=rule.title[lang],
                short_title=rule.short_title[lang],
                rate=rate_text(stats, lang, 0),
                rate_exact=rate_text(stats, lang, 1),
                coverage=coverage,
                fail=stats["fail"],
                assessed=assessed,
                ci=None
                if not stats["ci95"]
                else (percent(stats["ci95"][0], lang), percent(stats["ci95"][1], lang)),
                baseline=None if base is None else percent(base, lang, 0),
                difference=None if diff is None else number(diff, lang, 1, True),
            )
        )
    return cards


def group_cell(stats: RuleStats, lang: str) -> GroupCell:
    """Return a rule's cell in a group's row."""
    ci = stats["ci95"]
    return GroupCell(
        rate=rate_text(stats, lang, 1),
        count=count_text(stats),
        ci=None if not ci else (percent(ci[0], lang, 0), percent(ci[1], lang, 0)),
    )


def _groups(audit: Audit, rules: list[Any], lang: str) -> list[GroupRow]:
    """Return one row per group of the audit."""
    return [
        GroupRow(
            key=group["key"],
            name=group["name"] or text("unknown", lang),
            contracts=group["contracts"],
            small=group["small"],
            rules=[group_cell(group["rules"][r.id], lang) for r in rules],
            any_fail=any_rate_text(group["any_fail"], lang),
        )
        for group in audit.groups
    ]


def municipality_count(audit: Audit) -> int:
    """Return how many municipalities the audited contracts come from, whatever the grouping
    (an unknown one by its name as written; contracts without any municipality add none)."""
    keys = group_keys(audit.extract.contracts, "municipality")["key"]
    return int(keys[keys.ne(UNKNOWN_KEY)].nunique())


def print_parts(count: int, most: int) -> list[list[int]]:
    """Return the columns 0 … count-1 in as few parts of at most ``most`` as there must be,
    of sizes as even as they can be, in order; the last column (at least one breach) is
    given as -1. One part means the table prints whole."""
    parts = -(-count // most)
    size, extra = divmod(count, parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (i < extra)
        out.append([c if c < count - 1 else -1 for c in range(start, end)])
        start = end
    return out


def context(audit: Audit, lang: str) -> ReportPage:
    """Return everything the report template shows, in ``lang``."""
    rules = list(audit.rules)
    headline = _headline(audit, rules, lang)
    found = findings(audit)
    issues = audit.extract.issues
    any_fail = audit.total["any_fail"]
    verdict = conditions(audit.verdict, lang) if audit.verdict is not None else []
    return ReportPage(
        lang=lang,
        t=CATALOGUES[lang],
        ruleset=audit.ruleset,
        as_of=audit.as_of.isoformat(),
        contracts=audit.total["contracts"],
        municipalities=municipality_count(audit),
        group_by=audit.group_by,
        headline=headline,
        any_fail=any_rate_text(any_fail, lang),
        any_fail_rules=text(
            "any_fail.rules", lang, assessed=any_fail["rules_assessed"], rules=any_fail["rules"]
        ),
        coverage=coverage_notes(audit, lang),
        chart=_chart(audit, lang),
        maps=map_section(audit, rules, lang),
        groups=_groups(audit, rules, lang),
        group_parts=print_parts(len(rules) + 1, PRINT_GROUP_COLUMNS),
        rules=[
            RuleDoc(
                id=r.id,
                title=r.title[lang],
                legal_basis=r.legal_basis[lang],
                explanation=r.explanation[lang],
                examples=[describe_example(e, lang) for e in examples(audit.ruleset, r.id)],
            )
            for r in rules
        ],
        findings=finding_view(found.head(MAX_FINDINGS), rules, lang),
        findings_total=len(found),
        issues=issue_view(issues[:MAX_ISSUES], lang),
        issues_total=len(issues),
        trail=audit_trail(audit, lang),
        breaches=[c.message for c in verdict if c.hit],
        verdict=[(c.option, c.message, c.hit) for c in verdict],
        exit_code=audit.verdict.exit_code if audit.verdict is not None else 0,
        pseudonyms_stable=audit.pseudonyms_stable,
        projection=None if audit.projection is None else projection.view(audit.projection, lang),
    )


def render(audit: Audit, lang: str = "da") -> str:
    """Return the report as one self-contained HTML document (with the run's verdict when
    ``audit.verdict`` holds one)."""
    return context(audit, lang).render(environment().get_template("report.html.j2"))
