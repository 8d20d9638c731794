"""samples/bek2020: today's rules on a synthetic extract spanning the 2020 suspension."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from integaudit.cli import app
from integaudit.ingest import LoadOptions, load
from integaudit.privacy.pseudonyms import Pseudonymiser
from tests.paths import ROOT
from tests.render.htmltree import parse
from tests.samples.helpers import assert_generator_rebuilds

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

SAMPLE = ROOT / "samples" / "bek2020"
README = ROOT / "README.md"


@pytest.fixture(scope="module")
def audit_json() -> dict:
    result = CliRunner().invoke(app, ["check", str(SAMPLE), "--ruleset", "bek2020", "--json", "-"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_sample_has_12_municipalities_150_contracts_and_no_data_issue(audit_json):
    assert audit_json["ruleset"] == "bek2020"
    assert audit_json["as_of"] == "2022-06-30"
    assert audit_json["total"]["contracts"] == 150
    assert len(audit_json["groups"]) == 12
    assert audit_json["data_issues"] == []


def test_every_rule_is_assessed_and_fails_somewhere(audit_json):
    for rule, stats in audit_json["total"]["rules"].items():
        assert stats["fail"] > 0, rule
        assert stats["pass"] > 0, rule


def test_readme_states_the_sample_figures(audit_json):
    readme = " ".join(README.read_text(encoding="utf-8").split())
    for rule, stats in audit_json["total"]["rules"].items():
        assessed = stats["pass"] + stats["fail"]
        rate = f"{stats['rate'] * 100:.1f}".replace(".", ",")
        assert f"| {rule} | {stats['fail']} / {assessed} | {rate} % |" in readme, rule


def test_sample_has_every_situation_and_contracts_spanning_the_suspension():
    situations, spanning = set(), 0
    for path in SAMPLE.iterdir():
        if path.suffix not in (".xlsx", ".csv"):
            continue
        extract = load([path], LoadOptions(dt.date(2022, 6, 30), Pseudonymiser(b"k")))
        contracts = extract.contracts
        situations |= set(contracts["situation"].dropna())
        start = contracts["responsibility_date"]
        spanning += int(
            ((start <= pd.Timestamp("2020-05-27")) & (start >= pd.Timestamp("2019-12-01"))).sum()
        )
    assert situations == {"benefit", "employment", "maternity", "self-supporting"}
    assert spanning >= 20


def test_suspension_window_is_in_the_audit_trail(tmp_path):
    out = tmp_path / "r.html"
    CliRunner().invoke(app, ["check", str(SAMPLE), "--html", str(out)])
    text = parse(out.read_text(encoding="utf-8")).text()
    assert "2020-03-12 – 2020-05-27 (COVID-19 (illustrativ))" in text


def test_generator_rebuilds_the_sample_byte_for_byte(tmp_path):
    assert_generator_rebuilds("bek2020", tmp_path)
