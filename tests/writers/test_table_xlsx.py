"""The fast table writer gives openpyxl's bytes, and demo-data draws the same data as before:
its month arithmetic is dateutil's and its picks are numpy's ``choice``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from integaudit.writers import table_xlsx
from integaudit.writers.demo_data import EMPLOYMENT_GOALS, add_months, pick, write_demo_data
from integaudit.writers.table_xlsx import openpyxl_workbook
from integaudit.writers.table_xlsx import table_xlsx as fast
from integaudit.writers.xlsx import deterministic_xlsx

AWKWARD = [
    "a&b<c>d\"e'f",
    "tab\there",
    "new\nline",
    "carriage\rreturn",
    " leading",
    "trailing ",
    "æøå – “curly” 😀",
    "",
    "=",
    "-",
    "x" * 300,
]


def _openpyxl(sheets, date_format):
    return deterministic_xlsx(openpyxl_workbook(sheets, date_format))


def _tables() -> list[tuple[str, list[list[object]]]]:
    wide = [[f"h{i}" for i in range(30)], [i for i in range(30)], [None] * 29 + ["z"]]
    return [
        ("Kontrakter", [["Titel", None, None], ["", None, None], ["ID", "Dato", "Tal"]]),
        ("Tekst", [[text, None, 7] for text in AWKWARD]),
        ("Datoer", [[dt.date(1900, 1, 1), dt.date(1900, 2, 28), dt.date(1900, 3, 1)]]),
        ("Huller", [[None, None], [], ["efter en tom række"], [None, 1]]),
        ("Tom", []),
        ("Kun tomme", [[], []]),
        ("Forrest", [[], ["efter en tom første række", None], []]),
        ("Bred", wide),
        ("Tal", [[0, -1, 45_000, 10**17]]),
    ]


@pytest.mark.parametrize("date_format", ["DD-MM-YYYY", None])
def test_tables_give_openpyxls_bytes(date_format: str | None) -> None:
    sheets = _tables() if date_format else [t for t in _tables() if t[0] != "Datoer"]
    assert fast(sheets, date_format) == _openpyxl(sheets, date_format)


@pytest.mark.parametrize(
    "value",
    [1.5, True, dt.datetime(2014, 1, 1, 12), "=A1+1", "#N/A", "x" * 40_000],
    ids=repr,
)
def test_other_values_go_through_openpyxl(value: object) -> None:
    sheets = [("Ark", [["ID", "Værdi"], ["K-1", value]])]
    assert fast(sheets, "DD-MM-YYYY") == _openpyxl(sheets, "DD-MM-YYYY")


def test_dates_in_openpyxls_own_format_go_through_openpyxl() -> None:
    sheets = [("Ark", [["ID", "Dato"], ["K-1", dt.date(2014, 1, 1)]])]
    assert fast(sheets, None) == _openpyxl(sheets, None)


def test_an_illegal_character_is_refused_as_openpyxl_refuses_it() -> None:
    with pytest.raises(IllegalCharacterError):
        fast([("Ark", [["bell \x07"]])], None)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 5, 11])
def test_demo_data_is_openpyxls_bytes(tmp_path: Path, seed: int, monkeypatch) -> None:
    """Every file demo-data writes is the file openpyxl writes for the same tables."""
    fast_dir, slow_dir = tmp_path / "fast", tmp_path / "slow"
    as_of = dt.date(2024, 6, 30)
    write_demo_data(fast_dir, 1500, 40, seed, as_of)

    def unsupported(*args: object) -> None:
        raise table_xlsx.Unsupported("openpyxl only")

    monkeypatch.setattr(table_xlsx, "_sheet_xml", unsupported)
    write_demo_data(slow_dir, 1500, 40, seed, as_of)
    names = sorted(p.name for p in fast_dir.iterdir())
    assert names == sorted(p.name for p in slow_dir.iterdir())
    assert any(name.endswith(".xlsx") for name in names)
    for name in names:
        assert (fast_dir / name).read_bytes() == (slow_dir / name).read_bytes(), name


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2090, 12, 31)),
    st.integers(min_value=0, max_value=40),
)
def test_add_months_is_relativedelta(day: dt.date, months: int) -> None:
    assert add_months(day, months) == day + relativedelta(months=months)


def test_pick_draws_what_choice_draws() -> None:
    for seed in range(50):
        one = np.random.Generator(np.random.PCG64(seed))
        other = np.random.Generator(np.random.PCG64(seed))
        for _ in range(20):
            assert pick(one, EMPLOYMENT_GOALS) == str(other.choice(EMPLOYMENT_GOALS))
            assert one.random() == other.random()
