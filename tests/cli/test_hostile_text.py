"""Text a command prints comes from inputs, paths and config: whatever it holds, it is shown as
written and never ends a run. Rich markup ([/], [/red], [bold]) and emoji codes in values,
headers, file and folder names and output names go through every command; so do file names
whose bytes are not UTF-8 or hold an escape sequence, and a COLUMNS of other digits."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import Result, run_cli_in
from tests.paths import BAD

MARKUP = ("[/]", "[/red]", "[bold]")
IN = "in [/red]"  # the folder "in [" holding the folder "red]"
OUT = "o[/]"  # the folder "o[" holding the folder "]"
HEADER = "Kontrakt nr.;Kommune;Overtagelsesdato;Underskrevet;Beskæftigelsesmål;[/red] note [bold]"
ROWS = [
    "K-[/]1;Aarhus;06-01-2014;20-01-2014;Job [bold];[/]",
    "K-2;[/red];06-01-2014;[/red];;:smile: [/]",
]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding the hostile extract under IN and the output folders."""
    root = tmp_path_factory.mktemp("markup")
    folder = root / IN / "[bold] x [" / "]"
    folder.mkdir(parents=True)
    (folder / "kontrakter [").mkdir()
    text = "\r\n".join([HEADER, *ROWS]) + "\r\n"
    (folder / "kontrakter [/].csv").write_bytes(text.encode("cp1252"))
    shutil.copy(BAD / "good.xlsx", root / IN / "odense [bold].xlsx")
    for name in ("a[", "d[", "c[", "s[", "t["):
        (root / OUT / name).mkdir(parents=True)
    return root


def _ran(result: Result, *codes: int) -> Result:
    assert result.exit_code in codes, result.output
    assert "Traceback" not in result.output
    assert "MarkupError" not in result.output
    return result


def _run(root: Path, *args: str, codes: tuple[int, ...] = (0,)) -> Result:
    return _ran(run_cli_in(root, *args, env={"COLUMNS": "200"}), *codes)


@pytest.mark.slow
def test_markup_in_values_headers_and_names_goes_through_every_command(root: Path) -> None:
    audit, html, xlsx = f"{OUT}/a[/].json", f"{OUT}/a[/].html", f"{OUT}/a[/].xlsx"
    checked = _run(
        root, "check", IN, "--as-of", "2014-06-30", "-v", "--lang", "en",
        "--json", audit, "--html", html, "--xlsx", xlsx,
    )  # fmt: skip
    # The names and values as written, not read as markup.
    assert "kontrakter [/].csv" in checked.flat
    assert "[/red]" in checked.flat  # the unknown municipality, as written
    assert f"JSON written to {audit}" in checked.flat
    assert f"HTML report written to {html}" in checked.flat
    doc = json.loads((root / audit).read_text(encoding="utf-8"))
    assert {i["path"] for i in doc["inputs"]} == {
        f"{IN}/[bold] x [/]/kontrakter [/].csv",
        f"{IN}/odense [bold].xlsx",
    }
    stdout = _run(root, "check", IN, "--as-of", "2014-06-30", "--json", "-")
    assert json.loads(stdout.stdout)["total"]["contracts"] == 4
    assert "[/red] note [bold]" in _run(root, "columns", IN, "--lang", "en").flat
    assert "[/red] note [bold]" in _run(root, "columns", IN, "--json", "-").stdout
    due = _run(
        root, "due", IN, "--as-of", "2014-06-30", "-v", "--within", "400",
        "--xlsx", f"{OUT}/d[/].xlsx", "--json", f"{OUT}/d[/].json",
    )  # fmt: skip
    assert "[/red]" in due.flat  # the unknown municipality's group
    compared = _run(
        root, "compare", audit, audit, "--html", f"{OUT}/c[/].html", "--json", f"{OUT}/c[/].json"
    )
    assert "[/red]" in compared.flat
    copied = _run(root, "anonymise", IN, "--out", f"{OUT}/anon[/red]", "--lang", "en")
    assert f"2 file(s) anonymised into {OUT}/anon[/red]" in copied.flat
    reports = _run(
        root, "municipal-reports", IN, "--out", f"{OUT}/mr[/]", "--as-of", "2014-06-30", "--xlsx"
    )
    assert f"skrevet til {OUT}/mr[/]" in reports.flat
    drawn = _run(root, "sample", IN, "--size", "3", "--seed", "1", "--out", f"{OUT}/s[/].xlsx")
    assert f"{OUT}/s[/].xlsx" in drawn.flat
    # Nothing is reviewed yet: a usage error naming the workbook.
    assert f"{OUT}/s[/].xlsx" in _run(root, "evaluate", f"{OUT}/s[/].xlsx", codes=(2,)).flat
    demo = _run(root, "demo-data", f"{OUT}/demo[/]", "--contracts", "20")
    assert f"{OUT}/demo[/]" in demo.flat
    assert f"{OUT}/t[/].xlsx" in _run(root, "template", f"{OUT}/t[/].xlsx").flat
    _run(root, "config", IN)
    assert "[/red]" in _run(root, "check", IN, "--municipality", "[/red]", codes=(2,)).flat
    assert "[/]" in _run(root, "due", IN, "--within", "[/]", codes=(2,)).flat
    missing = _run(root, "check", f"{OUT}/nothing [/red]", "--as-of", "2014-06-30", codes=(2,))
    assert f"{OUT}/nothing [/red]" in missing.flat
    config = _run(root, "check", IN, "--config", f"{OUT}/a[/].toml", codes=(2,))
    assert f"{OUT}/a[/].toml" in config.flat


