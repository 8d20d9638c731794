"""The JSON document's bytes (SPEC §4.5): written column by column, they are exactly those of
``json.dumps`` once per item, the writer of earlier versions kept below as the reference."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from integaudit import __version__
from integaudit.model import Audit
from integaudit.render import json as json_render
from integaudit.render.details import detail_texts
from integaudit.render.issue_text import issue_message
from integaudit.render.rows import findings, status_table
from tests.paths import ROOT
from tests.render.audits import AWKWARD, audit_of, awkward_extract, sample_audit


def _none(value: Any) -> Any:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def reference_document(audit: Audit) -> dict[str, Any]:
    """Return the document as plain data, item by item (the reference)."""
    found = findings(audit)
    table = status_table(audit)
    items = []
    for row in zip(
        found["contract_id"],
        found["municipality_code"],
        found["municipality"],
        found["person"],
        found["rule"],
        detail_texts(found, "en"),
        found["due"],
        found["follow_ups"],
        strict=True,
    ):
        cid, code, name, person, rule, detail, due, dates = row
        item = {
            "contract_id": cid,
            "municipality_code": _none(code),
            "municipality": _none(name),
            "person": _none(person),
            "rule": rule,
            "detail": _none(detail),
        }
        if dates is not None:
            item["follow_ups"] = dates
            item["due"] = None if pd.isna(due) else due.strftime("%Y-%m-%d")
        items.append(item)
    doc = {
        "schema_version": 1,
        "kind": "check",
        "tool": {"name": "integaudit", "version": __version__},
        "ruleset": audit.ruleset,
        "as_of": audit.as_of.isoformat(),
        "group_by": audit.group_by,
        "thresholds": [],
        "strict": {"on": False, "hit": False},
        "fail_on": {"level": None, "hit": False},
        "exit_code": 0,
        "inputs": [
            {
                "path": f.path,
                "sha256": f.sha256,
                "contracts": f.contracts,
                "follow_ups": f.follow_ups,
            }
            for f in audit.extract.inputs
        ],
        "total": audit.total,
        "groups": audit.groups,
        "findings": items,
        "contracts": [
            {
                "contract_id": row[0],
                "municipality_code": _none(row[1]),
                "status": dict(zip(audit.rule_ids, row[2:], strict=True)),
            }
            for row in table.itertuples(index=False, name=None)
        ],
        "data_issues": [
            {
                "level": issue.level,
                "file": issue.file,
                "sheet": issue.sheet,
                "row": issue.row,
                "column": issue.column,
                "value": issue.value,
                "message": issue_message(issue, "en"),
                "kind": issue.kind,
                "header": issue.header,
                "column_letter": issue.letter,
                "rule": issue.param_dict().get("rule"),
                "params": issue.param_dict(),
            }
            for issue in audit.extract.issues
        ],
    }
    if audit.projection is not None:
        doc["sample_projection"] = audit.projection
    return doc


def reference_dumps(audit: Audit) -> str:
    """Return the JSON text with one json.dumps call per input, finding, contract and issue."""
    parts = []
    for key, value in reference_document(audit).items():
        if key in ("inputs", "findings", "contracts", "data_issues") and value:
            lines = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in value)
            body = "[\n" + lines + "\n  ]"
        else:
            body = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        parts.append(f"  {json.dumps(key)}: {body}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


@pytest.mark.parametrize("name", ["rr2014", "bek2020"])
def test_sample_json_is_the_reference_byte_for_byte(name: str) -> None:
    audit = sample_audit(name)
    assert json_render.dumps(audit) == reference_dumps(audit)


def test_sample_json_is_the_golden_file_byte_for_byte() -> None:
    golden = (ROOT / "tests" / "data" / "golden" / "rr2014.json").read_text(encoding="utf-8")
    assert json_render.dumps(sample_audit("rr2014")) == golden


def test_awkward_texts_unknown_municipalities_and_data_issues_match_the_reference(
    tmp_path: Path,
) -> None:
    awkward_extract(tmp_path / "in")
    audit = audit_of(tmp_path, "in", "--as-of", "2014-06-30")
    assert audit.extract.issues, "the unreadable date is a data issue"
    assert audit.extract.contracts["municipality_code"].isna().any()
    text = json_render.dumps(audit)
    assert text == reference_dumps(audit)
    data = json.loads(text)
    ids = {item["contract_id"] for item in data["contracts"]}
    assert {f"K-{i} {value}".strip() for i, value in enumerate(AWKWARD)} <= {i.strip() for i in ids}


def test_audit_with_no_rules_writes_an_empty_status() -> None:
    assert json_render.template(()) == "{}"
    assert json_render.template(("a%b", "ø")) % (1, 2) == json.dumps(
        {"a%b": 1, "ø": 2}, ensure_ascii=False
    )


VALUES = [
    "plain",
    'q"uote\\',
    "\x00\x1f\x7f",
    "æ😀\u2028",
    "",
    None,
    0,
    -12,
    10**20,
    1.5,
    1.0,
    True,
    False,
    math.nan,
    math.inf,
    ["2014-01-01", "x"],
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_encode_is_json_dumps(value: Any) -> None:
    assert json_render.encode(value) == json.dumps(value, ensure_ascii=False)


def test_encode_column_keeps_types_apart_and_nulls_missing_values() -> None:
    column = ["a", 1, 1.0, True, "a", None, math.nan, "b"]
    assert json_render.encode_column(column) == [json.dumps(v, ensure_ascii=False) for v in column]
    assert json_render.encode_column(["a", 1]) == ['"a"', "1"]
    texts = pd.Series(["a", None, "b", "a", math.nan], dtype=object)
    assert json_render.encode_column(texts) == ['"a"', "null", '"b"', '"a"', "NaN"]
    assert json_render.encode_column(texts, nullable=True) == ['"a"', "null", '"b"', '"a"', "null"]
    strings = pd.Series(["x", None, "y"], dtype="string")
    assert json_render.encode_column(strings, nullable=True) == ['"x"', "null", '"y"']


@pytest.mark.parametrize("rows", [1, 2, 7, 10**6])
def test_the_document_in_chunks_is_the_same_text(
    rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chunk boundaries anywhere, within a contract's findings or between them, and one chunk
    # for everything: the pieces put together are the reference text.
    audit = sample_audit("bek2020")
    monkeypatch.setattr(json_render, "CHUNK_ROWS", rows)
    pieces = list(json_render.chunks(audit))
    assert "".join(pieces) == reference_dumps(audit)
    if rows == 1:
        assert len(pieces) > len(audit.extract.contracts)
