"""What due shows: a terminal list cut with --limit while the counts stay whole, and a work
list workbook whose dates are real dates and, in its texts, written the same way."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import run_cli_in
from tests.paths import SAMPLES

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

DAY_FIRST = re.compile(r"\b\d{1,2}[-./]\d{1,2}[-./]\d{2,4}\b")
ISO = re.compile(r"\b\d{4}-\d\d-\d\d\b")


def _sample(tmp_path: Path) -> Path:
    folder = tmp_path / "bek2020"
    shutil.copytree(SAMPLES / "bek2020", folder)
    return folder


def test_limit_cuts_the_terminal_list_and_never_the_counts(tmp_path):
    folder = _sample(tmp_path)
    whole = run_cli_in(tmp_path, "due", str(folder), "--within", "400", "--json", "d.json")
    cut = run_cli_in(tmp_path, "due", str(folder), "--within", "400", "--limit", "3")
    assert whole.exit_code == 0 and cut.exit_code == 0, cut.output
    total = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["total"]
    items = total["due"] + total["overdue"] + total["to_fix"]
    assert f"de første 3 af {items} punkter" in cut.flat
    listed = [line for line in cut.stdout.splitlines() if re.match(r"│ \d{3}-\d{4}-\d{3} ", line)]
    assert len(listed) == 3
    # The summary above the list is the same, whole, with or without --limit.
    summary = whole.stdout.split("Arbejdsliste")[0]
    assert summary and cut.stdout.startswith(summary)
    assert "│ I alt" in summary and str(total["overdue"]) in summary.split("I alt")[1]
    english = run_cli_in(
        tmp_path, "due", str(folder), "--within", "400", "--limit", "2", "--lang", "en"
    )
    assert f"the first 2 of {items} items" in english.flat
    bad = run_cli_in(tmp_path, "due", str(folder), "--limit", "0")
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_the_work_list_workbook_has_one_date_format(tmp_path):
    folder = _sample(tmp_path)
    out = tmp_path / "due.xlsx"
    result = run_cli_in(tmp_path, "due", str(folder), "--within", "400", "--xlsx", str(out))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    dates = texts = 0
    for sheet in book:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, dt.datetime):
                    assert cell.number_format == "yyyy-mm-dd", (sheet.title, cell.coordinate)
                    dates += 1
                elif isinstance(cell.value, str):
                    # every date in a text is written as the date cells show theirs
                    assert not DAY_FIRST.search(cell.value), (sheet.title, cell.value)
                    texts += bool(ISO.search(cell.value))
    assert dates > 50 and texts > 50
    trail = {r[0]: r[1] for r in book["Revisionsspor"].iter_rows(values_only=True)}
    assert trail["Revisionsdato"] == dt.datetime(2022, 6, 30)
