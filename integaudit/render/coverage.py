"""What a run could not assess, in words: the headers that provide a rule's need, the reason
a rule was not assessed and the coverage lines under the table ("Manglende opfølgning: 13 af
13 ikke vurderet — ingen kolonne med opfølgninger i odense.xlsx")."""

from __future__ import annotations

from pathlib import PurePath

import pandas as pd

from integaudit.audit.coverage import rule_coverage
from integaudit.i18n import text
from integaudit.ingest.headers import normalise_header
from integaudit.model import FIELDS_BY_NAME
from integaudit.rules.base import NEEDS


def _headers_of(fields: tuple[str, ...], most: int) -> list[str]:
    """Return up to ``most`` distinct headers that map to ``fields`` (aliases spelled with
    æ/ø/å only once), capitalised as a user would write them."""
    seen: set[str] = set()
    out = []
    for name in fields:
        for alias in FIELDS_BY_NAME[name].aliases or (name,):
            key = normalise_header(alias)
            if key not in seen:
                seen.add(key)
                out.append(alias[:1].upper() + alias[1:])
    return out[:most]


def accepted_headers(need: str, lang: str) -> str:
    """Return, for a user, the headers that provide ``need``: a few of its aliases and, where
    it can come otherwise, how ("or both Underskrevet borger and Underskrevet kommune")."""
    # Two needs can come otherwise than from one column: what else provides them, and the
    # Danish headers that message names.
    otherwise = {
        "signed_date": (
            _headers_of(("signed_date",), 3),
            "headers.both_signatures",
            {"citizen": "signed_citizen_date", "council": "signed_municipality_date"},
        ),
        "follow_ups": (
            [*_headers_of(("follow_ups",), 2), "Opfølgning 1"],
            "headers.follow_up_sheet",
            {"contract_id": "contract_id", "follow_up_date": "follow_up_date"},
        ),
    }
    if need in otherwise:
        first, key, fields = otherwise[need]
        names = {k: text(f"template.header.{v}", "da") for k, v in fields.items()}
        return f"{', '.join(first)} … {text('headers.or', lang)} {text(key, lang, **names)}"
    headers = _headers_of(NEEDS[need], 4)
    return ", ".join(headers) + (" …" if len(headers) == 4 else "")


def reason_text(reason: str, lang: str) -> str:
    """Return a not-assessed reason code ("absent:signed_date") as a phrase in ``lang``."""
    kind, _, name = reason.partition(":")
    if kind not in ("absent", "unreadable", "empty", "conflict"):
        return text("reason.other", lang)
    return text(f"reason.{kind}", lang, field=text(f"field.{name}", lang))


MAX_FILES_NAMED = 3


def coverage_lines(
    contracts: pd.DataFrame,
    statuses: pd.DataFrame,
    rule_ids: list[str],
    titles: dict[str, str],
    lang: str,
) -> list[str]:
    """Return one sentence per rule not assessed for some contracts: how many of how many,
    the main reason and the files it holds for ("Manglende opfølgning: 13 af 13 ikke vurderet
    — ingen kolonne med opfølgninger i odense.xlsx")."""
    lines = []
    for item in rule_coverage(contracts, statuses, rule_ids):
        names = [PurePath(f).name for f in item.files]
        files = ", ".join(names[:MAX_FILES_NAMED])
        if len(names) > MAX_FILES_NAMED:
            files = text(
                "coverage.more_files", lang, files=files, more=len(names) - MAX_FILES_NAMED
            )
        lines.append(
            text(
                "coverage.line",
                lang,
                rule=titles[item.rule],
                count=item.not_assessed,
                total=item.contracts,
                reason=reason_text(item.reason, lang),
                files=files,
            )
        )
    return lines
