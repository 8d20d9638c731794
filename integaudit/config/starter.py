"""The integaudit.toml ``integaudit init`` writes for a folder of extracts (issue 19 §6): the
layout it detected per file as [[layout]] entries, every alias and placeholder it would
suggest as commented lines with the columns' sample values (pseudonymised), the status values
of conversations it does not know, and the audit date and ruleset as commented defaults.

Only lines of a config are ever commented out whole (``# field = ["Header"]``): removing the
``# `` gives a valid line under the table it stands in. Everything else is a remark (``#  …``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from integaudit.config.advice import Advice, advise
from integaudit.i18n import text
from integaudit.ingest.headers import normalise_header
from integaudit.model import Extract, SheetColumns
from integaudit.rules.base import NEEDS, Rule


@dataclass
class Starter:
    """What init found: the config's text and what the user should confirm."""

    text: str
    confirm: list[str] = field(default_factory=list)


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _relative(file: str, folder: Path) -> str:
    """Return a file's path below the folder the config is written in (posix)."""
    try:
        return Path(file).resolve().relative_to(folder.resolve()).as_posix()
    except (ValueError, OSError):
        return PurePath(file).name


def _wanted(sheet: SheetColumns, extract: Extract, rules: list[Rule]) -> list[str]:
    """Return the fields the rules need that no column of the sheet provides (the follow-ups
    also not a follow-ups sheet of its file), those they use that it lacks, and the person."""
    fields: list[str] = []
    for need in dict.fromkeys(n for rule in rules for n in rule.needs):
        if need == "follow_ups" and any(
            s.file == sheet.file and s.kind == "follow_ups" for s in extract.sheets
        ):
            continue
        if not any(name in sheet.fields for name in NEEDS[need]):
            fields += [*NEEDS[need], *(("follow_up_date",) if need == "follow_ups" else ())]
    fields += [name for rule in rules for name in rule.uses]
    fields.append("person_id")
    return [f for f in dict.fromkeys(fields) if f not in sheet.fields]


def _layout(sheet: SheetColumns, folder: Path, lang: str) -> list[str]:
    """Return the [[layout]] entry of a sheet whose header is not simply its first row, else
    no lines."""
    second = sheet.second_header
    plain = sheet.header_row == 1 and sheet.header_rows == 1
    if sheet.kind is None or sheet.header_row is None or (plain and not second):
        return []
    lines = ["[[layout]]", f"files = {_quoted(_relative(sheet.file, folder))}"]
    if not sheet.file.lower().endswith((".csv", ".txt")):
        lines.append(f"sheet = {_quoted(sheet.sheet)}")
    lines.append(f"header_row = {sheet.header_row}")
    if sheet.band_row:
        lines.append("#  " + text("init.band", lang, band=sheet.band_row))
    elif sheet.header_rows == 2:
        lines.append("header_rows = 2")
    if second:
        lines.append("#  " + text("init.second_header", lang, row=sheet.header_row + 1))
        lines.append("# header_rows = 2")
    return [*lines, ""]


