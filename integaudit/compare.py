"""Comparing two audits (STAR's planned follow-up of 2015): rates then and now (SPEC §4.6)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from integaudit.errors import IntegauditError, readable, shown
from integaudit.ingest.limits import NotRegular, read_regular
from integaudit.municipalities import code_order
from integaudit.privacy.run import run_pseudonymiser
from integaudit.render.json import SCHEMA_VERSION


def load_audit_json(path: Path) -> dict[str, Any]:
    """Return an audit JSON document; raise IntegauditError when it cannot be read."""
    reason: str | IntegauditError
    try:
        data = json.loads(read_regular(path, sys.maxsize).decode("utf-8"))
    except FileNotFoundError:
        raise IntegauditError(key="input-file-missing", path=path) from None
    except NotRegular:
        reason = IntegauditError(key="reason.not-regular")
    except UnicodeDecodeError:
        reason = IntegauditError(key="reason.not-utf8")
    except json.JSONDecodeError as exc:
        reason = IntegauditError(key="reason.bad-json", line=exc.lineno, column=exc.colno)
    except OSError as exc:
        reason = exc.strerror or str(exc)
    else:
        if isinstance(data, dict) and "total" in data and "schema_version" in data:
            where = shape_problem(data)
            if where is None:
                return _as_written(data)
            reason = IntegauditError(key="reason.bad-shape", where=where)
        else:
            reason = IntegauditError(key="reason.no-schema")
    raise IntegauditError(key="not-audit-json", path=path, reason=reason)


def _as_written(value: Any) -> Any:
    """Return a JSON value with every text as the outputs can hold it (``errors.readable``)
    and any CPR number in it pseudonymised: a document may have been edited since."""
    if isinstance(value, str):
        return run_pseudonymiser().scrub_text(readable(value))
    if isinstance(value, list):
        return [_as_written(v) for v in value]
    if isinstance(value, dict):
        return {_as_written(k): _as_written(v) for k, v in value.items()}
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _rules_problem(rules: Any, where: str) -> str | None:
    """Return where a rules block (rule id → counts with a rate) is not as check writes it."""
    if not isinstance(rules, dict):
        return where
    for rule, stats in rules.items():
        if not isinstance(stats, dict):
            return f"{where}.{rule}"
        rate = stats.get("rate")
        if rate is not None and not _is_number(rate):
            return f"{where}.{rule}.rate"
    return None


def shape_problem(doc: dict[str, Any]) -> str | None:
    """Return the first key of an audit JSON document whose value does not have the form
    ``check --json`` writes (as far as a comparison reads it), or None when all do."""
    for key in ("as_of", "ruleset", "group_by"):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            return key
    total = doc["total"]
    if not isinstance(total, dict):
        return "total"
    if total.get("contracts") is not None and not _is_number(total["contracts"]):
        return "total.contracts"
    if problem := _rules_problem(total.get("rules"), "total.rules"):
        return problem
    groups = doc.get("groups", [])
    if not isinstance(groups, list):
        return "groups"
    for i, group in enumerate(groups):
        here = f"groups[{i}]"
        if not isinstance(group, dict) or not isinstance(group.get("key"), str):
            return f"{here}.key"
        if group.get("name") is not None and not isinstance(group["name"], str):
            return f"{here}.name"
        if group.get("contracts") is not None and not _is_number(group["contracts"]):
            return f"{here}.contracts"
        if problem := _rules_problem(group.get("rules"), f"{here}.rules"):
            return problem
    return None


def _rule_change(old: dict | None, new: dict | None) -> dict[str, Any]:
    old_rate = old.get("rate") if old else None
    new_rate = new.get("rate") if new else None
    change = None
    if old_rate is not None and new_rate is not None:
        change = round((new_rate - old_rate) * 100, 1)
    return {"old": old_rate, "new": new_rate, "change_pp": change}


def compare(old: dict[str, Any], new: dict[str, Any], force: bool = False) -> dict[str, Any]:
    """Return per rule the national rate then and now with the change in percentage points,
    and the same per group; groups found in one run only are marked ``only-old``/``only-new``.

    ``group_by`` is the grouping of the later audit.

    Raises IntegauditError for another schema_version, another ruleset or another grouping
    unless ``force``.
    """
    for name, doc in (("OLD", old), ("NEW", new)):
        if doc.get("schema_version") != SCHEMA_VERSION and not force:
            raise IntegauditError(
                key="compare-schema",
                name=name,
                found=shown(doc.get("schema_version")),
                expected=SCHEMA_VERSION,
            )
    if old.get("ruleset") != new.get("ruleset") and not force:
        raise IntegauditError(
            key="compare-rulesets", old=old.get("ruleset") or "–", new=new.get("ruleset") or "–"
        )
    old_by, new_by = old.get("group_by", "municipality"), new.get("group_by", "municipality")
    if old_by != new_by and not force:
        raise IntegauditError(key="compare-group-by", old=old_by, new=new_by)
    rules = list(dict.fromkeys([*old["total"]["rules"], *new["total"]["rules"]]))
    old_groups = {g["key"]: g for g in old.get("groups", [])}
    new_groups = {g["key"]: g for g in new.get("groups", [])}
    keys = sorted(
        set(old_groups) | set(new_groups),
        key=code_order,
    )
    groups = []
    for key in keys:
        before, after = old_groups.get(key), new_groups.get(key)
        presence = "both" if before and after else ("only-old" if before else "only-new")
        groups.append(
            {
                "key": key,
                "name": (after or before or {}).get("name"),
                "presence": presence,
                "contracts": {
                    "old": before.get("contracts") if before else None,
                    "new": after.get("contracts") if after else None,
                },
                "rules": {
                    r: _rule_change(
                        (before.get("rules") or {}).get(r) if before else None,
                        (after.get("rules") or {}).get(r) if after else None,
                    )
                    for r in rules
                },
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "old": {"as_of": old.get("as_of"), "ruleset": old.get("ruleset")},
        "new": {"as_of": new.get("as_of"), "ruleset": new.get("ruleset")},
        "group_by": new_by if new_by in ("municipality", "region", "none") else "municipality",
        "rules": rules,
        "total": {
            "contracts": {
                "old": old["total"].get("contracts"),
                "new": new["total"].get("contracts"),
            },
            "rules": {
                r: _rule_change(old["total"]["rules"].get(r), new["total"]["rules"].get(r))
                for r in rules
            },
        },
        "groups": groups,
    }
