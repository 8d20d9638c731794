"""`integaudit columns` on the terminal: per file and sheet where the header is and why, each
header → field and how, and what is missing with the advice that fixes it."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from integaudit.config.advice import advice_text
from integaudit.i18n import text
from integaudit.render.column_map import situation_values
from integaudit.render.literal import literal
from integaudit.rules.rulesets import RULESETS


def _header_where(sheet: dict[str, Any], lang: str) -> str:
    """Return where a sheet's header is: its row (or rows), or that none was found."""
    row = sheet["header_row"]
    if not row:
        return text("columns.no_header", lang)
    if sheet.get("band_row"):
        return text("columns.header_band", lang, row=row, band=sheet["band_row"])
    if sheet.get("header_rows", 1) > 1:
        return text("columns.header_rows", lang, row=row, last=row + sheet["header_rows"] - 1)
    return text("columns.header_row", lang, row=row)


def _header_lines(sheet: dict[str, Any], lang: str) -> list[str]:
    """Return why the header is where it is, the rows above it passed over, the layout of
    the config that applied, what the sheet's issues say of it and how to have it read."""
    lines = []
    if sheet["header_row"] and sheet.get("header_found"):
        top = sheet.get("band_row") or sheet["header_row"]
        lines.append(text(f"columns.found.{sheet['header_found']}", lang, row=top))
    if sheet.get("skipped_rows"):
        rows = ", ".join(str(r) for r in sheet["skipped_rows"])
        lines.append(text("columns.skipped", lang, rows=rows))
    if sheet.get("layout"):
        lines.append(text("columns.layout", lang, layout="; ".join(sheet["layout"])))
    lines += sheet.get("notes", [])
    if sheet.get("statuses"):
        values = ", ".join(
            text("columns.status_value", lang, value=s["value"], count=s["count"],
                 counts_as=text(f"columns.status.{s['counts_as']}", lang))
            for s in sheet["statuses"]
        )  # fmt: skip
        lines.append(text("columns.statuses", lang, values=values))
    if sheet.get("hint"):
        lines.append(sheet["hint"])
    return lines


def _situations(header: str, lang: str) -> Group:
    """Return the values a situation column accepts, each with what it means for the rules."""
    heading = text("columns.situations", lang, header=header, field="situation")
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 4))
    table.add_column(ratio=2, style="bold")
    table.add_column(ratio=3)
    for _, words, meaning in situation_values(lang):
        table.add_row(literal(", ".join(words)), literal(meaning))
    note = Text("    " + text("columns.situation_unknown", lang), style="dim")
    return Group(Text(f"  {heading}"), table, note)


def render_columns(report: list[dict[str, Any]], console: Console, lang: str) -> None:
    """Print, per file and sheet, each header → field and how, the headers not recognised,
    and the fields missing with the rules they disable."""
    titles = {r.id: r.short_title[lang] for rules in RULESETS.values() for r in rules}
    for entry in report:
        if entry.get("config"):
            console.print(
                Text(text("columns.config", lang, file=entry["file"], config=entry["config"])),
                style="dim",
                soft_wrap=True,
            )
        for error in entry["errors"]:
            console.print(
                Text(text("columns.file_error", lang, file=entry["file"], message=error)),
                style="red",
                soft_wrap=True,
            )
        for sheet in entry["sheets"]:
            kind = text(f"columns.kind.{sheet['kind'] or 'none'}", lang)
            title = text("columns.title", lang, file=entry["file"], sheet=sheet["sheet"])
            console.print(
                Text.assemble((title, "bold"), f" — {kind}, {_header_where(sheet, lang)}"),
                soft_wrap=True,
            )
            for line in _header_lines(sheet, lang):
                console.print(Text(f"  {line}", style="dim"), soft_wrap=True)
            if sheet["columns"]:
                table = Table(header_style="bold", box=None, padding=(0, 2))
                for key in ("letter", "header", "field", "how"):
                    table.add_column(text(f"columns.col.{key}", lang))
                for col in sheet["columns"]:
                    style = "" if col["field"] else "yellow"
                    table.add_row(
                        literal(col["letter"]),
                        literal(col["header"]),
                        literal(col["field"] or "–"),
                        literal(text(f"columns.how.{col['how'] or 'none'}", lang)),
                        style=style,
                    )
                console.print(table)
            for problem in sheet["problems"]:
                console.print(Text(f"  {problem}", style="red"), soft_wrap=True)
            for item in sheet["missing"]:
                line = text(
                    "columns.missing",
                    lang,
                    field=text(f"field.{item['need']}", lang),
                    headers=item["headers"],
                    rules=", ".join(titles.get(r, r) for r in item["rules"]),
                )
                line += advice_text(item.get("advice", []), lang)
                console.print(Text(f"  {line}", style="yellow"), soft_wrap=True)
            if sheet["optional_missing"]:
                names = ", ".join(text(f"field.{n}", lang) for n in sheet["optional_missing"])
                line = text("columns.optional", lang, fields=names)
                line += advice_text(sheet.get("optional_advice", []), lang)
                console.print(Text("  " + line, "dim"), soft_wrap=True)
            situation = next((c for c in sheet["columns"] if c["field"] == "situation"), None)
            if situation:
                console.print(_situations(situation["header"], lang))
            if sheet["kind"] == "contracts" and not sheet["missing"]:
                console.print(Text("  " + text("columns.all_present", lang), style="green"))
            console.print()
