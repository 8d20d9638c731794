"""integaudit sample: reproducible selection, proportional allocation, the Metode sheet."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from integaudit.cli import app
from integaudit.sampling.selection import allocate, draw
from tests.paths import RR2014 as SAMPLE


def draw_cli(tmp_path: Path, name: str, *args: str) -> openpyxl.Workbook:
    out = tmp_path / name
    result = CliRunner().invoke(app, ["sample", str(SAMPLE), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(out)


def selected(workbook: openpyxl.Workbook) -> list[str]:
    return [row[0].value for row in workbook["Stikprøve"].iter_rows(min_row=2)]


def method(workbook: openpyxl.Workbook) -> dict:
    return {row[0].value: row[1].value for row in workbook["Metode"].iter_rows() if row[0].value}


# The Metode labels and method names a Danish workbook records.
METHOD_NAMES = {"stratified": "stratificeret", "random": "tilfældig", "systematic": "systematisk"}


@pytest.mark.slow
def test_same_seed_same_bytes_and_other_seed_other_sample(tmp_path):
    first = draw_cli(tmp_path, "a.xlsx", "--size", "60", "--seed", "7")
    draw_cli(tmp_path, "b.xlsx", "--size", "60", "--seed", "7")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    other = draw_cli(tmp_path, "c.xlsx", "--size", "60", "--seed", "8")
    assert selected(first) != selected(other)
    assert len(selected(first)) == len(set(selected(first))) == 60


def test_stratified_sample_covers_every_municipality_and_records_the_method(tmp_path):
    workbook = draw_cli(tmp_path, "s.xlsx", "--size", "80", "--seed", "1")
    sheet = workbook["Stikprøve"]
    header = [c.value for c in sheet[1]]
    codes = {row[header.index("Stratum")].value for row in sheet.iter_rows(min_row=2)}
    names = {row[header.index("Kommune")].value for row in sheet.iter_rows(min_row=2)}
    assert len(codes) == len(names) == 56
    recorded = method(workbook)
    assert recorded["Metode"] == "stratificeret" and recorded["Startværdi (seed)"] == 1
    assert recorded["Populationsstørrelse"] == 109 and recorded["Stikprøvestørrelse"] == 80
    assert recorded["Værktøj"].startswith("integaudit ")
    assert sum(1 for key in recorded if str(key).startswith("Inputfil ")) == 56
    strata = [
        (r[0].value, r[1].value, r[2].value)
        for r in workbook["Metode"].iter_rows()
        if r[0].value and str(r[0].value).isdigit()
    ]
    assert len(strata) == 56
    assert sum(s[1] for s in strata) == 109 and sum(s[2] for s in strata) == 80
    for title in ("Mangler mål", "Sen indgåelse", "Manglende opfølgning"):
        assert f"{title} Afvigelse" in header and f"{title} Bemærkning" in header


@pytest.mark.parametrize("method_name", ["random", "systematic"])
def test_random_and_systematic_methods(tmp_path, method_name):
    workbook = draw_cli(
        tmp_path, f"{method_name}.xlsx", "--size", "20", "--seed", "3", "--method", method_name
    )
    assert len(selected(workbook)) == 20
    assert method(workbook)["Metode"] == METHOD_NAMES[method_name]


def test_region_strata_are_named_not_coded(tmp_path):
    workbook = draw_cli(tmp_path, "r.xlsx", "--size", "10", "--seed", "3", "--strata", "region")
    rows = [r[0].value for r in workbook["Metode"].iter_rows()]
    strata = rows[rows.index("Stratum") + 1 :]
    regions = ["Nordjylland", "Midtjylland", "Syddanmark", "Hovedstaden", "Sjælland"]
    assert strata == [f"Region {name}" for name in regions]
    sample = workbook["Stikprøve"]
    header = [c.value for c in sample[1]]
    shown = {row[header.index("Stratum")] for row in sample.iter_rows(min_row=2, values_only=True)}
    assert shown <= set(strata) and not any(str(s).isdigit() for s in shown)


def test_sample_too_small_for_the_minimum_per_stratum_exits_2(tmp_path):
    result = CliRunner().invoke(
        app,
        ["sample", str(SAMPLE), "--size", "30", "--seed", "1", "--out", str(tmp_path / "x.xlsx")],
    )
    assert result.exit_code == 2
    assert "er for lille til at give 1 pr. stratum til 56 strata" in result.stderr


def test_proportional_allocation_50_30_15_5_of_20_is_10_6_3_1():
    sizes = pd.Series([50, 30, 15, 5], index=["101", "751", "851", "999"])
    assert allocate(sizes, 20).tolist() == [10, 6, 3, 1]
    assert allocate(sizes, 10, minimum=2).tolist() == [4, 2, 2, 2]


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 500), min_size=1, max_size=30),
    fraction=st.floats(0.05, 1.0),
    minimum=st.integers(0, 3),
)
def test_allocation_sums_to_n_and_respects_the_minimum(sizes, fraction, minimum):
    series = pd.Series(sizes, index=[str(100 + i) for i in range(len(sizes))])
    n = max(1, int(sum(sizes) * fraction))
    floor = series.clip(upper=minimum)
    if floor.sum() > n:
        return
    allocation = allocate(series, n, minimum)
    assert int(allocation.sum()) == n
    assert (allocation >= floor).all()
    assert (allocation <= series).all()


def test_draw_is_reproducible_in_the_library():
    keys = pd.Series(["101"] * 50 + ["751"] * 30 + ["851"] * 20)
    first = draw(keys, 25, 11, "stratified").positions
    assert (draw(keys, 25, 11, "stratified").positions == first).all()
    assert not (draw(keys, 25, 12, "stratified").positions == first).all()
