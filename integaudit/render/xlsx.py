"""The Excel workbook for the people who follow up the findings (SPEC §4.3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from integaudit.i18n import issue_message, text
from integaudit.i18n.details import detail_texts
from integaudit.model import Audit
from integaudit.render.rows import findings
from integaudit.render.trail import audit_trail
from integaudit.rules.rulesets import RULESETS

PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
FORMULA_STARTS = ("=", "+", "-", "@")
MAX_WIDTH = 60


def _value(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


class Sheet:
    """A worksheet written as one table: bold frozen header, autofilter, fitted widths, and
    text that can never become a formula."""

    def __init__(self, workbook: Workbook, title: str, headers: Sequence[str]) -> None:
        self.ws: Worksheet = workbook.create_sheet(title)
        self.headers = list(headers)
        self.widths = [len(h) for h in headers]
        self.ws.freeze_panes = "A2"
        self.rows = 0
        bold = Font(bold=True)
        cells = []
        for header in headers:
            cell = WriteOnlyCell(self.ws, value=header)
            cell.font = bold
            cells.append(cell)
        self.ws.append(cells)

    def add(self, values: Iterable[Any], formats: dict[int, str] | None = None) -> None:
        """Append one row; ``formats`` maps a column position to a number format. Plain
        values are written as they are (openpyxl formats dates itself); only formula-like
        text and formatted numbers need a cell object."""
        cells: list[Any] = []
        widths = self.widths
        for i, raw in enumerate(values):
            value = _value(raw)
            if isinstance(value, str):
                length = len(value)
                if value.startswith(FORMULA_STARTS):
                    # An extract must not inject formulas: store such text as text (§4.3).
                    cell = WriteOnlyCell(self.ws, value=value)
                    cell.data_type = "s"
                    value = cell
            elif isinstance(value, dt.date):
                length = 10
            else:
                length = 0 if value is None else len(str(value))
                if formats and i in formats and value is not None:
                    cell = WriteOnlyCell(self.ws, value=value)
                    cell.number_format = formats[i]
                    value = cell
                    length = max(length, 7)
            if length > widths[i]:
                widths[i] = min(length, MAX_WIDTH)
            cells.append(value)
        self.ws.append(cells)
        self.rows += 1

    def finish(self) -> None:
        """Set the autofilter over the table and the column widths."""
        last = get_column_letter(len(self.headers))
        self.ws.auto_filter.ref = f"A1:{last}{self.rows + 1}"
        for i, width in enumerate(self.widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width + 2


def _columns(lang: str, *keys: str) -> list[str]:
    """Return the column headers for catalogue keys ``xlsx.col.<key>`` in ``lang``."""
    return [text(f"xlsx.col.{key}", lang) for key in keys]


def _rate(stats: dict[str, Any], lang: str) -> float | str | None:
    """Return a rule's rate for a cell, or "ikke vurderet" when it assessed no contract."""
    return stats["rate"] if stats["pass"] + stats["fail"] else text("not_assessed", lang)


def _summary(workbook: Workbook, audit: Audit, lang: str) -> None:
    rules = {r.id: r for r in RULESETS[audit.ruleset]}
    sheet = Sheet(
        workbook,
        text("xlsx.summary", lang),
        _columns(
            lang,
            "rule",
            "title",
            "fail",
            "pass",
            "not_applicable",
            "not_assessed",
            "rate",
            "ci_low",
            "ci_high",
            "baseline",
            "difference",
        ),
    )
    percent = {6: PERCENT, 7: PERCENT, 8: PERCENT, 9: PERCENT}
    for rule_id in audit.rule_ids:
        stats = audit.total["rules"][rule_id]
        ci = stats["ci95"] or [None, None]
        base = audit.baseline.rates.get(rule_id) if audit.baseline else None
        diff = audit.baseline.difference_pp[rule_id] if audit.baseline else None
        diff = None if diff is None else round(diff, 1)
        sheet.add(
            [
                rule_id,
                rules[rule_id].title[lang],
                stats["fail"],
                stats["pass"],
                stats["not_applicable"],
                stats["not_assessed"],
                _rate(stats, lang),
                ci[0],
                ci[1],
                base,
                diff,
            ],
            percent,
        )
    any_fail = audit.total["any_fail"]
    sheet.add(
        [
            "any-fail",
            text("any_fail", lang),
            any_fail["fail"],
            any_fail["assessed"] - any_fail["fail"],
            None,
            None,
            any_fail["rate"],
        ],
        percent,
    )
    sheet.finish()


def _groups(workbook: Workbook, audit: Audit, lang: str) -> None:
    headers = [
        text("xlsx.col.key", lang),
        text(f"group.{audit.group_by}", lang),
        text("contracts", lang),
        text("xlsx.col.small", lang),
    ]
    formats = {}
    for rule_id in audit.rule_ids:
        formats[len(headers) + 2] = PERCENT
        headers += [
            f"{rule_id} {text('xlsx.col.fail', lang)}",
            f"{rule_id} {text('xlsx.col.assessed', lang)}",
            f"{rule_id} {text('xlsx.col.rate', lang)}",
        ]
    formats[len(headers)] = PERCENT
    headers += [text("any_fail", lang)]
    sheet = Sheet(workbook, text(f"xlsx.groups.{audit.group_by}", lang), headers)
    for group in [
        *audit.groups,
        {"key": "", "name": text("total", lang), "small": False, **audit.total},
    ]:
        row: list[Any] = [
            group["key"],
            group["name"] or text("unknown", lang),
            group["contracts"],
            text("xlsx.yes", lang) if group["small"] else "",
        ]
        for rule_id in audit.rule_ids:
            stats = group["rules"][rule_id]
            row += [stats["fail"], stats["pass"] + stats["fail"], _rate(stats, lang)]
        any_fail = group["any_fail"]
        row.append(any_fail["rate"] if any_fail["assessed"] else text("not_assessed", lang))
        sheet.add(row, formats)
    sheet.finish()


