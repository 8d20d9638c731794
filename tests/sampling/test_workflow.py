"""The sample workflow never loses review work, and speaks the auditor's language.

integaudit sample refuses to replace a file unless --force; check SAMPLE.xlsx keeps the
sample's pseudonyms; evaluate of an unmarked sample says what to fill in; Danish, English and
earlier sample workbooks read alike; every sampling text follows --lang.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from integaudit.sampling.selection import METHOD_KEYS, SAMPLE_FIELDS, column_header
from tests.paths import ROOT
from tests.privacy.helpers import fake_cprs
from tests.sampling.helpers import TITLES, deviation_column, draw, fill

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

SAMPLE = ROOT / "samples" / "rr2014"
PSEUDONYM = re.compile(r"P-[0-9a-f]{12}")


def snapshot(path: Path) -> tuple[bytes, int]:
    """Return what must not change about a file: its bytes and its mtime in nanoseconds."""
    return path.read_bytes(), path.stat().st_mtime_ns


def rows_of(path: Path, sheet: str) -> list[dict]:
    """Return the rows of a sheet as header → value dicts."""
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# --- 1. nothing a reviewer wrote is replaced unasked ---------------------------------------


def test_sample_refuses_an_existing_out_and_leaves_the_reviewed_workbook_as_it_was(
    run_cli, tmp_path
):
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "20", "--seed", "3", "--method", "random")
    reviewed = fill(drawn, tmp_path / "s.xlsx", "missing-goal", lambda i, _: "ja" if i else "nej")
    os.utime(reviewed, ns=(1_500_000_000_000_000_000, 1_500_000_000_000_000_000))
    before = snapshot(reviewed)
    result = run_cli(
        "sample", str(SAMPLE), "--size", "20", "--seed", "3", "--method", "random",
        "--out", str(reviewed),
    )  # fmt: skip
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.count("\n") == 1
    assert "findes allerede og kan rumme revisorernes markeringer" in result.stderr
    assert "--force" in result.stderr
    assert snapshot(reviewed) == before
    # In English too, and only --force replaces it.
    english = run_cli(
        "sample", str(SAMPLE), "--size", "20", "--seed", "3", "--method", "random",
        "--out", str(reviewed), "--lang", "en",
    )  # fmt: skip
    assert english.exit_code == 2 and "exists and may hold reviewers' marks" in english.stderr
    assert snapshot(reviewed) == before
    forced = run_cli(
        "sample", str(SAMPLE), "--size", "20", "--seed", "3", "--method", "random",
        "--out", str(reviewed), "--force",
    )  # fmt: skip
    assert forced.exit_code == 0, forced.output
    assert reviewed.read_bytes() != before[0]
    assert all(
        row[deviation_column("missing-goal")] is None for row in rows_of(reviewed, "Stikprøve")
    )


def test_sample_refuses_before_reading_anything(run_cli, tmp_path):
    """The refusal comes first: a missing input folder does not get a say."""
    out = tmp_path / "s.xlsx"
    out.write_bytes(b"reviewers' work")
    result = run_cli("sample", "nowhere", "--size", "2", "--seed", "1", "--out", str(out))
    assert result.exit_code == 2
    assert "findes allerede" in result.stderr
    assert out.read_bytes() == b"reviewers' work"


def test_report_outputs_still_replace_their_earlier_selves(run_cli, tmp_path):
    """check's and evaluate's reports are regenerated from their inputs: they replace their
    own earlier output without --force, as CI jobs rely on."""
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "20", "--seed", "3", "--method", "random")
    reviewed = fill(drawn, tmp_path / "r.xlsx", "missing-goal", lambda i, _: i < 2)
    report = tmp_path / "evaluation.json"
    for _ in range(2):
        result = run_cli("evaluate", str(reviewed), "--json", str(report))
        assert result.exit_code == 0, result.output
    assert json.loads(report.read_text())["rules"]["missing-goal"]["k"] == 2


# --- 2. check SAMPLE.xlsx keeps the sample's pseudonyms ------------------------------------


def test_check_of_a_sample_keeps_its_pseudonyms_and_matches_the_full_run(run_cli, tmp_path):
    full = run_cli("check", str(SAMPLE), "--json", "-")
    assert full.exit_code == 0, full.output
    by_contract = {
        (f["contract_id"], f["rule"]): f["person"] for f in json.loads(full.stdout)["findings"]
    }
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "60", "--seed", "1")
    persons = {row["Kontrakt nr."]: row["Person"] for row in rows_of(drawn, "Stikprøve")}
    assert all(PSEUDONYM.fullmatch(p) for p in persons.values())
    checked = run_cli("check", str(drawn), "--json", "-")
    assert checked.exit_code == 0, checked.output
    findings = json.loads(checked.stdout)["findings"]
    assert len(findings) > 20
    for finding in findings:
        assert finding["person"] == persons[finding["contract_id"]]
        assert finding["person"] == by_contract[(finding["contract_id"], finding["rule"])]


def test_check_of_a_sample_without_a_key_makes_no_pseudonym_and_does_not_warn(run_cli, tmp_path):
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "60", "--seed", "1")
    persons = {row["Kontrakt nr."]: row["Person"] for row in rows_of(drawn, "Stikprøve")}
    result = run_cli("check", str(drawn), "--json", "-", env={"INTEGAUDIT_KEY": None})
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [i for i in doc["data_issues"] if i["kind"] == "random-key"] == []
    assert "tilfældig nøgle" not in result.stderr
    assert {f["person"] for f in doc["findings"]} <= set(persons.values())


def test_a_cpr_number_in_a_sample_is_still_pseudonymised(run_cli, tmp_path):
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "60", "--seed", "1")
    cpr = fake_cprs(1, seed=5)[0]
    workbook = openpyxl.load_workbook(drawn)
    sheet = workbook["Stikprøve"]
    header = [c.value for c in sheet[1]]
    # A reviewer pasted the citizen's CPR number over the pseudonym of a contract that fails.
    target = next(
        r
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(r, header.index("Beskæftigelsesmål") + 1).value is None
        and sheet.cell(r, header.index("Uddannelsesmål") + 1).value is None
    )
    contract = sheet.cell(target, 1).value
    sheet.cell(target, header.index("Person") + 1).value = cpr
    changed = tmp_path / "cpr.xlsx"
    workbook.save(changed)
    result = run_cli("check", str(changed), "--json", "-")
    assert result.exit_code == 0, result.output
    assert cpr not in result.output and cpr.replace("-", "") not in result.output
    person = next(
        f["person"] for f in json.loads(result.stdout)["findings"] if f["contract_id"] == contract
    )
    assert PSEUDONYM.fullmatch(person)


# --- 3. an unmarked sample says what to fill in --------------------------------------------


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("da", ["ingen kontrakt er vurderet", "med ja (afvigelse) eller nej (ingen afvigelse)"]),
        ("en", ["no contract has been reviewed", "with ja (deviation) or nej (none)"]),
    ],
)
def test_evaluate_of_a_sample_without_marks_says_which_columns_to_fill_in(
    run_cli, tmp_path, lang, words
):
    drawn = draw(
        run_cli, tmp_path / f"{lang}.xlsx", "--size", "20", "--seed", "3", "--method", "random",
        "--lang", lang,
    )  # fmt: skip
    result = run_cli("evaluate", str(drawn), "--lang", lang)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.count("\n") == 1
    for word in words:
        assert word in result.flat
    for rule in TITLES:
        assert f"'{deviation_column(rule, lang)}'" in result.flat


# --- 4. the sampling commands' language ----------------------------------------------------


def test_sample_in_english_titles_every_column_and_label_in_english(run_cli, tmp_path):
    out = tmp_path / "en.xlsx"
    result = run_cli(
        "sample", str(SAMPLE), "--size", "30", "--seed", "5", "--strata", "region",
        "--out", str(out), "--lang", "en",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "30 of 109 contracts drawn (stratified by region, seed 5)" in result.flat
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Sample", "Method"]
    header = [c.value for c in workbook["Sample"][1]]
    assert "No goal Deviation" in header and "No goal Comment" in header
    assert "Late signing Deviation" in header
    # The extract's own columns keep the canonical Danish headers, so check reads them back.
    assert header[:3] == ["Kontrakt nr.", "Kommune", "Person"]
    assert {"Stratum", "File", "Sheet", "Row"} <= set(header)
    labels = [r[0] for r in workbook["Method"].iter_rows(values_only=True) if r[0]]
    assert labels[:5] == ["Method", "Strata", "Seed", "Sample size", "Population size"]
    assert ("Stratum", "Population", "Sample") in list(
        workbook["Method"].iter_rows(values_only=True)
    )


def test_the_sample_workbook_uses_the_templates_headers(run_cli, tmp_path):
    from integaudit.writers.template import CONTRACT_COLUMNS, template_bytes

    (tmp_path / "t.xlsx").write_bytes(template_bytes())
    template_headers = [
        c.value for c in openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[0][1]
    ]
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "60", "--seed", "1")
    header = [c.value for c in openpyxl.load_workbook(drawn)["Stikprøve"][1]]
    shared = [f for f in SAMPLE_FIELDS if f in CONTRACT_COLUMNS]
    assert len(shared) >= 10
    for field in shared:
        assert header[SAMPLE_FIELDS.index(field)] == template_headers[CONTRACT_COLUMNS.index(field)]


def test_sample_follows_the_configs_language(run_cli, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SAMPLE, folder)
    (folder / "integaudit.toml").write_text('as_of = "2014-06-30"\nlang = "en"\n')
    result = run_cli("sample", str(folder), "--size", "10", "--seed", "1", "--method", "random",
                     "--out", "s.xlsx")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "10 of 109 contracts drawn (simple random selection, seed 1)" in result.flat
    assert openpyxl.load_workbook(tmp_path / "s.xlsx").sheetnames == ["Sample", "Method"]
    too_small = run_cli("sample", str(folder), "--size", "30", "--seed", "1", "--out", "t.xlsx")
    assert "--size 30 is too small to give 1 per stratum to 56 strata" in too_small.stderr


@pytest.mark.parametrize(
    ("lang", "likelihood", "name"),
    [
        ("da", "binomial", "binomial"),
        ("da", "poisson", "Poisson"),
        ("da", "hypergeometric", "hypergeometrisk"),
        ("en", "hypergeometric", "hypergeometric"),
        ("en", "poisson", "Poisson"),
    ],
)
def test_likelihoods_are_named_in_the_language(run_cli, lang, likelihood, name):
    args = ["--likelihood", likelihood, "--population", "1000", "--lang", lang]
    planned = run_cli("plan", "--tolerable", "5", *args)
    assert planned.exit_code == 0 and f"({name}, 95" in planned.flat
    evaluated = run_cli("evaluate", "--n", "100", "--k", "1", *args)
    assert evaluated.exit_code == 0 and f"({name})" in evaluated.flat


def english_reviewed(run_cli: Callable, tmp_path: Path) -> Path:
    drawn = draw(
        run_cli, tmp_path / "en.xlsx", "--size", "30", "--seed", "5", "--strata", "region",
        "--lang", "en",
    )  # fmt: skip
    return fill(drawn, tmp_path / "en-r.xlsx", "late-signing", lambda i, _: i % 5 == 0, "en")


def test_danish_and_english_workbooks_evaluate_alike(run_cli, tmp_path):
    danish = fill(
        draw(run_cli, tmp_path / "da.xlsx", "--size", "30", "--seed", "5", "--strata", "region"),
        tmp_path / "da-r.xlsx",
        "late-signing",
        lambda i, _: i % 5 == 0,
    )
    english = english_reviewed(run_cli, tmp_path)
    docs = []
    for path in (danish, english):
        result = run_cli("evaluate", str(path), "--json", "-")
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        del doc["sample"]
        docs.append(doc)
    assert docs[0] == docs[1]
    assert docs[0]["rules"]["late-signing"]["k"] == 6
    assert docs[0]["strata"] == "region" and docs[0]["method"] == "stratified"
    shown = run_cli("evaluate", str(english), "--lang", "en")
    assert "Projection to the population: 30 of 109 contracts, stratified by region" in shown.flat


def test_check_reads_an_english_sample_like_a_danish_one(run_cli, tmp_path):
    english = english_reviewed(run_cli, tmp_path)
    danish = draw(
        run_cli, tmp_path / "da.xlsx", "--size", "30", "--seed", "5", "--strata", "region"
    )
    docs = []
    for path in (danish, english):
        result = run_cli("check", str(path), "--json", "-")
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        assert doc["data_issues"] == []
        docs.append((doc["contracts"], doc["findings"], doc["sample_projection"]))
    assert docs[0] == docs[1]


def legacy_copy(path: Path, out: Path) -> Path:
    """Return a copy of a Danish sample workbook in the format of earlier versions: field
    names as headers, rule ids in the reviewer columns, English Metode labels and values."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Stikprøve"]
    by_header = {column_header(name, "da"): name for name in SAMPLE_FIELDS}
    by_column = {
        f"{titles['da']} {word}": f"{rule} {word}"
        for rule, titles in TITLES.items()
        for word in ("Afvigelse", "Bemærkning")
    }
    for cell in sheet[1]:
        cell.value = by_header.get(cell.value) or by_column[cell.value]
    method = workbook["Metode"]
    danish = {
        "Metode": "method", "Strata": "strata", "Startværdi (seed)": "seed",
        "Stikprøvestørrelse": "sample size", "Populationsstørrelse": "population size",
        "Mindst pr. stratum": "min per stratum", "Regelsæt": "ruleset",
        "Revisionsdato": "as of", "Værktøj": "tool", "Pseudonymer": "pseudonyms",
    }  # fmt: skip
    assert len(danish) == len(METHOD_KEYS)
    values = {"stratificeret": "stratified", "stabile (fast nøgle)": "stable"}
    for row in method.iter_rows():
        if row[0].value in danish:
            row[0].value = danish[row[0].value]
            row[1].value = values.get(row[1].value, row[1].value)
        elif row[0].value == "Stratum":
            row[0].value, row[1].value, row[2].value = "stratum", "population", "sample"
    workbook.save(out)
    return out


def test_workbooks_of_earlier_versions_still_evaluate_and_check(run_cli, tmp_path):
    drawn = draw(run_cli, tmp_path / "da.xlsx", "--size", "30", "--seed", "5", "--strata", "region")
    reviewed = fill(drawn, tmp_path / "r.xlsx", "late-signing", lambda i, _: i % 5 == 0)
    legacy = legacy_copy(reviewed, tmp_path / "legacy.xlsx")
    header = [c.value for c in openpyxl.load_workbook(legacy)["Stikprøve"][1]]
    assert "late-signing Afvigelse" in header and "contract_id" in header
    results = []
    for path in (reviewed, legacy):
        evaluated = run_cli("evaluate", str(path), "--json", "-")
        assert evaluated.exit_code == 0, evaluated.output
        checked = run_cli("check", str(path), "--json", "-")
        assert checked.exit_code == 0, checked.output
        doc = json.loads(checked.stdout)
        evaluation = json.loads(evaluated.stdout)
        del evaluation["sample"]
        results.append((evaluation, doc["contracts"], doc["findings"], doc["sample_projection"]))
    assert results[0] == results[1]
