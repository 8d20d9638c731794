"""Which integaudit.toml applies to which file, and `integaudit init` (issue 19 §6): each file
takes the nearest config in its folder or above up to the folder given; run settings must
agree; init writes a config whose suggestions, once uncommented, give the expected rates."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, run_cli_in, write_xlsx

from tests.exports.corpus import with_user_lines
from tests.paths import ROOT

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

D = dt.date
EXPORTS = ROOT / "tests" / "data" / "exports"
HEADER = ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Kontrakten underskrevet d."]


def _extract(path: Path, cid: str, municipality: str | None = "Aarhus") -> Path:
    row = [cid, municipality, D(2014, 1, 6), D(2014, 3, 1)]
    header = HEADER if municipality else [h for h in HEADER if h != "Kommune"]
    if not municipality:
        row = [r for r in row if r is not None]
    return write_xlsx(path, {"Kontrakter": [header, row]})


def _toml(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "integaudit.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _json(root: Path, *args: str) -> tuple[Result, dict[str, Any]]:
    result = run_cli_in(root, "check", *args, "--json", "-", "--lang", "en")
    assert "Traceback" not in result.output
    return result, json.loads(result.stdout) if result.exit_code in (0, 1) else {}


ALIAS = '[aliases]\nsigned_date = ["Kontrakten underskrevet d."]\n'


def test_each_folder_takes_its_own_config(tmp_path: Path) -> None:
    _extract(tmp_path / "a" / "aarhus.xlsx", "A-1")
    _extract(tmp_path / "b" / "sub" / "aarhus.xlsx", "B-1")
    _toml(tmp_path / "a", 'as_of = "2014-06-30"\n' + ALIAS)
    _toml(tmp_path / "b", ALIAS)  # b/sub/aarhus.xlsx takes b's config, from above
    result, doc = _json(tmp_path, "a", "b")
    assert result.exit_code == 0, result.output
    assert doc["as_of"] == "2014-06-30"
    statuses = {c["contract_id"]: c["status"]["late-signing"] for c in doc["contracts"]}
    assert statuses == {"A-1": "fail", "B-1": "fail"}  # signed after 54 days, both read


def test_a_config_beside_a_file_given_by_path_applies(tmp_path: Path) -> None:
    _extract(tmp_path / "in" / "aarhus.xlsx", "A-1")
    _toml(tmp_path / "in", 'as_of = "2014-06-30"\n' + ALIAS)
    result, doc = _json(tmp_path, "in/aarhus.xlsx")
    assert result.exit_code == 0, result.output
    assert doc["as_of"] == "2014-06-30"
    assert doc["contracts"][0]["status"]["late-signing"] == "fail"
    assert "The audit date is today" not in result.output


def test_a_config_above_the_folder_given_does_not_apply(tmp_path: Path) -> None:
    _extract(tmp_path / "top" / "in" / "aarhus.xlsx", "A-1")
    _toml(tmp_path / "top", ALIAS)
    _, doc = _json(tmp_path, "top/in", "--as-of", "2014-06-30")
    assert doc["contracts"][0]["status"]["late-signing"] == "not-assessed"


def test_run_settings_must_agree(tmp_path: Path) -> None:
    _extract(tmp_path / "a" / "aarhus.xlsx", "A-1")
    _extract(tmp_path / "b" / "aarhus.xlsx", "B-1")
    _toml(tmp_path / "a", 'as_of = "2014-06-30"\n')
    _toml(tmp_path / "b", 'as_of = "2014-07-31"\n')
    result = run_cli_in(tmp_path, "check", "a", "b", "--lang", "en")
    assert result.exit_code == 2
    assert (
        "two config files set as_of differently: a/integaudit.toml and b/integaudit.toml"
        in result.flat
    )
    da = run_cli_in(tmp_path, "check", "a", "b")
    assert "to konfigurationsfiler sætter as_of forskelligt" in da.flat
    # Per-file keys may differ, and one config alone may set a run setting.
    _toml(tmp_path / "b", ALIAS)
    result, doc = _json(tmp_path, "a", "b")
    assert result.exit_code == 0 and doc["as_of"] == "2014-06-30"


def test_config_option_applies_to_every_file(tmp_path: Path) -> None:
    _extract(tmp_path / "a" / "aarhus.xlsx", "A-1")
    _toml(tmp_path / "a", 'as_of = "2014-06-30"\n')
    other = _toml(tmp_path / "cfg", 'as_of = "2014-05-31"\n' + ALIAS)
    _, doc = _json(tmp_path, "a", "--config", str(other))
    assert doc["as_of"] == "2014-05-31"
    assert doc["contracts"][0]["status"]["late-signing"] == "fail"


def test_config_show_and_columns_name_the_config_each_file_took(tmp_path: Path) -> None:
    _extract(tmp_path / "a" / "aarhus.xlsx", "A-1")
    _extract(tmp_path / "b" / "aarhus.xlsx", "B-1")
    _toml(tmp_path / "a", ALIAS)
    shown = run_cli_in(tmp_path, "config", "a", "b", "--lang", "en").flat
    assert "a/aarhus.xlsx │ a/integaudit.toml" in shown
    assert "b/aarhus.xlsx │ none (defaults)" in shown
    columns = json.loads(run_cli_in(tmp_path, "columns", "a", "b", "--json", "-").stdout)
    assert {f["file"]: f["config"] for f in columns["files"]} == {
        "a/aarhus.xlsx": "a/integaudit.toml",
        "b/aarhus.xlsx": None,
    }
    assert (
        "a/aarhus.xlsx: læses efter a/integaudit.toml" in run_cli_in(tmp_path, "columns", "a").flat
    )


def test_an_audit_date_nobody_set_is_said_on_screen(tmp_path: Path) -> None:
    _extract(tmp_path / "in" / "aarhus.xlsx", "A-1")
    today = dt.date.today().isoformat()
    result = run_cli_in(tmp_path, "check", "in", "--lang", "en")
    assert f"The audit date is today, {today}: neither --as-of nor as_of" in result.flat
    assert "Revisionsdatoen er dagens dato" in run_cli_in(tmp_path, "check", "in").flat
    quiet = run_cli_in(tmp_path, "check", "in", "--as-of", "2014-06-30")
    assert "dagens dato" not in quiet.flat


def test_a_config_may_name_the_municipality_of_its_files(tmp_path: Path) -> None:
    _extract(tmp_path / "in" / "udtraek.xlsx", "A-1", municipality=None)
    _toml(tmp_path / "in", 'municipality = "Odense"\n')
    _, doc = _json(tmp_path, "in", "--as-of", "2014-06-30")
    assert doc["contracts"][0]["municipality_code"] == "461"
    _toml(tmp_path / "in", 'municipality = "Odnese"\n')
    result = run_cli_in(tmp_path, "check", "in", "--lang", "en")
    assert result.exit_code == 2
    assert "'municipality': must be a municipality" in result.flat


# --- init ----------------------------------------------------------------------------------


def test_init_writes_a_config_and_never_replaces_one_unasked(tmp_path: Path) -> None:
    _extract(tmp_path / "in" / "aarhus.xlsx", "A-1")
    result = run_cli_in(tmp_path, "init", "in", "--lang", "en")
    assert result.exit_code == 0, result.output
    written = (tmp_path / "in" / "integaudit.toml").read_text(encoding="utf-8")
    tomllib.loads(written)
    assert '# signed_date = ["Kontrakten underskrevet d."]' in written
    assert "sheet Kontrakter, column D 'Kontrakten underskrevet d.': 01-03-2014" in written
    assert f'# as_of = "{dt.date.today().isoformat()}"' in written
    assert '# ruleset = "rr2014"' in written
    assert "in/integaudit.toml is written. Confirm before you run check:" in result.flat
    assert "1 suggestions for [aliases], [placeholders] and [follow_ups]" in result.flat
    again = run_cli_in(tmp_path, "init", "in")
    assert again.exit_code == 2
    assert "findes allerede" in again.flat and "--force" in again.flat
    assert run_cli_in(tmp_path, "init", "in", "--force").exit_code == 0


def test_init_takes_a_file_s_own_folder(tmp_path: Path) -> None:
    _extract(tmp_path / "in" / "aarhus.xlsx", "A-1")
    result = run_cli_in(tmp_path, "init", "in/aarhus.xlsx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "in" / "integaudit.toml").is_file()
    assert "Bekræft, før du kører check" in result.flat


LAYOUTS = sorted(p.name for p in EXPORTS.iterdir() if (p / "expected.toml").is_file())
KEY_LINE = re.compile(r"^# (\w+ = .*)$", re.M)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_init_and_uncommenting_its_suggestions_give_the_expected_rates(
    tmp_path: Path, layout: str
) -> None:
    expected = tomllib.loads((EXPORTS / layout / "expected.toml").read_text(encoding="utf-8"))
    shutil.copytree(EXPORTS / layout, tmp_path / "in", ignore=shutil.ignore_patterns("*.toml"))
    result = run_cli_in(tmp_path, "init", "in")
    assert result.exit_code == 0, result.output
    config = tmp_path / "in" / "integaudit.toml"
    text = KEY_LINE.sub(r"\1", config.read_text(encoding="utf-8"))
    after = expected.get("config", {}).get("after_init", "")
    config.write_text(with_user_lines(text, after) if after else text, encoding="utf-8")
    for ruleset in expected["rulesets"]:
        args = ("in", "--as-of", expected["as_of"], "--ruleset", ruleset)
        result, doc = _json(tmp_path, *args)
        assert result.exit_code == 0, result.output
        assert doc["total"]["contracts"] == expected["contracts"]
        for rule, want in expected[ruleset]["counts"].items():
            got = doc["total"]["rules"][rule]
            counts = [got["pass"], got["fail"], got["not_applicable"], got["not_assessed"]]
            assert counts == want, (ruleset, rule)
