"""A reviewed sample read back: integaudit evaluate SAMPLE.xlsx and integaudit check SAMPLE.xlsx.

The expected figures are worked out by hand in the comments: the strata of the rr2014 sample
by region are 1081 Nordjylland 12, 1082 Midtjylland 23, 1083 Syddanmark 18, 1084 Hovedstaden
32 and 1085 Sjælland 24 contracts (109 in all).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from integaudit.sampling import stats
from tests.paths import RR2014 as SAMPLE
from tests.sampling.helpers import draw, fill

# The Stikprøve and Metode sheets name a region (the JSON keeps its code).
REGION_SIZES = {
    "Region Nordjylland": 12,
    "Region Midtjylland": 23,
    "Region Syddanmark": 18,
    "Region Hovedstaden": 32,
    "Region Sjælland": 24,
}


def evaluate_json(run_cli: Callable, path: Path, *args: str) -> dict:
    result = run_cli("evaluate", str(path), "--json", "-", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_random_sample_round_trip_matches_hand_computed_figures(run_cli, tmp_path):
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "20", "--seed", "3", "--method", "random")
    reviewed = fill(
        drawn, tmp_path / "r.xlsx", "missing-goal", lambda i, _: "ja" if i < 3 else "nej"
    )
    doc = evaluate_json(run_cli, reviewed)
    rule = doc["rules"]["missing-goal"]
    # 3 deviations in 20: 15 %; Clopper-Pearson upper bound Beta⁻¹(0.95; 4, 17) = 34.37 %,
    # two-sided 95 % [Beta⁻¹(0.025; 3, 18), Beta⁻¹(0.975; 4, 17)] = [3.21 %, 37.89 %];
    # projected 0.15 × 109 = 16.35 contracts, at most 0.3437 × 109 = 37.5.
    assert (rule["n"], rule["k"], rule["not_reviewed"]) == (20, 3, 0)
    assert rule["estimate"] == 0.15
    assert rule["upper_bound"] == pytest.approx(0.3437, abs=1e-4)
    assert rule["interval"] == pytest.approx([0.0321, 0.3789], abs=1e-4)
    assert rule["projected_deviations"] == pytest.approx(16.35, abs=0.06)
    assert rule["projected_upper"] == pytest.approx(37.5, abs=0.05)
    assert doc["population"] == 109 and doc["method"] == "random" and doc["strata"] == "none"
    # Nobody marked the other rules: nothing reviewed, nothing estimated.
    assert doc["rules"]["late-signing"]["n"] == 0
    assert doc["rules"]["late-signing"]["not_reviewed"] == 20
    assert doc["rules"]["late-signing"]["estimate"] is None


def test_stratified_sample_projects_each_stratum_by_its_own_weight(run_cli, tmp_path):
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "30", "--seed", "5", "--strata", "region")
    # Allocation of 30 over 12/23/18/32/24 by largest remainder: 3, 6, 5, 9, 7.
    method = openpyxl.load_workbook(drawn)["Metode"]
    strata = {
        r[0]: (r[1], r[2]) for r in method.iter_rows(values_only=True) if r[0] in REGION_SIZES
    }
    assert strata == {
        "Region Nordjylland": (12, 3),
        "Region Midtjylland": (23, 6),
        "Region Syddanmark": (18, 5),
        "Region Hovedstaden": (32, 9),
        "Region Sjælland": (24, 7),
    }

    seen: dict[str, int] = {}

    def mark(_: int, row: dict) -> str:
        # 3 of the 9 from Hovedstaden and 1 of the 7 from Sjælland deviate.
        stratum = row["Stratum"]
        seen[stratum] = seen.get(stratum, 0) + 1
        limit = {"Region Hovedstaden": 3, "Region Sjælland": 1}.get(stratum, 0)
        return "x" if seen[stratum] <= limit else "nej"

    reviewed = fill(drawn, tmp_path / "r.xlsx", "late-signing", mark)
    rule = evaluate_json(run_cli, reviewed, "--tolerable", "10%")["rules"]["late-signing"]
    # p̂ = (32 × 3/9 + 24 × 1/7) / 109 = (10.667 + 3.429) / 109 = 14.095 / 109 = 12.93 %;
    # Kish n* = 109² / (12²/3 + 23²/6 + 18²/5 + 32²/9 + 24²/7) = 11881 / 397.03 = 29.92.
    assert (rule["n"], rule["k"]) == (30, 4)
    assert rule["estimate"] == pytest.approx(0.1293, abs=1e-4)
    assert rule["projected_deviations"] == pytest.approx(14.1, abs=0.05)
    assert rule["effective_n"] == pytest.approx(29.9, abs=0.05)
    bound = stats.upper_bound(29.925, 0.1293 * 29.925, 0.95, "binomial")
    assert rule["upper_bound"] == pytest.approx(bound, abs=5e-4)
    assert rule["projected_upper"] == pytest.approx(bound * 109, abs=0.1)
    assert rule["conclusion"] == "not-below-tolerable"


def test_a_sample_of_an_earlier_version_with_region_codes_evaluates_alike(run_cli, tmp_path):
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "30", "--seed", "5", "--strata", "region")
    reviewed = fill(
        drawn,
        tmp_path / "r.xlsx",
        "missing-goal",
        lambda _, row: row["Stratum"] == "Region Sjælland",
    )
    codes = {"Region Nordjylland": "1081", "Region Midtjylland": "1082"}
    codes |= {"Region Syddanmark": "1083", "Region Hovedstaden": "1084", "Region Sjælland": "1085"}
    workbook = openpyxl.load_workbook(reviewed)
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in codes:
                    cell.value = codes[cell.value]
    workbook.save(tmp_path / "coded.xlsx")
    named = evaluate_json(run_cli, reviewed)
    coded = evaluate_json(run_cli, tmp_path / "coded.xlsx")
    del named["sample"], coded["sample"]
    assert coded == named
    assert named["rules"]["missing-goal"]["k"] == 7


def test_every_sampled_contract_of_one_stratum_deviating_projects_that_strata_size(
    run_cli, tmp_path
):
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "30", "--seed", "5", "--strata", "region")
    reviewed = fill(
        drawn,
        tmp_path / "r.xlsx",
        "missing-goal",
        lambda _, row: row["Stratum"] == "Region Hovedstaden",
    )
    rule = evaluate_json(run_cli, reviewed)["rules"]["missing-goal"]
    # Everything in Hovedstaden deviates, nothing elsewhere: 32 of 109.
    assert rule["k"] == 9
    assert rule["projected_deviations"] == pytest.approx(32.0)
    assert rule["estimate"] == pytest.approx(32 / 109, abs=1e-4)


def test_marks_are_read_in_their_usual_spellings(run_cli, tmp_path):
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "12", "--seed", "1", "--method", "random")
    spellings = ["JA", " x ", 1, True, "Afvigelse", "yes", "nej", 0, "OK", False, "Nej ", None]
    reviewed = fill(drawn, tmp_path / "r.xlsx", "late-signing", lambda i, _: spellings[i])
    rule = evaluate_json(run_cli, reviewed)["rules"]["late-signing"]
    assert (rule["n"], rule["k"], rule["not_reviewed"]) == (11, 6, 1)


def test_an_unreadable_mark_stops_the_evaluation_and_names_the_cell(run_cli, tmp_path):
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "12", "--seed", "1", "--method", "random")
    reviewed = fill(
        drawn, tmp_path / "r.xlsx", "missing-goal", lambda i, _: "måske" if i == 4 else "nej"
    )
    result = run_cli("evaluate", str(reviewed))
    assert result.exit_code == 2
    assert "række 6, kolonne 'Mangler mål Afvigelse': 'måske'" in result.flat
    assert "Traceback" not in result.output


def test_evaluate_prints_the_projection_table_in_danish(run_cli, tmp_path):
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "20", "--seed", "3", "--method", "random")
    reviewed = fill(
        drawn, tmp_path / "r.xlsx", "missing-goal", lambda i, _: "ja" if i < 3 else "nej"
    )
    result = run_cli("evaluate", str(reviewed), "--tolerable", "50%")
    assert result.exit_code == 0, result.output
    flat = result.flat
    assert "Fremskrivning til populationen: 20 af 109 kontrakter, simpel tilfældig" in flat
    assert "15,0 %" in flat and "34,4 %" in flat and "under tolerabel 50,0 %" in flat


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give a reviewed sample workbook, or --n and --k"),
        (("SAMPLE", "--n", "10", "--k", "1"), "not both"),
        (("SAMPLE", "--likelihood", "hypergeometric"), "needs a simple random or systematic"),
        (("EXTRACT",), "not a sample workbook"),
    ],
)
def test_evaluate_usage_errors(run_cli, tmp_path, args, message):
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "60", "--seed", "1")
    reviewed = fill(drawn, tmp_path / "r.xlsx", "missing-goal", lambda i, _: "nej")
    paths = {"SAMPLE": str(reviewed), "EXTRACT": str(SAMPLE / "101.xlsx")}
    result = run_cli("evaluate", *(paths.get(a, a) for a in args), "--lang", "en")
    assert result.exit_code == 2, result.output
    assert message in result.flat
    assert "Traceback" not in result.output


def test_hypergeometric_evaluation_of_a_random_sample_uses_the_population(run_cli, tmp_path):
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "20", "--seed", "3", "--method", "random")
    reviewed = fill(drawn, tmp_path / "r.xlsx", "missing-goal", lambda i, _: i < 2)
    rule = evaluate_json(run_cli, reviewed, "--likelihood", "hypergeometric")["rules"][
        "missing-goal"
    ]
    expected = stats.evaluate(20, 2, 0.95, "hypergeometric", population=109)
    assert rule["upper_bound"] == pytest.approx(expected.upper_bound, abs=1e-4)


def test_check_of_a_sample_gives_the_populations_statuses_and_adds_the_projection(
    run_cli, tmp_path
):
    population = tmp_path / "population.json"
    assert run_cli("check", str(SAMPLE), "--json", str(population)).exit_code == 0
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "60", "--seed", "1")
    out = tmp_path / "sample.json"
    html = tmp_path / "sample.html"
    xlsx = tmp_path / "report.xlsx"
    result = run_cli(
        "check", str(drawn), "--json", str(out), "--html", str(html), "--xlsx", str(xlsx)
    )
    assert result.exit_code == 0, result.output
    whole = {c["contract_id"]: c["status"] for c in json.loads(population.read_text())["contracts"]}
    doc = json.loads(out.read_text())
    # The sample records the audit date and ruleset, so its contracts get the same statuses.
    assert doc["as_of"] == "2014-06-30" and doc["ruleset"] == "rr2014"
    assert len(doc["contracts"]) == 60
    for contract in doc["contracts"]:
        assert contract["status"] == whole[contract["contract_id"]]
    assert doc["data_issues"] == []
    projection = doc["sample_projection"]
    assert projection["population"] == 109 and projection["sample_size"] == 60
    for rule, row in projection["rules"].items():
        assert row["n"] + row["not_reviewed"] == 60
        assert row["k"] == doc["total"]["rules"][rule]["fail"]
        assert row["upper_bound"] >= row["estimate"]
        assert row["projected_deviations"] == pytest.approx(row["estimate"] * 109, abs=0.06)
    assert "Fremskrivning til populationen" in result.flat
    assert "Fremskrivning til populationen" in html.read_text()
    workbook = openpyxl.load_workbook(xlsx)
    sheet = workbook["Fremskrivning"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Regel", "Vurderet", "Afvigelser")
    assert [r[0] for r in rows[1:]] == ["missing-goal", "late-signing", "missed-follow-up"]


def test_check_of_an_ordinary_extract_has_no_projection(run_cli, tmp_path):
    out = tmp_path / "a.json"
    assert run_cli("check", str(SAMPLE / "101.xlsx"), "--json", str(out)).exit_code == 0
    assert "sample_projection" not in json.loads(out.read_text())


@pytest.mark.parametrize(
    ("lang", "plan_text", "evaluate_text"),
    [
        (
            "da",
            "stikprøvestørrelse 93, der tåler 1 afvigelse(r) (binomial, 95 % sikkerhed, "
            "tolerabel 5,0 %)",
            "andel 1,00 %, øvre grænse 4,74 % (95 % ensidet)",
        ),
        (
            "en",
            "sample size 93, tolerating 1 deviation(s) (binomial, 95% confidence, tolerable 5.0%)",
            "estimate 1.00%, upper bound 4.74% (95% one-sided)",
        ),
    ],
)
def test_plan_and_evaluate_speak_the_auditors_language(run_cli, lang, plan_text, evaluate_text):
    planned = run_cli("plan", "--tolerable", "5%", "--expected", "1%", "--lang", lang)
    assert planned.exit_code == 0 and plan_text in planned.flat
    evaluated = run_cli(
        "evaluate", "--n", "100", "--k", "1", "--likelihood", "poisson", "--population", "1000",
        "--lang", lang,
    )  # fmt: skip
    assert evaluated.exit_code == 0 and evaluate_text in evaluated.flat


def test_a_projection_the_statistics_refuse_is_a_usage_error_in_the_run_language(
    run_cli, tmp_path, monkeypatch
):
    drawn = draw(run_cli, tmp_path / "s.xlsx", "--size", "20", "--seed", "3", "--method", "random")
    reviewed = fill(drawn, tmp_path / "r.xlsx", "missing-goal", lambda i, _: i < 2)

    def refuse(*args, **kwargs):
        raise ValueError("need 0 ≤ k ≤ n in every stratum")

    monkeypatch.setattr(stats, "project", refuse)
    result = run_cli("evaluate", str(reviewed))
    assert result.exit_code == 2, result.output
    assert "reglen missing-goal kan ikke fremskrives fra stikprøven" in result.flat
    assert "Traceback" not in result.output
