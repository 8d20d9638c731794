"""Drawing a sample of samples/rr2014 and filling in a reviewer's marks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl

from integaudit.rules.rulesets import RULESETS
from tests.paths import RR2014 as SAMPLE

_DRAWN: dict[tuple[str, ...], bytes] = {}


def draw(run_cli: Callable, out: Path, *args: str) -> Path:
    """Draw a sample of samples/rr2014 into ``out`` (each design is drawn once per session:
    the draw is deterministic and its own tests are in tests/sampling/test_selection.py)."""
    if args not in _DRAWN:
        result = run_cli("sample", str(SAMPLE), "--out", str(out), *args)
        assert result.exit_code == 0, result.output
        _DRAWN[args] = out.read_bytes()
    out.write_bytes(_DRAWN[args])
    return out


TITLES = {rule.id: rule.short_title for rule in RULESETS["rr2014"]}


def deviation_column(rule: str, lang: str = "da") -> str:
    """Return the header of the rule's reviewer column: 'Mangler mål Afvigelse' for
    missing-goal in Danish, 'No goal Deviation' in English."""
    return f"{TITLES[rule][lang]} {'Afvigelse' if lang == 'da' else 'Deviation'}"


def fill(
    path: Path, out: Path, rule: str, mark: Callable[[int, dict], object], lang: str = "da"
) -> Path:
    """Write a copy of the sample with ``mark(i, row)`` in the rule's Afvigelse column of the
    i-th contract (0-based); ``row`` maps headers to the row's values."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Stikprøve" if lang == "da" else "Sample"]
    header = [c.value for c in sheet[1]]
    column = header.index(deviation_column(rule, lang)) + 1
    for i, cells in enumerate(sheet.iter_rows(min_row=2)):
        row = dict(zip(header, (c.value for c in cells), strict=True))
        sheet.cell(i + 2, column).value = mark(i, row)
    workbook.save(out)
    return out
