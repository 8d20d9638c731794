"""integaudit check through the CLI: languages, config discovery, grouping, JSON, demo-data."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from integaudit.cli import app
from tests.paths import RR2014 as SAMPLE

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(app, list(args), env={"INTEGAUDIT_KEY": "k", **(env or {})})


def test_danish_number_format_by_default_and_english_with_lang_en():
    danish = invoke("check", str(SAMPLE))
    assert "65,1 %" in danish.stdout and "Mangler mål" in danish.stdout
    english = invoke("check", str(SAMPLE), "--lang", "en")
    assert "65.1%" in english.stdout and "No goal" in english.stdout
    assert "65,1 %" not in english.stdout


def test_baseline_row_shows_difference_in_percentage_points_and_can_be_turned_off():
    result = invoke("check", str(SAMPLE), "--lang", "en")
    assert "Rigsrevisionen 2014" in result.stdout
    assert "+0.1" in result.stdout and "-0.2" in result.stdout and "-0.3" in result.stdout
    result = invoke("check", str(SAMPLE), "--baseline", "none")
    assert "Rigsrevisionen 2014" not in result.stdout


def test_json_to_stdout_is_the_only_thing_on_stdout():
    result = invoke("check", str(SAMPLE), "--json", "-")
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert set(data) == {
        "schema_version", "kind", "tool", "ruleset", "as_of", "group_by", "thresholds",
        "strict", "fail_on", "exit_code", "inputs", "total", "groups", "findings", "contracts",
        "data_issues",
    }  # fmt: skip
    assert "71/109" in result.stderr


def test_config_in_first_directory_sets_as_of_and_option_overrides_it(tmp_path):
    copy = tmp_path / "sample"
    shutil.copytree(SAMPLE, copy)
    data = json.loads(invoke("check", str(copy), "--json", "-").stdout)
    assert data["as_of"] == "2014-06-30"
    data = json.loads(invoke("check", str(copy), "--json", "-", "--as-of", "2014-07-31").stdout)
    assert data["as_of"] == "2014-07-31"


def test_config_lang_en_applies(tmp_path):
    copy = tmp_path / "sample"
    shutil.copytree(SAMPLE, copy)
    toml = copy / "integaudit.toml"
    toml.write_text(toml.read_text().replace('lang = "da"', 'lang = "en"'))
    assert "65.1%" in invoke("check", str(copy)).stdout


@pytest.mark.parametrize(
    ("content", "danish", "english"),
    [
        ('colour = "red"\n', "nøglen 'colour': ukendt nøgle", "key 'colour': unknown key"),
        (
            'as_of = "30/13/2014"\n',
            "nøglen 'as_of': skal være en dato skrevet ÅÅÅÅ-MM-DD, ikke \"30/13/2014\"",
            "key 'as_of': must be a date as YYYY-MM-DD, got \"30/13/2014\"",
        ),
        ("as_of = 2014\n", "nøglen 'as_of': skal være en dato", "key 'as_of': must be a date"),
        (
            'lang = "fr"\n',
            "nøglen 'lang': skal være en af da, en, ikke \"fr\"",
            "key 'lang': must be one of da, en, got \"fr\"",
        ),
        ('ruleset = "rr1999"\n', "nøglen 'ruleset'", "key 'ruleset'"),
        ("[aliases]\nnot_a_field = ['x']\n", "nøglen 'aliases.not_a_field'", "not_a_field'"),
        (
            "[[suspension]]\nstart = 2020-03-12\n",
            "nøglen 'suspension[1]': skal have både start og end",
            "key 'suspension[1]': needs both start and end",
        ),
        (
            "as_of = \n",
            "ikke gyldig TOML (linje 1, kolonne 9)",
            "not valid TOML (line 1, column 9)",
        ),
    ],
)
def test_config_errors_name_the_key_and_file_and_exit_2(tmp_path, content, danish, english):
    """A config that cannot be read is reported in Danish, or in the language of --lang (the
    config's own lang is not known then)."""
    config = tmp_path / "integaudit.toml"
    config.write_text(content)
    for lang, phrase in (([], danish), (["--lang", "en"], english)):
        result = invoke("check", str(SAMPLE), "--config", str(config), *lang)
        assert result.exit_code == 2
        flat = " ".join(result.stderr.split())
        assert flat.startswith("integaudit: fejl:" if not lang else "integaudit: error:")
        assert phrase in flat
        assert str(config) in result.stderr.replace("\n", "")
        assert "Traceback" not in result.output


def test_group_by_region_and_none():
    data = json.loads(invoke("check", str(SAMPLE), "--by", "region", "--json", "-").stdout)
    assert [g["key"] for g in data["groups"]] == ["1081", "1082", "1083", "1084", "1085"]
    assert sum(g["contracts"] for g in data["groups"]) == 109
    data = json.loads(invoke("check", str(SAMPLE), "--by", "none", "--json", "-").stdout)
    assert data["groups"] == [] and data["total"]["contracts"] == 109


def test_demo_data_rows_are_all_audited_or_named_in_an_issue(tmp_path):
    out = tmp_path / "demo"
    result = invoke(
        "demo-data", str(out), "--contracts", "600", "--municipalities", "6", "--seed", "5"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("6 filer, 600 kontrakter skrevet til ")
    files = sorted(out.iterdir())
    assert len(files) == 6
    data = json.loads(invoke("check", str(out), "--as-of", "2024-06-30", "--json", "-").stdout)
    collapsed = sum(1 for i in data["data_issues"] if "identical copy" in i["message"])
    assert data["total"]["contracts"] + collapsed == sum(f["contracts"] for f in data["inputs"])
    assert data["total"]["contracts"] == 600
    assert len(data["groups"]) == 6
    # Same seed, same bytes.
    again = tmp_path / "again"
    result = invoke(
        "demo-data", str(again), "--contracts", "600", "--municipalities", "6", "--seed", "5",
        "--lang", "en",
    )  # fmt: skip
    assert result.stdout.startswith("6 files, 600 contracts written to ")
    assert [f.read_bytes() for f in files] == [(again / f.name).read_bytes() for f in files]


def test_demo_data_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "x.txt").write_text("x")
    result = invoke("demo-data", str(tmp_path), "--contracts", "10", "--municipalities", "2")
    assert result.exit_code == 2
    assert "er ikke tom" in result.stderr


def test_config_show_prints_effective_values_and_their_source(tmp_path):
    config = tmp_path / "integaudit.toml"
    config.write_text(
        'as_of = "2020-12-31"\n[[suspension]]\nstart = "2020-03-12"\nend = "2020-05-27"\n'
        'label = "COVID-19"\n'
    )
    result = CliRunner().invoke(
        app,
        ["config", "--show", str(tmp_path), "--lang", "en"],
        env={"COLUMNS": "200", "INTEGAUDIT_KEY": ""},
    )
    assert result.exit_code == 0, result.output
    lines = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if "│" in line}
    assert "2020-12-31" in lines["as_of"] and str(config) in lines["as_of"]
    assert "rr2014" in lines["ruleset"] and "default" in lines["ruleset"]
    assert "2020-03-12 – 2020-05-27 (COVID-19)" in lines["suspension[1]"]
    assert "random per run" in lines["privacy.key"]


