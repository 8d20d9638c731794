"""The small things a revisor notices (issue 20 §4): wording, languages, dates and the
options that must take what a user types."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli_in, write_csv

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow


def _unreadable_takeover(folder: Path) -> Path:
    """Write an extract without goal or follow-up columns whose first contract's takeover
    date cannot be read."""
    return write_csv(
        folder / "odense.csv",
        [
            ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet"],
            ["K-1", "Odense", "32-01-2014", "20-01-2014"],
            ["K-2", "Odense", "02-01-2014", "20-01-2014"],
        ],
    )


def test_english_messages_name_the_rule_and_the_unreadable_field_in_sentences(tmp_path):
    _unreadable_takeover(tmp_path)
    result = run_cli_in(tmp_path, "check", "odense.csv", "--as-of", "2014-06-30", "--lang", "en")
    assert result.exit_code == 0, result.output
    flat = result.flat
    # Not "Neither employment nor education goal cannot be assessed" (a double negative).
    assert "The rule “Neither employment nor education goal” cannot be assessed" in flat
    assert "goal cannot be assessed" not in flat.replace("goal” cannot", "")
    # Not "the date responsibility was taken over unreadable".
    assert "the date responsibility was taken over could not be read in odense.csv" in flat
    assert "taken over unreadable" not in flat
    danish = run_cli_in(tmp_path, "check", "odense.csv", "--as-of", "2014-06-30")
    assert "Reglen »Hverken beskæftigelses- eller uddannelsesmål« kan ikke vurderes" in danish.flat


def test_rules_speak_the_configs_language_unless_told_otherwise(tmp_path):
    (tmp_path / "integaudit.toml").write_text('lang = "en"\n', encoding="utf-8")
    english = run_cli_in(tmp_path, "rules", "missing-goal")
    assert english.exit_code == 0, english.output
    assert "Neither employment nor education goal" in english.flat
    assert "Hverken beskæftigelses- eller uddannelsesmål" not in english.flat
    danish = run_cli_in(tmp_path, "rules", "missing-goal", "--lang", "da")
    assert "Hverken beskæftigelses- eller uddannelsesmål" in danish.flat
    listed = run_cli_in(tmp_path, "rules", "--ruleset", "bek2020")
    assert "The rules" in listed.flat and "Reglerne" not in listed.flat


def test_the_ruleset_option_takes_any_case(tmp_path):
    _unreadable_takeover(tmp_path)
    result = run_cli_in(
        tmp_path, "check", "odense.csv", "--ruleset", "BEK2020", "--as-of", "2014-06-30"
    )
    assert result.exit_code == 0, result.output
    assert "regelsæt bek2020" in result.flat
    rules = run_cli_in(tmp_path, "rules", "--ruleset", "Bek2020")
    assert rules.exit_code == 0 and "missing-coordinator" in rules.flat
    (tmp_path / "integaudit.toml").write_text('ruleset = "BEK2020"\n', encoding="utf-8")
    configured = run_cli_in(tmp_path, "check", "odense.csv", "--as-of", "2014-06-30")
    assert configured.exit_code == 0, configured.output
    assert "regelsæt bek2020" in configured.flat


def test_config_as_of_reads_dates_as_the_as_of_option_does(tmp_path):
    _unreadable_takeover(tmp_path)
    (tmp_path / "integaudit.toml").write_text('as_of = "30-06-2014"\n', encoding="utf-8")
    result = run_cli_in(tmp_path, "check", "odense.csv")
    assert result.exit_code == 0, result.output
    assert "revisionsdato 2014-06-30" in result.flat
    shown = run_cli_in(tmp_path, "config", "--show")
    assert "2014-06-30" in shown.flat
    (tmp_path / "integaudit.toml").write_text('as_of = "31-06-2014"\n', encoding="utf-8")
    wrong = run_cli_in(tmp_path, "check", "odense.csv")
    assert wrong.exit_code == 2 and "as_of" in wrong.flat and "Traceback" not in wrong.output


def test_a_config_file_saved_in_a_windows_code_page_is_asked_to_be_saved_as_utf8(tmp_path):
    _unreadable_takeover(tmp_path)
    config = '# Kommentar: årets revision, Køge\nlang = "da"\n'
    (tmp_path / "integaudit.toml").write_bytes(config.encode("cp1252"))
    result = run_cli_in(tmp_path, "check", "odense.csv")
    assert result.exit_code == 2
    assert "integaudit.toml" in result.flat and "gem filen som UTF-8" in result.flat
    assert "Traceback" not in result.output
    english = run_cli_in(tmp_path, "check", "odense.csv", "--lang", "en")
    assert "save the file as UTF-8" in english.flat


def test_a_misspelt_municipality_option_gets_a_suggestion(tmp_path):
    _unreadable_takeover(tmp_path)
    result = run_cli_in(tmp_path, "check", "odense.csv", "--municipality", "Vejel")
    assert result.exit_code == 2
    assert 'ukendt kommune "Vejel"; mente du Vejle (630)?' in result.flat
    english = run_cli_in(tmp_path, "check", "odense.csv", "--municipality", "Vejel", "--lang", "en")
    assert "did you mean Vejle (630)?" in english.flat


def test_the_municipality_option_beside_a_municipality_column_says_which_was_used(tmp_path, check):
    write_csv(
        tmp_path / "in" / "kontrakter.csv",
        [
            ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet", "Jobmål"],
            ["K-1", "Odense", "02-01-2014", "20-01-2014", "Kok"],
            ["K-2", "", "02-01-2014", "20-01-2014", "Kok"],
            ["K-3", "Odense", "02-01-2014", "20-01-2014", "Kok"],
        ],
    )
    checked = check("in", "--municipality", "Vejle")
    assert checked.result.exit_code == 0, checked.result.output
    [issue] = checked.issues(kind="municipality-option-and-column")
    assert (issue["level"], issue["header"], issue["column_letter"]) == ("warning", "Kommune", "B")
    assert "column was used for 2 row(s)" in issue["message"]
    assert "--municipality Vejle was used only for 1 row(s)" in issue["message"]
    assert [(g["key"], g["contracts"]) for g in checked.doc["groups"]] == [("461", 2), ("630", 1)]
    # Without the column, the option is simply what the rows belong to: no issue.
    write_csv(
        tmp_path / "in" / "kontrakter.csv",
        [["Kontrakt nr.", "Overtagelsesdato", "Jobmål"], ["K-1", "02-01-2014", "Kok"]],
    )
    assert (
        check("in", "--municipality", "Vejle").issues(kind="municipality-option-and-column") == []
    )


def test_the_audit_trails_run_time_says_its_zone(tmp_path):
    import os
    import re
    import subprocess
    import sys

    import openpyxl

    _unreadable_takeover(tmp_path)
    for zone, stem in (("UTC", "utc"), ("Europe/Copenhagen", "cph")):
        env = {**os.environ, "TZ": zone, "INTEGAUDIT_KEY": "k"}
        outputs = ["--html", f"{stem}.html", "--xlsx", f"{stem}.xlsx"]
        subprocess.run(
            [
                sys.executable,
                "-m",
                "integaudit",
                "check",
                "odense.csv",
                "--as-of",
                "2014-06-30",
                *outputs,
            ],
            cwd=tmp_path,
            env=env,
            check=True,
            capture_output=True,
        )
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
    local = r"(CET \(UTC\+01:00\)|CEST \(UTC\+02:00\))"
    html = (tmp_path / "cph.html").read_text(encoding="utf-8")
    assert re.search(rf"Kørt</th><td[^>]*>{stamp} {local}</td>", html)
    assert re.search(rf"Kørt</th><td[^>]*>{stamp} UTC</td>", (tmp_path / "utc.html").read_text())
    trail = openpyxl.load_workbook(tmp_path / "cph.xlsx")["Revisionsspor"]
    run = {row[0]: row[1] for row in trail.iter_rows(values_only=True)}["Kørt"]
    assert re.fullmatch(rf"{stamp} {local}", run), run


def test_danish_outputs_name_rules_by_their_titles_not_their_ids(tmp_path):
    import openpyxl

    from tests.paths import RR2014
    from tests.sampling.helpers import fill

    result = run_cli_in(tmp_path, "check", str(RR2014), "--xlsx", "r.xlsx")
    assert result.exit_code == 0, result.output
    header = [c.value for c in openpyxl.load_workbook(tmp_path / "r.xlsx")["Kommuner"][1]]
    assert header[4:7] == ["Mangler mål: brud", "Mangler mål: vurderede", "Mangler mål: andel"]
    assert not [h for h in header if "missing-goal" in h or "late-signing" in h]

    drawn = run_cli_in(
        tmp_path, "sample", str(RR2014), "--size", "20", "--seed", "3", "--method", "random",
        "--out", "s.xlsx",
    )  # fmt: skip
    assert drawn.exit_code == 0, drawn.output
    marked = tmp_path / "s.xlsx"
    for rule in ("missing-goal", "late-signing"):
        fill(marked, marked, rule, lambda i, _: i < 3)
    evaluated = run_cli_in(tmp_path, "evaluate", "s.xlsx")
    assert evaluated.exit_code == 0, evaluated.output
    for title in ("Mangler mål", "Sen indgåelse"):
        assert title in evaluated.flat
    assert "missing-goal" not in evaluated.output and "late-signing" not in evaluated.output

    shown = run_cli_in(tmp_path, "config", "--show", env={"INTEGAUDIT_KEY": ""})
    assert shown.exit_code == 0, shown.output
    assert all(word in shown.flat for word in ("Nøgle", "Værdi", "Kilde", "standard", "i dag"))
    assert "tilfældig nøgle pr. kørsel" in shown.flat
    assert not {"key", "value", "source", "default", "today"} & set(shown.flat.split())


def test_columns_and_the_docs_list_the_situation_values_and_what_they_mean(tmp_path):
    from tests.paths import DOCS, SAMPLES

    result = run_cli_in(tmp_path, "columns", str(SAMPLES / "bek2020" / "aalborg.xlsx"))
    assert result.exit_code == 0, result.output
    flat = result.flat
    assert "Værdier, som kolonnen Forsørgelse (situation) godtager" in flat
    for value in ("ydelse", "barsel", "selvforsørgende", "igu", "benefit", "maternity"):
        assert value in flat
    assert "mindst 4 opfølgninger inden for 6 måneder efter visitationen" in flat
    assert "Sen visitation og Manglende opfølgning er ikke aktuelle" in flat
    english = run_cli_in(
        tmp_path, "columns", str(SAMPLES / "bek2020" / "aalborg.xlsx"), "--lang", "en"
    )
    assert "at least 4 follow-ups within 6 months of the visitation" in english.flat
    docs = " ".join((DOCS / "columns.md").read_text(encoding="utf-8").split())
    assert "## `situation` values" in docs
    assert "| `self-supporting` | `selvforsørgende`" in docs
    assert "a follow-up at least every 12 months" in docs
    # A sheet without a situation column is not given the list.
    _unreadable_takeover(tmp_path)
    assert "situation" not in run_cli_in(tmp_path, "columns", "odense.csv").flat
