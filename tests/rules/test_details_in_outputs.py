"""late-signing under a suspension window: the detail gives both figures, the days taken and
those that count once the suspended days are left out, in every output of `check` (HTML
findings, the workbook's findings sheet, the JSON findings) and in `integaudit rules`' worked
example on the terminal, in Danish and English."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from conftest import run_cli_in, write_csv

from tests.render.htmltree import parse

DA = "indgået efter 108 dage, heraf 77 i suspensionsperioden 2020-03-12–2020-05-27: 31 dage"
EN = "signed after 108 days, of which 77 in the suspension period 2020-03-12–2020-05-27: 31 days"


@pytest.fixture
def extract(tmp_path: Path) -> Path:
    """An rr2014 extract: K-1 taken over 1 Mar 2020 and signed 17 Jun 2020 (108 days, 77 of
    them in the window 12 Mar – 27 May 2020, 31 counted: late); K-2 signed 16 Jun (in time)."""
    folder = tmp_path / "udtraek"
    rows = [
        ["Kontraktnr", "Kommune", "Overtagelsesdato", "Underskrevet", "Beskæftigelsesmål"],
        ["K-1", "Aarhus", "01-03-2020", "17-06-2020", "Job"],
        ["K-2", "Aarhus", "01-03-2020", "16-06-2020", "Job"],
    ]
    write_csv(folder / "aarhus.csv", rows)
    window = '[[suspension]]\nstart = "2020-03-12"\nend = "2020-05-27"\nlabel = "COVID-19"\n'
    (folder / "integaudit.toml").write_text(window, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("lang", "detail"), [("da", DA), ("en", EN)])
def test_late_signing_under_a_window_gives_both_figures_in_every_output(
    tmp_path: Path, extract: Path, lang: str, detail: str
) -> None:
    html, xlsx, out = tmp_path / "r.html", tmp_path / "r.xlsx", tmp_path / "r.json"
    result = run_cli_in(
        tmp_path, "check", str(extract), "--as-of", "2020-12-31", "--lang", lang,
        "--html", str(html), "--xlsx", str(xlsx), "--json", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert detail in parse(html.read_text(encoding="utf-8")).text()
    sheet = openpyxl.load_workbook(xlsx, read_only=True)["Fund" if lang == "da" else "Findings"]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert detail in cells
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    late = [f for f in findings if f["rule"] == "late-signing"]
    assert [(f["contract_id"], f["detail"]) for f in late] == [("K-1", EN)]  # JSON: English


def test_rules_late_signing_shows_both_figures_on_the_terminal(tmp_path: Path) -> None:
    da = run_cli_in(tmp_path, "rules", "late-signing")
    assert da.exit_code == 0, da.output
    assert f"→ brud ({DA})" in da.flat
    en = run_cli_in(tmp_path, "rules", "late-signing", "--lang", "en")
    assert f"→ fail ({EN})" in en.flat