def starter(extract: Extract, rules: list[Rule], ruleset: str, folder: Path, lang: str) -> Starter:
    """Return the config init writes for the extracts read into ``extract``, to be saved in
    ``folder``, its remarks in ``lang``, with what the user should confirm."""
    out = Starter("")
    aliases: dict[str, list[tuple[str, Advice, SheetColumns]]] = {}
    placeholders: dict[str, SheetColumns] = {}
    remarks: list[str] = []
    layouts: list[str] = []
    for sheet in extract.sheets:
        entry = _layout(sheet, folder, lang)
        layouts += entry
        if entry:
            out.confirm.append(text("init.confirm_layout", lang, file=sheet.file,
                                    sheet=sheet.sheet, row=sheet.header_row))  # fmt: skip
        if sheet.kind != "contracts":
            continue
        for item in advise(sheet.columns, _wanted(sheet, extract, rules)):
            if item.kind == "alias" and item.field:
                aliases.setdefault(item.field, []).append((item.header, item, sheet))
            elif item.kind == "placeholders":
                for value in item.values:
                    placeholders.setdefault(value, sheet)
            else:
                remarks.append(_remark(item, sheet, lang))
    held, unknown = _unknown_statuses(extract, lang)
    head = [
        "#  " + text("init.title", lang, date=dt.date.today().isoformat()),
        "#  " + text("init.how", lang),
        "",
        "#  " + text("init.run", lang),
        f"# as_of = {_quoted(dt.date.today().isoformat())}",
        f"# ruleset = {_quoted(ruleset)}",
        "",
    ]
    body = _aliases(aliases, lang) + _placeholders(placeholders, lang) + _held(held, lang)
    body += ["#  " + r for r in remarks + unknown] + ([""] if remarks or unknown else [])
    out.text = "\n".join(head + body + layouts).rstrip("\n") + "\n"
    count = sum(len(v) for v in aliases.values()) + len(placeholders) + len(held)
    if count:
        out.confirm.append(text("init.confirm_suggestions", lang, count=count))
    out.confirm += [text("init.confirm_remark", lang, remark=r) for r in remarks + unknown]
    out.confirm.append(text("init.confirm_as_of", lang))
    return out


def _aliases(found: dict[str, list[tuple[str, Advice, SheetColumns]]], lang: str) -> list[str]:
    """Return the commented [aliases] lines: one per field, every header it was found under,
    each with where it is and a few of its values."""
    if not found:
        return []
    lines = ["[aliases]"]
    for name, items in found.items():
        headers: list[str] = []
        for header, advice, sheet in items:
            letter = next((c.letter for c in sheet.columns if c.header == header), "?")
            samples = ", ".join(advice.samples) or "–"
            where = text("init.where", lang, file=PurePath(sheet.file).name, sheet=sheet.sheet,
                         letter=letter, header=header, samples=samples)  # fmt: skip
            lines.append("#  " + where)
            if header not in headers:
                headers.append(header)
        lines.append(f"# {name} = [{', '.join(_quoted(h) for h in headers)}]")
    return [*lines, ""]


def _placeholders(found: dict[str, SheetColumns], lang: str) -> list[str]:
    """Return the commented [placeholders] line of the texts that mean no goal."""
    if not found:
        return []
    files = ", ".join(dict.fromkeys(PurePath(s.file).name for s in found.values()))
    return [
        "[placeholders]",
        "#  " + text("init.placeholders", lang, files=files),
        f"# goal = [{', '.join(_quoted(v) for v in found)}]",
        "",
    ]


def _remark(item: Advice, sheet: SheetColumns, lang: str) -> str:
    """Return a remark on a column the tool cannot map by itself."""
    name = PurePath(sheet.file).name
    if item.kind == "latest":
        return text("init.latest", lang, file=name, header=item.header)
    return text("init.choices", lang, file=name, header=item.header, fields=", ".join(item.fields))


# A status that names a kind of conversation (held, then, in some form): offered as held.
_CONVERSATION = re.compile(r"samtale|moede|opfoelgning|telefon|video|besoeg|interview|meeting")


def _unknown_statuses(extract: Extract, lang: str) -> tuple[list[str], list[str]]:
    """Return the status values of conversations the tool does not know that name a kind of
    conversation (offered as held), and a remark on each of the others (only the user knows
    what they mean)."""
    held: list[str] = []
    out: list[str] = []
    for sheet in extract.sheets:
        for value, count, state in sheet.statuses:
            if state != "unknown" or value in held:
                continue
            if _CONVERSATION.search(normalise_header(value)):
                held.append(value)
            else:
                out.append(text("init.status", lang, value=value, count=count,
                                file=PurePath(sheet.file).name))  # fmt: skip
    return held, out


def _held(values: list[str], lang: str) -> list[str]:
    """Return the [follow_ups] table offering the conversation kinds found as held."""
    if not values:
        return []
    return [
        "[follow_ups]",
        "#  " + text("init.held", lang),
        f"# held = [{', '.join(_quoted(v) for v in values)}]",
        "",
    ]
