"""The three follow-up layouts give the same result for the same dates (SPEC §1.2)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli_in, write_csv, write_xlsx

D = dt.date
AS_OF = "2014-06-30"


# contract id, responsibility, signed, employment goal, goal met, follow-ups (as listed)
CONTRACTS: list[tuple[str, dt.date, dt.date, str | None, dt.date | None, list[dt.date]]] = [
    # 20 Jan → 15 Mar → 10 May → 30 Jun: no gap over 3 months
    ("L-1", D(2014, 1, 6), D(2014, 1, 20), "Job", None, [D(2014, 3, 15), D(2014, 5, 10)]),
    # 20 Feb → 10 Jun is more than 3 months (due 20 May)
    ("L-2", D(2014, 1, 6), D(2014, 1, 15), "Job", None, [D(2014, 2, 20), D(2014, 6, 10)]),
    # a follow-up listed twice; 10 Jan → 1 Mar → 25 May → 30 Jun
    (
        "L-3",
        D(2014, 1, 6),
        D(2014, 1, 10),
        "Job",
        None,
        [D(2014, 3, 1), D(2014, 3, 1), D(2014, 5, 25)],
    ),
    # no follow-up at all: 1 Feb → 30 Jun
    ("L-4", D(2014, 1, 6), D(2014, 2, 1), "Job", None, []),
    # signed 10 Apr: nothing due before 10 Jul
    ("L-5", D(2014, 4, 1), D(2014, 4, 10), "Job", None, [D(2014, 5, 15)]),
    # signed after 49 days, no goal; 20 Feb → 10 Apr → 1 Jun → 30 Jun
    ("L-6", D(2014, 1, 2), D(2014, 2, 20), None, None, [D(2014, 4, 10), D(2014, 6, 1)]),
    # goal met 20 May closes the window: 15 Jan → 10 Mar → 20 May (to 30 Jun would be late)
    ("L-7", D(2014, 1, 6), D(2014, 1, 15), "Job", D(2014, 5, 20), [D(2014, 3, 10)]),
    # listed out of order; 31 Jan + 3 months = 30 Apr is in time; 30 Apr → 15 Jun → 30 Jun
    ("L-8", D(2014, 1, 6), D(2014, 1, 31), "Job", None, [D(2014, 6, 15), D(2014, 4, 30)]),
]

EXPECTED = {
    "L-1": ("pass", "pass", "pass"),
    "L-2": ("pass", "pass", "fail"),
    "L-3": ("pass", "pass", "pass"),
    "L-4": ("pass", "pass", "fail"),
    "L-5": ("pass", "pass", "not-applicable"),
    "L-6": ("fail", "fail", "pass"),
    "L-7": ("pass", "pass", "pass"),
    "L-8": ("pass", "pass", "pass"),
}
RULES = ("missing-goal", "late-signing", "missed-follow-up")
BASE_HEADER = ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet", "Beskæftigelsesmål",
               "Uddannelsesmål", "Mål opfyldt"]  # fmt: skip
MAX_FOLLOW_UPS = max(len(c[5]) for c in CONTRACTS)


def _base(row: tuple[Any, ...], text_dates: bool) -> list[Any]:
    cid, responsibility, signed, goal, met, _ = row

    def date(value: dt.date | None) -> Any:
        if value is None or not text_dates:
            return value
        return value.strftime("%d-%m-%Y")

    return [cid, "Aarhus", date(responsibility), date(signed), goal, None, date(met)]


def _wide(text_dates: bool, label: str) -> list[list[Any]]:
    header = BASE_HEADER + [label.format(n=n) for n in range(1, MAX_FOLLOW_UPS + 1)]
    rows = [header]
    for row in CONTRACTS:
        dates: list[Any] = [d.strftime("%d-%m-%Y") if text_dates else d for d in row[5]]
        rows.append(_base(row, text_dates) + dates + [None] * (MAX_FOLLOW_UPS - len(dates)))
    return rows


def _cell(text_dates: bool, separator: str) -> list[list[Any]]:
    rows = [[*BASE_HEADER, "Opfølgninger"]]
    for row in CONTRACTS:
        joined = separator.join(d.strftime("%d-%m-%Y") for d in row[5]) or None
        rows.append([*_base(row, text_dates), joined])
    return rows


def _long(text_dates: bool) -> tuple[list[list[Any]], list[list[Any]]]:
    contracts = [BASE_HEADER] + [_base(row, text_dates) for row in CONTRACTS]
    follow_ups: list[list[Any]] = [["Kontrakt nr.", "Opfølgningsdato"]]
    for row in CONTRACTS:
        for d in row[5]:
            follow_ups.append([row[0], d.strftime("%d-%m-%Y") if text_dates else d])
    return contracts, follow_ups


def xlsx_long(root: Path) -> None:
    contracts, follow_ups = _long(text_dates=False)
    write_xlsx(root / "kontrakter.xlsx", {"Kontrakter": contracts, "Opfølgninger": follow_ups})


def xlsx_wide(root: Path) -> None:
    write_xlsx(root / "kontrakter.xlsx", {"Kontrakter": _wide(False, "Opfølgning {n}")})


def xlsx_cell_semicolon(root: Path) -> None:
    write_xlsx(root / "kontrakter.xlsx", {"Kontrakter": _cell(False, "; ")})


def xlsx_cell_newline(root: Path) -> None:
    write_xlsx(root / "kontrakter.xlsx", {"Kontrakter": _cell(False, "\n")})


def csv_wide(root: Path) -> None:
    write_csv(root / "kontrakter.csv", _wide(True, "Opf {n}"))


def csv_cell(root: Path) -> None:
    write_csv(root / "kontrakter.csv", _cell(True, ";"))


def csv_long(root: Path) -> None:
    contracts, follow_ups = _long(text_dates=True)
    write_csv(root / "kontrakter.csv", contracts)
    write_csv(root / "opfoelgninger.csv", follow_ups)


LAYOUTS: dict[str, Callable[[Path], None]] = {
    "xlsx-long": xlsx_long,
    "xlsx-wide": xlsx_wide,
    "xlsx-cell-semicolon": xlsx_cell_semicolon,
    "xlsx-cell-newline": xlsx_cell_newline,
    "csv-wide": csv_wide,
    "csv-cell": csv_cell,
    "csv-long": csv_long,
}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Run the audit once per layout; return layout → JSON document."""
    docs = {}
    for name, make in LAYOUTS.items():
        root = tmp_path_factory.mktemp(name)
        make(root / "in")
        result = run_cli_in(root, "check", "in", "--as-of", AS_OF, "--json", "out.json")
        assert result.exit_code == 0, (name, result.output)
        assert "Traceback" not in result.output, name
        docs[name] = json.loads((root / "out.json").read_text(encoding="utf-8"))
    return docs


