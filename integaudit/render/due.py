"""The outputs of ``integaudit due``: the terminal summary and list, the work-list workbook
and the JSON document."""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterator, Mapping
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

from integaudit import __version__
from integaudit.audit.due import DueList, format_dates, needed_texts, per_distinct
from integaudit.i18n import text
from integaudit.municipalities import is_code
from integaudit.render.details import detail_texts
from integaudit.render.json import encode, encode_column, input_lines, issue_lines, list_lines
from integaudit.render.literal import literal
from integaudit.render.long_table import Cells, LongTable
from integaudit.render.sheet import Sheet, cell_column
from integaudit.render.terminal import render_issues_only
from integaudit.render.xlsx import trail_sheet
from integaudit.writers.xlsx import StreamingWorkbook

SCHEMA_VERSION = 1
# Items of the JSON document put together at a time.
CHUNK_ROWS = 20_000
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


def days_texts(items: pd.DataFrame, lang: str) -> pd.Series:
    """Return each item's days left or overdue (see :func:`days_text`)."""
    texts = per_distinct(items[["days"]], lambda item: days_text(item, lang))
    return pd.Series(texts, index=items.index, dtype=object)


def items_table(work: DueList, lang: str, limit: int | None = None) -> LongTable:
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
    state = shown["state"]
    municipality = shown["municipality"]
    named = municipality.notna() & municipality.ne("")
    overdue = {key: STATE_STYLES[key] if key == "overdue" else "" for key in STATE_STYLES}
    columns = [
        Cells(shown["contract_id"].astype(str)),
        Cells(municipality.where(named, text("unknown", lang)).astype(str)),
        Cells(shown["rule"].map(titles)),
        Cells(
            state.map({key: text(f"due.state.{key}", lang) for key in STATE_STYLES}),
            state.map(STATE_STYLES),
        ),
        Cells(format_dates(shown["deadline"], lang)),
        Cells(days_texts(shown, lang), state.map(overdue)),
        Cells(needed_texts(shown, lang)),
    ]
    return LongTable(table, columns)


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
        items_table(work, lang, limit).print(console)
    render_issues_only(work.audit.extract.issues, console, lang, verbose)


def _dates(values: pd.Series) -> pd.Series:
    """Return dates as YYYY-MM-DD text (None where missing)."""
    texts = format_dates(values, "en")
    return texts.where(texts.ne(""), None)


def _ints(values: pd.Series) -> pd.Series:
    """Return whole numbers as JSON text (null where missing)."""
    texts = per_distinct(values.rename("n").to_frame(), lambda row: encode(_int(row["n"])))
    return pd.Series(texts, index=values.index, dtype=object)


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _int_cells(values: pd.Series) -> list[int | None]:
    """Return whole numbers as cell values (None where missing)."""
    return per_distinct(values.rename("n").to_frame(), lambda row: _int(row["n"])).tolist()


# An item of the JSON document as json.dumps(indent=2) writes it in the items list.
ITEM = """{
      "contract_id": %s,
      "municipality_code": %s,
      "municipality": %s,
      "person": %s,
      "rule": %s,
      "state": %s,
      "deadline": %s,
      "days": %s,
      "needed": {
        "kind": %s,
        "count": %s,
        "of": %s,
        "counts_from": %s,
        "text": %s
      },
      "detail": %s
    }"""


def item_lines(items: pd.DataFrame) -> list[str]:
    """Return the JSON text of each item (English texts), column by column: contract,
    pseudonym, rule, state, deadline, days left (negative when overdue), what is needed
    (kind, count, of, counts_from, text) and the rule's detail."""
    fix = items["state"].eq("to-fix")
    need = items["need"].where(~fix & items["need"].notna() & items["need"].ne(""))
    columns = [
        encode_column(items["contract_id"]),
        encode_column(items["municipality_code"], nullable=True),
        encode_column(items["municipality"], nullable=True),
        encode_column(items["person"], nullable=True),
        encode_column(items["rule"]),
        encode_column(items["state"]),
        encode_column(_dates(items["deadline"]), nullable=True),
        _ints(items["days"]).tolist(),
        encode_column(need.astype(object).fillna("fix")),
        _ints(items["count"].where(need.notna())).tolist(),
        _ints(items["of"].where(need.notna())).tolist(),
        encode_column(_dates(items["counts_from"]).where(need.notna()), nullable=True),
        encode_column(needed_texts(items, "en")),
        encode_column(detail_texts(items, "en"), nullable=True),
    ]
    return [ITEM % values for values in zip(*columns, strict=True)]


def chunks(work: DueList) -> Iterator[str]:
    """Yield the JSON document in pieces, CHUNK_ROWS items at a time (see :func:`dumps`)."""
    audit = work.audit
    head = {
        "schema_version": SCHEMA_VERSION,
        "kind": "due",
        "tool": f"integaudit {__version__}",
        "ruleset": audit.ruleset,
        "as_of": audit.as_of.isoformat(),
        "within_days": work.within_days,
        "group_by": audit.group_by,
    }
    yield json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ',\n  "items": '
    items = work.items
    for start in range(0, len(items), CHUNK_ROWS):
        lines = item_lines(items.iloc[start : start + CHUNK_ROWS])
        yield ("[\n    " if start == 0 else ",\n    ") + ",\n    ".join(lines)
    yield "\n  ]" if len(items) else "[]"
    for key, value in (("groups", work.groups), ("total", work.total)):
        block = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield f",\n  {encode(key)}: {block}"
    # What was read and what could not be: a work list that silently missed a file or a
    # rule would look complete.
    yield ',\n  "inputs": '
    yield from list_lines([input_lines(audit)])
    yield ',\n  "data_issues": '
    yield from list_lines([issue_lines(audit)])
    yield "\n}\n"


def dumps(work: DueList) -> str:
    """Return the JSON document (UTF-8, indented, stable key order): schema_version, tool,
    ruleset, as_of, within_days, group_by, the items (contract, pseudonym, rule, state,
    deadline, days left — negative when overdue —, what is needed and the rule's detail;
    English texts), the counts per group and in total, the input files read and the data
    issues (as in check's JSON)."""
    return "".join(chunks(work))


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
    items = work.items
    where = work.audit.extract.contracts[["file", "sheet", "row"]].reindex(items["uid"])
    states = {key: text(f"due.state.{key}", lang) for key in STATE_STYLES}
    sheet.add_columns(
        [
            cell_column(items["contract_id"]),
            cell_column(items["municipality_code"]),
            cell_column(items["municipality"]),
            cell_column(items["person"]),
            cell_column(items["rule"]),
            cell_column(items["rule"].map(titles)),
            cell_column(items["state"].map(states)),
            cell_column(items["deadline"]),
            _int_cells(items["days"]),
            cell_column(needed_texts(items, lang, iso=True)),
            cell_column(detail_texts(items, lang)),
            cell_column(where["file"]),
            cell_column(where["sheet"]),
            _int_cells(where["row"]),
            [None] * len(items),
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
