"""Validating integaudit's JSON documents against the schemas it ships (jsonschema, draft
2020-12, formats checked)."""

from __future__ import annotations

import functools
import json
from typing import Any

import jsonschema

from integaudit import api


@functools.cache
def validator(kind: str) -> jsonschema.Draft202012Validator:
    """Return the validator of documents of ``kind``."""
    schema = api.schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def validate(document: Any) -> None:
    """Raise AssertionError naming every place where ``document`` breaks the schema of its
    kind (or when it names no kind of integaudit's)."""
    assert isinstance(document, dict), type(document)
    kind = document.get("kind")
    assert kind in api.schema_kinds(), f"no kind: {sorted(document)[:8]}"
    errors = sorted(validator(kind).iter_errors(document), key=lambda e: list(e.path))
    found = [f"{'/'.join(map(str, e.path))}: {e.message[:200]}" for e in errors[:10]]
    assert not found, f"{kind} JSON breaks its schema:\n" + "\n".join(found)


def validate_json_text(text: str | bytes) -> None:
    """Validate a JSON document given as text (see :func:`validate`)."""
    validate(json.loads(text))
