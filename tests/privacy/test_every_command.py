"""No CPR number or name reaches any output of any command (SPEC §4.4).

One hostile extract puts CPR numbers in every column, in free text, in a date cell, in the
municipality, in follow-up ids, in a sheet name and in a file name, and names in name columns.
Every command that reads extracts is run with every output it has; each terminal text and
each written file (JSON, HTML, xlsx cells, sheet names and raw XML, csv) is scanned.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.conftest import Result, run_cli_in, write_xlsx
from tests.privacy.helpers import NAMES, fake_cprs, file_text, leaks, write_csv_lines
from tests.sampling.helpers import fill

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Return the folder of the hostile extract and its CPR numbers."""
    cprs = fake_cprs(24, seed=3)
    root = tmp_path_factory.mktemp("privacy")
    folder = root / "in"
    headers = [
        "Kontrakt nr.", "Kommune", "CPR-nr", "Navn", "Fornavn", "Overtagelsesdato",
        "Underskrevet", "Beskæftigelsesmål", "Uddannelsesmål", "Koordinerende enhed",
        "Situation", "Opfølgninger", "Bemærkning",
    ]  # fmt: skip
    rows: list[list[object]] = [headers]
    for i in range(6):
        c = cprs[i * 3 : i * 3 + 3]
        rows.append(
            [
                c[0] if i % 2 else f"K-{i}",
                "Aarhus",
                c[1] if i % 3 else int(c[1].replace("-", "")),
                NAMES[i % 3],
                NAMES[i % 3].split()[0],
                "01-02-2014" if i != 4 else c[2],
                "20-02-2014" if i != 5 else f"ca. {c[2]}",
                f"Job, aftalt med {c[2]}" if i % 2 else None,
                c[2].replace("-", "") if i == 3 else None,
                f"Jobcenter v/ {c[0]}",
                c[1] if i == 2 else "ydelsesmodtager",
                f"01-04-2014; {c[2]}",
                f"{NAMES[i % 3]} ({c[0]})" if i == 0 else f"CPR {c[1]}",
            ]
        )
    write_xlsx(
        folder / f"{cprs[18].replace('-', '')}.xlsx",
        {
            f"Kontrakter {cprs[19]}": rows,
            "Opfølgninger": [["Kontrakt nr.", "Opfølgningsdato"], [cprs[20], "01-03-2014"]],
        },
    )
    write_csv_lines(
        folder / "odense.csv",
        f"O-1;Kommune {cprs[21]};{cprs[22]};{NAMES[0]};01-02-2014;01-04-2014;Kok ({cprs[23]})",
        f"O-2;Odense;{cprs[22].replace('-', '')};{NAMES[1]};01-02-2014;10-02-2014;",
    )
    return folder, cprs


def run(cwd: Path, *args: str, ok: tuple[int, ...] = (0, 1)) -> Result:
    result = run_cli_in(cwd, *args)
    assert result.exit_code in ok, result.output
    assert "Traceback" not in result.output
    return result


