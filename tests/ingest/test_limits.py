"""Input limits: --max-file-size on check and sample, and the unpacked-size guard of zip
packages (README "Limits")."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from integaudit.errors import IntegauditError
from integaudit.i18n import format_size
from integaudit.ingest import LoadOptions, load
from integaudit.ingest.limits import DEFAULT_MAX_FILE_SIZE, UNPACKED_FACTOR, parse_size
from integaudit.privacy.pseudonyms import Pseudonymiser
from tests.paths import BAD, RR2014


@pytest.mark.parametrize(
    ("value", "size"),
    [
        ("200MB", 200_000_000),
        ("5 MB", 5_000_000),
        ("1.5GB", 1_500_000_000),
        ("1,5 GB", 1_500_000_000),
        ("500kB", 500_000),
        ("500 KB", 500_000),
        ("2GiB", 2 * 1024**3),
        ("64 KiB", 65_536),
        ("1048576", 1_048_576),
        ("10b", 10),
    ],
)
def test_sizes_are_read_in_every_usual_form(value: str, size: int) -> None:
    assert parse_size(value, "--max-file-size") == size


@pytest.mark.parametrize("value", ["", "lots", "5 TB", "-1", "0", "0.1", "MB", "5 M B"])
def test_a_bad_size_names_the_option_and_the_value(value: str) -> None:
    with pytest.raises(IntegauditError, match="--max-file-size") as info:
        parse_size(value, "--max-file-size")
    assert f'"{value}"' in str(info.value)
    assert f'"{value}"' in info.value.message("da")


@pytest.mark.parametrize(
    ("size", "english", "danish"),
    [
        (999, "999 bytes", "999 bytes"),
        (50_000, "50 kB", "50 kB"),
        (67_192, "67.2 kB", "67,2 kB"),
        (2_000_000_000, "2 GB", "2 GB"),
        (3_500_000_000, "3.5 GB", "3,5 GB"),
    ],
)
def test_sizes_are_shown_as_people_read_them(size: int, english: str, danish: str) -> None:
    assert format_size(size) == english
    assert format_size(size, decimal_comma=True) == danish


def test_load_options_default_to_200_mb_and_ten_times_that_unpacked() -> None:
    options = LoadOptions(dt.date(2014, 6, 30), Pseudonymiser(b"k"))
    assert options.max_file_size == DEFAULT_MAX_FILE_SIZE == 200_000_000
    assert options.unpacked_limit == UNPACKED_FACTOR * DEFAULT_MAX_FILE_SIZE == 2_000_000_000
    assert (
        LoadOptions(dt.date(2014, 6, 30), Pseudonymiser(b"k"), max_unpacked_size=5).unpacked_limit
        == 5
    )


def test_the_unpacked_limit_is_checked_before_the_workbook_is_opened(tmp_path: Path) -> None:
    """The bomb unpacks to 100 MB of white space; refused, it is never decompressed."""
    shutil.copy(BAD / "zip_bomb.xlsx", tmp_path / "zip_bomb.xlsx")
    options = LoadOptions(dt.date(2014, 6, 30), Pseudonymiser(b"k"), max_unpacked_size=99_999_999)
    extract = load([tmp_path], options)
    (issue,) = extract.issues
    assert (issue.level, issue.kind) == ("error", "file-unpacked-too-large")
    assert issue.file is not None and issue.file.endswith("zip_bomb.xlsx")
    assert dict(issue.params)["size"] > 100_000_000
    assert extract.contracts.empty
    # Just above its size the limit lets it through, but no workbook compresses 100 MB of
    # a sheet into 100 kB: the part's ratio refuses it, still before it is unpacked.
    roomy = LoadOptions(dt.date(2014, 6, 30), Pseudonymiser(b"k"), max_unpacked_size=200_000_000)
    (issue,) = load([tmp_path], roomy).issues
    assert issue.kind == "file-zip-ratio"
    params = dict(issue.params)
    assert params["part"] == "xl/worksheets/sheet1.xml" and params["ratio"] > 250


def _extracts(root: Path) -> Path:
    folder = root / "in"
    folder.mkdir()
    shutil.copy(BAD / "good.xlsx", folder / "good.xlsx")
    shutil.copy(BAD / "too_big.csv", folder / "too_big.csv")
    return folder


def test_sample_leaves_out_a_file_over_max_file_size_and_says_so(run_cli, tmp_path: Path) -> None:
    _extracts(tmp_path)
    result = run_cli(
        "sample", "in", "--size", "2", "--seed", "1", "--out", "s.xlsx",
        "--as-of", "2014-06-30", "--max-file-size", "50kB",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "in/too_big.csv: filen fylder 67,2 kB, mere end grænsen på 50 kB" in result.flat
    assert "2 af 2 kontrakter udtrukket" in result.flat
    # without the limit the 800 contracts of the large file are in the population
    result = run_cli(
        "sample", "in", "--size", "2", "--seed", "1", "--out", "t.xlsx", "--as-of", "2014-06-30"
    )
    assert result.exit_code == 0, result.output
    assert "2 af 802 kontrakter udtrukket" in result.flat


@pytest.mark.parametrize("command", ["check", "sample"])
def test_a_bad_max_file_size_is_a_one_line_usage_error(run_cli, tmp_path: Path, command) -> None:
    _extracts(tmp_path)
    extra = ["--size", "2", "--seed", "1", "--out", "s.xlsx"] if command == "sample" else []
    result = run_cli(command, "in", *extra, "--max-file-size", "5 parsecs")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.strip() == (
        'integaudit: fejl: --max-file-size: ikke en størrelse: "5 parsecs" '
        "(fx 200MB, 1.5GB, 500kB eller et antal bytes)"
    )
    if command == "check":
        english = run_cli(command, "in", "--max-file-size", "5 parsecs", "--lang", "en")
        assert english.stderr.strip() == (
            'integaudit: error: --max-file-size: not a size: "5 parsecs" '
            "(e.g. 200MB, 1.5GB, 500kB or a number of bytes)"
        )
    assert not (tmp_path / "s.xlsx").exists()


def test_a_sheet_spanning_more_cells_than_the_limit_is_not_read(tmp_path: Path) -> None:
    """A1:XFD3 is 49 152 cells: read under the default limit (50 million cells), not under
    --max-file-size 100kB (25 000 cells); the other files' sheets still are."""
    shutil.copy(BAD / "columns_16384.xlsx", tmp_path / "columns_16384.xlsx")
    shutil.copy(BAD / "good.xlsx", tmp_path / "good.xlsx")
    roomy = LoadOptions(dt.date(2014, 6, 30), Pseudonymiser(b"k"))
    assert roomy.cell_limit == 50_000_000
    assert sorted(load([tmp_path], roomy).contracts["contract_id"]) == [
        "GOOD-1", "GOOD-2", "WC-2", "WC-3",
    ]  # fmt: skip
    tight = LoadOptions(dt.date(2014, 6, 30), Pseudonymiser(b"k"), max_file_size=100_000)
    extract = load([tmp_path], tight)
    assert sorted(extract.contracts["contract_id"]) == ["GOOD-1", "GOOD-2"]
    errors = [i for i in extract.issues if i.level == "error"]
    assert [(i.kind, i.sheet, dict(i.params)) for i in errors] == [
        ("sheet-too-large", "Kontrakter", {"range": "A1:XFD3", "cells": 49_152}),
        ("file-no-tables", None, {}),
    ]


