"""How each header of each sheet maps to the canonical fields, which headers were not
recognised, and which rules the missing fields disable (``integaudit columns``)."""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import Any

import pandas as pd

from integaudit.audit.coverage import candidate_fields
from integaudit.config.advice import advise
from integaudit.i18n import text
from integaudit.issues import DataIssue, IssueKind
from integaudit.model import Extract, SheetColumns
from integaudit.render.coverage import accepted_headers
from integaudit.render.issue_text import issue_message
from integaudit.rules.base import NEEDS, Rule, need_present


def _sheet_needs(
    sheet: SheetColumns, contracts: pd.DataFrame, rules: list[Rule]
) -> list[dict[str, Any]]:
    """Return the needs of ``rules`` that no contract of the sheet has a column for, each
    with the rules it disables, in the order the rules first name them."""
    rows = contracts[contracts["file"].eq(sheet.file) & contracts["sheet"].eq(sheet.sheet)]
    missing: dict[str, list[str]] = {}
    for rule in rules:
        for need in rule.needs:
            present = need_present(rows, need).any() if len(rows) else _in_fields(sheet, need)
            if not present:
                missing.setdefault(need, []).append(rule.id)
    return [{"need": need, "rules": ids} for need, ids in missing.items()]


def _in_fields(sheet: SheetColumns, need: str) -> bool:
    """Return whether the sheet's header provides a need (for a sheet without data rows)."""
    if need == "signed_date":
        both = {"signed_citizen_date", "signed_municipality_date"} <= sheet.fields
        return "signed_date" in sheet.fields or both
    return any(name in sheet.fields for name in NEEDS[need])


def _suggestion(sheet: SheetColumns, need: str) -> dict[str, str] | None:
    """Return the first column the advice maps for ``need`` and the field, or None."""
    for item in advise(sheet.columns, candidate_fields(need)):
        if item.kind == "alias" and item.field:
            return {"field": item.field, "header": item.header}
    return None


# Why a sheet is not read, when a [[layout]] with the header's row would make it read.
_HEADER_PROBLEMS = (
    IssueKind.SHEET_NO_HEADER,
    IssueKind.SHEET_IGNORED,
    IssueKind.SHEET_HEADER_TOO_LOW,
)


def _sheet_issues(sheet: SheetColumns, issues: list[DataIssue]) -> list[DataIssue]:
    """Return the data issues of the sheet as a whole (none of its rows)."""
    return [
        i
        for i in issues
        if i.file == sheet.file and i.sheet == sheet.sheet and i.kind.startswith("sheet-")
    ]


def _sheet_notes(sheet: SheetColumns, issues: list[DataIssue], lang: str) -> list[str]:
    """Return what the sheet's info and warning issues say (hidden, not read and why)."""
    return [issue_message(i, lang) for i in _sheet_issues(sheet, issues) if i.level != "error"]


def _header_hint(sheet: SheetColumns, issues: list[DataIssue], lang: str) -> str | None:
    """Return, for a sheet not read because no header was found where it was looked for,
    the [[layout]] lines that put the header where it is; None for any other sheet."""
    found = [i for i in _sheet_issues(sheet, issues) if i.kind in _HEADER_PROBLEMS]
    if sheet.kind is not None or not found:
        return None
    row = found[0].row if found[0].kind != IssueKind.SHEET_IGNORED else sheet.header_row
    return text(
        "columns.hint.header",
        lang,
        file=PurePath(sheet.file).name,
        sheet=sheet.sheet,
        row=row or "N",
    )


def column_report(extract: Extract, rules: list[Rule], lang: str) -> list[dict[str, Any]]:
    """Return one entry per input file: its problems (file-level errors), and per sheet its
    kind, header row, every header with the field it maps to and how, the headers not
    recognised, the needs missing with the rules they disable, and the optional fields the
    rules would use that are absent."""
    uses = list(dict.fromkeys(name for rule in rules for name in rule.uses))
    report = []
    for source in extract.inputs:
        sheets = []
        for sheet in (s for s in extract.sheets if s.file == source.path):
            problems = [
                issue_message(i, lang)
                for i in extract.issues
                if i.file == sheet.file and i.sheet == sheet.sheet and i.level == "error"
            ]
            contracts_sheet = sheet.kind == "contracts"
            sheets.append(
                {
                    "sheet": sheet.sheet,
                    "kind": sheet.kind,
                    "header_row": sheet.header_row,
                    "header_rows": sheet.header_rows,
                    "band_row": sheet.band_row,
                    "header_found": sheet.how,
                    "skipped_rows": list(sheet.skipped),
                    "layout": list(sheet.layout),
                    "notes": _sheet_notes(sheet, extract.issues, lang),
                    "statuses": [
                        {"value": v, "count": n, "counts_as": state}
                        for v, n, state in sheet.statuses
                    ],
                    "hint": _header_hint(sheet, extract.issues, lang),
                    "columns": [
                        {"letter": c.letter, "header": c.header, "field": c.field, "how": c.source}
                        for c in sheet.columns
                    ],
                    "unrecognised": [c.header for c in sheet.columns if c.field is None],
                    "missing": [
                        {
                            **item,
                            "headers": accepted_headers(item["need"], lang),
                            "suggestion": _suggestion(sheet, item["need"]),
                            "advice": [
                                a.as_dict()
                                for a in advise(sheet.columns, candidate_fields(item["need"]))
                            ],
                        }
                        for item in _sheet_needs(sheet, extract.contracts, rules)
                    ]
                    if contracts_sheet
                    else [],
                    "optional_missing": [n for n in uses if n not in sheet.fields]
                    if contracts_sheet
                    else [],
                    "optional_advice": [
                        a.as_dict()
                        for a in advise(sheet.columns, [n for n in uses if n not in sheet.fields])
                    ]
                    if contracts_sheet
                    else [],
                    "problems": problems,
                }
            )
        errors = [
            issue_message(i, lang)
            for i in extract.issues
            if i.file == source.path and i.sheet is None and i.level == "error"
        ]
        report.append({"file": source.path, "errors": errors, "sheets": sheets})
    read = {source.path for source in extract.inputs}
    for issue in extract.issues:
        if issue.level == "error" and issue.file and issue.file not in read:
            report.append(
                {"file": issue.file, "errors": [issue_message(issue, lang)], "sheets": []}
            )
    return report


