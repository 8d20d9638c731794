"""The corpus of real export layouts (tests/data/exports/, issue 19 §7) through the CLI.

For every layout: its clean twin (the same contracts as a canonical extract) audited as the
tool has always read extracts gives exactly the statuses written by hand in its expected.toml
(this shows the expectations are right); ``columns`` finds its header; ``check`` gives those
statuses, counts, groups and data issues under each ruleset the layout carries (with the
config lines the user writes, where it needs them); and its anonymised copy audits the same. No
CPR number or name of the corpus reaches any output. For the layouts that need a config, the
lines ``init`` suggests, uncommented, give the same rates, and without any config the tool says
what it could not read rather than guess. The generator rebuilds the committed corpus byte for
byte.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.exports.corpus import (
    CONFIG,
    GENERATOR,
    LAYOUTS,
    REASON_WORDS,
    Audited,
    Layout,
    cells,
    check,
    no_traceback,
    personal_data,
    run,
    suggested_aliases,
    uncommented,
    with_user_lines,
)

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

CASES = [(name, r) for name in LAYOUTS for r in Layout(name).expected["rulesets"]]
IDS = [f"{name}-{r}" for name, r in CASES]
CONFIGURED = [name for name in LAYOUTS if Layout(name).config is not None]


def _generate(out: Path, *options: str) -> None:
    subprocess.run(
        [sys.executable, str(GENERATOR), *options, str(out)], check=True, capture_output=True
    )


@pytest.fixture(scope="module")
def clean_twins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The clean twin of every layout, written by the generator: <layout>/clean.xlsx."""
    out = tmp_path_factory.mktemp("clean")
    _generate(out, "--clean")
    return out


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("runs")


@pytest.fixture(scope="module")
def audits(workdir: Path) -> dict[tuple[str, str], Audited]:
    """``check`` of each layout under each of its rulesets, run once for the module: the
    layout's files copied into a folder of their own (with its config lines), English."""
    found = {}
    for name, ruleset in CASES:
        layout = Layout(name)
        folder = f"in-{name}"
        if not (workdir / folder).exists():
            layout.copy_into(workdir / folder, layout.config)
        found[name, ruleset] = check(
            workdir, folder, layout.expected["as_of"], ruleset, "--lang", "en"
        )
    return found


def assert_audit(audited: Audited, layout: Layout, ruleset: str, without_config=False) -> None:
    """Assert statuses, counts, the number of contracts and the groups of one run."""
    no_traceback(audited.result)
    assert audited.doc is not None, audited.result.output
    rules = layout.expected[ruleset]["rules"]
    want = layout.statuses(ruleset, without_config)
    got = audited.statuses(rules)
    wrong = {c: (want.get(c), got.get(c)) for c in sorted(set(want) | set(got))}
    wrong = {c: pair for c, pair in wrong.items() if pair[0] != pair[1]}
    assert wrong == {}, "contract: (expected, got)"
    assert audited.doc["total"]["contracts"] == layout.expected["contracts"]
    assert audited.counts(rules) == layout.counts(ruleset, without_config)
    if "groups" in layout.expected:
        assert [g["key"] for g in audited.doc["groups"]] == layout.expected["groups"]
    if not without_config:
        for rule, rate in layout.expected[ruleset].get("rates", {}).items():
            total = audited.doc["total"]["rules"][rule]
            assert f"{total['fail']}/{total['pass'] + total['fail']}" == rate, rule


def assert_issues(audited: Audited, expected: dict[str, int]) -> None:
    """Assert the count of each data-issue kind expected, and that no other warning or error
    was recorded (information not expected may come on top)."""
    kinds = audited.kinds()
    assert {kind: kinds[kind] for kind in expected} == expected, kinds
    others = {
        (issue["level"], issue["kind"], issue["file"], issue["row"], issue["message"])
        for issue in audited.doc["data_issues"]
        if issue["kind"] not in expected and issue["level"] != "info"
    }
    assert others == set()


# --- the expectations are right ----------------------------------------------------------------


@pytest.mark.parametrize(("name", "ruleset"), CASES, ids=IDS)
def test_the_clean_twin_gives_the_expected_statuses(clean_twins, workdir, name, ruleset):
    layout = Layout(name)
    folder = f"clean-{name}"
    if not (workdir / folder).exists():
        (workdir / folder).mkdir()
        (workdir / folder / "clean.xlsx").write_bytes(
            (clean_twins / name / "clean.xlsx").read_bytes()
        )
    audited = check(workdir, folder, layout.expected["as_of"], ruleset, "--lang", "en")
    assert_audit(audited, layout, ruleset)


