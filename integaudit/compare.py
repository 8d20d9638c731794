"""Comparing two audits (STAR's planned follow-up of 2015): rates then and now (SPEC §4.6)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from integaudit.errors import IntegauditError, shown
from integaudit.municipalities import code_order
from integaudit.render.json import SCHEMA_VERSION


def load_audit_json(path: Path) -> dict[str, Any]:
    """Return an audit JSON document; raise IntegauditError when it cannot be read."""
    reason: str | IntegauditError
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IntegauditError(key="input-file-missing", path=path) from None
    except UnicodeDecodeError:
        reason = IntegauditError(key="reason.not-utf8")
    except json.JSONDecodeError as exc:
        reason = IntegauditError(key="reason.bad-json", line=exc.lineno, column=exc.colno)
    except OSError as exc:
        reason = exc.strerror or str(exc)
    else:
        if isinstance(data, dict) and "total" in data and "schema_version" in data:
            return data
        reason = IntegauditError(key="reason.no-schema")
    raise IntegauditError(key="not-audit-json", path=path, reason=reason)


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
                    "old": before["contracts"] if before else None,
                    "new": after["contracts"] if after else None,
                },
                "rules": {
                    r: _rule_change(
                        before["rules"].get(r) if before else None,
                        after["rules"].get(r) if after else None,
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
            "contracts": {"old": old["total"]["contracts"], "new": new["total"]["contracts"]},
            "rules": {
                r: _rule_change(old["total"]["rules"].get(r), new["total"]["rules"].get(r))
                for r in rules
            },
        },
        "groups": groups,
    }
