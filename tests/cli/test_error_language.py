"""Usage errors of check, compare, rules, config, template, anonymise and demo-data are one
line in the run's language: Danish by default, English with --lang en or the config's
lang = "en"."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli_in
from tests.paths import ROOT

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

SAMPLE = ROOT / "samples" / "rr2014"


@pytest.fixture(scope="module")
def place(tmp_path_factory, sample_json) -> Path:
    """Return a folder with an extract, an audit JSON and a file in the way of a template."""
    folder = tmp_path_factory.mktemp("errors")
    shutil.copy(SAMPLE / "aalborg_kontrakter.xlsx", folder / "aalborg_kontrakter.xlsx")
    shutil.copyfile(sample_json("rr2014"), folder / "audit.json")
    (folder / "taken.xlsx").write_bytes(b"x")
    return folder


CASES = [
    (
        ["check", "aalborg_kontrakter.xlsx", "--ruleset", "rr1999"],
        '--ruleset: ukendt regelsæt "rr1999" (findes: rr2014, bek2020)',
        '--ruleset: unknown ruleset "rr1999" (available: rr2014, bek2020)',
    ),
    (
        ["check", "aalborg_kontrakter.xlsx", "--as-of", "2014-13-45"],
        '--as-of: ikke en dato: "2014-13-45" (skriv ÅÅÅÅ-MM-DD)',
        '--as-of: not a date: "2014-13-45" (use YYYY-MM-DD)',
    ),
    (
        ["check", "aalborg_kontrakter.xlsx", "--municipality", "Atlantis"],
        '--municipality: ukendt kommune "Atlantis"',
        '--municipality: unknown municipality "Atlantis"',
    ),
    (
        ["check", "aalborg_kontrakter.xlsx", "--fail-above", "missing-goal"],
        '--fail-above: forventede REGEL=PROCENT, fik "missing-goal"',
        '--fail-above: expected RULE=PERCENT, got "missing-goal"',
    ),
    (
        ["check", "aalborg_kontrakter.xlsx", "--fail-above", "nope=5"],
        '--fail-above: ukendt regel "nope"',
        '--fail-above: unknown rule "nope"',
    ),
    (
        ["check", "aalborg_kontrakter.xlsx", "--fail-above", "missing-goal=120"],
        '--fail-above: "120" er ikke en procentsats fra 0 til under 100',
        '--fail-above: "120" is not a percentage from 0 to below 100',
    ),
    (
        ["check", "aalborg_kontrakter.xlsx", "--html", "nowhere/r.html"],
        "kan ikke skrive nowhere/r.html: mappen nowhere findes ikke",
        "cannot write nowhere/r.html: the folder nowhere does not exist",
    ),
    (
        ["check", "aalborg_kontrakter.xlsx", "--xlsx", "aalborg_kontrakter.xlsx"],
        "skriver ikke aalborg_kontrakter.xlsx: den er en af inputfilerne",
        "refusing to write aalborg_kontrakter.xlsx: it is one of the input files",
    ),
    (
        ["check", "aalborg_kontrakter.xlsx", "--html", "r.html", "--json", "r.html"],
        "skriver ikke r.html to gange",
        "refusing to write r.html twice",
    ),
    (
        ["check", "aalborg_kontrakter.xlsx", "--key-file", "missing.key"],
        "nøglefil (--key-file) missing.key: filen findes ikke",
        "key file (--key-file) missing.key: file not found",
    ),
    (
        ["check", "aalborg_kontrakter.xlsx", "--config", "missing.toml"],
        "konfigurationsfilen findes ikke: missing.toml",
        "config file not found: missing.toml",
    ),
    (
        ["compare", "audit.json", "missing.json"],
        "missing.json: filen findes ikke",
        "missing.json: file not found",
    ),
    (
        ["compare", "audit.json", "aalborg_kontrakter.xlsx"],
        "aalborg_kontrakter.xlsx: ikke en JSON-fil fra integaudit check (teksten er ikke UTF-8)",
        "aalborg_kontrakter.xlsx: not an integaudit JSON file (the text is not UTF-8)",
    ),
    (
        ["compare", "audit.json", "audit.json", "--html", "audit.json"],
        "skriver ikke audit.json: den er en af inputfilerne",
        "refusing to write audit.json: it is one of the input files",
    ),
    (
        ["rules", "no-such-rule"],
        'ukendt regel "no-such-rule" (regler: ',
        'unknown rule "no-such-rule" (rules: ',
    ),
    (
        ["rules", "--ruleset", "rr1999"],
        '--ruleset: ukendt regelsæt "rr1999"',
        '--ruleset: unknown ruleset "rr1999"',
    ),
    (
        ["config", "--config", "missing.toml"],
        "konfigurationsfilen findes ikke: missing.toml",
        "config file not found: missing.toml",
    ),
    (
        ["template", "skabelon.csv"],
        "skabelon.csv: skabelonen skrives som en .xlsx-fil",
        "skabelon.csv: the template is written as an .xlsx file",
    ),
    (
        ["template", "taken.xlsx"],
        "taken.xlsx findes allerede; brug --force",
        "taken.xlsx exists; give --force",
    ),
    (
        ["check", "MB", "aalborg_kontrakter.xlsx"],
        "'MB' er ingen fil, men enheden til --max-file-size",
        "'MB' is not a file but the unit of --max-file-size",
    ),
    (
        ["anonymise", "aalborg_kontrakter.xlsx", "--out", "."],
        "--out .: skriver ikke ind i inputmappen .",
        "--out .: refusing to write into the input folder .",
    ),
    (
        ["demo-data", "."],
        ". er ikke tom; demo-data skriver i en ny mappe",
        ". is not empty; demo-data writes into a new folder",
    ),
]


@pytest.mark.parametrize(("args", "danish", "english"), CASES, ids=lambda v: str(v)[:40])
def test_usage_error_is_danish_by_default_and_english_with_lang_en(place, args, danish, english):
    for lang, prefix, message in (
        ([], "integaudit: fejl: ", danish),
        (["--lang", "en"], "integaudit: error: ", english),
    ):
        result = run_cli_in(place, *args, *lang)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        line = result.stderr.strip()
        assert "\n" not in line, line
        assert line.startswith(prefix), line
        assert message in line, line
        assert not re.search(r"\b(None|nan|NaT)\b", line)
        assert "'" + args[-1] + "'" not in line  # the value as written, not as a Python repr
    assert not (place / "r.html").exists()


def test_config_lang_en_makes_later_errors_english(tmp_path):
    shutil.copy(SAMPLE / "aalborg_kontrakter.xlsx", tmp_path / "aalborg_kontrakter.xlsx")
    (tmp_path / "integaudit.toml").write_text('lang = "en"\n')
    result = run_cli_in(tmp_path, "check", str(tmp_path), "--as-of", "soon")
    assert result.exit_code == 2
    assert (
        result.stderr.strip() == 'integaudit: error: --as-of: not a date: "soon" (use YYYY-MM-DD)'
    )
    # --lang on the command line wins over the config
    danish = run_cli_in(tmp_path, "check", str(tmp_path), "--as-of", "soon", "--lang", "da")
    assert danish.stderr.strip().startswith("integaudit: fejl: --as-of: ikke en dato")


def test_compare_follows_the_config_lang(tmp_path, place):
    (tmp_path / "integaudit.toml").write_text('lang = "en"\n')
    shutil.copy(place / "audit.json", tmp_path / "a.json")
    result = run_cli_in(tmp_path, "compare", "a.json", "a.json")
    assert result.exit_code == 0, result.output
    assert "Comparison" in result.stdout and "No goal" in result.stdout


def test_compare_refuses_audits_grouped_differently_unless_forced(tmp_path):
    for by in ("municipality", "region"):
        run_cli_in(tmp_path, "check", str(SAMPLE), "--by", by, "--json", f"{by}.json")
    result = run_cli_in(tmp_path, "compare", "municipality.json", "region.json")
    assert result.exit_code == 2
    assert "grupperet forskelligt (--by municipality og --by region)" in result.stderr
    forced = run_cli_in(tmp_path, "compare", "municipality.json", "region.json", "--force")
    assert forced.exit_code == 0, forced.output
    assert "grupperet efter region" in " ".join(forced.stdout.split())
    doc = json.loads((tmp_path / "region.json").read_text())
    assert doc["group_by"] == "region"