# An unquoted --max-file-size 5 MB.


def _extract(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(RR2014 / "101.xlsx", tmp_path / "in" / "101.xlsx")


@pytest.mark.parametrize("command", ["check", "sample", "anonymise"])
@pytest.mark.parametrize("unit", ["MB", "mb", "kB", "GiB", "B"])
def test_an_unquoted_size_unit_is_a_usage_error_showing_the_quoted_form(
    run_cli, tmp_path, command, unit
):
    _extract(tmp_path)
    extra = {
        "check": [],
        "sample": ["--size", "1", "--seed", "1", "--out", "s.xlsx"],
        "anonymise": ["--out", "copy"],
    }[command]
    result = run_cli(command, "in", *extra, "--max-file-size", "5", unit, "--lang", "en")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.count("\n") == 1
    assert f'--max-file-size "5 {unit}"' in result.flat
    assert f"--max-file-size 5{unit}" in result.flat
    assert not (tmp_path / "s.xlsx").exists() and not (tmp_path / "copy").exists()


def test_an_unknown_unit_is_named_and_a_file_called_mb_is_an_input(run_cli, tmp_path):
    _extract(tmp_path)
    result = run_cli("check", "in", "--max-file-size", "5", "TB")
    assert result.exit_code == 2
    assert "'TB' er ingen fil" in result.flat and '--max-file-size "5 GB"' in result.flat
    # A path that exists is what it says, whatever its name.
    shutil.copy(RR2014 / "161.xlsx", tmp_path / "MB")
    result = run_cli("check", "in", "MB", "--json", "-")
    assert "'MB' er ingen fil" not in result.output
