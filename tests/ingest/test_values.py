"""Tests for integaudit.ingest.values (SPEC §1.2, §1.3)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integaudit.ingest.dates import DATE_DTYPE, parse_dates
from integaudit.ingest.values import (
    FOLLOW_UP_SEPARATORS,
    GOAL_PLACEHOLDERS,
    SITUATIONS,
    clean_text,
    parse_situation,
    split_date_list,
    text_or_none,
)
from tests.rules.reference import SPEC_PLACEHOLDERS  # SPEC §1.3's list, written from SPEC

D = dt.date(2014, 3, 5)


def raw(*cells: object, index: list | None = None) -> pd.Series:
    """Return a raw object Series as the readers produce it."""
    return pd.Series(list(cells), dtype=object, index=index)


def one_date(cell: object) -> tuple[dt.date | None, bool]:
    """Return (date or None, unreadable) for a single cell."""
    dates, unreadable = parse_dates(raw(cell))
    value = dates.iloc[0]
    return (None if pd.isna(value) else value.date()), bool(unreadable.iloc[0])


# --- dates -----------------------------------------------------------------------------------

DATE_FORMS = [
    pytest.param(dt.date(2014, 3, 5), D, id="date-cell"),
    pytest.param(dt.datetime(2014, 3, 5, 13, 45, 10), D, id="datetime-cell-with-time"),
    pytest.param(dt.datetime(2014, 3, 5), D, id="datetime-cell-midnight"),
    pytest.param(pd.Timestamp("2014-03-05 08:30"), D, id="timestamp-cell"),
    pytest.param(np.datetime64("2014-03-05T08:30"), D, id="numpy-datetime64-cell"),
    pytest.param(41640, dt.date(2014, 1, 1), id="serial-int"),
    pytest.param(41640.75, dt.date(2014, 1, 1), id="serial-float-fraction-dropped"),
    pytest.param(np.int64(41703), D, id="serial-numpy-int"),
    pytest.param("41640", dt.date(2014, 1, 1), id="serial-string"),
    pytest.param(" 41703 ", D, id="serial-string-padded"),
    pytest.param(2958465, dt.date(9999, 12, 31), id="serial-max"),
    pytest.param("2014-03-05", D, id="iso"),
    pytest.param("2014-3-5", D, id="iso-unpadded"),
    pytest.param("2014-03-05 13:45:00", D, id="iso-space-time"),
    pytest.param("2014-03-05T13:45", D, id="iso-T-time"),
    pytest.param("2014-03-05T13:45:00.123Z", D, id="iso-T-time-fraction-zulu"),
    pytest.param("05-03-2014", D, id="dd-mm-yyyy"),
    pytest.param("5-3-2014", D, id="d-m-yyyy"),
    pytest.param("05.03.2014", D, id="dd.mm.yyyy"),
    pytest.param("5.3.2014", D, id="d.m.yyyy"),
    pytest.param("5/3/2014", D, id="d/m/yyyy"),
    pytest.param("05/03/2014", D, id="dd/mm/yyyy-day-first"),
    pytest.param("05/03/14", D, id="dd/mm/yy"),
    pytest.param("05-03-14", D, id="dd-mm-yy"),
    pytest.param("05.03.14", D, id="dd.mm.yy"),
    pytest.param("12/01/2014", dt.date(2014, 1, 12), id="slash-always-day-first"),
    pytest.param("05-03-2014 13:45", D, id="dd-mm-yyyy-time"),
    pytest.param("05.03.2014 kl. 13.45", D, id="dd.mm.yyyy-kl-time"),
    pytest.param("5/3/2014 13:45:59", D, id="d/m/yyyy-time-seconds"),
    pytest.param("5. marts 2014", D, id="danish-full-dot"),
    pytest.param("5 mar 2014", D, id="danish-abbrev"),
    pytest.param("5. mar. 2014", D, id="danish-abbrev-dots"),
    pytest.param("05 Marts 2014", D, id="danish-capitalised"),
    pytest.param("5. MARTS 2014", D, id="danish-upper"),
    pytest.param("5.marts 2014", D, id="danish-no-space"),
    pytest.param("5. marts 14", D, id="danish-two-digit-year"),
    pytest.param("5. marts 2014 13:45", D, id="danish-time"),
    pytest.param("den 5. marts 2014", D, id="danish-den"),
    pytest.param("1. januar 2014", dt.date(2014, 1, 1), id="januar"),
    pytest.param("1 jan 2014", dt.date(2014, 1, 1), id="jan"),
    pytest.param("28. februar 2014", dt.date(2014, 2, 28), id="februar"),
    pytest.param("28 feb 2014", dt.date(2014, 2, 28), id="feb"),
    pytest.param("1. april 2014", dt.date(2014, 4, 1), id="april"),
    pytest.param("1 apr 2014", dt.date(2014, 4, 1), id="apr"),
    pytest.param("1. maj 2014", dt.date(2014, 5, 1), id="maj"),
    pytest.param("1. juni 2014", dt.date(2014, 6, 1), id="juni"),
    pytest.param("1 jun 2014", dt.date(2014, 6, 1), id="jun"),
    pytest.param("1. juli 2014", dt.date(2014, 7, 1), id="juli"),
    pytest.param("1 jul 2014", dt.date(2014, 7, 1), id="jul"),
    pytest.param("1. august 2014", dt.date(2014, 8, 1), id="august"),
    pytest.param("1 aug 2014", dt.date(2014, 8, 1), id="aug"),
    pytest.param("1. september 2014", dt.date(2014, 9, 1), id="september"),
    pytest.param("1 sep 2014", dt.date(2014, 9, 1), id="sep"),
    pytest.param("1 sept. 2014", dt.date(2014, 9, 1), id="sept"),
    pytest.param("1. oktober 2014", dt.date(2014, 10, 1), id="oktober"),
    pytest.param("1 okt 2014", dt.date(2014, 10, 1), id="okt"),
    pytest.param("1. november 2014", dt.date(2014, 11, 1), id="november"),
    pytest.param("1 nov 2014", dt.date(2014, 11, 1), id="nov"),
    pytest.param("1. december 2014", dt.date(2014, 12, 1), id="december"),
    pytest.param("1 dec 2014", dt.date(2014, 12, 1), id="dec"),
    pytest.param("5 March 2014", D, id="english-march"),
    pytest.param("1 May 2014", dt.date(2014, 5, 1), id="english-may"),
    pytest.param("1 October 2014", dt.date(2014, 10, 1), id="english-october"),
    pytest.param("1 oct 2014", dt.date(2014, 10, 1), id="english-oct"),
    pytest.param("  2014-03-05\t", D, id="whitespace-trimmed"),
    pytest.param("\xa005-03-2014\xa0", D, id="nbsp-trimmed"),
    pytest.param("29-02-2016", dt.date(2016, 2, 29), id="leap-day"),
    pytest.param("1900-01-01", dt.date(1900, 1, 1), id="year-1900"),
    pytest.param("31-12-9999", dt.date(9999, 12, 31), id="year-9999"),
]


@pytest.mark.parametrize(("cell", "expected"), DATE_FORMS)
def test_parse_dates_accepted_forms(cell: object, expected: dt.date) -> None:
    assert one_date(cell) == (expected, False)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("05/03/00", dt.date(2000, 3, 5), id="00->2000"),
        pytest.param("05/03/29", dt.date(2029, 3, 5), id="29->2029"),
        pytest.param("05/03/30", dt.date(1930, 3, 5), id="30->1930"),
        pytest.param("05/03/99", dt.date(1999, 3, 5), id="99->1999"),
        pytest.param("5. marts 29", dt.date(2029, 3, 5), id="named-29->2029"),
        pytest.param("5. marts 30", dt.date(1930, 3, 5), id="named-30->1930"),
    ],
)
def test_parse_dates_two_digit_years(cell: str, expected: dt.date) -> None:
    assert one_date(cell) == (expected, False)


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param("31-02-2014", id="31-feb"),
        pytest.param("29-02-2014", id="29-feb-non-leap"),
        pytest.param("2014-13-01", id="month-13"),
        pytest.param("2014-02-30", id="iso-30-feb"),
        pytest.param("32. marts 2014", id="named-day-32"),
        pytest.param("snart", id="snart"),
        pytest.param("ukendt", id="ukendt"),
        pytest.param("5. martz 2014", id="unknown-month"),
        pytest.param("5. marts", id="no-year"),
        pytest.param("00-00-0000", id="zero-padded-dmy"),
        pytest.param("0000-00-00", id="zero-padded-iso"),
        pytest.param("00000", id="zero-serial-string"),
        pytest.param("0", id="zero-string"),
        pytest.param("123456", id="six-digit-string"),
        pytest.param("5-3-214", id="three-digit-year"),
        pytest.param("1899-12-31", id="year-before-1900"),
        pytest.param("2014-03-05x", id="trailing-garbage"),
        pytest.param(True, id="bool-true"),
        pytest.param(False, id="bool-false"),
        pytest.param(np.True_, id="numpy-bool"),
        pytest.param(0, id="serial-0"),
        pytest.param(-5, id="negative-number"),
        pytest.param(0.5, id="serial-fraction-below-1"),
        pytest.param(2958466, id="serial-too-big"),
        pytest.param(float("inf"), id="inf"),
        pytest.param(dt.date(1899, 12, 31), id="date-cell-before-1900"),
        pytest.param(dt.time(13, 45), id="time-cell"),
        pytest.param(dt.timedelta(days=3), id="timedelta-cell"),
    ],
)
def test_parse_dates_unreadable(cell: object) -> None:
    assert one_date(cell) == (None, True)


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param("", id="empty-string"),
        pytest.param("   ", id="spaces"),
        pytest.param("\t\n", id="tab-newline"),
        pytest.param(None, id="none"),
        pytest.param(float("nan"), id="nan"),
        pytest.param(pd.NaT, id="nat"),
    ],
)
def test_parse_dates_empty(cell: object) -> None:
    assert one_date(cell) == (None, False)


def test_parse_dates_keeps_index_name_dtype_and_drops_time() -> None:
    cells = raw(dt.datetime(2014, 3, 5, 23, 59), "", "nope", 41640, index=[10, 20, 30, 40])
    cells.name = "signed_date"
    dates, unreadable = parse_dates(cells)
    assert dates.dtype == DATE_DTYPE
    assert unreadable.dtype == bool
    assert list(dates.index) == [10, 20, 30, 40] == list(unreadable.index)
    assert dates.name == "signed_date"
    assert dates[10] == pd.Timestamp("2014-03-05 00:00")
    assert pd.isna(dates[20]) and pd.isna(dates[30])
    assert unreadable.tolist() == [False, False, True, False]


def test_parse_dates_keeps_bools_apart_from_equal_numbers() -> None:
    # True == 1 and hash(True) == hash(1): the bool must still be unreadable on its own
    dates, unreadable = parse_dates(raw(41640, True, 1, 1.0, False, 0, "41640"))
    assert unreadable.tolist() == [False, True, True, True, True, True, False]
    assert dates.iloc[0] == dates.iloc[6] == pd.Timestamp("2014-01-01")


def test_parse_dates_empty_series() -> None:
    dates, unreadable = parse_dates(raw())
    assert len(dates) == 0 and len(unreadable) == 0
    assert dates.dtype == DATE_DTYPE


def test_parse_dates_many_cells_few_unique() -> None:
    days = pd.date_range("2000-01-01", periods=1000, freq="D")
    forms = np.array(
        [
            d.strftime(("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y")[i % 4])
            for i, d in enumerate(days)
        ],
        dtype=object,
    )
    cells = pd.Series(np.tile(forms, 200), dtype=object)
    assert len(cells) == 200_000
    dates, unreadable = parse_dates(cells)
    assert not unreadable.any()
    assert dates.iloc[123_457] == days[457]
    assert dates.iloc[199_999] == days[999]


MONTH_NAMES = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]
EXCEL_EPOCH = dt.date(1899, 12, 30)


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2200, 12, 31)))
def test_parse_dates_round_trip(d: dt.date) -> None:
    cells = raw(
        d.isoformat(),
        f"{d.day:02d}-{d.month:02d}-{d.year}",
        f"{d.day}/{d.month}/{d.year}",
        (d - EXCEL_EPOCH).days,
        f"{d.day}. {MONTH_NAMES[d.month - 1]} {d.year}",
    )
    dates, unreadable = parse_dates(cells)
    assert not unreadable.any()
    assert [x.date() for x in dates] == [d] * 5


# --- texts -----------------------------------------------------------------------------------


def test_goal_placeholders_are_exactly_the_spec_list() -> None:
    assert frozenset(SPEC_PLACEHOLDERS) == GOAL_PLACEHOLDERS
    assert len(GOAL_PLACEHOLDERS) == 22


@pytest.mark.parametrize("word", SPEC_PLACEHOLDERS)
def test_placeholder_is_empty_in_clean_text_and_kept_in_text_or_none(word: str) -> None:
    for written in (word, f"  {word.upper()} ", word.capitalize()):
        assert clean_text(raw(written)).tolist() == [None]
        assert text_or_none(raw(written)).tolist() == [written.strip()]


def test_clean_text_numeric_zero_is_placeholder() -> None:
    assert clean_text(raw(0, 0.0)).tolist() == [None, None]
    assert text_or_none(raw(0, 0.0)).tolist() == ["0", "0"]


def test_clean_text_inner_whitespace_of_placeholder() -> None:
    assert clean_text(raw("ikke  relevant", "Ikke\tangivet")).tolist() == [None, None]


def test_clean_text_extra_placeholders() -> None:
    cells = raw("Afventer", " se journal ", "Job som kok", "x")
    assert clean_text(cells, ["afventer", "  SE JOURNAL"]).tolist() == [
        None,
        None,
        "Job som kok",
        None,
    ]
    assert clean_text(cells).tolist() == ["Afventer", "se journal", "Job som kok", None]


def test_clean_text_keeps_real_text_trimmed() -> None:
    cells = raw("  Job som pædagogmedhjælper ", "x-ray tekniker", "nej tak", index=["a", "b", "c"])
    result = clean_text(cells)
    assert result.tolist() == ["Job som pædagogmedhjælper", "x-ray tekniker", "nej tak"]
    assert list(result.index) == ["a", "b", "c"]
    assert result.dtype == object


def test_text_conversion_of_numbers_dates_and_blanks() -> None:
    cells = raw(
        7.0,
        7,
        7.5,
        -3.0,
        np.float64(12.0),
        np.int64(851),
        10**20,
        True,
        dt.date(2014, 3, 5),
        dt.datetime(2014, 3, 5),
        dt.datetime(2014, 3, 5, 13, 45),
        "",
        "  ",
        None,
        float("nan"),
    )
    expected = [
        "7",
        "7",
        "7.5",
        "-3",
        "12",
        "851",
        "100000000000000000000",
        "True",
        "2014-03-05",
        "2014-03-05",
        "2014-03-05 13:45:00",
        None,
        None,
        None,
        None,
    ]
    assert text_or_none(cells).tolist() == expected
    assert clean_text(cells).tolist() == expected


def test_text_or_none_keeps_bool_and_one_apart() -> None:
    assert text_or_none(raw(1, True, 1.0, False, 0)).tolist() == ["1", "True", "1", "False", "0"]


# --- situation -------------------------------------------------------------------------------

SITUATION_VALUES = [
    ("ydelse", "benefit"),
    ("benefit", "benefit"),
    ("integrationsydelse", "benefit"),
    ("kontanthjælp", "benefit"),
    ("kontanthjaelp", "benefit"),
    ("selvforsørgelsesydelse", "benefit"),
    ("selvforsoergelsesydelse", "benefit"),
    ("overgangsydelse", "benefit"),
    ("uddannelseshjælp", "benefit"),
    ("aktivitetsparat", "benefit"),
    ("jobparat", "benefit"),
    ("beskæftigelse", "employment"),
    ("beskaeftigelse", "employment"),
    ("uddannelse", "employment"),
    ("igu", "employment"),
    ("employment", "employment"),
    ("education", "employment"),
    ("ordinær beskæftigelse", "employment"),
    ("ordinaer beskaeftigelse", "employment"),
    ("job", "employment"),
    ("barsel", "maternity"),
    ("maternity", "maternity"),
    ("barselsorlov", "maternity"),
]


@pytest.mark.parametrize(
    ("cell", "expected"), SITUATION_VALUES, ids=[v for v, _ in SITUATION_VALUES]
)
def test_parse_situation_known_values(cell: str, expected: str) -> None:
    assert expected in SITUATIONS
    for written in (cell, f"  {cell.upper()} ", cell.capitalize()):
        situation, unreadable = parse_situation(raw(written))
        assert situation.tolist() == [expected]
        assert unreadable.tolist() == [False]


@pytest.mark.parametrize("cell", ["pension", "ydelse?", "ledig", "1", 1, True, dt.date(2014, 3, 5)])
def test_parse_situation_unknown_is_unreadable(cell: object) -> None:
    situation, unreadable = parse_situation(raw(cell))
    assert situation.tolist() == [None]
    assert unreadable.tolist() == [True]


def test_parse_situation_empty_and_index() -> None:
    situation, unreadable = parse_situation(raw("", None, "  ", "Barsel", index=[5, 6, 7, 8]))
    assert situation.tolist() == [None, None, None, "maternity"]
    assert unreadable.tolist() == [False] * 4
    assert list(situation.index) == [5, 6, 7, 8]


def test_parse_situation_ordinaer_with_separators() -> None:
    situation, _ = parse_situation(raw("Ordinær_beskæftigelse", "ordinær   beskæftigelse"))
    assert situation.tolist() == ["employment", "employment"]


# --- date lists ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "separator",
    [";", ",", "|", "\n", "\r\n", " ; ", "; ", ",\n"],
    ids=[
        "semicolon",
        "comma",
        "pipe",
        "newline",
        "crlf",
        "spaced-semicolon",
        "semicolon-space",
        "comma-newline",
    ],
)
def test_split_date_list_separators(separator: str) -> None:
    cells = raw(separator.join(["01-02-2014", "5. marts 2014", "2014-06-01"]), index=["k1"])
    result = split_date_list(cells)
    assert list(result.columns) == ["row", "raw"]
    assert result["row"].tolist() == ["k1"] * 3
    assert result["raw"].tolist() == ["01-02-2014", "5. marts 2014", "2014-06-01"]


def test_split_date_list_danish_names_with_comma() -> None:
    result = split_date_list(raw("5. marts 2014, 6. juni 2014"))
    assert result["raw"].tolist() == ["5. marts 2014", "6. juni 2014"]
    dates, unreadable = parse_dates(result["raw"])
    assert [d.date() for d in dates] == [dt.date(2014, 3, 5), dt.date(2014, 6, 6)]
    assert not unreadable.any()


def test_split_date_list_mixed_cells() -> None:
    day = dt.date(2014, 3, 5)
    stamp = dt.datetime(2014, 4, 1, 9, 0)
    cells = raw(
        "1-2-2014; 1-5-2014",
        day,
        None,
        "",
        41640,
        " ;; | ",
        stamp,
        "1-2-2014; 1-5-2014",
        "snart",
        index=["a", "b", "c", "d", "e", "f", "g", "h", "i"],
    )
    result = split_date_list(cells)
    assert result["row"].tolist() == ["a", "a", "b", "e", "g", "h", "h", "i"]
    assert result["raw"].tolist() == [
        "1-2-2014",
        "1-5-2014",
        day,
        41640,
        stamp,
        "1-2-2014",
        "1-5-2014",
        "snart",
    ]
    dates, unreadable = parse_dates(result["raw"])
    assert unreadable.tolist() == [False] * 7 + [True]
    assert dates.iloc[3] == pd.Timestamp("2014-01-01")


def test_split_date_list_empty() -> None:
    assert split_date_list(raw()).empty
    assert split_date_list(raw(None, "", "  ")).empty
    assert list(split_date_list(raw()).columns) == ["row", "raw"]


def test_follow_up_separators_pattern() -> None:
    assert pd.Series(["a;b,c|d\ne\rf"]).str.split(FOLLOW_UP_SEPARATORS, regex=True)[0] == list(
        "abcdef"
    )