def test_config_show_reports_a_bad_config_with_exit_2(tmp_path):
    (tmp_path / "integaudit.toml").write_text("lang = 3\n")
    result = CliRunner().invoke(app, ["config", "--show", str(tmp_path)])
    assert result.exit_code == 2
    assert "nøglen 'lang'" in result.stderr
    english = CliRunner().invoke(app, ["config", "--show", str(tmp_path), "--lang", "en"])
    assert english.exit_code == 2
    assert "key 'lang': must be one of da, en, got 3" in english.stderr


def test_config_aliases_and_goal_placeholders_apply_to_a_check(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Sagsnr", "Kommune", "Overtaget", "Dato for underskrift", "Jobmål"])
    ws.append(["K-1", "Aarhus", "01-02-2014", "10-02-2014", "se journal"])
    ws.append(["K-2", "Aarhus", "01-02-2014", "10-02-2014", "Job som kok"])
    wb.save(tmp_path / "x.xlsx")
    (tmp_path / "integaudit.toml").write_text(
        'as_of = "2014-06-30"\n[aliases]\nsigned_date = ["Dato for underskrift"]\n'
        '[placeholders]\ngoal = ["Se journal"]\n'
    )
    data = json.loads(invoke("check", str(tmp_path), "--json", "-").stdout)
    status = {c["contract_id"]: c["status"] for c in data["contracts"]}
    assert status["K-1"]["missing-goal"] == "fail"  # the config's placeholder is empty
    assert status["K-2"]["missing-goal"] == "pass"
    assert status["K-1"]["late-signing"] == "pass"  # the config's alias found the signing date
