"""The JSON Schemas (draft 2020-12) of every JSON document integaudit writes, shipped in the
package (``integaudit/schemas/<kind>.schema.json``), and docs/json.md made from them."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from integaudit.errors import IntegauditError, shown

# The kinds of JSON document, in the order docs/json.md lists them.
KINDS = ("check", "due", "compare", "plan", "evaluate", "columns", "rules", "config")


def schema_kinds() -> tuple[str, ...]:
    """Return the kinds of JSON document that have a schema."""
    return KINDS


def schema_text(kind: str) -> str:
    """Return the JSON Schema of documents of ``kind`` as shipped; raise IntegauditError for
    an unknown kind."""
    if kind not in KINDS:
        raise IntegauditError(key="unknown-schema", value=shown(kind), kinds=", ".join(KINDS))
    return (files("integaudit") / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")


def schema(kind: str) -> dict[str, Any]:
    """Return the JSON Schema of documents of ``kind`` (see :func:`schema_text`)."""
    document: dict[str, Any] = json.loads(schema_text(kind))
    return document


def _type(node: dict[str, Any]) -> str:
    """Return a property's type as docs/json.md shows it."""
    if "$ref" in node:
        return "object"
    kind = node.get("type", "any")
    names = kind if isinstance(kind, list) else [kind]
    shown_type = " or ".join("null" if n == "null" else n for n in names)
    if "const" in node:
        shown_type += f" = `{json.dumps(node['const'])}`"
    elif "enum" in node:
        shown_type += ": " + ", ".join(f"`{json.dumps(v)}`" for v in node["enum"])
    return shown_type


def _rows(node: dict[str, Any], defs: dict[str, Any], prefix: str, depth: int) -> list[str]:
    """Return the table rows of an object's properties, nested ones as ``a.b`` and array
    items as ``a[].b``."""
    if "$ref" in node:
        node = defs.get(node["$ref"].rsplit("/", 1)[-1], {})
    rows = []
    required = set(node.get("required", []))
    for name, prop in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        target = defs.get(prop["$ref"].rsplit("/", 1)[-1], prop) if "$ref" in prop else prop
        description = (target.get("description") or prop.get("description") or "").replace(
            "|", "\\|"
        )
        mark = "" if name in required else " (optional)"
        rows.append(f"| `{path}` | {_type(prop)}{mark} | {description} |")
        if depth >= 4:
            continue
        if target.get("type") == "object" or "properties" in target:
            rows += _rows(target, defs, f"{path}.", depth + 1)
        items = target.get("items")
        if isinstance(items, dict):
            rows += _rows(items, defs, f"{path}[].", depth + 1)
        values = target.get("additionalProperties")
        if isinstance(values, dict) and ("properties" in values or "$ref" in values):
            rows += _rows(values, defs, f"{path}.<key>.", depth + 1)
    return rows


def markdown() -> str:
    """Return docs/json.md: every kind of JSON document with its keys, made from the
    schemas."""
    lines = [
        "# JSON documents",
        "",
        "Generated from the JSON Schemas in `integaudit/schemas/` by `make docs`; print one with",
        "`integaudit schema KIND`. Every document has `schema_version` (1) and `kind`; keys are",
        "only ever added within a version, so a reader ignores keys it does not know. Rates are",
        "fractions (0.651 is 65.1 %), dates `YYYY-MM-DD`, texts in English.",
        "",
    ]
    for kind in KINDS:
        found = schema(kind)
        defs = found.get("$defs", {})
        lines += [
            f"## `{kind}` — {found['title']}",
            "",
            found["description"],
            "",
            "| key | type | meaning |",
            "|---|---|---|",
            *_rows(found, defs, "", 0),
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"
