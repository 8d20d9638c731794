"""The Excel workbook for the people who follow up the findings (SPEC §4.3).

Written by XlsxWriter in constant-memory mode: each row goes to a temporary file as it is
written, so memory does not grow with the findings, and with fixed document properties, so the
same audit always gives the same bytes (benchmarks/README.md says why XlsxWriter and not
openpyxl's write-only mode).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from integaudit.audit.thresholds import conditions
from integaudit.figures import Group, Projection, RuleStats
from integaudit.i18n import text
from integaudit.model import Audit
from integaudit.render.details import detail_texts
from integaudit.render.issue_text import issue_message
from integaudit.render.rows import findings
from integaudit.render.sheet import PERCENT, Sheet, cell_column
from integaudit.render.trail import audit_trail
from integaudit.rules.base import NEEDS, Rule
from integaudit.writers.xlsx import StreamingWorkbook


def _columns(lang: str, *keys: str) -> list[str]:
    """Return the column headers for catalogue keys ``xlsx.col.<key>`` in ``lang``."""
    return [text(f"xlsx.col.{key}", lang) for key in keys]


def _rate(stats: RuleStats, lang: str) -> float | str | None:
    """Return a rule's rate for a cell, or "ikke vurderet" when it assessed no contract."""
    return stats["rate"] if stats["pass"] + stats["fail"] else text("not_assessed", lang)


def _summary(workbook: StreamingWorkbook, audit: Audit, lang: str) -> None:
    rules = {r.id: r for r in audit.rules}
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
            "legal_basis",
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
                rules[rule_id].legal_basis[lang],
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
    if audit.verdict is not None and conditions(audit.verdict, lang):
        _verdict_rows(sheet, audit.verdict, lang)
    sheet.finish()


def _verdict_rows(sheet: Sheet, verdict: Any, lang: str) -> None:
    """Add the run's verdict under the summary, when a condition was asked for: each
    threshold, --strict reason and --fail-on with its sentence and whether it was hit, then
    the exit code (as the JSON and HTML have it)."""
    sheet.add([])
    for condition in conditions(verdict, lang):
        state = text("verdict.hit" if condition.hit else "verdict.passed", lang)
        sheet.add([condition.option, condition.message, state])
    sheet.add(["exit-code", text("verdict.exit_code.label", lang), verdict.exit_code])


