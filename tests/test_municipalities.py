"""Tests for integaudit.municipalities: codes, names, aliases, spellings and file names."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections import Counter
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from integaudit.municipalities import (
    Municipality,
    all_municipalities,
    code_order,
    from_file_name,
    is_code,
    lookup,
    normalise,
)


def _csv_rows() -> list[dict[str, str]]:
    text = (files("integaudit") / "data" / "kommuner.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


ROWS = _csv_rows()


def _spellings(row: dict[str, str]) -> list[str]:
    aliases = [a for a in row["aliases"].split("|") if a]
    return [row["name"], *aliases]


_AA = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
_O = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def _aa(text: str) -> str:
    return text.translate(_AA)


def _o(text: str) -> str:
    return text.translate(_O)


# --- the list itself ------------------------------------------------------------------------


def test_all_municipalities_are_the_98_sorted_by_code() -> None:
    found = all_municipalities()
    assert len(found) == 98
    assert [m.code for m in found] == sorted(m.code for m in found)
    assert len({m.code for m in found}) == 98
    assert len({m.name for m in found}) == 98
    assert all(isinstance(m, Municipality) and len(m.code) == 3 for m in found)
    assert all_municipalities() is found  # cached


def test_regions_match_the_sources_file() -> None:
    counts = Counter(m.region_name for m in all_municipalities())
    assert counts == {
        "Region Hovedstaden": 29,
        "Region Sjælland": 17,
        "Region Syddanmark": 22,
        "Region Midtjylland": 19,
        "Region Nordjylland": 11,
    }
    assert {(m.region_code, m.region_name) for m in all_municipalities()} == {
        ("1081", "Region Nordjylland"),
        ("1082", "Region Midtjylland"),
        ("1083", "Region Syddanmark"),
        ("1084", "Region Hovedstaden"),
        ("1085", "Region Sjælland"),
    }


def test_municipality_fields() -> None:
    assert lookup("101") == Municipality("101", "København", "1084", "Region Hovedstaden")
    assert lookup("851") == Municipality("851", "Aalborg", "1081", "Region Nordjylland")


# --- every name and alias in the csv --------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=[row["code"] for row in ROWS])
def test_every_name_and_alias_resolves_to_its_own_code(row: dict[str, str]) -> None:
    code = row["code"]
    for spelling in _spellings(row):
        variants = {
            spelling,
            spelling.upper(),
            spelling.lower(),
            f"  {spelling}  ",
            f"{spelling} Kommune",
            f"{spelling} kommune",
            _aa(spelling),
            _o(spelling),
            _aa(spelling).replace("-", " "),
            _o(spelling).replace("-", "_"),
            spelling.replace(" ", "-"),
            unicodedata.normalize("NFD", spelling),
        }
        for variant in variants:
            found = lookup(variant)
            assert found is not None and found.code == code, (variant, found)
    assert lookup(code).code == code
    assert lookup("0" + code).code == code
    assert lookup(int(code)).code == code
    assert lookup(float(code)).code == code
    assert lookup(code + ".0").code == code


@pytest.mark.parametrize("row", ROWS, ids=[row["code"] for row in ROWS])
def test_every_name_in_a_file_name_resolves_to_its_own_code(row: dict[str, str]) -> None:
    for spelling in _spellings(row):
        for stem in {f"{spelling}.xlsx", f"kontrakter_{_aa(spelling)}_2014.csv"}:
            found = from_file_name(stem)
            assert found is not None and found.code == row["code"], (stem, found)
    assert from_file_name(f"{row['code']}.csv").code == row["code"]


# --- spellings ------------------------------------------------------------------------------

SPELLINGS = [
    # codes as text and numbers
    ("101", "101"),
    ("0101", "101"),
    (" 101 ", "101"),
    (101, "101"),
    (101.0, "101"),
    ("101.0", "101"),
    (np.int64(851), "851"),
    (np.float64(851.0), "851"),
    ("0851", "851"),
    (492, "492"),
    # names, any case, with or without Kommune
    ("København", "101"),
    ("KØBENHAVN", "101"),
    ("københavn", "101"),
    ("København Kommune", "101"),
    ("Københavns Kommune", "101"),
    ("københavns kommune", "101"),
    ("Copenhagen", "101"),
    ("Koebenhavn", "101"),
    ("Kobenhavn", "101"),
    ("Koebenhavns Kommune", "101"),
    ("Bornholm", "400"),
    ("Bornholms Regionskommune", "400"),
    ("Bornholm Regionskommune", "400"),
    ("bornholms regionskommune", "400"),
    # genitive "s" before Kommune
    ("Aarhus Kommune", "751"),
    ("Odenses Kommune", "461"),
    ("Vejles Kommune", "630"),
    ("Høje-Taastrups Kommune", "169"),
    ("Nordfyns Kommune", "480"),
    ("Nordfyn Kommune", "480"),
    ("Vesthimmerlands Kommune", "820"),
    ("Vesthimmerland", "820"),
    # transliterations, both styles, and separators
    ("Århus", "751"),
    ("Aarhus", "751"),
    ("Arhus", "751"),
    ("AARHUS KOMMUNE", "751"),
    ("Hoeje Taastrup", "169"),
    ("Høje-Taastrup", "169"),
    ("høje_taastrup", "169"),
    ("Høje Taastrup", "169"),
    ("Hoje-Taastrup", "169"),
    ("hoeje.taastrup", "169"),
    ("Høje  -  Taastrup", "169"),
    ("Lyngby-Taarbæk", "173"),
    ("Lyngby Taarbaek", "173"),
    ("lyngby_taarbæk kommune", "173"),
    ("Kgs. Lyngby", "173"),
    ("Kongens Lyngby", "173"),
    ("Ringkøbing-Skjern", "760"),
    ("Ringkobing Skjern", "760"),
    ("ringkoebing_skjern", "760"),
    ("Ærø", "492"),
    ("Aeroe", "492"),
    ("Aero", "492"),
    ("ÆRØ KOMMUNE", "492"),
    ("Tårnby", "185"),
    ("Taarnby", "185"),
    ("Tarnby", "185"),
    ("Aabenraa", "580"),
    ("Åbenrå", "580"),
    ("Ålborg", "851"),
    ("Alborg", "851"),
    ("Faaborg-Midtfyn", "430"),
    ("Fåborg-Midtfyn", "430"),
    ("Brønderslev-Dronninglund", "810"),
    ("Sønderborg", "540"),
    ("Sonderborg", "540"),
    ("Soenderborg", "540"),
    ("Frederiksberg", "147"),
    ("Frederikssund", "250"),
    ("Frederikshavn", "813"),
    # code and name together, agreeing
    ("101 København", "101"),
    ("København (101)", "101"),
    ("751 - Aarhus Kommune", "751"),
]


@pytest.mark.parametrize(("value", "code"), SPELLINGS, ids=[repr(v) for v, _ in SPELLINGS])
def test_lookup_spellings(value: object, code: str) -> None:
    found = lookup(value)
    assert found is not None and found.code == code


NOT_MUNICIPALITIES = [
    "Atlantis",
    "Region Hovedstaden",
    "Kommune",
    "999",
    "0999",
    "411",  # Christiansø belongs to no municipality
    "2014",
    "1010",
    "101.5",
    101.5,
    4101,
    "Aarhus 101",  # two different municipalities
    "Aarhus og Odense",
    "Lyngby",  # only the town names "Kongens Lyngby"/"Kgs. Lyngby" are aliases
    "Vejlefjord",
    True,
]


@pytest.mark.parametrize("value", NOT_MUNICIPALITIES, ids=[repr(v) for v in NOT_MUNICIPALITIES])
def test_lookup_unknown(value: object) -> None:
    assert lookup(value) is None


@pytest.mark.parametrize("value", [None, "", "   ", float("nan"), pd.NA, pd.NaT, np.nan])
def test_lookup_empty(value: object) -> None:
    assert lookup(value) is None


# --- normalise ------------------------------------------------------------------------------


def test_normalise_known_unknown_and_empty() -> None:
    raw = pd.Series(
        ["Aarhus", " Foo Kommune ", None, "  ", 101, "0101", 851.0, np.nan, "Københavns Kommune"],
        index=[10, 11, 12, 13, 14, 15, 16, 17, 18],
    )
    result = normalise(raw)
    assert list(result.columns) == [
        "code",
        "name",
        "region_code",
        "region_name",
        "known",
        "written",
    ]
    assert result.index.equals(raw.index)
    assert result["code"].tolist() == ["751", None, None, None, "101", "101", "851", None, "101"]
    assert result["name"].tolist() == [
        "Aarhus",
        None,
        None,
        None,
        "København",
        "København",
        "Aalborg",
        None,
        "København",
    ]
    assert result["known"].tolist() == [True, False, False, False, True, True, True, False, True]
    assert result["written"].tolist() == [
        "Aarhus",
        "Foo Kommune",
        None,
        None,
        "101",
        "0101",
        "851",
        None,
        "Københavns Kommune",
    ]
    assert result.loc[10, "region_code"] == "1082"
    assert result.loc[10, "region_name"] == "Region Midtjylland"
    assert result["known"].dtype == bool
    for column in ("code", "name", "region_code", "region_name", "written"):
        assert result[column].dtype == object
    assert result.loc[11, "region_name"] is None


@pytest.mark.parametrize("dtype", [object, "str", "category"])
def test_normalise_text_dtypes(dtype: object) -> None:
    raw = pd.Series(["Odense", None, "Ukendt by", "odense kommune"], dtype=dtype)
    result = normalise(raw)
    assert result["code"].tolist() == ["461", None, None, "461"]
    assert result["known"].tolist() == [True, False, False, True]
    assert result["written"].tolist() == ["Odense", None, "Ukendt by", "odense kommune"]


def test_normalise_numeric_column_and_duplicate_index() -> None:
    raw = pd.Series([101.0, np.nan, 851.0, 4101.0], index=[0, 0, 1, 1])
    result = normalise(raw)
    assert result["code"].tolist() == ["101", None, "851", None]
    assert result["written"].tolist() == ["101", None, "851", "4101"]
    assert result.index.equals(raw.index)


def test_normalise_empty_series() -> None:
    result = normalise(pd.Series([], dtype=object))
    assert len(result) == 0
    assert "known" in result.columns and "written" in result.columns


def test_normalise_large_column_maps_each_row() -> None:
    values = ["Aarhus", "aarhus kommune", 101, "0101", "Foo", None, "Ålborg", 851.0]
    raw = pd.Series(values * 25_000)
    result = normalise(raw)
    expected = ["751", "751", "101", "101", None, None, "851", "851"] * 25_000
    assert result["code"].tolist() == expected
    assert int(result["known"].sum()) == 6 * 25_000


# --- file names -----------------------------------------------------------------------------

FILE_NAMES = [
    ("aarhus_kontrakter.xlsx", "751"),
    ("Aarhus Kommune.xlsx", "751"),
    ("aarhus2014.xlsx", "751"),
    ("851.csv", "851"),
    ("0851.csv", "851"),
    ("kontrakter_0101_2014.csv", "101"),
    ("kontrakter-101-2014.xlsx", "101"),
    ("lyngby-taarbaek_2014.xlsx", "173"),
    ("Lyngby Taarbæk.xlsx", "173"),
    ("kgs_lyngby.csv", "173"),
    ("hoeje_taastrup.csv", "169"),
    ("hoje-taastrup.csv", "169"),
    ("Høje-Taastrup kontrakter.xlsx", "169"),
    ("ringkøbing-skjern.xlsx", "760"),
    ("Københavns Kommune.xlsx", "101"),
    ("koebenhavn.xlsx", "101"),
    ("Bornholms Regionskommune.ods", "400"),
    ("Odenses_kommune.csv", "461"),
    ("Frederiksberg.xlsx", "147"),
    ("frederikshavn_2014.csv", "813"),
    ("Ærø.csv", "492"),
    ("aeroe.csv", "492"),
    ("AALBORG_851.xlsx", "851"),  # name and code agree
    ("københavn_kobenhavn_101.xlsx", "101"),
    (unicodedata.normalize("NFD", "Tårnby.xlsx"), "185"),  # macOS file names
    (Path("some/dir/851.csv"), "851"),
    (Path("udtræk") / "vejle-kontrakter.xlsx", "630"),
]


@pytest.mark.parametrize(("path", "code"), FILE_NAMES, ids=[str(p) for p, _ in FILE_NAMES])
def test_from_file_name(path: str | Path, code: str) -> None:
    found = from_file_name(path)
    assert found is not None and found.code == code


NO_FILE_MUNICIPALITY = [
    "kontrakter_2014.xlsx",  # a year is not a code
    "kontrakter.csv",
    "data_1010.csv",  # four digits without a leading zero
    "8510.csv",
    "12345.csv",
    "aarhus_odense.xlsx",  # two municipalities
    "aarhus_101.csv",  # name and code disagree
    "0101_0851.csv",
    "lyngby.xlsx",  # not a whole name
    "vejlefjord.xlsx",  # a name must be a whole token
    "frederiks.xlsx",
    "alle_kommuner.xlsx",
    "999.csv",
    "",
]


@pytest.mark.parametrize("path", NO_FILE_MUNICIPALITY)
def test_from_file_name_none(path: str) -> None:
    assert from_file_name(path) is None


def test_from_file_name_uses_the_stem_only() -> None:
    assert from_file_name(Path("aarhus") / "kontrakter.xlsx") is None
    assert from_file_name("kontrakter.aarhus") is None


@pytest.mark.parametrize("key", ["²³", "①②③", "１０１", "٣", "Aarhus", "", "101 "])
def test_only_ascii_digits_make_a_code(key: str) -> None:
    # str.isdigit() is True for "²³" and "①②③"; int() of them fails.
    assert not is_code(key)
    assert code_order(key) == (1, 0, key)


def test_codes_sort_by_number_before_names() -> None:
    keys = ["²³", "851", "Odnese", "101", "①②③", "0101"]
    assert sorted(keys, key=code_order) == ["101", "0101", "851", "Odnese", "²³", "①②③"]
