"""The JSON documents and their published schemas: every kind has a valid draft 2020-12
schema shipped in the package and printed by `integaudit schema KIND`; docs/json.md is made
from them; every document a command writes follows its schema (here, and in every test through
the autouse fixture of conftest.py); and the keys of each kind's document are a superset of
the recorded ones (tests/data/golden/keys.json): keys are only ever added within a version.

To record keys added on purpose: INTEGAUDIT_RECORD_KEYS=1 pytest tests/test_json_schemas.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from integaudit import api
from tests.conftest import run_cli_in
from tests.paths import DOCS, ROOT, RR2014, SAMPLES
from tests.schemas import validate

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

GOLDEN = ROOT / "tests" / "data" / "golden" / "keys.json"


def test_every_kind_has_a_valid_schema_printed_by_the_schema_command(tmp_path):
    for kind in api.schema_kinds():
        schema = api.schema(kind)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["properties"]["kind"]["const"] == kind
        printed = run_cli_in(tmp_path, "schema", kind)
        assert printed.exit_code == 0, printed.output
        assert json.loads(printed.stdout) == schema
    unknown = run_cli_in(tmp_path, "schema", "report")
    assert unknown.exit_code == 2
    assert 'ukendt slags JSON "report"' in unknown.stderr


def test_docs_json_md_is_made_from_the_schemas():
    assert (DOCS / "json.md").read_text(encoding="utf-8") == api.schema_markdown(), (
        "docs/json.md is stale: run make docs"
    )


def test_a_document_that_breaks_its_schema_is_caught():
    with pytest.raises(AssertionError, match="sample_size"):
        validate({"schema_version": 1, "kind": "plan", "likelihood": "binomial"})
    with pytest.raises(AssertionError, match="no kind"):
        validate({"schema_version": 1, "total": {}})


def key_paths(value: Any, prefix: str = "") -> set[str]:
    """Return every key path of a JSON value: ``a.b`` for nested keys, ``a[].b`` inside
    arrays."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            found.add(path)
            found |= key_paths(item, path)
    elif isinstance(value, list):
        for item in value:
            found |= key_paths(item, f"{prefix}[]")
    return found


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Return one document of every kind, written by the CLI from the bundled samples."""
    folder = tmp_path_factory.mktemp("documents")

    def run(*args: str) -> str:
        result = run_cli_in(folder, *args)
        assert result.exit_code in (0, 1), result.output
        return result.stdout

    check = ["check", str(RR2014), "--json", "check.json", "--fail-above", "missing-goal=10"]
    run(*check, "--fail-above-scope", "group", "--strict", "--fail-on", "warning")
    bek2020 = str(SAMPLES / "bek2020")
    run("due", bek2020, "--as-of", "2021-06-30", "--json", "due.json")
    run("compare", "check.json", "check.json", "--json", "compare.json")
    found = {
        name: json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        for name in ("check", "due", "compare")
    }
    found["plan"] = json.loads(run("plan", "--tolerable", "5", "--json", "-"))
    found["evaluate"] = json.loads(run("evaluate", "--n", "100", "--k", "6", "--json", "-"))
    found["columns"] = json.loads(run("columns", bek2020, "--json", "-"))
    found["rules"] = json.loads(run("rules", "--json", "-"))
    found["config"] = json.loads(run("config", bek2020, "--json", "-"))
    return found


def test_every_kind_of_document_follows_its_schema(documents):
    assert sorted(documents) == sorted(api.schema_kinds())
    for kind, document in documents.items():
        assert document["schema_version"] == 1
        assert document["kind"] == kind
        validate(document)


def test_keys_are_only_added_within_a_version(documents):
    current = {kind: sorted(key_paths(doc)) for kind, doc in sorted(documents.items())}
    if os.environ.get("INTEGAUDIT_RECORD_KEYS"):
        GOLDEN.write_text(json.dumps(current, indent=1) + "\n", encoding="utf-8")
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for kind, keys in recorded.items():
        missing = sorted(set(keys) - set(current[kind]))
        assert not missing, f"{kind}: keys removed within schema_version 1: {missing[:20]}"


def test_the_verdict_records_each_threshold_and_group_and_the_exit_code(documents):
    check = documents["check"]
    assert check["exit_code"] == 1
    (threshold,) = check["thresholds"]
    assert threshold["rule"] == "missing-goal" and threshold["scope"] == "group"
    assert threshold["limit"] == 0.1 and threshold["hit"] is True
    over = {g["key"] for g in threshold["groups"]}
    expected = {
        g["key"] for g in check["groups"] if (g["rules"]["missing-goal"]["rate"] or 0) > 0.1
    }
    assert over == expected and over
    assert check["strict"]["on"] is True
    assert [r["reason"] for r in check["strict"]["reasons"]] == [
        "error-issues",
        "rule-not-assessable",
    ]
    assert check["fail_on"]["level"] == "warning"
    assert documents["evaluate"]["exit_code"] == 0  # --fail not given


def test_a_schema_ships_for_every_file_in_the_schemas_folder():
    shipped = {
        p.name.removesuffix(".schema.json") for p in (ROOT / "integaudit" / "schemas").iterdir()
    }
    assert shipped == set(api.schema_kinds())


def test_the_golden_file_of_keys_exists():
    assert Path(GOLDEN).is_file()