def _groups(workbook: StreamingWorkbook, audit: Audit, lang: str) -> None:
    headers = [
        text("xlsx.col.key", lang),
        text(f"group.{audit.group_by}", lang),
        text("contracts", lang),
        text("xlsx.col.small", lang),
    ]
    formats = {}
    titles = audit.titles(lang, short=True)
    for rule_id in audit.rule_ids:
        formats[len(headers) + 2] = PERCENT
        headers += [
            text(f"xlsx.col.rule_{count}", lang, rule=titles[rule_id])
            for count in ("fail", "assessed", "rate")
        ]
    formats[len(headers)] = PERCENT
    headers += [text("any_fail", lang)]
    sheet = Sheet(workbook, text(f"xlsx.groups.{audit.group_by}", lang), headers)
    for group in [
        *audit.groups,
        Group(key="", name=text("total", lang), small=False, **audit.total),
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


# Fields a caseworker needs beside a finding when the ruleset's rules read them (bek2020's
# situation, visitation, declaration, coordinating unit and the maternity dates).
CASEWORK_FIELDS = (
    "situation",
    "visitation_date",
    "declaration_date",
    "coordinating_unit",
    "child_birth_date",
    "leave_end_date",
)


def casework_fields(rules: Sequence[Rule]) -> list[str]:
    """Return the CASEWORK_FIELDS that one of ``rules`` needs or uses, in that order."""
    read = {
        name
        for rule in rules
        for name in (*rule.uses, *(f for need in rule.needs for f in NEEDS[need]))
    }
    return [name for name in CASEWORK_FIELDS if name in read]


def _casework_columns(audit: Audit, uids: pd.Series, lang: str) -> list[list[Any]]:
    """Return the cells of the casework fields for the findings' contracts: dates as dates,
    the situation in ``lang``'s words."""
    contracts = audit.extract.contracts
    columns = []
    for name in casework_fields(audit.rules):
        values = contracts[name].reindex(uids.to_numpy()).reset_index(drop=True)
        if name == "situation":
            values = values.map(lambda s: text(f"situation_name.{s}", lang), na_action="ignore")
        columns.append(cell_column(values))
    return columns


def _findings(
    workbook: StreamingWorkbook, audit: Audit, lang: str, frame: pd.DataFrame | None = None
) -> None:
    titles = audit.titles(lang)
    extra = casework_fields(audit.rules)
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
            *extra,
            "file",
            "sheet",
            "row",
        ),
    )
    if frame is None:
        frame = findings(audit)
    none = text("xlsx.no_follow_ups", lang)
    # A missed-follow-up finding lists the contract's follow-up dates (several, so as text)
    # and the date the missed one was due (a real date); other findings leave both empty.
    dates = [None if d is None else ", ".join(d) or none for d in frame["follow_ups"]]
    sheet.add_columns(
        [
            cell_column(frame["contract_id"]),
            cell_column(frame["municipality_code"]),
            cell_column(frame["municipality"]),
            cell_column(frame["person"]),
            cell_column(frame["rule"]),
            cell_column(frame["rule"].map(titles)),
            cell_column(_detail(frame, lang)),
            dates,
            cell_column(frame["due"]),
            cell_column(frame["responsibility_date"]),
            cell_column(frame["signed_date"]),
            cell_column(frame["employment_goal"]),
            cell_column(frame["education_goal"]),
            *_casework_columns(audit, frame["uid"], lang),
            cell_column(frame["file"]),
            cell_column(frame["sheet"]),
            cell_column(frame["row"]),
        ]
    )
    sheet.finish()


def _detail(found: pd.DataFrame, lang: str) -> pd.Series:
    """Return the findings' detail texts in ``lang``."""
    return detail_texts(found, lang)


def _issues(workbook: StreamingWorkbook, audit: Audit, lang: str) -> None:
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
    issues = audit.extract.issues
    sheet.add_columns(
        [
            [text(f"level.{issue.level}", lang) for issue in issues],
            [text(f"kind.{issue.kind}", lang) for issue in issues],
            [issue.file for issue in issues],
            [issue.sheet for issue in issues],
            [issue.row for issue in issues],
            [issue.header for issue in issues],
            [issue.letter for issue in issues],
            [issue.column for issue in issues],
            [issue.value for issue in issues],
            [issue_message(issue, lang) for issue in issues],
        ]
    )
    sheet.finish()


def trail_sheet(
    workbook: StreamingWorkbook, audit: Audit, lang: str, extra: tuple[tuple[str, Any], ...] = ()
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


def _projection(workbook: StreamingWorkbook, doc: Projection, lang: str) -> None:
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
    workbook = StreamingWorkbook(signed=True)
    _summary(workbook, audit, lang)
    _groups(workbook, audit, lang)
    _findings(workbook, audit, lang)
    _issues(workbook, audit, lang)
    if audit.projection is not None:
        _projection(workbook, audit.projection, lang)
    trail_sheet(workbook, audit, lang)
    return workbook.bytes()


def municipal_workbook_bytes(
    audit: Audit, lang: str = "da", other_inputs: int = 0, found: pd.DataFrame | None = None
) -> bytes:
    """Return the xlsx bytes of one municipality's exception workbook: the findings, data
    issues and audit trail sheets of the national workbook, cut to its part of the audit
    (the trail lists the files of its part; ``other_inputs`` the national run's others);
    ``found`` its rows of render.rows.findings when the caller has them."""
    workbook = StreamingWorkbook(signed=True)
    _findings(workbook, audit, lang, found)
    _issues(workbook, audit, lang)
    others = text("municipal.other_inputs", lang, count=other_inputs) if other_inputs else None
    extra = ((text("municipal.other_inputs_label", lang), others),) if others else ()
    trail_sheet(workbook, audit, lang, extra)
    return workbook.bytes()