def test_emoji_codes_and_markup_are_shown_as_written_in_the_data_issues(root: Path) -> None:
    result = _run(root, "check", IN, "--as-of", "2014-06-30", "-v", "--lang", "en")
    # K-2's municipality "[/red]" is unknown: the issue shows it as written.
    assert "[[/red]]: unknown municipality" in result.flat
    assert "😄" not in result.output


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes: Linux")
def test_file_names_of_bytes_that_are_not_utf8_or_hold_escapes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = "\r\n".join([HEADER, "K-1;Odense;06-01-2014;20-01-2014;Job;x"]) + "\r\n"
    os.makedirs(os.fsencode(folder) + b"/\xff\xfe mappe")
    (Path(os.fsdecode(os.fsencode(folder) + b"/\xff\xfe mappe")) / "odense.csv").write_bytes(
        text.encode("cp1252")
    )
    (Path(os.fsdecode(os.fsencode(folder) + b"/esc\x1b[31mred.csv"))).write_bytes(
        text.replace("K-1", "K-2").encode("cp1252")
    )
    outputs = ("--json", "a.json", "--html", "a.html", "--xlsx", "a.xlsx")
    checked = _ran(run_cli_in(tmp_path, "check", "in", "--as-of", "2014-06-30", "-v", *outputs), 0)
    assert "\x1b[31m" not in checked.output
    paths = sorted(i["path"] for i in json.loads((tmp_path / "a.json").read_text())["inputs"])
    assert paths == ["in/esc\ufffd[31mred.csv", "in/\ufffd\ufffd mappe/odense.csv"]
    for command in (
        ("municipal-reports", "in", "--out", "mr", "--as-of", "2014-06-30", "--xlsx"),
        ("due", "in", "--as-of", "2014-06-30", "--json", "d.json", "--xlsx", "d.xlsx"),
        ("sample", "in", "--size", "2", "--seed", "1", "--out", "s.xlsx"),
        ("anonymise", "in", "--out", "anon"),
        ("columns", "in"),
        ("compare", "a.json", "a.json", "--html", "c.html"),
    ):
        _ran(run_cli_in(tmp_path, *command), 0)


def test_a_columns_variable_of_other_digits_is_ignored(root: Path) -> None:
    result = run_cli_in(root, "check", IN, "--as-of", "2014-06-30", env={"COLUMNS": "²³"})
    _ran(result, 0)
