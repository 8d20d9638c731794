"""What CI systems read, through the CLI: the verdict in the JSON, the HTML and the workbook;
--fail-above per group, --fail-on; JUnit XML read back with a JUnit library; GitHub Actions
annotations and job summary; GitLab Code Quality with stable fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from junitparser import Failure, JUnitXml

from tests.conftest import run_cli_in, write_csv
from tests.paths import RR2014

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

THRESHOLDS = ["--fail-above", "missing-goal=10", "--fail-above", "late-signing=50"]


def _junit(path: Path) -> dict[str, tuple[bool, str, str]]:
    """Return test case name → (passed, failure message, system-out)."""
    suites = list(JUnitXml.fromfile(str(path)))
    assert len(suites) == 1
    cases = {}
    for case in suites[0]:
        messages = [r.message for r in case.result if isinstance(r, Failure)]
        cases[case.name] = (case.is_passed, messages[0] if messages else "", case.system_out)
    return cases


def test_junit_has_a_case_per_rule_and_strict_reason_with_messages_in_the_runs_language(
    tmp_path,
):
    result = run_cli_in(tmp_path, "check", str(RR2014), *THRESHOLDS, "--strict", "--junit", "j.xml")
    assert result.exit_code == 1, result.output
    suites = JUnitXml.fromfile(str(tmp_path / "j.xml"))
    suite = next(iter(suites))
    assert (suite.tests, suite.failures, suite.errors) == (5, 1, 0)
    cases = _junit(tmp_path / "j.xml")
    assert set(cases) == {
        "missing-goal", "late-signing", "missed-follow-up", "error-issues", "rule-not-assessable"
    }  # fmt: skip
    passed, message, _ = cases["missing-goal"]
    assert not passed
    assert message == "Tærskel overskredet: missing-goal er 65,1 %, grænsen er 10,0 %"
    passed, message, out = cases["missed-follow-up"]  # no threshold: passes with its rate
    assert passed and not message
    assert "missed-follow-up: 25,7 % (28 af 109 vurderede)" in out
    assert cases["late-signing"][0] and "24,8 %" in cases["late-signing"][2]
    english = run_cli_in(
        tmp_path, "check", str(RR2014), *THRESHOLDS, "--junit", "j.xml", "--lang", "en"
    )
    assert english.exit_code == 1
    cases = _junit(tmp_path / "j.xml")  # its own earlier report is replaced
    assert (
        cases["missing-goal"][1] == "Threshold exceeded: missing-goal is 65.1%, the limit is 10.0%"
    )
    assert len(cases) == 3


def test_a_passing_run_writes_a_junit_report_without_failures(tmp_path):
    result = run_cli_in(
        tmp_path, "check", str(RR2014), "--fail-above", "missing-goal=70", "--junit", "j.xml"
    )
    assert result.exit_code == 0, result.output
    cases = _junit(tmp_path / "j.xml")
    assert all(passed for passed, _, _ in cases.values())


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """Return a folder with one extract that has an unreadable date and no follow-up column
    (warnings), and one damaged workbook (an error)."""
    folder = tmp_path / "udtraek"
    rows = [
        ["Kontrakt nr", "Kommune", "Overtagelsesdato", "Underskrevet", "Beskæftigelsesmål"],
        ["K-1", "Aarhus", "01-02-2014", "20-02-2014", "Job"],
        ["K-2", "Aarhus", "01-02-2014", "31-02-2014", ""],
        ["K-3", "Odense", "01-03-2014", "01-05-2014", ""],
    ]
    write_csv(folder / "kontrakter.csv", rows)
    (folder / "skadet.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    return folder


def test_fail_on_warning_and_error_and_strict_fail_the_run_and_say_why(messy, tmp_path):
    base = ["check", str(messy), "--as-of", "2014-06-30", "--json", "a.json", "--lang", "en"]
    passed = run_cli_in(tmp_path, *base)
    assert passed.exit_code == 0, passed.output
    doc = json.loads((tmp_path / "a.json").read_text())
    assert doc["exit_code"] == 0 and doc["fail_on"] == {"level": None, "hit": False}
    blind = [i for i in doc["data_issues"] if i["kind"] == "rule-not-assessable"]
    assert blind and {i["rule"] for i in blind} == {"missed-follow-up"}
    assert all(i["rule"] is None for i in doc["data_issues"] if i["kind"] != "rule-not-assessable")
    for level in ("warning", "error"):
        failed = run_cli_in(tmp_path, *base, "--fail-on", level)
        assert failed.exit_code == 1, failed.output
        assert "--fail-on: " in failed.flat and f"at level {level} or above" in failed.flat
        fail_on = json.loads((tmp_path / "a.json").read_text())["fail_on"]
        assert fail_on["level"] == level and fail_on["hit"] is True
        levels = {"warning": ("warning", "error"), "error": ("error",)}[level]
        expected = [i for i in doc["data_issues"] if i["level"] in levels]
        assert fail_on["count"] == len(expected)
        assert sum(fail_on["kinds"].values()) == len(expected)
    strict = run_cli_in(tmp_path, *base, "--strict")
    assert strict.exit_code == 1
    reasons = json.loads((tmp_path / "a.json").read_text())["strict"]["reasons"]
    by_reason = {r["reason"]: r for r in reasons}
    assert by_reason["error-issues"]["hit"] and by_reason["error-issues"]["kinds"]
    assert by_reason["rule-not-assessable"]["rules"] == ["missed-follow-up"]


def test_fail_above_per_group_fails_when_any_group_is_over_and_lists_them(tmp_path):
    # Nationally 24.8 % of contracts are signed late; some municipalities are far above.
    args = ["check", str(RR2014), "--fail-above", "late-signing=60", "--json", "a.json"]
    national = run_cli_in(tmp_path, *args)
    assert national.exit_code == 0, national.output
    grouped = run_cli_in(tmp_path, *args, "--fail-above-scope", "group", "--lang", "en")
    assert grouped.exit_code == 1, grouped.output
    doc = json.loads((tmp_path / "a.json").read_text())
    (threshold,) = doc["thresholds"]
    rates = {g["key"]: g["rules"]["late-signing"]["rate"] for g in doc["groups"]}
    over = {key for key, rate in rates.items() if rate is not None and rate > 0.6}
    assert {g["key"] for g in threshold["groups"]} == set(over)
    assert all(g["rate"] > 0.6 for g in threshold["groups"])
    assert f"late-signing is above 60.0% in {len(over)} group(s)" in grouped.flat


def test_the_html_and_the_workbook_show_the_verdict(tmp_path):
    args = ["check", str(RR2014), *THRESHOLDS, "--html", "r.html", "--xlsx", "r.xlsx"]
    result = run_cli_in(tmp_path, *args)
    assert result.exit_code == 1
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Afslutningskode 1" in html
    assert "--fail-above missing-goal=10" in html and "--fail-above late-signing=50" in html
    assert "late-signing: 24,8 %, grænsen er 50,0 % — overholdt" in html
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["Oversigt"]
    rows = [tuple(c.value for c in row[:3]) for row in sheet.iter_rows()]
    assert ("exit-code", "Afslutningskode", 1) in rows
    assert any(r[0] == "--fail-above missing-goal=10" and r[2] == "Overskredet" for r in rows)
    assert any(r[0] == "--fail-above late-signing=50" and r[2] == "Overholdt" for r in rows)


def test_github_annotations_and_job_summary(messy, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    args = [
        "check",
        str(messy),
        "--as-of",
        "2014-06-30",
        "--lang",
        "en",
        "--fail-above",
        "missing-goal=10",
    ]
    result = run_cli_in(tmp_path, *args, env=env)
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert lines[0] == (
        "::error title=integaudit%3A Threshold exceeded::Threshold exceeded: missing-goal is "
        "66.7%25, the limit is 10.0%25"
    )
    damaged = [line for line in lines if "skadet.xlsx" in line]
    assert len(damaged) == 1 and damaged[0].startswith("::warning file=")  # no --strict
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n<!-- integaudit summary -->\n## integaudit: rr2014")
    assert "| Neither employment nor education goal (`missing-goal`) | 66.7% | 2 / 3 |" in written
    assert "- ❌ `--fail-above missing-goal=10`" in written and "Exit code 1" in written
    strict = run_cli_in(tmp_path, *args, "--strict", "--json", "-", env=env)
    assert json.loads(strict.stdout)["exit_code"] == 1  # stdout holds the JSON only
    assert any(
        line.startswith("::error file=") and "skadet.xlsx" in line
        for line in strict.stderr.splitlines()
    )
    quiet = run_cli_in(tmp_path, *args, "--annotations", "none", env=env)
    assert "::" not in quiet.stdout
    asked = run_cli_in(tmp_path, *args, "--annotations", "github", env={"GITHUB_ACTIONS": ""})
    assert asked.stdout.count("::error") == 1


def test_gitlab_code_quality_has_stable_unique_fingerprints(messy, tmp_path):
    args = ["check", str(messy), "--as-of", "2014-06-30", "--fail-above", "missing-goal=10"]
    first = run_cli_in(tmp_path, *args, "--gitlab-codequality", "cq.json", "--json", "a.json")
    assert first.exit_code == 1, first.output
    entries = json.loads((tmp_path / "cq.json").read_text(encoding="utf-8"))
    doc = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    issues = [i for i in doc["data_issues"] if i["level"] in ("warning", "error")]
    assert len(entries) == 1 + len(issues)
    assert entries[0]["check_name"] == "integaudit/fail-above:missing-goal"
    assert entries[0]["severity"] == "critical"
    assert {e["severity"] for e in entries[1:]} <= {"major", "minor"}
    fingerprints = [e["fingerprint"] for e in entries]
    assert len(set(fingerprints)) == len(fingerprints)
    for entry in entries:
        assert entry["location"]["path"] and entry["location"]["lines"]["begin"] >= 1
    again = run_cli_in(tmp_path, *args, "--gitlab-codequality", "cq.json", "--lang", "en")
    assert again.exit_code == 1
    english = json.loads((tmp_path / "cq.json").read_text(encoding="utf-8"))
    assert [e["fingerprint"] for e in english] == fingerprints  # wording aside, the same


def test_summary_md_anywhere_and_a_users_file_is_not_replaced(tmp_path):
    (tmp_path / "notes.md").write_text("my notes\n", encoding="utf-8")
    refused = run_cli_in(tmp_path, "check", str(RR2014), "--summary-md", "notes.md")
    assert refused.exit_code == 2
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "my notes\n"
    for _ in range(2):  # its own earlier summary is replaced
        result = run_cli_in(tmp_path, "check", str(RR2014), "--summary-md", "s.md")
        assert result.exit_code == 0, result.output
    text = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert "Ingen tærskel, --strict eller --fail-on angivet." in text
    assert "Afslutningskode 0" in text


def test_ci_outputs_are_replaced_only_when_signed_and_unchanged(tmp_path):
    """JUnit XML and the summary carry a signature comment; Code Quality JSON (an array) is
    integaudit's only in the exact bytes it writes: a look-alike or an edited file stays."""
    args = ["check", str(RR2014), "--junit", "j.xml", "--summary-md", "s.md"]
    args += ["--gitlab-codequality", "cq.json"]
    assert run_cli_in(tmp_path, *args).exit_code == 0
    junit = (tmp_path / "j.xml").read_text(encoding="utf-8")
    assert junit.splitlines()[-1].startswith("<!-- integaudit-sha256 ")
    assert JUnitXml.fromfile(str(tmp_path / "j.xml"))  # still a JUnit file to its readers
    assert run_cli_in(tmp_path, *args).exit_code == 0  # its own reports, replaced
    for name, edit in (
        ("j.xml", lambda t: t.replace('name="integaudit"', 'name="integaudit" x="1"', 1)),
        ("s.md", lambda t: "my line\n" + t),
        ("cq.json", lambda t: t.rstrip("\n") + " \n"),
    ):
        path = tmp_path / name
        edited = edit(path.read_text(encoding="utf-8"))
        path.write_text(edited, encoding="utf-8")
        refused = run_cli_in(tmp_path, *args)
        assert refused.exit_code == 2, (name, refused.output)
        assert path.read_text(encoding="utf-8") == edited
        assert run_cli_in(tmp_path, *args, "--force").exit_code == 0
