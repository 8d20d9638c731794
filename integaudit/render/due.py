"""The outputs of ``integaudit due``: the terminal summary and list, the work-list workbook
and the JSON document."""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

from integaudit import __version__
from integaudit.due import DueList, format_date, needed_text
from integaudit.i18n import text
from integaudit.i18n.details import detail_texts
from integaudit.municipalities import is_code
from integaudit.render.literal import literal
from integaudit.render.sheet import Sheet
from integaudit.render.terminal import render_issues_only
from integaudit.render.xlsx import trail_sheet
from integaudit.writers.xlsx import StreamingWorkbook

SCHEMA_VERSION = 1
STATE_STYLES = {"overdue": "red", "due": "yellow", "to-fix": "cyan"}


def days_text(item: Mapping[Hashable, Any] | pd.Series, lang: str) -> str:
    """Return an item's days left ("12 dage", "i dag") or overdue ("30 dage over"); "" for a
    to-fix item."""
    days = item["days"]
    if days is None or pd.isna(days):
        return ""
    days = int(days)
    if days < 0:
        return text("due.days.overdue_one" if days == -1 else "due.days.overdue", lang, days=-days)
    if days == 0:
        return text("due.days.today", lang)
    return text("due.days.one" if days == 1 else "due.days.left", lang, days=days)


def _group_label(group: dict[str, Any], lang: str) -> str:
    name = group["name"] or text("unknown", lang)
    return f"{group['key']} {name}" if is_code(str(group["key"])) else name


def summary_table(work: DueList, lang: str) -> Table:
    """Return the summary: one row per group (none with --by none) and the total, with the
    items due within 7 days, within the horizon, overdue and to fix."""
    audit = work.audit
    table = Table(
        title=literal(
            text(
                "due.title",
                lang,
                ruleset=audit.ruleset,
                as_of=audit.as_of.isoformat(),
                within=work.within_days,
            )
        ),
        caption=literal(text("due.legend", lang, within=work.within_days)),
        caption_justify="left",
    )
    table.add_column(text(f"group.{audit.group_by}", lang), justify="left")
    table.add_column(text("contracts", lang), justify="right")
    for key in ("soon", "due", "overdue", "to_fix"):
        table.add_column(text(f"due.col.{key}", lang, within=work.within_days), justify="right")
    for group in work.groups:
        table.add_row(
            literal(_group_label(group, lang)),
            literal(group["contracts"]),
            *(literal(group[k]) for k in ("soon", "due", "overdue", "to_fix")),
        )
    total = work.total
    table.add_row(
        literal(text("total", lang), style="bold"),
        literal(str(total["contracts"]), style="bold"),
        *(literal(str(total[k]), style="bold") for k in ("soon", "due", "overdue", "to_fix")),
    )
    return table


def items_table(work: DueList, lang: str, limit: int | None = None) -> Table:
    """Return the items in deadline order (the first ``limit`` of them, the title saying how
    many of how many): contract id, municipality, rule, state, deadline, days left (or
    overdue) and what is needed."""
    titles = work.audit.titles(lang, short=True)
    count = len(work.items)
    shown = work.items if limit is None else work.items.head(limit)
    title = literal(text("due.items", lang, count=count))
    if len(shown) < count:
        title = literal(text("due.items_limited", lang, shown=len(shown), count=count))
    table = Table(title=title, title_justify="left")
    for key, justify in (
        ("contract", "left"),
        ("municipality", "left"),
        ("rule", "left"),
        ("state", "left"),
        ("deadline", "left"),
        ("days", "right"),
        ("needed", "left"),
    ):
        table.add_column(text(f"due.col.{key}", lang), justify=justify)  # type: ignore[arg-type]
    for item in shown.to_dict("records"):
        style = STATE_STYLES[item["state"]]
        table.add_row(
            literal(item["contract_id"]),
            literal(item["municipality"] or text("unknown", lang)),
            literal(titles[item["rule"]]),
            literal(text(f"due.state.{item['state']}", lang), style=style),
            literal(format_date(item["deadline"], lang)),
            literal(days_text(item, lang), style=style if item["state"] == "overdue" else ""),
            literal(needed_text(item, lang)),
        )
    return table