def test_the_generator_rebuilds_the_committed_corpus_byte_for_byte(tmp_path: Path):
    first, second = tmp_path / "first", tmp_path / "second"
    _generate(first)
    _generate(second)
    for name in LAYOUTS:
        committed = [p.name for p in Layout(name).files]
        assert sorted(p.name for p in (first / name).iterdir()) == committed, name
        assert sorted(p.name for p in (second / name).iterdir()) == committed, name
        for file_name in committed:
            fresh = (first / name / file_name).read_bytes()
            assert fresh == (second / name / file_name).read_bytes(), file_name
            assert fresh == (Layout(name).folder / file_name).read_bytes(), file_name


# --- reading each layout ----------------------------------------------------------------------


@pytest.mark.parametrize("name", LAYOUTS)
def test_columns_finds_each_header_and_reads_each_column(workdir: Path, name: str):
    layout = Layout(name)
    folder = workdir / f"columns-{name}"
    layout.copy_into(folder, layout.config)
    result = run(workdir, "columns", folder.name, "--json", "-")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert personal_data(layout.files).found_in(result.output) == []
    files = {Path(f["file"]).name: f for f in json.loads(result.stdout)["files"]}
    for want in layout.expected["sheets"]:
        sheets = {s["sheet"]: s for s in files[want["file"]]["sheets"]}
        sheet = sheets[want["sheet"]]
        assert (sheet["kind"], sheet["header_row"]) == (want["kind"], want["header_row"]), want
        fields = {c["letter"]: c["field"] or "" for c in sheet["columns"]}
        assert {letter: fields.get(letter) for letter in want["columns"]} == want["columns"]


@pytest.mark.parametrize(("name", "ruleset"), CASES, ids=IDS)
def test_check_gives_the_expected_statuses_counts_and_data_issues(audits, name, ruleset):
    layout = Layout(name)
    audited = audits[name, ruleset]
    assert_audit(audited, layout, ruleset)
    assert_issues(audited, layout.expected["issues"])
    assert audited.result.exit_code == layout.expected["strict_exit"], audited.result.output
    for rule, reasons in layout.expected[ruleset].get("not_assessed_reasons", {}).items():
        assert audited.doc["total"]["rules"][rule]["not_assessed_reasons"] == reasons


@pytest.mark.parametrize("name", [n for n in LAYOUTS if Layout(n).expected.get("set_aside")])
def test_each_row_that_is_not_a_contract_is_named_with_its_reason(audits, name):
    layout = Layout(name)
    audited = audits[name, "rr2014"]
    set_aside = audited.issues("row-not-a-contract")
    where = sorted((Path(i["file"]).name, i["row"]) for i in set_aside)
    assert where == sorted((s["file"], s["row"]) for s in layout.expected["set_aside"])
    for want in layout.expected["set_aside"]:
        (issue,) = [i for i in set_aside if i["row"] == want["row"]]
        assert issue["sheet"] == want.get("sheet", issue["sheet"])
        words = REASON_WORDS[want["reason"]]
        assert any(w in issue["message"].lower() for w in words), (want, issue["message"])
        first_cell = next(c for c in cells(layout.folder / want["file"])[want["row"] - 1] if c)
        assert first_cell[:20] in (issue["value"] or "") + issue["message"], issue


def test_the_stale_copy_and_the_conflict_are_named(audits):
    audited = audits["stale_copy", "rr2014"]
    (copy,) = audited.issues("sheet-stale-copy")
    named = f"{copy['sheet']} {copy['message']}"
    assert "Kontrakter (2)" in named and "Kontrakter " in named.replace("Kontrakter (2)", "")
    (hidden,) = audited.issues("sheet-hidden")
    assert hidden["sheet"] == "Kontrakter (2)"
    (conflict,) = audited.issues("conflicting-contract")
    assert conflict["level"] == "error"
    assert "FRB-020" in f"{conflict['value']} {conflict['message']}"
    assert {"22", "25"} <= set(f"{conflict['row']} {conflict['message']}".replace(",", " ").split())


def test_an_unknown_conversation_status_is_named_once(audits):
    (unknown,) = audits["nexus", "rr2014"].issues("follow-up-status-unknown")
    assert "Telefonisk" in f"{unknown['value']} {unknown['message']}"


@pytest.mark.parametrize(("name", "ruleset"), CASES, ids=IDS)
def test_no_cpr_number_or_name_reaches_the_output(audits, name, ruleset):
    personal = personal_data(Layout(name).files)
    assert personal.cprs
    audited = audits[name, ruleset]
    assert audited.doc is not None and audited.doc["contracts"], audited.result.output
    assert personal.found_in(audited.output) == []