def _findings(workbook: Workbook, audit: Audit, lang: str) -> None:
    titles = {r.id: r.title[lang] for r in RULESETS[audit.ruleset]}
    sheet = Sheet(
        workbook,
        text("xlsx.findings", lang),
        _columns(
            lang,
            "contract_id",
            "municipality_code",
            "municipality",
            "person",
            "rule",
            "title",
            "detail",
            "follow_ups",
            "due",
            "responsibility_date",
            "signed_date",
            "employment_goal",
            "education_goal",
            "file",
            "sheet",
            "row",
        ),
    )
    frame = findings(audit)
    detail = detail_texts(frame, lang)
    none = text("xlsx.no_follow_ups", lang)
    # A missed-follow-up finding lists the contract's follow-up dates (several, so as text)
    # and the date the missed one was due (a real date); other findings leave both empty.
    dates = [None if d is None else ", ".join(d) or none for d in frame["follow_ups"]]
    for values in zip(
        frame["contract_id"],
        frame["municipality_code"],
        frame["municipality"],
        frame["person"],
        frame["rule"],
        frame["rule"].map(titles),
        detail,
        dates,
        frame["due"],
        frame["responsibility_date"],
        frame["signed_date"],
        frame["employment_goal"],
        frame["education_goal"],
        frame["file"],
        frame["sheet"],
        frame["row"],
        strict=True,
    ):
        sheet.add(values)
    sheet.finish()


def _issues(workbook: Workbook, audit: Audit, lang: str) -> None:
    sheet = Sheet(
        workbook,
        text("xlsx.issues", lang),
        _columns(
            lang,
            "level",
            "kind",
            "file",
            "sheet",
            "row",
            "header",
            "letter",
            "column",
            "value",
            "message",
        ),
    )
    for issue in audit.extract.issues:
        sheet.add(
            [
                text(f"level.{issue.level}", lang),
                text(f"kind.{issue.kind}", lang),
                issue.file,
                issue.sheet,
                issue.row,
                issue.header,
                issue.letter,
                issue.column,
                issue.value,
                issue_message(issue, lang),
            ]
        )
    sheet.finish()


def trail_sheet(
    workbook: Workbook, audit: Audit, lang: str, extra: tuple[tuple[str, Any], ...] = ()
) -> None:
    """Add the audit trail sheet: what ran, on what and when (with ``extra`` rows after the
    run's own), then every input file with its checksum."""
    trail = audit_trail(audit, lang)
    sheet = Sheet(
        workbook,
        text("xlsx.trail", lang),
        [
            text("xlsx.col.item", lang),
            text("xlsx.col.value", lang),
            "SHA-256",
            text("contracts", lang),
            text("xlsx.col.follow_ups", lang),
        ],
    )
    for label, value in (*trail["items"], *extra):
        sheet.add([label, value])
    for item in trail["inputs"]:
        sheet.add(
            [
                text("trail.input", lang),
                item["path"],
                item["sha256"],
                item["contracts"],
                item["follow_ups"],
            ]
        )
    sheet.finish()


def _projection(workbook: Workbook, doc: dict[str, Any], lang: str) -> None:
    sheet = Sheet(
        workbook,
        text("xlsx.projection", lang),
        _columns(
            lang,
            "rule",
            "reviewed",
            "deviations",
            "not_assessed",
            "rate",
            "upper_bound",
            "low",
            "high",
            "projected",
            "projected_upper",
            "projected_low",
            "projected_high",
        ),
    )
    formats = {4: PERCENT, 5: PERCENT, 6: PERCENT, 7: PERCENT, 8: "0", 9: "0", 10: "0", 11: "0"}
    for rule, row in doc["rules"].items():
        interval = row["interval"] or [None, None]
        projected = row["projected_interval"] or [None, None]
        sheet.add(
            [
                rule,
                row["n"],
                row["k"],
                row["not_reviewed"],
                row["estimate"],
                row["upper_bound"],
                *interval,
                row["projected_deviations"],
                row["projected_upper"],
                *projected,
            ],
            formats,
        )
    sheet.finish()


def workbook_bytes(audit: Audit, lang: str = "da") -> bytes:
    """Return the xlsx bytes of the audit's workbook: summary, groups, findings, data issues
    and audit trail, in ``lang``."""
    workbook = Workbook(write_only=True)
    _summary(workbook, audit, lang)
    _groups(workbook, audit, lang)
    _findings(workbook, audit, lang)
    _issues(workbook, audit, lang)
    if audit.projection is not None:
        _projection(workbook, audit.projection, lang)
    trail_sheet(workbook, audit, lang)
    return saved_bytes(workbook)


def saved_bytes(workbook: Workbook) -> bytes:
    """Return the bytes of a workbook saved as xlsx."""
    import io

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def municipal_workbook_bytes(audit: Audit, lang: str = "da") -> bytes:
    """Return the xlsx bytes of one municipality's exception workbook: the findings, data
    issues and audit trail sheets of the national workbook, cut to its part of the audit."""
    workbook = Workbook(write_only=True)
    _findings(workbook, audit, lang)
    _issues(workbook, audit, lang)
    trail_sheet(workbook, audit, lang)
    return saved_bytes(workbook)