def test_no_command_output_holds_a_cpr_number_or_a_name(hostile, tmp_path):
    folder, cprs = hostile
    out = tmp_path / "out"
    out.mkdir()
    terminal: list[str] = []

    def check(name: str, *extra: str) -> None:
        for lang in ("da", "en"):
            terminal.append(
                run(
                    tmp_path,
                    "check", str(folder), "--as-of", "2014-06-30", "-v", "--lang", lang,
                    "--json", str(out / f"{name}-{lang}.json"),
                    "--html", str(out / f"{name}-{lang}.html"),
                    "--xlsx", str(out / f"{name}-{lang}.xlsx"),
                    *extra,
                ).output
            )  # fmt: skip

    check("a")
    check("b", "--strict", "--fail-above", "missing-goal=1")
    terminal.append(
        run(tmp_path, "check", str(folder), "--as-of", "2014-06-30", "--json", "-").output
    )
    terminal.append(
        run(
            tmp_path, "compare", str(out / "a-da.json"), str(out / "b-da.json"),
            "--html", str(out / "compare.html"), "--json", str(out / "compare.json"),
        ).output
    )  # fmt: skip
    sample = out / "sample.xlsx"
    terminal.append(
        run(
            tmp_path, "sample", str(folder), "--size", "3", "--seed", "1", "--out", str(sample)
        ).output
    )
    reviewed = fill(sample, out / "reviewed.xlsx", "missing-goal", lambda i, _: i == 0)
    terminal.append(run(tmp_path, "evaluate", str(reviewed)).output)
    terminal.append(run(tmp_path, "evaluate", str(reviewed), "--json", "-").output)
    terminal.append(
        run(
            tmp_path, "check", str(sample), "-v",
            "--json", str(out / "sample.json"), "--html", str(out / "sample.html"),
            "--xlsx", str(out / "sample-report.xlsx"),
        ).output
    )  # fmt: skip
    terminal.append(run(tmp_path, "anonymise", str(folder), "--out", str(out / "anonym")).output)
    terminal.append(
        run(
            tmp_path, "municipal-reports", str(folder), "--as-of", "2014-06-30",
            "--out", str(out / "kommuner"), "--xlsx", "--json", str(out / "kommuner.json"),
        ).output
    )  # fmt: skip
    for lang in ("da", "en"):
        terminal.append(
            run(
                tmp_path, "due", str(folder), "--as-of", "2014-06-30", "--within", "400", "-v",
                "--lang", lang, "--ruleset", "bek2020",
                "--json", str(out / f"due-{lang}.json"), "--xlsx", str(out / f"due-{lang}.xlsx"),
            ).output
        )  # fmt: skip
    terminal.append(
        run(tmp_path, "due", str(folder), "--as-of", "2014-06-30", "--json", "-").output
    )
    terminal.append(run(tmp_path, "columns", str(folder)).output)
    terminal.append(run(tmp_path, "columns", str(folder), "--json", "-").output)
    terminal.append(run(tmp_path, "config", "--show", str(folder)).output)

    written = sorted(p for p in out.rglob("*") if p.is_file())
    suffixes = {p.suffix for p in written}
    assert {".json", ".html", ".xlsx", ".csv"} <= suffixes
    assert len(written) >= 20
    for path in written:
        assert leaks(file_text(path) + path.name, cprs) == [], path.name
    for text in terminal:
        assert leaks(text, cprs) == []
    # The name columns never reach an output; the test would be empty if nothing ran.
    assert all(name.split()[0] not in "".join(terminal) for name in NAMES)
    assert any("P-" in text for text in terminal)


def test_without_a_key_every_output_says_the_pseudonyms_are_not_stable(hostile, tmp_path):
    folder, _ = hostile
    json_out, html, xlsx = tmp_path / "a.json", tmp_path / "a.html", tmp_path / "a.xlsx"
    sample = tmp_path / "s.xlsx"
    no_key = {"INTEGAUDIT_KEY": None}
    args = ("--json", str(json_out), "--html", str(html), "--xlsx", str(xlsx))
    result = run_cli_in(tmp_path, "check", str(folder), "--as-of", "2014-06-30", *args, env=no_key)
    assert result.exit_code == 0, result.output
    assert "tilfældig nøgle" in result.flat
    assert "random key is used" in json_out.read_text()
    assert "Pseudonymerne er ikke stabile" in html.read_text()
    issues = openpyxl.load_workbook(xlsx)["Dataproblemer"]
    assert any("tilfældig nøgle" in str(c) for r in issues.iter_rows(values_only=True) for c in r)
    drawn = run_cli_in(
        tmp_path, "sample", str(folder), "--size", "3", "--seed", "1", "--out", str(sample),
        env=no_key,
    )  # fmt: skip
    assert drawn.exit_code == 0, drawn.output
    method = {
        r[0]: r[1] for r in openpyxl.load_workbook(sample)["Metode"].iter_rows(values_only=True)
    }
    assert method["Pseudonymer"] == "ikke stabile mellem kørsler (tilfældig nøgle)"
    copied = run_cli_in(
        tmp_path, "anonymise", str(folder), "--out", str(tmp_path / "c"), env=no_key
    )
    assert copied.exit_code == 0 and "tilfældig nøgle" in copied.flat
