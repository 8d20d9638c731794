"""Comparing two audits (STAR's planned follow-up of 2015): rates then and now (SPEC §4.6).

Only two check JSON documents can be compared. A document names its kind (``"kind"``); one
written by an earlier version does not, and is known by the keys each kind has.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from integaudit import SCHEMA_VERSION, __version__
from integaudit.errors import IntegauditError, readable, shown
from integaudit.i18n import Message
from integaudit.ingest.limits import NotRegular, read_regular
from integaudit.intervals import two_proportion_p
from integaudit.municipalities import code_order
from integaudit.privacy.run import run_pseudonymiser

# What a check JSON must hold for its rates to be compared.
CHECK_KEYS = ("total.rules", "groups", "ruleset", "as_of")
# The kinds of JSON integaudit writes, and how a document without "kind" (an earlier
# version's) is known by its keys; a document with any key of a check JSON is taken for one.
KINDS = ("check", "due", "compare", "plan", "evaluate", "columns", "rules", "config")
KIND_KEYS = (
    ("due", ("items", "within_days")),
    ("compare", ("old", "new", "rules")),
    ("columns", ("files",)),
    ("plan", ("sample_size", "tolerable_deviations")),
    ("evaluate", ("estimate", "upper_bound")),
    ("evaluate", ("sample", "rules")),
)
# The test of whether a change is larger than chance: the pooled two-proportion z-test,
# two-sided, at 5 % (each audit taken as an independent sample of its contracts).
ALPHA = 0.05
TEST = {"method": "two-proportion-z", "two_sided": True, "alpha": ALPHA}


@dataclass(frozen=True)
class AuditFile:
    """A check JSON document read for a comparison: where it is, its SHA-256 and contents."""

    path: Path
    sha256: str
    doc: dict[str, Any]


def json_kind(doc: dict[str, Any]) -> str:
    """Return the kind of an integaudit JSON document: its ``kind``, else the kind whose keys
    it has (``unknown`` when it has none)."""
    kind = doc.get("kind")
    if kind is not None:
        return str(kind)
    for name, keys in KIND_KEYS:
        if all(key in doc for key in keys):
            return name
    if any(key.split(".")[0] in doc for key in CHECK_KEYS):
        return "check"
    return "unknown"


def missing_keys(doc: dict[str, Any]) -> list[str]:
    """Return the keys of a check JSON that the document lacks (or holds in another form)."""
    total = doc.get("total")
    present = {
        "total.rules": isinstance(total, dict) and isinstance(total.get("rules"), dict),
        "groups": isinstance(doc.get("groups"), list),
        "ruleset": isinstance(doc.get("ruleset"), str),
        "as_of": isinstance(doc.get("as_of"), str),
    }
    return [key for key in CHECK_KEYS if not present[key]]


# The per-contract lists of a check JSON: a comparison reads none of them, so they are not
# kept once the document is parsed (at national size they are nearly all of it).
ROW_LISTS = ("findings", "contracts", "data_issues")
# Documents read at once in two processes from this total size on (bytes): below it,
# starting a process costs more than parsing the smaller one takes.
PARALLEL_BYTES = 16 * 2**20

# How reading a document went: its SHA-256 and contents without the row lists, or why it
# failed (a key of the catalogue and the error's parameters).
Read = tuple[str, Any] | tuple[None, tuple[str, dict[str, Any]]]


def read_json(path: Path) -> Read:
    """Return a JSON document's SHA-256 and contents (a dict's ROW_LISTS left out), or
    (None, the error) when it cannot be read; never raises, so it can run in a worker."""
    try:
        data = read_regular(path, sys.maxsize)
        doc = json.loads(data.decode("utf-8"))
    except FileNotFoundError:
        return None, ("input-file-missing", {})
    except NotRegular:
        return None, ("reason.not-regular", {})
    except UnicodeDecodeError:
        return None, ("reason.not-utf8", {})
    except json.JSONDecodeError as exc:
        return None, ("reason.bad-json", {"line": exc.lineno, "column": exc.colno})
    except OSError as exc:
        return None, ("", {"reason": exc.strerror or str(exc)})
    if isinstance(doc, dict):
        doc = {key: value for key, value in doc.items() if key not in ROW_LISTS}
    return hashlib.sha256(data).hexdigest(), doc


def load_audit_json(path: Path, read: Read | None = None) -> AuditFile:
    """Return a check JSON document with its checksum (``read``: what :func:`read_json` gave
    for it, when read already); raise IntegauditError naming the file when it cannot be
    read, is another kind of document, or lacks a key a comparison needs."""
    sha256, doc = read_json(path) if read is None else read
    reason: str | IntegauditError
    if sha256 is None:
        key, params = doc
        if key == "input-file-missing":
            raise IntegauditError(key=key, path=path)
        reason = IntegauditError(key=key, **params) if key else params["reason"]
    elif isinstance(doc, dict) and "schema_version" in doc:
        _refuse_other_kinds(path, doc)
        where = shape_problem(doc)
        if where is None:
            return AuditFile(path, sha256, _as_written(doc))
        reason = IntegauditError(key="reason.bad-shape", where=where)
    else:
        reason = IntegauditError(key="reason.no-schema")
    raise IntegauditError(key="not-audit-json", path=path, reason=reason)


def load_audit_jsons(old: Path, new: Path) -> tuple[AuditFile, AuditFile]:
    """Return the two check JSONs of a comparison (see :func:`load_audit_json`), parsed side
    by side in two processes when they are large; the same either way."""
    # Imported here: the reading pool's modules are not needed for small documents.
    from integaudit.ingest.pool import available_cores, side_pool

    reads: list[Read | None] = [None, None]
    if _size(old) + _size(new) >= PARALLEL_BYTES and available_cores() > 1:
        try:
            with side_pool(2) as pool:
                reads = list(pool.map(read_json, (old, new)))
        except (BrokenProcessPool, OSError):
            # A worker that could not start or died (memory): both are read here instead.
            reads = [None, None]
    return load_audit_json(old, reads[0]), load_audit_json(new, reads[1])


def _size(path: Path) -> int:
    """Return a file's size in bytes (0 when it cannot be found out)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _refuse_other_kinds(path: Path, doc: dict[str, Any]) -> None:
    """Raise IntegauditError when a document is not a check JSON, saying what it is, or is
    one without every key a comparison needs, naming them (--force changes neither)."""
    kind = json_kind(doc)
    if kind != "check":
        if kind in KINDS or kind == "unknown":
            what = Message(f"json-kind.{kind}")
        else:
            what = Message("json-kind.other", kind=shown(doc.get("kind")))
        raise IntegauditError(key="compare-kind", path=path, what=what)
    missing = missing_keys(doc)
    if missing:
        raise IntegauditError(key="compare-keys", path=path, keys=", ".join(missing))


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _as_written(value: Any) -> Any:
    """Return a JSON value with every text as the outputs can hold it (``errors.readable``)
    and any CPR number in it pseudonymised: a document may have been edited since it was
    written (read_json has dropped the per-contract lists, which a comparison never reads)."""
    if isinstance(value, str):
        return run_pseudonymiser().scrub_text(readable(value))
    if isinstance(value, list):
        return [_as_written(v) for v in value]
    if isinstance(value, dict):
        return {_as_written(k): _as_written(v) for k, v in value.items()}
    return value


