"""Demo data for today's rules (issue 20 §5): demo-data --ruleset bek2020 writes bek2020's
fields so every bek2020 rule is assessed, the default stays rr2014's data byte for byte, and
the bek2020 Fund sheet has the fields a caseworker needs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import openpyxl
import pytest

from integaudit.rules.rulesets import RULESETS
from tests.conftest import run_cli_in

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

BEK2020_HEADERS = {
    "situation": ("Forsørgelsesgrundlag", "Situation", "Målgruppe", "Forsørgelse"),
    "declaration_date": ("Erklæring underskrevet", "Erklæring"),
    "coordinating_unit": ("Koordinerende forvaltning", "Koordinerende enhed"),
    "visitation_date": ("Visitationsdato", "Visiteret", "Visitation"),
    "child_birth_date": ("Barns fødselsdato", "Fødsel", "Barsel fra"),
    "leave_end_date": ("Barsel slut", "Orlov slut", "Barselsorlov slut"),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """Return the folder of 2 000 bek2020 demo contracts and the JSON of their check."""
    root = tmp_path_factory.mktemp("demo-bek2020")
    result = run_cli_in(
        root, "demo-data", "demo", "--contracts", "2000", "--municipalities", "8", "--seed", "4",
        "--ruleset", "bek2020",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    checked = run_cli_in(root, "check", "demo", "--json", "demo.json", "--xlsx", "demo.xlsx")
    assert checked.exit_code == 0, checked.output
    return root, json.loads((root / "demo.json").read_text(encoding="utf-8"))


def test_bek2020_demo_data_has_its_fields_and_a_config_that_sets_the_ruleset(demo):
    root, doc = demo
    assert doc["ruleset"] == "bek2020" and doc["as_of"] == "2024-06-30"
    assert doc["total"]["contracts"] == 2000
    result = run_cli_in(root, "columns", "demo", "--json", "-")
    report = json.loads(result.stdout)
    for entry in report["files"]:
        fields = {c["field"] for s in entry["sheets"] for c in s["columns"]}
        assert set(BEK2020_HEADERS) <= fields, entry["file"]


def test_every_bek2020_rule_is_assessed_on_demo_data(demo):
    _, doc = demo
    assert not [i for i in doc["data_issues"] if i["kind"] == "rule-not-assessable"]
    for rule in RULESETS["bek2020"]:
        stats = doc["total"]["rules"][rule.id]
        assert stats["pass"] > 100 and stats["fail"] > 50, (rule.id, stats)
        # Nothing is left unassessed for want of a bek2020 field: at most the contracts that
        # were never signed, which the rules of SPEC §2.2 treat apart.
        assert set(stats["not_assessed_reasons"]) <= {"empty:signed_date"}, rule.id
    statuses = {c["status"]["late-visitation"] for c in doc["contracts"]}
    assert statuses == {"pass", "fail", "not-applicable"}
    situations = {c["status"]["missed-follow-up"] for c in doc["contracts"]}
    assert {"pass", "fail", "not-applicable"} <= situations


def test_the_default_demo_data_is_rr2014s_byte_for_byte(tmp_path):
    """The SHA-256 of the files demo-data wrote for these arguments before bek2020's fields
    could be asked for (the files' checksums, one line each, hashed in name order)."""
    result = run_cli_in(
        tmp_path, "demo-data", "d", "--contracts", "300", "--municipalities", "5", "--seed", "3"
    )
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "d").iterdir())
    assert [f.name for f in files] == [f"udtraek_00{i}.xlsx" for i in range(1, 6)]
    lines = "".join(f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {f.name}\n" for f in files)
    digest = hashlib.sha256(lines.encode()).hexdigest()
    assert digest == "fbcb9abf3000e7cd588beb14c554aa8330fec6872e6d7b6807e824a110d28c74"
    headers = {c.value for c in openpyxl.load_workbook(files[0]).worksheets[0][1]}
    assert not headers & {h for names in BEK2020_HEADERS.values() for h in names}


def test_an_unknown_demo_ruleset_is_a_usage_error(tmp_path):
    result = run_cli_in(tmp_path, "demo-data", "d", "--ruleset", "bek2030")
    assert result.exit_code == 2 and "bek2030" in result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "d").exists()


def test_the_bek2020_fund_sheet_has_the_fields_a_caseworker_needs(demo):
    root, doc = demo
    sheet = openpyxl.load_workbook(root / "demo.xlsx")["Fund"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    added = [
        "Forsørgelsesgrundlag",
        "Visitationsdato",
        "Erklæring underskrevet",
        "Koordinerende forvaltning",
        "Barnets fødselsdato",
        "Barselsorlov slut",
    ]
    assert header[header.index("Uddannelsesmål") + 1 :][:6] == added
    at = {name: header.index(name) for name in added}
    late = [r for r in rows[1:] if r[4] == "late-visitation"]
    assert late and all(r[at["Forsørgelsesgrundlag"]] == "ydelse" for r in late)
    visited = [r[at["Visitationsdato"]] for r in late if r[at["Visitationsdato"]] is not None]
    assert visited and all(isinstance(d, dt.datetime) for d in visited)
    declared = [r for r in rows[1:] if r[4] == "missing-declaration"]
    assert any(isinstance(r[at["Erklæring underskrevet"]], dt.datetime) for r in declared)
    units = [r for r in rows[1:] if r[4] == "late-signing" and r[at["Koordinerende forvaltning"]]]
    assert units
    mothers = [r for r in rows[1:] if r[at["Forsørgelsesgrundlag"]] == "barsel"]
    assert mothers and all(isinstance(r[at["Barnets fødselsdato"]], dt.datetime) for r in mothers)
    assert len(rows) - 1 == len(doc["findings"])


def test_the_rr2014_fund_sheet_keeps_its_columns(tmp_path):
    from tests.paths import RR2014

    result = run_cli_in(tmp_path, "check", str(RR2014), "--xlsx", "r.xlsx", "--lang", "en")
    assert result.exit_code == 0, result.output
    header = [c.value for c in openpyxl.load_workbook(tmp_path / "r.xlsx")["Findings"][1]]
    assert header[header.index("Education goal") + 1] == "File"
