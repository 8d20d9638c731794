"""samples/rr2014 mirrors Rigsrevisionen's review: 71/109, 27/109, 28/109 (SPEC §6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from integaudit.cli import app
from tests.paths import ROOT
from tests.samples.helpers import assert_generator_rebuilds

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

SAMPLE = ROOT / "samples" / "rr2014"
GOLDEN = ROOT / "tests" / "data" / "golden" / "rr2014.json"


@pytest.fixture(scope="module")
def sample_json(tmp_path_factory) -> dict:
    """Return the sample's JSON as `make demo` writes it: run from the repository root."""
    out = tmp_path_factory.mktemp("sample") / "rr2014.json"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(app, ["check", "samples/rr2014", "--json", str(out)])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def test_sample_gives_rigsrevisionens_figures_with_nothing_unassessed(sample_json):
    rules = sample_json["total"]["rules"]
    assert (rules["missing-goal"]["fail"], rules["missing-goal"]["pass"]) == (71, 38)
    assert (rules["late-signing"]["fail"], rules["late-signing"]["pass"]) == (27, 82)
    assert (rules["missed-follow-up"]["fail"], rules["missed-follow-up"]["pass"]) == (28, 81)
    for rule in rules.values():
        assert rule["not_assessed"] == 0
        assert rule["not_applicable"] == 0
    assert round(rules["missing-goal"]["rate"] * 100) == 65
    assert round(rules["late-signing"]["rate"] * 100) == 25
    assert round(rules["missed-follow-up"]["rate"] * 100) == 26


def test_sample_has_56_municipalities_in_56_files_with_no_data_issue(sample_json):
    assert sample_json["total"]["contracts"] == 109
    assert len(sample_json["groups"]) == 56
    assert len(sample_json["inputs"]) == 56
    assert sum(f["contracts"] for f in sample_json["inputs"]) == 109
    assert sample_json["data_issues"] == []
    assert sample_json["as_of"] == "2014-06-30"  # from samples/rr2014/integaudit.toml


def test_sample_covers_the_messy_shapes():
    files = sorted(p.name for p in SAMPLE.iterdir() if p.suffix in (".xlsx", ".csv"))
    assert len(files) == 56
    csvs = [SAMPLE / f for f in files if f.endswith(".csv")]
    assert len(csvs) >= 3
    for path in csvs:
        first = path.read_bytes().splitlines()[0]
        assert b";" in first  # Danish Excel: semicolon-separated
    assert any(b"\xf8" in p.read_bytes() or b"\xe6" in p.read_bytes() for p in csvs)  # cp1252


def test_sample_json_matches_golden_file(sample_json):
    # The file carries integaudit's signature as its last key (writers.signature); the
    # document itself is the golden file's.
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    signed = dict(sample_json)
    assert list(signed)[-1] == "signature"
    assert signed.pop("signature")["generator"] == "integaudit"
    assert signed == golden


def test_sample_json_is_byte_identical_between_runs(tmp_path):
    outputs = []
    for name in ("a.json", "b.json"):
        out = tmp_path / name
        CliRunner().invoke(app, ["check", str(SAMPLE), "--json", str(out)])
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_generator_rebuilds_the_sample_byte_for_byte(tmp_path):
    assert_generator_rebuilds("rr2014", tmp_path)


def test_check_runs_as_a_real_subprocess_and_prints_the_danish_table():
    # The default table of a pipe: no terminal width inherited from the test runner.
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    result = subprocess.run(
        [sys.executable, "-m", "integaudit", "check", str(SAMPLE)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "65,1 %" in result.stdout
    assert "71/109" in result.stdout and "27/109" in result.stdout and "28/109" in result.stdout
    assert "Rigsrevisionen 2014" in result.stdout
    assert "Traceback" not in result.stderr