def render(
    work: DueList,
    console: Console,
    lang: str = "da",
    verbose: bool = False,
    limit: int | None = None,
) -> None:
    """Print the summary per group (always whole), the items sorted by deadline (the first
    ``limit`` of them) and the data issues."""
    console.print(summary_table(work, lang))
    if work.items.empty:
        console.print(literal(text("due.none", lang, within=work.within_days)))
    else:
        console.print(items_table(work, lang, limit))
    render_issues_only(work.audit.extract.issues, console, lang, verbose)


def _date(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def document(work: DueList) -> dict[str, Any]:
    """Return the JSON document: schema_version, tool, ruleset, as_of, within_days, group_by,
    the items (contract, pseudonym, rule, state, deadline, days left — negative when overdue —,
    what is needed and the rule's detail; English texts) and the counts per group and in
    total."""
    audit = work.audit
    items = []
    details = detail_texts(work.items, "en")
    for item, detail in zip(work.items.to_dict("records"), details, strict=True):
        need = None
        if item["state"] != "to-fix":
            need = item["need"]
        items.append(
            {
                "contract_id": item["contract_id"],
                "municipality_code": item["municipality_code"],
                "municipality": item["municipality"],
                "person": item["person"],
                "rule": item["rule"],
                "state": item["state"],
                "deadline": _date(item["deadline"]),
                "days": _int(item["days"]),
                "needed": {
                    "kind": need or "fix",
                    "count": _int(item["count"]) if need else None,
                    "of": _int(item["of"]) if need else None,
                    "counts_from": _date(item["counts_from"]) if need else None,
                    "text": needed_text(item, "en"),
                },
                "detail": detail,
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "due",
        "tool": f"integaudit {__version__}",
        "ruleset": audit.ruleset,
        "as_of": audit.as_of.isoformat(),
        "within_days": work.within_days,
        "group_by": audit.group_by,
        "items": items,
        "groups": work.groups,
        "total": work.total,
    }


def dumps(work: DueList) -> str:
    """Return the JSON document as text (UTF-8, indented, stable key order)."""
    return json.dumps(document(work), ensure_ascii=False, indent=2) + "\n"


def workbook_bytes(work: DueList, lang: str = "da") -> bytes:
    """Return the xlsx bytes of the work list: a work-list sheet (one row per item, real
    dates, an empty Done column for the caseworker), the summary per group and the audit
    trail, in ``lang``; every sheet with a frozen header and an autofilter."""
    workbook = StreamingWorkbook(signed=True)
    _work_list(workbook, work, lang)
    _summary(workbook, work, lang)
    trail_sheet(workbook, work.audit, lang, ((text("due.trail.within", lang), work.within_days),))
    return workbook.bytes()


def _work_list(workbook: StreamingWorkbook, work: DueList, lang: str) -> None:
    titles = work.audit.titles(lang)
    keys = (
        "contract",
        "municipality_code",
        "municipality",
        "person",
        "rule",
        "title",
        "state",
        "deadline",
        "days_left",
        "needed",
        "detail",
        "file",
        "sheet",
        "row",
        "done",
    )
    sheet = Sheet(
        workbook, text("due.sheet.work", lang), [text(f"due.col.{k}", lang) for k in keys]
    )
    contracts = work.audit.extract.contracts
    details = detail_texts(work.items, lang)
    for item, detail in zip(work.items.to_dict("records"), details, strict=True):
        where = contracts.loc[item["uid"]]
        sheet.add(
            [
                item["contract_id"],
                item["municipality_code"],
                item["municipality"],
                item["person"],
                item["rule"],
                titles[item["rule"]],
                text(f"due.state.{item['state']}", lang),
                item["deadline"],
                _int(item["days"]),
                needed_text(item, lang, iso=True),
                detail,
                where["file"],
                where["sheet"],
                _int(where["row"]),
                None,
            ]
        )
    sheet.finish()


def _summary(workbook: StreamingWorkbook, work: DueList, lang: str) -> None:
    audit = work.audit
    sheet = Sheet(
        workbook,
        text("xlsx.summary", lang),
        [
            text("xlsx.col.key", lang),
            text(f"group.{audit.group_by}", lang),
            text("contracts", lang),
            *(
                text(f"due.col.{k}", lang, within=work.within_days)
                for k in ("soon", "due", "overdue", "to_fix")
            ),
        ],
    )
    for group in [*work.groups, {"key": "", "name": text("total", lang), **work.total}]:
        sheet.add(
            [
                group["key"],
                group["name"] or text("unknown", lang),
                group["contracts"],
                *(group[k] for k in ("soon", "due", "overdue", "to_fix")),
            ]
        )
    sheet.finish()