def _is_number(value: Any) -> bool:
    """Return whether a JSON value is a number (not a boolean)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _rules_problem(rules: Any, where: str) -> str | None:
    """Return where a rules block (rule id → counts with a rate) is not as check writes it."""
    if not isinstance(rules, dict):
        return where
    for rule, stats in rules.items():
        if not isinstance(stats, dict):
            return f"{where}.{rule}"
        for key in ("rate", "fail", "pass", "assessed"):
            if stats.get(key) is not None and not _is_number(stats[key]):
                return f"{where}.{rule}.{key}"
    return None


def shape_problem(doc: dict[str, Any]) -> str | None:
    """Return the first key of a check JSON document whose value does not have the form
    ``check --json`` writes (as far as a comparison reads it), or None when all do."""
    for key in ("as_of", "ruleset", "group_by"):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            return key
    if not ISO_DATE.fullmatch(doc["as_of"]):
        return "as_of"
    total = doc["total"]
    if total.get("contracts") is not None and not _is_number(total["contracts"]):
        return "total.contracts"
    if problem := _rules_problem(total.get("rules"), "total.rules"):
        return problem
    if problem := _rules_problem({"any_fail": total.get("any_fail") or {}}, "total"):
        return problem
    for i, group in enumerate(doc["groups"]):
        here = f"groups[{i}]"
        if not isinstance(group, dict) or not isinstance(group.get("key"), str):
            return f"{here}.key"
        if group.get("name") is not None and not isinstance(group["name"], str):
            return f"{here}.name"
        if group.get("contracts") is not None and not _is_number(group["contracts"]):
            return f"{here}.contracts"
        if problem := _rules_problem(group.get("rules"), f"{here}.rules"):
            return problem
        if problem := _rules_problem({"any_fail": group.get("any_fail") or {}}, here):
            return problem
    return None


def _side(counts: dict[str, Any] | None, any_fail: bool) -> tuple[Any, Any, Any]:
    """Return (rate, fail, assessed) of one audit's figures for a rule (assessed: pass +
    fail) or for at least one breach (its own ``assessed``); None each when it has none."""
    if not counts:
        return None, None, None
    fail = counts.get("fail")
    if any_fail:
        assessed = counts.get("assessed")
    else:
        assessed = None if fail is None else fail + counts.get("pass", 0)
    return counts.get("rate"), fail, assessed


def change(old: dict | None, new: dict | None, any_fail: bool = False) -> dict[str, Any]:
    """Return one figure then and now: the rates, the change in percentage points, the
    contracts assessed (``n``) and failing (``fail``) in each audit, and the two-sided
    p-value of the two-proportion z-test with whether the change is larger than chance at
    5 % (None where either audit assessed none)."""
    old_rate, old_fail, old_n = _side(old, any_fail)
    new_rate, new_fail, new_n = _side(new, any_fail)
    diff = None
    if old_rate is not None and new_rate is not None:
        diff = round((new_rate - old_rate) * 100, 1)
    p_value = None
    if None not in (old_fail, old_n, new_fail, new_n):
        p_value = two_proportion_p(old_fail, old_n, new_fail, new_n)
    return {
        "old": old_rate,
        "new": new_rate,
        "change_pp": diff,
        "n": {"old": old_n, "new": new_n},
        "fail": {"old": old_fail, "new": new_fail},
        "p_value": None if p_value is None else round(p_value, 4),
        "significant": None if p_value is None else p_value < ALPHA,
    }


def _trail(audit: AuditFile) -> dict[str, Any]:
    """Return what the comparison records of an audit it read: the file and its SHA-256,
    the ruleset, audit date, grouping, the version that wrote it and what it covered."""
    doc = audit.doc
    tool = doc.get("tool")
    return {
        "as_of": doc.get("as_of"),
        "ruleset": doc.get("ruleset"),
        "path": str(audit.path),
        "sha256": audit.sha256,
        "group_by": doc.get("group_by", "municipality"),
        "tool": tool.get("version") if isinstance(tool, dict) else None,
        "contracts": doc["total"].get("contracts"),
        "inputs": len(doc.get("inputs") or []),
    }


def _group(key: str, before: dict | None, after: dict | None, rules: list[str]) -> dict:
    """Return a group's row of the comparison (see :func:`compare`)."""
    presence = "both" if before and after else ("only-old" if before else "only-new")
    return {
        "key": key,
        "name": (after or before or {}).get("name"),
        "presence": presence,
        "contracts": {
            "old": before.get("contracts") if before else None,
            "new": after.get("contracts") if after else None,
        },
        "small": {
            "old": before.get("small") if before else None,
            "new": after.get("small") if after else None,
        },
        "rules": {
            r: change(
                (before.get("rules") or {}).get(r) if before else None,
                (after.get("rules") or {}).get(r) if after else None,
            )
            for r in rules
        },
        "any_fail": change(
            before.get("any_fail") if before else None,
            after.get("any_fail") if after else None,
            any_fail=True,
        ),
    }


