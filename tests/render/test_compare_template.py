"""integaudit compare and integaudit template through the CLI (SPEC §4.6)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from integaudit.cli import app
from tests.render.htmltree import parse

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "rr2014"


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"INTEGAUDIT_KEY": "k"})


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("compare")
    run("check", str(SAMPLE), "--json", str(out / "old.json"))
    run("check", str(SAMPLE), "--as-of", "2014-12-31", "--json", str(out / "new.json"))
    return out


def test_compare_two_as_of_dates_gives_rates_then_now_and_change(two_runs):
    result = run(
        "compare",
        str(two_runs / "old.json"),
        str(two_runs / "new.json"),
        "--json",
        "-",
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    old = json.loads((two_runs / "old.json").read_text())
    new = json.loads((two_runs / "new.json").read_text())
    for rule in ("missing-goal", "late-signing", "missed-follow-up"):
        change = data["total"]["rules"][rule]
        assert change["old"] == old["total"]["rules"][rule]["rate"]
        assert change["new"] == new["total"]["rules"][rule]["rate"]
        assert change["change_pp"] == round((change["new"] - change["old"]) * 100, 1)
    # Goals do not depend on the audit date; follow-ups lapse after the sample's last dates.
    assert data["total"]["rules"]["missing-goal"]["change_pp"] == 0
    assert data["total"]["rules"]["missed-follow-up"]["change_pp"] > 0
    assert len(data["groups"]) == 56
    assert all(g["presence"] == "both" for g in data["groups"])
    assert "65.1% → 65.1%" in result.stderr


def test_compare_lists_groups_found_in_one_run_only(two_runs, tmp_path):
    new = json.loads((two_runs / "new.json").read_text())
    dropped = new["groups"].pop(0)
    (tmp_path / "fewer.json").write_text(json.dumps(new))
    result = run(
        "compare",
        str(two_runs / "old.json"),
        str(tmp_path / "fewer.json"),
        "--json",
        "-",
        "--lang",
        "en",
        "--html",
        str(tmp_path / "c.html"),
    )
    data = json.loads(result.stdout)
    only_old = [g for g in data["groups"] if g["presence"] == "only-old"]
    assert [g["key"] for g in only_old] == [dropped["key"]]
    assert "only in the old audit" in result.stderr
    tree = parse((tmp_path / "c.html").read_text(encoding="utf-8"))
    rows = tree.find_all("tr", cls="group")
    assert len(rows) == 56
    assert "only in the old audit" in rows[0].text()


def test_compare_refuses_another_schema_version_unless_forced(two_runs, tmp_path):
    doc = json.loads((two_runs / "new.json").read_text())
    doc["schema_version"] = 2
    (tmp_path / "v2.json").write_text(json.dumps(doc))
    result = run("compare", str(two_runs / "old.json"), str(tmp_path / "v2.json"))
    assert result.exit_code == 2
    assert "schema_version 2" in result.stderr and "--force" in result.stderr
    forced = run("compare", str(two_runs / "old.json"), str(tmp_path / "v2.json"), "--force")
    assert forced.exit_code == 0


def test_compare_refuses_another_ruleset_unless_forced(two_runs, tmp_path):
    doc = json.loads((two_runs / "new.json").read_text())
    doc["ruleset"] = "bek2020"
    (tmp_path / "other.json").write_text(json.dumps(doc))
    result = run("compare", str(two_runs / "old.json"), str(tmp_path / "other.json"))
    assert result.exit_code == 2
    assert "forskellige regelsæt (rr2014 og bek2020)" in result.stderr
    english = run(
        "compare", str(two_runs / "old.json"), str(tmp_path / "other.json"), "--lang", "en"
    )
    assert "different rulesets" in english.stderr
    assert "Traceback" not in result.output


def test_compare_of_a_file_that_is_not_audit_json_exits_2(tmp_path):
    (tmp_path / "x.json").write_text("[1, 2]")
    result = run("compare", str(tmp_path / "x.json"), str(tmp_path / "missing.json"))
    assert result.exit_code == 2
    assert "ikke en JSON-fil fra integaudit check (schema_version eller total mangler)" in (
        " ".join(result.stderr.split())
    )
    english = run("compare", str(tmp_path / "x.json"), str(tmp_path / "x.json"), "--lang", "en")
    assert "not an integaudit JSON file (no schema_version/total)" in english.stderr


def test_template_has_danish_headers_follow_ups_validation_and_instructions(tmp_path):
    out = tmp_path / "skabelon.xlsx"
    assert run("template", str(out)).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Kontrakter", "Opfølgninger", "Vejledning"]
    headers = [c.value for c in wb["Kontrakter"][1]]
    assert headers[:4] == ["Kontrakt nr.", "Kommune", "CPR-nr", "Overtagelsesdato"]
    validated = {str(dv.sqref): dv.type for dv in wb["Kontrakter"].data_validations.dataValidation}
    assert any("D2:D" in ref for ref in validated) and set(validated.values()) == {"date"}
    guide = " ".join(str(c.value) for row in wb["Vejledning"].iter_rows() for c in row if c.value)
    for header in headers:
        assert header in guide
    cells = [c.value for ws in wb for row in ws.iter_rows() for c in row if c.value]
    assert not [v for v in cells if str(v).startswith("template.")], "a catalogue key leaked"


def test_filled_in_template_is_accepted_with_no_data_issue(tmp_path):
    out = tmp_path / "skabelon.xlsx"
    run("template", str(out))
    wb = openpyxl.load_workbook(out)
    wb["Kontrakter"].append(
        [
            "K-1",
            "Aarhus",
            "B-17",
            dt.date(2014, 1, 6),
            dt.date(2014, 1, 20),
            dt.date(2014, 1, 21),
            "Job som kok",
            None,
            None,
            None,
            dt.date(2014, 1, 21),
            "Jobcenter Aarhus",
            "ydelse",
            dt.date(2014, 3, 1),
            None,
        ]
    )
    wb["Opfølgninger"].append(["K-1", "Aarhus", dt.date(2014, 3, 15)])
    wb["Opfølgninger"].append(["K-1", "Aarhus", dt.date(2014, 6, 1)])
    wb.save(tmp_path / "filled.xlsx")
    result = run("check", str(tmp_path / "filled.xlsx"), "--as-of", "2014-06-30", "--json", "-")
    data = json.loads(result.stdout)
    assert data["data_issues"] == []
    assert data["contracts"] == [
        {
            "contract_id": "K-1",
            "municipality_code": "751",
            "status": {"missing-goal": "pass", "late-signing": "pass", "missed-follow-up": "pass"},
        }
    ]


def test_template_refuses_a_name_that_is_not_xlsx(tmp_path):
    result = run("template", str(tmp_path / "x.csv"))
    assert result.exit_code == 2
