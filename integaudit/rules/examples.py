"""Worked examples that run: each rule's pass, fail and not-applicable cases as data (one
contract, the audit date, the status and detail the rule gives), kept beside the rules in
``rules/cases/<ruleset>.toml`` and executed through the same code path as ``check``.
"""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from integaudit.i18n import LANGS
from integaudit.model import FIELDS_BY_NAME, Suspension

# The municipality every example contract belongs to; it plays no part in any rule.
MUNICIPALITY = "Aarhus"


@dataclass(frozen=True)
class Example:
    """One worked example of a rule.

    ``contract`` maps canonical fields to values (dates as ISO text, ``follow_ups`` a list of
    dates, ``""`` an empty cell); a field it does not name has no column in the extract, and
    ``absent`` names those the reader should be told about; ``detail`` is the rule's detail
    in each language, or None when it gives none.
    """

    says: dict[str, str]
    contract: dict[str, Any]
    as_of: str
    status: str
    detail: dict[str, str] | None = None
    absent: tuple[str, ...] = ()
    suspensions: tuple[Suspension, ...] = ()


def _example(raw: dict[str, Any]) -> Example:
    return Example(
        says=dict(raw["says"]),
        contract=dict(raw["contract"]),
        as_of=str(raw["as_of"]),
        status=str(raw["status"]),
        detail=dict(raw["detail"]) if "detail" in raw else None,
        absent=tuple(raw.get("absent", ())),
        suspensions=tuple(
            Suspension(
                dt.date.fromisoformat(w["start"]),
                dt.date.fromisoformat(w["end"]),
                w.get("label", ""),
            )
            for w in raw.get("suspension", ())
        ),
    )


@functools.cache
def _catalogue(ruleset: str) -> dict[str, tuple[Example, ...]]:
    """Return rule id → its examples for a ruleset, from its TOML file."""
    source = files("integaudit.rules").joinpath("cases", f"{ruleset}.toml")
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    return {rule: tuple(_example(e) for e in entries) for rule, entries in data.items()}


def examples(ruleset: str, rule_id: str) -> tuple[Example, ...]:
    """Return the worked examples of a rule in a ruleset (none when it has none)."""
    return _catalogue(ruleset).get(rule_id, ())


_REQUIRED = ("contract_id", "municipality", "responsibility_date")


def extract_rows(example: Example) -> list[list[str]]:
    """Return the example as the rows of a one-contract extract: a header of canonical Danish
    headers and one row; follow-ups in one cell, separated by ", ". A field the example does
    not name has no column."""
    values: dict[str, Any] = {
        "contract_id": "EX-1",
        "municipality": MUNICIPALITY,
        "responsibility_date": "",
        **example.contract,
    }
    fields = _fields(example)
    row = [", ".join(values[f]) if f == "follow_ups" else str(values[f]) for f in fields]
    return [[_header(f) for f in fields], row]


def _header(field: str) -> str:
    """Return the canonical Danish header of a field."""
    from integaudit.i18n import text

    if field == "follow_ups":
        return "Opfølgninger"
    if field == "signed_date":
        return "Underskrevet"
    return text(f"template.header.{field}", "da")


def run(ruleset: str, rule_id: str, example: Example) -> dict[str, Any]:
    """Return what ``check`` says of the example: its status, detail in each language and
    the reason it was not assessed, read from a one-contract extract through ingest and the
    audit like any extract."""
    from integaudit import audit, ingest
    from integaudit.i18n.details import detail_texts
    from integaudit.privacy.pseudonyms import Pseudonymiser

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "eksempel.csv"
        lines = [";".join(row) for row in extract_rows(example)]
        path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
        options = ingest.LoadOptions(
            as_of=dt.date.fromisoformat(example.as_of),
            pseudonymiser=Pseudonymiser(b"examples", stable=True),
        )
        extract = ingest.load([path], options)
    result = audit.run(
        extract,
        ruleset,
        dt.date.fromisoformat(example.as_of),
        suspensions=example.suspensions,
    )
    row = result.statuses[result.statuses["rule"].eq(rule_id)].iloc[:1]
    found = row.iloc[0]
    return {
        "status": found["status"],
        "detail": {lang: detail_texts(row, lang).iloc[0] for lang in LANGS},
        "reason": found["reason"],
        "issues": [i.kind for i in result.extract.issues],
    }


def _fields(example: Example) -> list[str]:
    """Return the columns of the example's extract: the required ones, then the fields it
    names, in model order."""
    named = [f for f in FIELDS_BY_NAME if f in example.contract and f not in _REQUIRED]
    return [*_REQUIRED, *named]


def describe(example: Example, lang: str) -> str:
    """Return the example as one line for a reader: what it shows, the contract's values
    under their Danish headers, the audit date and the verdict (with the detail)."""
    from integaudit.i18n import text

    parts = []
    for field in _fields(example)[2:]:
        value = example.contract.get(field, "")
        shown = ", ".join(value) if isinstance(value, list) else value
        parts.append(f"{_header(field)}: {shown or '–'}")
    parts += [f"{_header(field)}: {text('examples.absent', lang)}" for field in example.absent]
    for window in example.suspensions:
        parts.append(text("examples.suspension", lang, start=window.start, end=window.end))
    verdict = text(f"status.{example.status}", lang)
    if example.detail:
        verdict += f" ({example.detail[lang]})"
    return text(
        "examples.line",
        lang,
        says=example.says[lang],
        values="; ".join(parts),
        as_of=example.as_of,
        verdict=verdict,
    )
