"""Tests for integaudit.privacy.pseudonyms: pseudonyms, CPR detection, scrubbing, key resolution."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import pickle
import random
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.dk import cpr

from integaudit.errors import IntegauditError
from integaudit.privacy.pseudonyms import Pseudonymiser, is_pseudonym, looks_like_cpr, resolve_key

PSEUDONYM = re.compile(r"^P-[0-9a-f]{12}$")
KEY = b"test-key-not-secret"


def make_cpr(rng: random.Random, day_below_ten: bool | None = None) -> str:
    """Return a synthetic, valid CPR number as DDMMYY-XXXX (born 1940-1999)."""
    while True:
        born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(60 * 365))
        if day_below_ten is None or (born.day < 10) == day_below_ten:
            break
    # A sequence number starting with 0-3 puts the birth year in the 1900s.
    sequence = f"{rng.randrange(4)}{rng.randrange(1000):03d}"
    number = f"{born:%d%m%y}-{sequence}"
    assert cpr.is_valid(number)
    return number


@pytest.fixture
def rng() -> random.Random:
    return random.Random(20140630)


@pytest.fixture
def ps() -> Pseudonymiser:
    return Pseudonymiser(KEY)


# --- pseudonym ------------------------------------------------------------------------------


def test_pseudonym_format_and_definition(ps: Pseudonymiser) -> None:
    value = "K-17 borger"
    expected = "P-" + hmac.new(KEY, value.encode(), hashlib.sha256).hexdigest()[:12]
    assert ps.pseudonym(value) == expected
    assert PSEUDONYM.match(ps.pseudonym(value))


def test_a_pseudonymiser_sent_to_a_worker_process_gives_the_same_pseudonyms(
    ps: Pseudonymiser,
) -> None:
    # Copies are pickled for spawned workers, once their keyed HMAC has been made too.
    made = ps.pseudonymise(pd.Series(["a-1", "0101901234", None], dtype=object))
    copy = pickle.loads(pickle.dumps(ps))
    fresh = Pseudonymiser(KEY).pseudonymise(pd.Series(["a-1", "0101901234", None], dtype=object))
    again = copy.pseudonymise(pd.Series(["0101901234", "b-2"], dtype=object))
    assert made.tolist() == fresh.tolist()
    assert again.tolist() == [made[1], Pseudonymiser(KEY).pseudonym("b-2")]
    assert again[1] == "P-" + hmac.new(KEY, b"b-2", hashlib.sha256).hexdigest()[:12]


def test_pseudonym_stable_for_the_same_key_and_differs_between_keys(
    ps: Pseudonymiser, rng: random.Random
) -> None:
    number = make_cpr(rng)
    assert Pseudonymiser(KEY).pseudonym(number) == ps.pseudonym(number)
    assert Pseudonymiser(b"another key").pseudonym(number) != ps.pseudonym(number)
    assert ps.pseudonym("A") != ps.pseudonym("B")


def test_pseudonym_of_a_cpr_hashes_its_ten_digits(ps: Pseudonymiser, rng: random.Random) -> None:
    number = make_cpr(rng)
    digits = number.replace("-", "")
    expected = "P-" + hmac.new(KEY, digits.encode(), hashlib.sha256).hexdigest()[:12]
    assert ps.pseudonym(number) == expected
    assert ps.pseudonym(f"  {digits} ") == expected


def test_stable_flag_and_repr_hides_the_key() -> None:
    assert Pseudonymiser(KEY).stable is True
    random_one = Pseudonymiser(b"x" * 32, stable=False)
    assert random_one.stable is False
    assert "x" * 8 not in repr(random_one)


# --- pseudonymise ---------------------------------------------------------------------------


def test_pseudonymise_cpr_equivalences(ps: Pseudonymiser, rng: random.Random) -> None:
    number = make_cpr(rng, day_below_ten=True)  # Excel drops the leading zero of the day
    digits = number.replace("-", "")
    as_int = int(digits)
    assert len(str(as_int)) == 9
    forms = [
        number,
        digits,
        f"  {number} ",
        number.replace("-", " "),
        number.replace("-", "\u2013"),
        as_int,
        float(as_int),
        np.int64(as_int),
        str(as_int),
        f"{as_int}.0",
    ]
    result = ps.pseudonymise(pd.Series(forms, dtype=object))
    assert result.nunique() == 1
    assert result.iloc[0] == ps.pseudonym(number)


def test_pseudonymise_ten_digit_number(ps: Pseudonymiser, rng: random.Random) -> None:
    number = make_cpr(rng, day_below_ten=False)
    digits = number.replace("-", "")
    result = ps.pseudonymise(pd.Series([int(digits), float(digits), number]))
    assert result.nunique() == 1


def test_pseudonymise_missing_stays_none(ps: Pseudonymiser) -> None:
    raw = pd.Series(["B-1", None, np.nan, "", "   ", pd.NA], index=list("abcdef"), dtype=object)
    result = ps.pseudonymise(raw)
    assert result.index.equals(raw.index)
    assert result.dtype == object
    assert PSEUDONYM.match(result["a"])
    assert result[["b", "c", "d", "e", "f"]].tolist() == [None] * 5


def test_pseudonymise_other_ids_as_trimmed_text(ps: Pseudonymiser) -> None:
    raw = pd.Series([" B-17 ", "B-17", 12345, 12345.0, "12345", "12345.0", "b-17", "B-18"])
    result = ps.pseudonymise(raw)
    assert result.iloc[0] == result.iloc[1] == ps.pseudonym("B-17")
    assert result.iloc[2] == result.iloc[3] == result.iloc[4] == result.iloc[5]
    assert result.iloc[2] == ps.pseudonym("12345")
    assert result.iloc[6] != result.iloc[0]  # ids are case-sensitive
    assert result.iloc[7] != result.iloc[0]
    assert all(PSEUDONYM.match(p) for p in result)


def test_pseudonymise_string_dtype_and_duplicate_index(ps: Pseudonymiser) -> None:
    raw = pd.Series(["x", None, "x"], index=[1, 1, 2], dtype="str", name="person_id")
    result = ps.pseudonymise(raw)
    assert result.index.equals(raw.index)
    assert result.name == "person_id"
    assert result.iloc[0] == result.iloc[2] and result.iloc[1] is None


def test_pseudonymise_invalid_cpr_is_hashed_as_text(ps: Pseudonymiser) -> None:
    # Day 32 is no date: the value is kept as text, so the separator matters.
    assert ps.pseudonymise(pd.Series(["320190-1234"])).iloc[0] == ps.pseudonym("320190-1234")
    assert ps.pseudonym("320190-1234") != ps.pseudonym("3201901234")


def test_pseudonymise_is_pseudonym_of_each_value(ps: Pseudonymiser, rng: random.Random) -> None:
    """The column at once gives what one value at a time gives: a pseudonym kept, anything
    else through ``pseudonym`` (the fast path for text that cannot be a CPR number or a
    pseudonym must not change a single one)."""
    kept = Pseudonymiser(b"other").pseudonym("x")
    values = [
        "B1234567", " B1234567", "Peter", "P-", f" {kept} ", kept.upper(), "0101901234",
        make_cpr(rng), "12345.0", "٣٤٥", "é-1", "\tB-2\n", 101901234, 7.0, "P-0101901234ab",
    ]  # fmt: skip
    result = ps.pseudonymise(pd.Series(values, dtype=object))
    expected = [
        value.strip() if is_pseudonym(value) else Pseudonymiser(KEY).pseudonym(value)
        for value in values
    ]
    assert result.tolist() == expected


# --- looks_like_cpr -------------------------------------------------------------------------


def test_looks_like_cpr(rng: random.Random) -> None:
    early = make_cpr(rng, day_below_ten=True)
    late = make_cpr(rng, day_below_ten=False)
    raw = pd.Series(
        [
            early,
            late.replace("-", ""),
            int(early.replace("-", "")),
            float(late.replace("-", "")),
            "320190-1234",  # no such day
            "12345678",  # phone number
            "Borger " + late,  # not the whole cell
            None,
            3.5,
            "",
            True,
            pd.Timestamp("2014-03-05"),
        ],
        index=range(100, 112),
        dtype=object,
    )
    result = looks_like_cpr(raw)
    assert result.dtype == bool
    assert result.index.equals(raw.index)
    assert result.tolist() == [True, True, True, True] + [False] * 8


def test_looks_like_cpr_numeric_and_other_dtypes(rng: random.Random) -> None:
    number = int(make_cpr(rng).replace("-", ""))
    assert looks_like_cpr(pd.Series([number, 12345678, 0])).tolist() == [True, False, False]
    assert looks_like_cpr(pd.Series([float(number), np.nan])).tolist() == [True, False]
    assert looks_like_cpr(pd.Series([number, None], dtype="Int64")).tolist() == [True, False]
    assert not looks_like_cpr(pd.Series(pd.to_datetime(["2014-01-01"]))).any()
    assert not looks_like_cpr(pd.Series([True, False])).any()
    assert looks_like_cpr(pd.Series([], dtype=object)).tolist() == []


def test_future_birth_date_is_not_a_cpr() -> None:
    # Sequence 4xxx with year 36 means 2036: not born yet, so not valid per stdnum.
    assert not looks_like_cpr(pd.Series(["010136-4123"])).any()


# --- scrub ----------------------------------------------------------------------------------


def test_scrub_text_replaces_an_embedded_cpr(ps: Pseudonymiser, rng: random.Random) -> None:
    number = make_cpr(rng)
    text = f"Borger {number} skal i job"
    assert ps.scrub_text(text) == f"Borger {ps.pseudonym(number)} skal i job"


@pytest.mark.parametrize(
    "template",
    [
        "{} skal i job",
        "CPR: {}.",
        "cpr-nr. {}, tlf 12345678",
        "({})",
        "CPR{}",
        "første {} og anden {}",
        "linje1\n{}\nlinje3",
    ],
)
def test_scrub_text_forms(ps: Pseudonymiser, rng: random.Random, template: str) -> None:
    numbers = [make_cpr(rng) for _ in range(template.count("{}"))]
    written = [n if i % 2 == 0 else n.replace("-", "") for i, n in enumerate(numbers)]
    scrubbed = ps.scrub_text(template.format(*written))
    assert scrubbed == template.format(*(ps.pseudonym(n) for n in numbers))


@pytest.mark.parametrize(
    "text",
    [
        "tlf 12345678",
        "320190-1234",  # day 32
        "011390-1234",  # month 13
        "010136-4123",  # born in 2036
        "12345678901",  # eleven digits
        "DK50 0101901234567",  # part of a longer digit run
        "sag 2014-0303-1234",
        "beløb 1.234.567,00 kr",
        "ingen tal her",
        "",
    ],
)
def test_scrub_text_leaves_other_digits_alone(ps: Pseudonymiser, text: str) -> None:
    assert ps.scrub_text(text) == text


# The spellings of one CPR number (DDMMYY, XXXX) that SPEC §1.3 and §4.4 must catch: up to
# three characters that are neither letters nor digits between the groups, the dashed date,
# fullwidth digits.
SPELLINGS = [
    "{d}{m}{y}{s}",
    "{d}{m}{y}-{s}",
    "{d}.{m}.{y}-{s}",
    "{d}-{m}-{y}-{s}",
    "{d}/{m}/{y} {s}",
    "{d}{m}{y}\u2014{s}",  # em dash
    "{d}{m}{y}\u2013{s}",  # en dash
    "{d}{m}{y}\u2212{s}",  # minus sign
    "{d}{m}{y}\u00a0{s}",  # no-break space
    "{d}{m}{y}\u202f{s}",  # narrow no-break space
    "{d}{m}{y}\u3000{s}",  # ideographic space
    "{d}{m}{y}\u00ad{s}",  # soft hyphen
    "{d}{m}{y}\u200b{s}",  # zero-width space
    "{d}{m}{y}\x01{s}",
    "{d}{m}{y}\x0b{s}",
    "{d}{m}{y} - {s}",
    "{d}{m}{y}\u200b-\u200b{s}",
    "{d}{m}{y}_{s}",
]
FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


@pytest.mark.parametrize("spelling", SPELLINGS, ids=ascii)
@pytest.mark.parametrize("fullwidth", [False, True], ids=["ascii", "fullwidth"])
def test_every_spelling_of_a_cpr_number_is_found(
    ps: Pseudonymiser, rng: random.Random, spelling: str, fullwidth: bool
) -> None:
    number = make_cpr(rng)
    d, m, y, s = number[:2], number[2:4], number[4:6], number[7:]
    written = spelling.format(d=d, m=m, y=y, s=s)
    if fullwidth:
        written = written.translate(FULLWIDTH)
    pseudonym = ps.pseudonym(number)
    assert ps.scrub_text(f"Borger {written} mødte op") == f"Borger {pseudonym} mødte op"
    assert ps.scrub(pd.Series([written, f"({written})"])).tolist() == [pseudonym, f"({pseudonym})"]
    assert ps.pseudonymise(pd.Series([written])).iloc[0] == pseudonym
    assert looks_like_cpr(pd.Series([written])).tolist() == [True]


@pytest.mark.parametrize(
    "text",
    [
        "2014-03-05",
        "370-2020-006",
        "05-03-2014",
        "05.03.2014 og 5/3/2014",
        "15-03-2014; 10-05-2014",
        "15-03-14; 10-05-14",
        "2014-03-05 12:30",
        "K-2014-0303-1234",
        "tlf 12 34 56 78",
        "tlf +45 12345678",
        "beløb 1.234.567,00",
        "010190--- -1234",  # four separators
        "01019012345",  # one digit too many
        "01-0190-1234",  # the date's separators differ
        "０１０１９０１２３４５",
    ],
)
def test_dates_ids_and_numbers_are_not_taken_for_cpr_numbers(ps: Pseudonymiser, text: str) -> None:
    assert ps.scrub_text(text) == text
    assert ps.scrub(pd.Series([text])).tolist() == [text]
    assert not looks_like_cpr(pd.Series([text])).any()


def test_scrub_column(ps: Pseudonymiser, rng: random.Random) -> None:
    first, second = make_cpr(rng), make_cpr(rng)
    raw = pd.Series(
        [
            f"Borger {first} skal i job",
            "12345678",
            "320190-1234",
            None,
            5,
            3.5,
            pd.Timestamp("2014-03-05"),
            second.replace("-", ""),
            f"Borger {first} skal i job",
        ],
        index=list("abcdefghi"),
        dtype=object,
    )
    original = raw.copy()
    result = ps.scrub(raw)
    assert raw.equals(original)  # the input is not changed
    assert result.index.equals(raw.index)
    assert result["a"] == result["i"] == f"Borger {ps.pseudonym(first)} skal i job"
    assert result["h"] == ps.pseudonym(second)
    stamp = pd.Timestamp("2014-03-05")
    assert result[["b", "c", "e", "f", "g"]].tolist() == ["12345678", "320190-1234", 5, 3.5, stamp]
    assert result["d"] is None


def test_scrub_whole_cell_numbers_are_pseudonymised(ps: Pseudonymiser, rng: random.Random) -> None:
    # The law does not care about the cell type: an Excel number that is a CPR is one too.
    number = make_cpr(rng, day_below_ten=True)
    as_int = int(number.replace("-", ""))
    result = ps.scrub(pd.Series([as_int, 12345678, 42]))
    assert result.tolist() == [ps.pseudonym(number), 12345678, 42]
    mixed = ps.scrub(pd.Series([float(as_int), "x", 7], dtype=object))
    assert mixed.tolist() == [ps.pseudonym(number), "x", 7]


def test_scrub_keeps_columns_without_cpr_untouched(ps: Pseudonymiser) -> None:
    for raw in [
        pd.Series(["ingen tal", "heller ikke her", None], dtype="str"),
        pd.Series([1.5, 2.0, np.nan]),
        pd.Series([12345678, 87654321]),
        pd.Series(pd.to_datetime(["2014-01-01", None])),
        pd.Series([True, False]),
        pd.Series([], dtype=object),
    ]:
        result = ps.scrub(raw)
        assert result is not raw
        pd.testing.assert_series_equal(result, raw)


def test_scrub_string_dtype_stays_string(ps: Pseudonymiser, rng: random.Random) -> None:
    number = make_cpr(rng)
    raw = pd.Series([f"note {number}", None, "x"], dtype="str", name="note")
    result = ps.scrub(raw)
    assert result.dtype == raw.dtype
    assert result.name == "note"
    assert result.iloc[0] == f"note {ps.pseudonym(number)}"
    assert pd.isna(result.iloc[1]) and result.iloc[2] == "x"


def test_scrub_category_keeps_pseudonyms(ps: Pseudonymiser, rng: random.Random) -> None:
    number = make_cpr(rng)
    result = ps.scrub(pd.Series([number, "x", number], dtype="category"))
    assert result.tolist() == [ps.pseudonym(number), "x", ps.pseudonym(number)]


def test_scrub_large_column(ps: Pseudonymiser, rng: random.Random) -> None:
    numbers = [make_cpr(rng) for _ in range(50)]
    notes = [f"Samtale nr. {i % 997} afholdt, næste om 3 mdr." for i in range(50_000)]
    for i, number in enumerate(numbers):
        notes[i * 999] = f"Borger {number} mødte ikke op"
    raw = pd.Series(notes, dtype="str")
    result = ps.scrub(raw)
    changed = result != raw
    assert int(changed.sum()) == len(numbers)
    assert not result.str.contains(r"[0-9]{6}-[0-9]{4}").any()


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    before=st.text(alphabet="abc æøå.,:;()\n-", max_size=12),
    after=st.text(alphabet="abc æøå.,:;()\n-", max_size=12),
    hyphen=st.booleans(),
)
def test_scrub_never_leaves_an_embedded_cpr(
    seed: int, before: str, after: str, hyphen: bool
) -> None:
    number = make_cpr(random.Random(seed))
    written = number if hyphen else number.replace("-", "")
    ps = Pseudonymiser(KEY)
    scrubbed = ps.scrub(pd.Series([before + written + after])).iloc[0]
    assert number.replace("-", "") not in scrubbed.replace("-", "")
    assert ps.pseudonym(number) in scrubbed


_SEPARATORS = (
    "-./ _\u2010\u2011\u2013\u2014\u2212\u00a0\u2009\u202f\u3000\u00ad\u200b\u2060\x01\x0b\t"
)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    between=st.text(alphabet=_SEPARATORS, max_size=3),
    dated=st.sampled_from(["", "-", ".", "/", " "]),
    fullwidth=st.booleans(),
    before=st.text(alphabet="abc æøå.,:;()\n-", max_size=8),
    after=st.text(alphabet="abc æøå.,:;()\n-", max_size=8),
)
def test_scrub_catches_a_cpr_number_in_any_spelling(
    seed: int, between: str, dated: str, fullwidth: bool, before: str, after: str
) -> None:
    number = make_cpr(random.Random(seed))
    d, m, y, s = number[:2], number[2:4], number[4:6], number[7:]
    written = f"{d}{dated}{m}{dated}{y}{between}{s}"
    if fullwidth:
        written = written.translate(FULLWIDTH)
    ps = Pseudonymiser(KEY)
    scrubbed = ps.scrub(pd.Series([before + written + after])).iloc[0]
    assert ps.pseudonym(number) in scrubbed
    digits = "".join(str(int(c)) for c in re.sub(r"P-[0-9a-f]{12}", "", scrubbed) if c.isdecimal())
    assert number.replace("-", "") not in digits


def test_scrub_and_pseudonymise_agree(ps: Pseudonymiser, rng: random.Random) -> None:
    number = make_cpr(rng)
    person = ps.pseudonymise(pd.Series([number])).iloc[0]
    assert person in ps.scrub(pd.Series([f"note om {number.replace('-', '')}"])).iloc[0]


# --- resolve_key ----------------------------------------------------------------------------


def test_resolve_key_precedence(tmp_path: Path) -> None:
    cli_file = tmp_path / "cli.key"
    cli_file.write_bytes(b"  from-cli\n")
    config_file = tmp_path / "config.key"
    config_file.write_bytes(b"from-config\r\n")
    env = {"INTEGAUDIT_KEY": " from-env "}
    assert resolve_key(cli_file, config_file, env) == (b"from-cli", "key-file")
    assert resolve_key(str(cli_file), None, env) == (b"from-cli", "key-file")
    assert resolve_key(None, config_file, env) == (b"from-config", "config")
    assert resolve_key(None, None, env) == (b"from-env", "env")


def test_resolve_key_random_when_nothing_is_set() -> None:
    key, source = resolve_key(None, None, {})
    assert source == "random" and len(key) == 32
    assert resolve_key(None, None, {})[0] != key
    assert resolve_key(None, None, {"INTEGAUDIT_KEY": "  "})[1] == "random"
    assert resolve_key(None, None, {"OTHER": "x"})[1] == "random"


def test_resolve_key_expands_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".config").mkdir()
    (tmp_path / ".config" / "key").write_bytes(b"\x00\xffbinary key\n")
    assert resolve_key("~/.config/key", None, {}) == (b"\x00\xffbinary key", "key-file")
    assert resolve_key(None, "~/.config/key", {})[1] == "config"


def test_resolve_key_binary_content_is_kept_as_bytes(tmp_path: Path) -> None:
    key_file = tmp_path / "k"
    key_file.write_bytes(bytes(range(1, 200)))
    key, _ = resolve_key(key_file, None, {})
    assert key == bytes(range(1, 200)).strip()


@pytest.mark.parametrize("which", ["cli", "config"])
def test_resolve_key_missing_file(tmp_path: Path, which: str) -> None:
    missing = tmp_path / "nope.key"
    args = (missing, None) if which == "cli" else (None, missing)
    with pytest.raises(IntegauditError, match=r"nope\.key") as info:
        resolve_key(*args, {"INTEGAUDIT_KEY": "would be used otherwise"})
    assert "not found" in str(info.value)


def test_resolve_key_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.key"
    empty.write_bytes(b" \n\t\n")
    with pytest.raises(IntegauditError, match=r"empty\.key.*empty"):
        resolve_key(empty, None, {})
    with pytest.raises(IntegauditError, match=r"empty\.key"):
        resolve_key(None, empty, {})


def test_resolve_key_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(IntegauditError, match=re.escape(str(tmp_path))):
        resolve_key(tmp_path, None, {})


def test_resolve_key_cli_file_wins_even_when_config_file_is_bad(tmp_path: Path) -> None:
    good = tmp_path / "good.key"
    good.write_text("k")
    assert resolve_key(good, tmp_path / "missing", {}) == (b"k", "key-file")


def test_only_a_well_formed_pseudonym_without_a_cpr_number_is_kept():
    pseudonymiser = Pseudonymiser(b"k")
    kept, upper, cpr_inside, cpr = (
        "P-3e60d7dcc09e",
        "P-3E60D7DCC09E",
        "P-0101901234ab",
        "0101901234",
    )
    assert is_pseudonym(kept) and is_pseudonym(f" {kept} ")
    assert not is_pseudonym(upper) and not is_pseudonym(cpr_inside) and not is_pseudonym(cpr)
    out = pseudonymiser.pseudonymise(pd.Series([kept, upper, cpr_inside, cpr, None]))
    assert out[0] == kept
    assert out[1] != upper and out[2] != cpr_inside and out[3] != cpr
    assert all(re.fullmatch(r"P-[0-9a-f]{12}", v) for v in out[:4]) and out[4] is None
    assert pseudonymiser.used
    fresh = Pseudonymiser(b"k")
    fresh.pseudonymise(pd.Series([kept]))
    assert not fresh.used