# --- anonymised copies -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def copies(workdir: Path, audits) -> Callable[[str], Path]:
    """Return ``copy_of(layout)``: the anonymised copy of the layout's folder (with its
    config), made on first use."""
    made: dict[str, Path] = {}

    def copy_of(name: str) -> Path:
        if name not in made:
            out = workdir / f"anon-{name}"
            result = run(workdir, "anonymise", f"in-{name}", "--out", out.name)
            no_traceback(result)
            assert result.exit_code == 0, result.output
            made[name] = out
        return made[name]

    return copy_of


@pytest.mark.parametrize(("name", "ruleset"), CASES, ids=IDS)
def test_the_anonymised_copy_audits_the_same(workdir, copies, name, ruleset):
    layout = Layout(name)
    audited = check(workdir, copies(name).name, layout.expected["as_of"], ruleset, "--lang", "da")
    assert_audit(audited, layout, ruleset)
    assert_issues(audited, layout.expected["issues"])
    assert audited.result.exit_code == layout.expected["strict_exit"], audited.result.output
    assert personal_data(layout.files).found_in(audited.output) == []


@pytest.mark.parametrize("name", LAYOUTS)
def test_the_anonymised_copy_holds_no_cpr_number_or_name(copies, name):
    personal = personal_data(Layout(name).files)
    copied = [p for p in sorted(copies(name).iterdir()) if p.name != CONFIG]
    assert copied
    text = "\n".join("\t".join(row) for path in copied for row in cells(path))
    assert personal.found_in(text) == []


# --- layouts that need the user's config --------------------------------------------------------


@pytest.mark.parametrize("name", CONFIGURED)
def test_init_then_every_suggested_line_gives_the_expected_rates(tmp_path, name):
    layout = Layout(name)
    layout.copy_into(tmp_path / "in")
    result = run(tmp_path, "init", "in")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    written = (tmp_path / "in" / CONFIG).read_text(encoding="utf-8")
    personal = personal_data(layout.files)
    assert personal.found_in(written + result.output) == []
    again = run(tmp_path, "init", "in")
    no_traceback(again)
    assert (tmp_path / "in" / CONFIG).read_text(encoding="utf-8") == written

    config = uncommented(written)
    extra = layout.expected["config"].get("after_init")
    if extra:
        config = with_user_lines(config, extra)
    (tmp_path / "in" / CONFIG).write_text(config, encoding="utf-8")
    for ruleset in layout.expected["rulesets"]:
        audited = check(tmp_path, "in", layout.expected["as_of"], ruleset, "--lang", "da")
        assert_audit(audited, layout, ruleset)
        assert_issues(audited, layout.expected["issues"])


def test_init_never_suggests_a_cpr_column_or_a_latest_follow_up_as_another_field(tmp_path):
    layout = Layout("own_headers")
    layout.copy_into(tmp_path / "in")
    result = run(tmp_path, "init", "in")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    suggested = suggested_aliases((tmp_path / "in" / CONFIG).read_text(encoding="utf-8"))
    rules = layout.expected["init"]
    wrong = [
        (header, field)
        for header, field in suggested
        if (header in rules["only_as"] and field != rules["only_as"][header])
        or rules["never_as"].get(header) == field
    ]
    assert wrong == []


def test_without_the_follow_up_config_unknown_statuses_count_as_held_and_are_named(tmp_path):
    layout = Layout("follow_up_export")
    layout.copy_into(tmp_path / "in")
    audited = check(tmp_path, "in", layout.expected["as_of"], "rr2014", "--lang", "en")
    assert_audit(audited, layout, "rr2014", without_config=True)
    assert_issues(audited, layout.expected["without_config"]["issues"])
    named = [f"{i['value']} {i['message']}" for i in audited.issues("follow-up-status-unknown")]
    for value in layout.expected["without_config"]["unknown_values"]:
        assert sum(value in text for text in named) == 1, (value, named)


def test_without_a_config_own_headers_are_read_as_no_field(tmp_path):
    layout = Layout("own_headers")
    layout.copy_into(tmp_path / "in")
    audited = check(tmp_path, "in", layout.expected["as_of"], "rr2014", "--lang", "en")
    no_traceback(audited.result)
    for rule, count in layout.expected["without_config"]["not_assessed"].items():
        assert audited.doc["total"]["rules"][rule]["not_assessed"] == count
    result = run(tmp_path, "columns", "in", "--json", "-")
    want = layout.expected["without_config"]["columns"]
    (found,) = [
        f for f in json.loads(result.stdout)["files"] if Path(f["file"]).name == want["file"]
    ]
    (sheet,) = [s for s in found["sheets"] if s["sheet"] == want["sheet"]]
    fields = {c["letter"]: c["field"] for c in sheet["columns"]}
    assert {letter: fields[letter] for letter in want["unmapped"]} == dict.fromkeys(
        want["unmapped"]
    )
    assert all(fields[letter] in (None, "person_id") for letter in want["only_person"])
