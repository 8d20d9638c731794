"""Advice a user can follow word for word (issue 19 §3): an ambiguous header is never mapped
silently, a column is offered for a field only when its values fit it, every fitting column is
offered, a latest-follow-up column is never the follow-ups; and copying every suggested line
of the corpus's layouts into integaudit.toml gives the expected rates."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli_in, write_csv, write_xlsx

from tests.paths import ROOT

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

D = dt.date
EXPORTS = ROOT / "tests" / "data" / "exports"
BASE = ["Sagsnr", "Kommune", "Overtaget", "Underskrevet"]


def _columns(root: Path, *args: str) -> dict[str, Any]:
    result = run_cli_in(root, "columns", "in", "--json", "-", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _contracts_sheet(report: dict[str, Any]) -> dict[str, Any]:
    return next(s for f in report["files"] for s in f["sheets"] if s["kind"] == "contracts")


def _advice(sheet: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    items = [a for m in sheet["missing"] for a in m["advice"]] + sheet["optional_advice"]
    return [(a["kind"], a["header"], a["field"]) for a in items]


def test_a_bare_dato_in_a_contracts_sheet_is_never_read_as_follow_ups(tmp_path: Path) -> None:
    rows = [
        [*BASE, "Jobmål", "Dato", "Opfølgninger"],
        ["K-1", "Aarhus", D(2014, 1, 6), D(2014, 1, 20), "Job", D(2014, 3, 1), "15-02-2014"],
    ]
    write_xlsx(tmp_path / "in" / "a.xlsx", {"Kontrakter": rows})
    out = tmp_path / "o.json"
    result = run_cli_in(tmp_path, "check", "in", "--as-of", "2014-06-30", "--json", str(out))
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    # "Dato" (1 March) is not taken as a follow-up: the finding lists 15 February only.
    (finding,) = doc["findings"]
    assert finding["follow_ups"] == ["2014-02-15"]
    assert "column-not-recognised" in {i["kind"] for i in doc["data_issues"]}
    sheet = _contracts_sheet(_columns(tmp_path, "--lang", "en"))
    assert {c["header"]: c["field"] for c in sheet["columns"]}["Dato"] is None
    # The end date and the goal-met date are both missing: "Dato" may be either.
    (choice,) = sheet["optional_advice"]
    assert (choice["kind"], choice["fields"]) == ("choices", ["goal_met_date", "end_date"])


def test_two_goal_columns_give_two_lines_and_a_combined_one_its_placeholders(
    tmp_path: Path,
) -> None:
    rows = [[*BASE, "Mål – job", "Mål – udd."]]
    rows += [["K-1", "Aarhus", "06-01-2014", "20-01-2014", "Kok", ""]]
    rows += [["K-2", "Aarhus", "06-01-2014", "20-01-2014", "", "HF"]]
    write_csv(tmp_path / "in" / "a" / "aarhus.csv", rows)
    combined = [[*BASE, "Mål i kontrakten"]]
    combined += [["K-3", "Odense", "06-01-2014", "20-01-2014", "Kok"]]
    combined += [["K-4", "Odense", "06-01-2014", "20-01-2014", "Ingen mål registreret"]]
    write_csv(tmp_path / "in" / "b" / "odense.csv", combined)
    files = {f["file"]: f["sheets"][0] for f in _columns(tmp_path)["files"]}
    assert _advice(files["in/a/aarhus.csv"]) == [
        ("alias", "Mål – job", "employment_goal"),
        ("alias", "Mål – udd.", "education_goal"),
    ]
    odense = [a for m in files["in/b/odense.csv"]["missing"] for a in m["advice"]]
    assert [(a["kind"], a["field"], a["values"]) for a in odense] == [
        ("alias", "employment_goal", []),
        ("placeholders", None, ["Ingen mål registreret"]),
    ]
    da = run_cli_in(tmp_path, "columns", "in").flat
    assert 'employment_goal = ["Mål – job"]; education_goal = ["Mål – udd."]' in da
    assert 'goal = ["Ingen mål registreret"]' in da


def test_a_column_of_cpr_numbers_is_only_ever_the_person(tmp_path: Path) -> None:
    rows = [["Sagsnr", "Kommune", "Overtaget", "Borgers CPR", "Jobmål"]]
    rows += [["K-1", "Aarhus", "06-01-2014", "010190-1235", "Kok"]]
    rows += [["K-2", "Aarhus", "06-01-2014", "020290-1234", "Kok"]]
    write_csv(tmp_path / "in" / "aarhus.csv", rows)
    result = run_cli_in(tmp_path, "columns", "in", "--json", "-")
    sheet = _contracts_sheet(json.loads(result.stdout))
    assert [a for m in sheet["missing"] for a in m["advice"]] == []
    assert "010190" not in result.output
    check = run_cli_in(tmp_path, "check", "in", "--as-of", "2014-06-30", "--json", "-")
    messages = [i["message"] for i in json.loads(check.stdout)["data_issues"]]
    assert not [m for m in messages if '["Borgers CPR"]' in m]


def test_a_latest_follow_up_column_is_never_the_follow_ups(tmp_path: Path) -> None:
    rows = [[*BASE, "Jobmål", "Seneste opfølgning"]]
    rows += [["K-1", "Aarhus", "06-01-2014", "20-01-2014", "Kok", "01-05-2014"]]
    write_csv(tmp_path / "in" / "aarhus.csv", rows)
    sheet = _contracts_sheet(_columns(tmp_path))
    advice = [a for m in sheet["missing"] for a in m["advice"]]
    assert [(a["kind"], a["header"]) for a in advice] == [("latest", "Seneste opfølgning")]
    out = tmp_path / "o.json"
    run_cli_in(tmp_path, "check", "in", "--as-of", "2014-06-30", "--json", str(out), "--lang", "en")
    doc = json.loads(out.read_text(encoding="utf-8"))
    (issue,) = [i for i in doc["data_issues"] if i["kind"] == "rule-not-assessable"]
    assert "follow_ups = " not in issue["message"]
    assert "holds one date per contract (the latest conversation)" in issue["message"]


def test_a_column_whose_values_do_not_fit_is_not_offered(tmp_path: Path) -> None:
    rows = [["Sagsnr", "Kommune", "Overtaget", "Kontrakten underskrevet d.", "Jobmål"]]
    rows += [
        ["K-1", "Aarhus", "06-01-2014", "ja", "Kok"],
        ["K-2", "Aarhus", "06-01-2014", "nej", ""],
    ]
    write_csv(tmp_path / "in" / "aarhus.csv", rows)
    sheet = _contracts_sheet(_columns(tmp_path))
    assert [a for m in sheet["missing"] for a in m["advice"]] == []


# --- the corpus: every suggested line, copied, gives the expected rates ---------------------

LAYOUTS = sorted(p.name for p in EXPORTS.iterdir() if (p / "expected.toml").is_file())


def suggested_lines(report: dict[str, Any]) -> dict[str, list[str]]:
    """Return the [aliases] and [placeholders] lines the columns report suggests."""
    aliases: dict[str, list[str]] = {}
    placeholders: list[str] = []
    for entry in report["files"]:
        for sheet in entry["sheets"]:
            items = [a for m in sheet["missing"] for a in m["advice"]]
            for item in [*items, *sheet["optional_advice"]]:
                if item["kind"] == "alias" and item["header"] not in aliases.get(item["field"], []):
                    aliases.setdefault(item["field"], []).append(item["header"])
                elif item["kind"] == "placeholders":
                    placeholders += [v for v in item["values"] if v not in placeholders]
    return {"aliases": [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in aliases.items()],
            "placeholders": [f"goal = {json.dumps(placeholders, ensure_ascii=False)}"]
            if placeholders else []}  # fmt: skip


def _merged(suggested: dict[str, list[str]], after: str) -> str:
    """Return a config of the suggested lines and the lines no tool can suggest (after_init,
    which holds tables of its own)."""
    text = ""
    for table, lines in suggested.items():
        if lines:
            text += f"[{table}]\n" + "".join(line + "\n" for line in lines)
    return text + after


@pytest.mark.parametrize("layout", LAYOUTS)
def test_copying_every_suggested_line_gives_the_expected_rates(tmp_path: Path, layout: str) -> None:
    expected = tomllib.loads((EXPORTS / layout / "expected.toml").read_text(encoding="utf-8"))
    folder = tmp_path / "in"
    shutil.copytree(EXPORTS / layout, folder, ignore=shutil.ignore_patterns("expected.toml"))
    report = _columns(tmp_path)
    after = expected.get("config", {}).get("after_init", "")
    (folder / "integaudit.toml").write_text(_merged(suggested_lines(report), after), "utf-8")
    for ruleset in expected["rulesets"]:
        out = tmp_path / f"{ruleset}.json"
        result = run_cli_in(tmp_path, "check", "in", "--as-of", expected["as_of"], "--ruleset",
                            ruleset, "--json", str(out))  # fmt: skip
        assert result.exit_code == 0, result.output
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert doc["total"]["contracts"] == expected["contracts"]
        for rule, want in expected[ruleset]["counts"].items():
            got = doc["total"]["rules"][rule]
            counts = [got["pass"], got["fail"], got["not_applicable"], got["not_assessed"]]
            assert counts == want, (ruleset, rule)