def _statuses(doc: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    out = {}
    for contract in doc["contracts"]:
        assert contract["contract_id"] not in out
        out[contract["contract_id"]] = tuple(contract["status"][r] for r in RULES)
    return out


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_layout_gives_the_expected_statuses(
    results: dict[str, dict[str, Any]], layout: str
) -> None:
    doc = results[layout]
    assert _statuses(doc) == EXPECTED
    rules = doc["total"]["rules"]
    assert doc["total"]["contracts"] == 8
    assert (rules["missed-follow-up"]["pass"], rules["missed-follow-up"]["fail"]) == (5, 2)
    assert rules["missed-follow-up"]["not_applicable"] == 1
    assert rules["missed-follow-up"]["not_assessed"] == 0
    assert (rules["missing-goal"]["fail"], rules["late-signing"]["fail"]) == (1, 1)


@pytest.mark.parametrize("layout", [name for name in LAYOUTS if name != "xlsx-long"])
def test_layout_gives_the_same_result_as_a_long_sheet(
    results: dict[str, dict[str, Any]], layout: str
) -> None:
    doc, reference = results[layout], results["xlsx-long"]
    assert [(c["contract_id"], c["status"]) for c in doc["contracts"]] == [
        (c["contract_id"], c["status"]) for c in reference["contracts"]
    ]
    assert doc["total"] == reference["total"]
    assert doc["groups"] == reference["groups"]
    assert doc["findings"] == reference["findings"]


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_follow_up_date_is_read(results: dict[str, dict[str, Any]], layout: str) -> None:
    """No follow-up is lost or unreadable: no data issue about a date, and the file records
    count every listed follow-up (the duplicate included or collapsed, nothing else)."""
    doc = results[layout]
    assert not [i for i in doc["data_issues"] if i["level"] in ("error", "warning")]
    listed = sum(len(c[5]) for c in CONTRACTS)
    read = sum(i["follow_ups"] for i in doc["inputs"])
    assert read in (listed, listed - 1)
