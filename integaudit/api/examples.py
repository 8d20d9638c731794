"""A rule's worked examples run (rules.examples holds them as data): each a one-contract
extract written to a temporary folder, read by ingest and audited like any extract."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from integaudit import ingest
from integaudit.audit import run as audit
from integaudit.i18n import LANGS
from integaudit.privacy.pseudonyms import Pseudonymiser
from integaudit.render.details import detail_texts
from integaudit.rules.examples import Example, extract_rows


def run(ruleset: str, rule_id: str, example: Example) -> dict[str, Any]:
    """Return what ``check`` says of the example: its status, detail in each language and
    the reason it was not assessed, read from a one-contract extract through ingest and the
    audit like any extract."""
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
