"""A comparison of two audits (integaudit compare) on the terminal and as an HTML page: the
national row first, then each group; per rule and for at least one breach the rate then →
now, the contracts assessed in each audit, the change in percentage points and whether it is
larger than chance; the small-group mark; the audit trail of both inputs."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from integaudit.i18n import CATALOGUES, number, percent, text
from integaudit.render import maps
from integaudit.render.context import ChangeCell, ChangeRow, ComparePage, MapSection, RuleColumn
from integaudit.render.fit import Column, column_widths, fitted_tables
from integaudit.render.html import environment, print_parts
from integaudit.render.literal import literal
from integaudit.rules.rulesets import RULESETS

# The columns (rules and at least one breach) a comparison prints beside the group and
# contracts columns on A4 portrait; a wider table prints in parts.
PRINT_COLUMNS = 4
SIGNIFICANT = "†"


def rule_titles(rule_ids: list[str], lang: str) -> dict[str, str]:
    """Return each rule's short title in ``lang`` from the rulesets that have it (its id when
    no ruleset knows it, as in a forced comparison of a newer audit)."""
    known = {r.id: r.short_title[lang] for rules in RULESETS.values() for r in rules}
    return {rule_id: known.get(rule_id, rule_id) for rule_id in rule_ids}


def _count(value: int | None) -> str:
    return "–" if value is None else str(value)


def _counts(change: dict[str, Any]) -> str:
    """Return the contracts failing of those assessed then → now ("71/109 → 60/100")."""
    sides = []
    for side in ("old", "new"):
        n, fail = change["n"][side], change["fail"][side]
        sides.append("–" if n is None else f"{fail}/{n}")
    return " → ".join(sides)


def _change(change: dict[str, Any], lang: str, unit: bool) -> str:
    """Return the change in percentage points ("+3,1 pct.-point"; without ``unit`` the bare
    number), marked when it is larger than chance; "–" when there is none."""
    if change["change_pp"] is None:
        return "–"
    shown = number(change["change_pp"], lang, 1, True)
    if unit:
        shown = text("compare.pp", lang, value=shown)
    return f"{shown} {SIGNIFICANT}" if change["significant"] else shown


def is_small(group: dict[str, Any]) -> bool:
    """Return whether a group is small (fewer than 5 assessed contracts) in either audit."""
    small = group.get("small") or {}
    return bool(small.get("old") or small.get("new"))


def _label(group: dict[str, Any], lang: str) -> str:
    name = group["name"] or text("unknown", lang)
    label = f"{group['key']} {name}" if group["key"].isdigit() else name
    return label + (" *" if is_small(group) else "")


def _cell(change: dict[str, Any], lang: str, compact: bool) -> Text:
    """Return a terminal cell: then → now, the counts then → now, and the change; compact,
    now and the counts' second audit go on lines of their own and the unit to the caption."""
    arrow = "\n→ " if compact else " → "
    cell = Text(f"{percent(change['old'], lang)}{arrow}{percent(change['new'], lang)}")
    counts = _counts(change).replace(" → ", arrow)
    cell.append(f"\n{counts}", style="dim")
    pp = change["change_pp"]
    style = "" if pp is None or pp == 0 else "red" if pp > 0 else "green"
    cell.append("\n" + _change(change, lang, unit=not compact), style=style)
    return cell


def compare_tables(result: dict[str, Any], lang: str, width: int) -> list[Table]:
    """Return the comparison as tables at most ``width`` wide: the national row first, then
    each group (those in one run only named as such, small ones marked); per rule, headed by
    its short title, and for at least one breach the cell of :func:`_cell`."""
    group_by = result.get("group_by", "municipality")
    title = text(
        "compare.title",
        lang,
        old=result["old"]["as_of"],
        new=result["new"]["as_of"],
        ruleset=result["new"]["ruleset"],
    )
    title += " · " + text("compare.grouped", lang, group_by=text(f"group_by.{group_by}", lang))
    total = {**result["total"], "key": "", "presence": "both"}
    rows = [total, *result["groups"]]
    labels: list[Text | str] = [Text(text("total", lang), style="bold")]
    for group in result["groups"]:
        label = _label(group, lang)
        if group["presence"] != "both":
            label += f"\n({text('compare.' + group['presence'], lang)})"
        labels.append(label)
    contracts: list[Text | str] = [
        f"{_count(g['contracts']['old'])} → {_count(g['contracts']['new'])}" for g in rows
    ]
    titles = rule_titles(result["rules"], lang)

    def columns(compact: bool) -> list[Column]:
        return [
            Column(text(f"group.{group_by}", lang), labels, "left", wraps=True),
            Column(text("contracts", lang), contracts),
            *(
                Column(titles[r], [_cell(g["rules"][r], lang, compact) for g in rows])
                for r in result["rules"]
            ),
            Column(text("any_fail", lang), [_cell(g["any_fail"], lang, compact) for g in rows]),
        ]

    legend = text("compare.legend", lang)
    tables = fitted_tables(columns(False), width, title, lang, (1,), legend)
    if len(tables) > 1 and column_widths(columns(True), width) is not None:
        # Too narrow for then → now on one line: one table with then, now and the change
        # stacked in each cell beats a table in parts.
        caption = text("compare.compact_note", lang) + " " + legend
        tables = fitted_tables(columns(True), width, title, lang, (1,), caption)
    return tables