def compare(old_file: AuditFile, new_file: AuditFile, force: bool = False) -> dict[str, Any]:
    """Return, nationally and per group, each rule's rate then and now with the change in
    percentage points, the contracts assessed in each audit, and whether the change is
    larger than chance (TEST); the same for "at least one breach"; groups found in one run
    only are marked ``only-old``/``only-new``, and a group's ``small`` mark of each audit is
    kept. ``old`` and ``new`` record the two audits (file, SHA-256, ruleset, audit date).

    ``group_by`` is the grouping of the later audit. Raises IntegauditError for another
    schema_version, another ruleset or another grouping unless ``force``.
    """
    old, new = old_file.doc, new_file.doc
    for name, doc in (("OLD", old), ("NEW", new)):
        if doc.get("schema_version") != SCHEMA_VERSION and not force:
            raise IntegauditError(
                key="compare-schema",
                name=name,
                found=shown(doc.get("schema_version")),
                expected=SCHEMA_VERSION,
            )
    if old["ruleset"] != new["ruleset"] and not force:
        raise IntegauditError(key="compare-rulesets", old=old["ruleset"], new=new["ruleset"])
    old_by, new_by = old.get("group_by", "municipality"), new.get("group_by", "municipality")
    if old_by != new_by and not force:
        raise IntegauditError(key="compare-group-by", old=old_by, new=new_by)
    rules = list(dict.fromkeys([*old["total"]["rules"], *new["total"]["rules"]]))
    old_groups = {g["key"]: g for g in old["groups"]}
    new_groups = {g["key"]: g for g in new["groups"]}
    keys = sorted(
        set(old_groups) | set(new_groups),
        key=code_order,
    )
    totals = old["total"], new["total"]
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "compare",
        "tool": {"name": "integaudit", "version": __version__},
        "old": _trail(old_file),
        "new": _trail(new_file),
        "group_by": new_by if new_by in ("municipality", "region", "none") else "municipality",
        "rules": rules,
        "test": TEST,
        "total": {
            "contracts": {"old": totals[0].get("contracts"), "new": totals[1].get("contracts")},
            "rules": {
                r: change(totals[0]["rules"].get(r), totals[1]["rules"].get(r)) for r in rules
            },
            "any_fail": change(totals[0].get("any_fail"), totals[1].get("any_fail"), any_fail=True),
        },
        "groups": [_group(k, old_groups.get(k), new_groups.get(k), rules) for k in keys],
    }
