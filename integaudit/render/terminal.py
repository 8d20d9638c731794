"""The Rich terminal table (SPEC §4.1)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from integaudit.figures import AnyFail, RuleStats
from integaudit.i18n import number, percent, text
from integaudit.issues import DataIssue, IssueKind
from integaudit.model import Audit
from integaudit.municipalities import is_code
from integaudit.render import projection
from integaudit.render.columns import render_columns as render_columns
from integaudit.render.fit import Column, fitted_tables
from integaudit.render.issue_text import issue_message
from integaudit.render.literal import literal
from integaudit.render.notes import column_label, coverage_notes
from integaudit.rules.examples import describe, examples
from integaudit.rules.legal import RULESET_NOTES

MAX_LISTED_ISSUES = 10


def _rule_cell(stats: RuleStats, lang: str) -> Text:
    assessed = stats["pass"] + stats["fail"]
    if not assessed:
        # Never a rate or 0/0 for a rule that assessed nothing: say so (on two lines, so
        # the column stays as narrow as its figures).
        return literal(text("not_assessed", lang).replace(" ", "\n"), style="yellow")
    cell = literal(percent(stats["rate"], lang), style="bold")
    cell.append(f"\n{stats['fail']}/{assessed}", style="dim")
    return cell


def _any_cell(stats: AnyFail, lang: str) -> Text:
    if not stats["assessed"]:
        return literal(text("not_assessed", lang).replace(" ", "\n"), style="yellow")
    cell = literal(percent(stats["rate"], lang), style="bold")
    cell.append(f"\n{stats['fail']}/{stats['assessed']}", style="dim")
    return cell


def summary_tables(audit: Audit, lang: str, width: int) -> list[Table]:
    """Return the summary as tables at most ``width`` wide (one when the columns fit side by
    side): one row per group, a total row and, when set, the baseline row and the difference
    from it in percentage points; the rules are headed by their short titles."""
    titles = audit.titles(lang, short=True)
    labels: list[Text | str] = []
    for group in audit.groups:
        name = group["name"] or text("unknown", lang)
        label = f"{group['key']} {name}" if is_code(group["key"]) else name
        labels.append(label + (" *" if group["small"] else ""))
    labels.append(literal(text("total", lang), style="bold"))
    contracts: list[Text | str] = [str(g["contracts"]) for g in audit.groups]
    contracts.append(literal(str(audit.total["contracts"]), style="bold"))
    rules: dict[str, list[Text | str]] = {
        r: [_rule_cell(g["rules"][r], lang) for g in [*audit.groups, audit.total]]
        for r in audit.rule_ids
    }
    any_fail: list[Text | str] = [_any_cell(g["any_fail"], lang) for g in audit.groups]
    any_fail.append(_any_cell(audit.total["any_fail"], lang))
    # Nationally, every rule also shows what it did not count: not applicable, not assessed.
    for key in ("not_applicable", "not_assessed"):
        labels.append(literal(text(f"row.{key}", lang), style="dim"))
        contracts.append("")
        any_fail.append("")
        for rule_id in audit.rule_ids:
            rules[rule_id].append(literal(str(audit.total["rules"][rule_id][key]), style="dim"))
    if audit.baseline:
        labels += [text("baseline", lang), text("difference", lang)]
        contracts += [str(audit.baseline.contracts), ""]
        any_fail += ["", ""]
        for rule_id in audit.rule_ids:
            diff = audit.baseline.difference_pp[rule_id]
            rules[rule_id] += [
                percent(audit.baseline.rates.get(rule_id), lang, 0),
                "–" if diff is None else number(diff, lang, 1, True),
            ]
    columns = [
        Column(text(f"group.{audit.group_by}", lang), labels, "left", wraps=True),
        Column(text("contracts", lang), contracts),
        *(Column(titles[r], rules[r]) for r in audit.rule_ids),
        Column(text("any_fail", lang), any_fail),
    ]
    caption = text("legend", lang)
    title = text("title", lang, ruleset=audit.ruleset, as_of=audit.as_of.isoformat())
    return fitted_tables(columns, width, title, lang, (len(audit.groups),), caption)


def _issues_group(issues: list[DataIssue], lang: str, verbose: bool) -> Group:
    """Return the data issues as counts by level and kind, and (verbose) every issue or the
    first few with where they are."""
    heading = literal(text("issues_heading", lang), style="bold")
    if not issues:
        return Group(heading, literal(text("issues_none", lang)))
    counts = Counter((i.level, i.kind) for i in issues)
    lines: list[Any] = [heading]
    order = {"error": 0, "warning": 1, "info": 2}
    for (level, kind), n in sorted(counts.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        style = {"error": "red", "warning": "yellow", "info": "dim"}[level]
        lines.append(
            Text.assemble(
                (f"{n:>6}  {text('level.' + level, lang):<9}", style), text(f"kind.{kind}", lang)
            )
        )
    listed = issues if verbose else _first_issues(issues)
    lines.append(literal(""))
    for issue in listed:
        where = ", ".join(
            part
            for part in (
                issue.file,
                f"{issue.sheet}" if issue.sheet else None,
                f"r{issue.row}" if issue.row else None,
                column_label(issue, lang),
            )
            if part
        )
        # a cell of follow-up dates may hold line breaks; the listing keeps one issue a line
        shown = issue.value if issue.value and issue.value != issue.header else None
        value = f" [{' '.join(shown.split())}]" if shown else ""
        prefix = f"{where}{value}: " if where or value else ""
        style = "yellow" if issue.kind in ALWAYS_LISTED else "dim"
        lines.append(literal(f"  {prefix}{issue_message(issue, lang)}", style=style))
    if len(listed) < len(issues):
        lines.append(literal(f"  … {len(issues) - len(listed)} · " + text("issues_more", lang)))
    return Group(*lines)


# Issues listed even without --verbose: a rule that could not run must be on screen.
ALWAYS_LISTED = frozenset({IssueKind.RULE_NOT_ASSESSABLE})


def _first_issues(issues: list[DataIssue]) -> list[DataIssue]:
    """Return the issues listed without --verbose: every one of a kind always listed, then
    the first others up to MAX_LISTED_ISSUES in all, in their order."""
    must = [i for i in issues if i.kind in ALWAYS_LISTED]
    room = max(MAX_LISTED_ISSUES - len(must), 0)
    others = [i for i in issues if i.kind not in ALWAYS_LISTED][:room]
    keep = {id(i) for i in (*must, *others)}
    return [i for i in issues if id(i) in keep]


def render(audit: Audit, console: Console, lang: str = "da", verbose: bool = False) -> None:
    """Print the summary table (in parts when the console is too narrow for it) and the data
    issues to ``console``."""
    for table in summary_tables(audit, lang, console.width):
        console.print(table)
    notes = coverage_notes(audit, lang)
    if notes:
        console.print(literal(text("coverage.heading", lang), style="bold yellow"))
        for note in notes:
            console.print(literal(f"  {note}", style="yellow"))
    if audit.projection is not None:
        console.print(projection_table(audit.projection, lang))
    set_aside = set_aside_line(audit.extract.issues, lang)
    if set_aside:
        console.print(Text(set_aside), soft_wrap=True)
    console.print(_issues_group(audit.extract.issues, lang, verbose))


def set_aside_line(issues: list[DataIssue], lang: str) -> str | None:
    """Return the summary of the rows set aside as not contracts ("3 rækker er ikke
    kontrakter og indgår ikke: 2 × en sum- eller optællingsrække, …"), None when there are
    none."""
    reasons = Counter(
        str(i.param_dict().get("reason")) for i in issues if i.kind == IssueKind.ROW_NOT_A_CONTRACT
    )
    if not reasons:
        return None
    parts = ", ".join(f"{n} × {text(f'set_aside.{r}', lang)}" for r, n in reasons.items())
    return text("set_aside.summary", lang, count=sum(reasons.values()), reasons=parts)


def render_issues_only(
    issues: list[DataIssue], console: Console, lang: str = "da", verbose: bool = False
) -> None:
    """Print the data issues of a run that audited nothing."""
    console.print(_issues_group(issues, lang, verbose))


def render_rule(found: list[tuple[str, Any]], console: Console, lang: str) -> None:
    """Print one rule with its explanation and worked example, per ruleset that has it."""
    for name, rule in found:
        console.print(literal(f"{rule.id} — {rule.title[lang]}", style="bold"))
        console.print(literal(f"{text('rules.ruleset', lang)}: {name}"))
        console.print(literal(f"{text('html.legal_basis', lang)}: {rule.legal_basis[lang]}"))
        if name in RULESET_NOTES:
            console.print(literal(RULESET_NOTES[name][lang]))
        console.print(literal(f"\n{rule.explanation[lang]}"))
        console.print(literal(f"\n{text('html.examples', lang)}:", style="bold"))
        for example in examples(name, rule.id):
            console.print(literal(f"  • {describe(example, lang)}"), soft_wrap=False)
        console.print()


def projection_table(
    doc: Mapping[str, Any],
    lang: str,
    confidence: float = 0.95,
    likelihood: str = "binomial",
    tolerable: float | None = None,
) -> Group:
    """Return the per-rule projection of a sample as a Rich table with its notes."""
    view = projection.view(doc, lang, confidence, likelihood, tolerable)
    table = Table(title=literal(view["title"]), title_justify="left")
    for i, header in enumerate(view["headers"]):
        numeric = 0 < i <= 8
        table.add_column(header, justify="right" if numeric else "left")
    for row in view["rows"]:
        table.add_row(*(literal(cell) for cell in row))
    return Group(table, *(literal(note, style="dim") for note in view["notes"]))