def situation_values(lang: str) -> list[tuple[str, list[str], str]]:
    """Return, per situation the rules know, its id, the values a situation cell may hold for
    it (any case, Danish or English) and what it means for the rules, in ``lang``."""
    from integaudit.ingest.values import SITUATION_WORDS

    return [
        (name, list(words), text(f"situation.{name}", lang))
        for name, words in SITUATION_WORDS.items()
    ]


def markdown() -> str:
    """Return docs/columns.md: every canonical field with its type, the rules that need or
    use it and every header alias, generated from the model (one source for SPEC §1.2's
    table and the code)."""
    from integaudit.ingest.sheets import REQUIRED_CONTRACT_FIELDS
    from integaudit.model import (
        AMBIGUOUS_HEADERS,
        CONTRACT_FIELDS,
        FOLLOW_UP_FIELDS,
        WIDE_FOLLOW_UP_PATTERN,
    )
    from integaudit.rules.rulesets import RULESETS

    def rules_for(name: str) -> str:
        found = []
        for ruleset, rules in RULESETS.items():
            for rule in rules:
                needed = any(name in NEEDS[need] for need in rule.needs)
                if needed or name in rule.uses:
                    found.append(f"{rule.id} ({ruleset}{'' if needed else ', optional'})")
        return ", ".join(found) or "–"

    def aliases(field_aliases: tuple[str, ...]) -> str:
        return ", ".join(f"`{a}`" for a in field_aliases) or "–"

    lines = [
        "# Columns",
        "",
        "Generated from `integaudit/model.py` by `make docs`; a test keeps it current.",
        "",
        "Headers match case-insensitively after trimming, with `_`, `-`, `.` and spaces alike "
        "and `æ`/`ø`/`å` equal to `ae`/`oe`/`aa`. The field name itself always matches. "
        "Add your own spellings in `integaudit.toml` under `[aliases]` "
        '(`signed_date = ["Kontrakten underskrevet d."]`); `integaudit columns PATH` shows how '
        "each header of each sheet was read.",
        "",
        "## Contracts",
        "",
        "| field | type | required | rules | aliases |",
        "|---|---|---|---|---|",
    ]
    for f in CONTRACT_FIELDS:
        required = "yes" if f.name in REQUIRED_CONTRACT_FIELDS else ""
        lines.append(
            f"| `{f.name}` | {f.type} | {required} | {rules_for(f.name)} | {aliases(f.aliases)} |"
        )
    lines += [
        "",
        "`municipality` may be left out when the file name or `--municipality` gives it. "
        "`signed_date`, when absent, is the later of `signed_citizen_date` and "
        "`signed_municipality_date`; one of the two alone does not give it. `follow_ups` holds "
        "dates in one cell separated by `;`, `,`, `|` or newlines.",
        "",
        "Wide layout: columns matching `" + WIDE_FOLLOW_UP_PATTERN + "` after normalising "
        "(`Opfølgning 1`, `opf 2`, `follow_up_3`) each hold one follow-up date.",
        "",
        "## Follow-ups (a sheet of its own)",
        "",
        "| field | type | aliases |",
        "|---|---|---|",
    ]
    lines += [f"| `{f.name}` | {f.type} | {aliases(f.aliases)} |" for f in FOLLOW_UP_FIELDS]
    lines += [
        "",
        "## `situation` values",
        "",
        "A `situation` cell holds one of these (any case; `_`, `-`, `.` and spaces alike). "
        "Only the `bek2020` rules use it; an empty or unknown value makes `late-visitation` and "
        "`missed-follow-up` not assessed for that contract, with a data issue for an unknown one.",
        "",
        "| situation | values | what it means for the rules |",
        "|---|---|---|",
    ]
    lines += [
        f"| `{name}` | {aliases(tuple(words))} | {meaning} |"
        for name, words, meaning in situation_values("en")
    ]
    lines += [
        "",
        "## Headers that are never mapped",
        "",
        "These name a field only ambiguously. They are not read; when a rule lacks one of the "
        "fields they may mean, the warning `rule-not-assessable` suggests the alias to add.",
        "",
        "| header | may mean |",
        "|---|---|",
    ]
    lines += [
        f"| `{header}` | {', '.join(f'`{n}`' for n in fields)} |"
        for header, fields in AMBIGUOUS_HEADERS.items()
    ]
    # How a sheet is read beyond its headers, written by hand.
    from integaudit.ingest.held import HELD_WORDS, NOT_HELD_WORDS

    reading = (Path(__file__).parent.parent / "data" / "columns_reading.md").read_text(
        encoding="utf-8"
    )
    for token, words in (("{{HELD_WORDS}}", HELD_WORDS), ("{{NOT_HELD_WORDS}}", NOT_HELD_WORDS)):
        reading = reading.replace(token, ", ".join(f"*{w}*" for w in words))
    return "\n".join(lines) + "\n\n" + reading