def trail_rows(result: dict[str, Any], lang: str) -> list[tuple[str, str, str]]:
    """Return the audit trail of the two audits compared, as (label, then, now): the file,
    its SHA-256, the ruleset, the audit date, the grouping, the version that wrote it, the
    contracts and the input files it read."""
    rows = []
    for key, label in (
        ("path", "compare.trail.file"),
        ("sha256", "compare.trail.sha256"),
        ("ruleset", "trail.ruleset"),
        ("as_of", "trail.as_of"),
        ("group_by", "trail.group_by"),
        ("tool", "trail.tool"),
        ("contracts", "contracts"),
        ("inputs", "html.inputs"),
    ):
        sides = []
        for side in ("old", "new"):
            value = result[side].get(key)
            if key == "group_by" and value:
                value = text(f"group_by.{value}", lang)
            elif key == "tool" and value:
                value = f"integaudit {value}"
            sides.append("–" if value is None else str(value))
        rows.append((text(label, lang), sides[0], sides[1]))
    return rows


def render_compare(result: dict[str, Any], console: Console, lang: str = "da") -> None:
    """Print the comparison table (in parts when the console is too narrow for it) and the
    audit trail of the two audits."""
    for table in compare_tables(result, lang, console.width):
        console.print(table)
    lines: list[Any] = [Text(text("html.trail", lang), style="bold")]
    trail = Table(box=None, header_style="bold", padding=(0, 2, 0, 2))
    for header in ("", text("compare.then", lang), text("compare.now", lang)):
        trail.add_column(header, overflow="fold")
    for row in trail_rows(result, lang):
        trail.add_row(*(literal(cell) for cell in row))
    console.print(Group(*lines, trail))


def _html_cell(change: dict[str, Any], lang: str) -> ChangeCell:
    return ChangeCell(
        old=percent(change["old"], lang),
        new=percent(change["new"], lang),
        change=_change(change, lang, unit=True),
        counts=_counts(change),
        significant=bool(change["significant"]),
    )


def _html_row(group: dict[str, Any], cls: str, label: str, lang: str) -> ChangeRow:
    presence = group.get("presence", "both")
    return ChangeRow(
        key=group.get("key", ""),
        label=label,
        cls=cls,
        presence=None if presence == "both" else text(f"compare.{presence}", lang),
        small=is_small(group),
        contracts=f"{_count(group['contracts']['old'])} → {_count(group['contracts']['new'])}",
        cells=[_html_cell(group["rules"][r], lang) for r in group["rules"]],
        any_fail=_html_cell(group["any_fail"], lang),
    )


def html_page(result: dict[str, Any], lang: str = "da") -> str:
    """Return the comparison as one self-contained HTML document: the national row first,
    one column per rule headed by its short title and one for at least one breach, each
    cell with then → now, the counts and the change; on screen one table (scrolling in its
    own box when wide), printed in parts that fit A4 portrait; the maps of the change; the
    audit trail of the two audits."""
    group_by = result.get("group_by", "municipality")
    total = {**result["total"], "key": "", "presence": "both"}
    rows = [_html_row(total, "total first", text("total", lang), lang)]
    for g in result["groups"]:
        label = f"{g['key']} {g['name'] or text('unknown', lang)}".strip()
        rows.append(_html_row(g, "group", label, lang))
    page = ComparePage(
        lang=lang,
        t=CATALOGUES[lang],
        old=result["old"],
        new=result["new"],
        rules=[RuleColumn(id=r, title=t) for r, t in rule_titles(result["rules"], lang).items()],
        group_by=group_by,
        grouped=text("compare.grouped", lang, group_by=text(f"group_by.{group_by}", lang)),
        rows=rows,
        parts=print_parts(len(result["rules"]) + 1, PRINT_COLUMNS),
        trail=trail_rows(result, lang),
        maps=_change_maps(result, group_by, lang),
    )
    return page.render(environment().get_template("compare.html.j2"))


def _change_maps(result: dict[str, Any], group_by: str, lang: str) -> MapSection | None:
    """Return the map section of a comparison grouped by municipality: the change in
    percentage points per municipality and rule; None for other groupings."""
    if group_by != "municipality":
        return None
    return MapSection(
        heading=text("map.change_heading", lang),
        geometry=maps.geometry(),
        maps=maps.change_maps(result, rule_titles(result["rules"], lang), lang),
        legend=maps.change_legend(lang),
        layout=maps.layout(),
        note=text("map.change_note", lang),
    )
