"""One national audit cut into one part per municipality, for the letters that follow an
audit: each part holds that municipality's contracts, statuses, findings and data issues and
nothing of any other, with the national figures beside its own."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from integaudit.audit.aggregate import group_keys
from integaudit.figures import Total
from integaudit.issues import DataIssue
from integaudit.model import Audit, Extract
from integaudit.municipalities import is_code

_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


# The longest name part of a report's file name: every file system takes 255 bytes a name.
STEM_WORDS = 60


def file_stem(key: str, name: str | None) -> str:
    """Return an ASCII-safe file stem for a municipality: ``461-odense``; an unknown one (no
    code) by its name as written: ``ukendt-odnese``. A name longer than STEM_WORDS is cut,
    and a short hash of it keeps the stem its own."""
    text = unicodedata.normalize("NFKD", (name or key).translate(_ASCII))
    words = re.sub(r"[^a-z0-9]+", "-", text.encode("ascii", "ignore").decode().lower())
    words = words.strip("-") or "x"
    if len(words) > STEM_WORDS:
        words = f"{words[:STEM_WORDS].rstrip('-')}-{_short_hash(key)}"
    return f"{key}-{words}" if is_code(key) else f"ukendt-{words}"


def _short_hash(key: str) -> str:
    """Return 8 hex characters of the SHA-256 of a group key."""
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:8]


def unique_stems(keys: list[str], stems: list[str]) -> list[str]:
    """Return the stems with every one that repeats an earlier stem made its own by a short
    hash of its group's key (two unknown names may read alike in ASCII: "Ødby", "Odby")."""
    seen: set[str] = set()
    out = []
    for key, stem in zip(keys, stems, strict=True):
        if stem in seen:
            stem = f"{stem}-{_short_hash(key)}"
        seen.add(stem)
        out.append(stem)
    return out


@dataclass(frozen=True)
class Part:
    """A municipality's part of the national audit: its key (code), name, file stem, and an
    Audit restricted to it (its group as the total)."""

    key: str
    name: str
    stem: str
    audit: Audit


def _issue_keys(audit: Audit, keys: pd.Series) -> list[set[str] | None]:
    """Return, per data issue, the municipalities it concerns: the one of the contract on
    its row, else every municipality with contracts in its file, else (None) all."""
    contracts = audit.extract.contracts
    located = pd.DataFrame(
        {
            "file": contracts["file"],
            "sheet": contracts["sheet"],
            "row": contracts["row"].astype("Int64"),
        }
    ).assign(key=keys.to_numpy())
    issues = pd.DataFrame(
        [(i.file, i.sheet, i.row) for i in audit.extract.issues],
        columns=["file", "sheet", "row"],
    ).astype({"row": "Int64"})
    # An issue on a contract's row concerns that contract's municipality (the first, should
    # two rows of one sheet share a number).
    on_rows = located.drop_duplicates(["file", "sheet", "row"])
    at_row = issues.merge(on_rows, on=["file", "sheet", "row"], how="left")["key"]
    by_file = located.groupby("file")["key"].agg(set).to_dict()
    out: list[set[str] | None] = []
    for issue, key in zip(audit.extract.issues, at_row, strict=True):
        if issue.row and isinstance(key, str):
            out.append({key})
        elif issue.file:
            out.append(by_file.get(issue.file, set()))
        else:
            out.append(None)
    return out


def _positions(keys: pd.Series) -> dict[str, np.ndarray]:
    """Return, per key, the positions of its rows in ``keys`` (ascending)."""
    found = keys.reset_index(drop=True).groupby(keys.to_numpy(), sort=False).indices
    return {str(key): np.asarray(rows) for key, rows in found.items()}


Numbered = list[tuple[int, DataIssue]]


def _issues_by_key(audit: Audit, keys: pd.Series) -> tuple[dict[str, Numbered], Numbered]:
    """Return the data issues each municipality's part holds, in the run's order (see
    :func:`_issue_keys`), and those of every part (concerning no municipality in particular)
    with their place among the issues."""
    by_key: dict[str, Numbered] = {}
    every: Numbered = []
    for i, (issue, where) in enumerate(
        zip(audit.extract.issues, _issue_keys(audit, keys), strict=True)
    ):
        if where is None:
            every.append((i, issue))
            continue
        for key in where:
            by_key.setdefault(key, []).append((i, issue))
    return by_key, every


def split(audit: Audit, frame: pd.DataFrame | None = None) -> tuple[list[Part], list[pd.DataFrame]]:
    """Return one part per municipality group of an audit grouped by municipality, in the
    groups' order (by code, unknown names last), each a slice of the national frames; and,
    per part, its rows of ``frame`` (a frame of the national audit with a ``uid`` column, in
    its order; none without it)."""
    contracts = audit.extract.contracts
    follow_ups = audit.extract.follow_ups
    keys = group_keys(contracts, "municipality")["key"]
    of_contract = _positions(keys)
    of_status = _positions(keys.reindex(audit.statuses["uid"].to_numpy()))
    of_follow_up = _positions(keys.reindex(follow_ups["uid"].to_numpy()))
    by_key, every = _issues_by_key(audit, keys)
    none = np.array([], dtype=np.int64)
    parts = []
    for group in audit.groups:
        key = group["key"]
        own = contracts.iloc[of_contract.get(key, none)]
        own_follow_ups = follow_ups.iloc[of_follow_up.get(key, none)]
        issues = [issue for _, issue in sorted(by_key.get(key, []) + every, key=lambda x: x[0])]
        # Its audit trail names the files that held its contracts or their follow-ups, with
        # the national run's checksums, and no other municipality's.
        held = set(own["file"]) | set(own_follow_ups["file"])
        extract = Extract(
            contracts=own,
            follow_ups=own_follow_ups,
            issues=issues,
            inputs=[f for f in audit.extract.inputs if f.path in held],
            sheets=audit.extract.sheets,
        )
        statuses = audit.statuses.iloc[of_status.get(key, none)].reset_index(drop=True)
        total: Total = {
            "contracts": group["contracts"],
            "rules": group["rules"],
            "any_fail": group["any_fail"],
        }
        part = replace(audit, extract=extract, statuses=statuses, total=total, groups=[group])
        name = group["name"] or key
        parts.append(Part(key, name, file_stem(key, group["name"]), part))
    stems = unique_stems([p.key for p in parts], [p.stem for p in parts])
    parts = [replace(p, stem=stem) for p, stem in zip(parts, stems, strict=True)]
    if frame is None:
        return parts, []
    of_row = _positions(keys.reindex(frame["uid"].to_numpy()))
    return parts, [frame.iloc[of_row.get(part.key, none)] for part in parts]


def rank(audit: Audit, key: str, rule_id: str) -> tuple[int, int] | None:
    """Return (place, of): where a municipality's rate of a rule stands among the
    municipalities that assessed it, 1 the lowest rate (ties share the better place); None
    when it assessed none."""
    rates = {
        g["key"]: rate for g in audit.groups if (rate := g["rules"][rule_id]["rate"]) is not None
    }
    if key not in rates:
        return None
    own = rates[key]
    return 1 + sum(1 for rate in rates.values() if rate < own), len(rates)
