"""A CPR number however it is written — separators of every kind between its groups, the
dashed date, fullwidth digits — in every field, a header, a sheet name and a file name never
reaches an output of any command (SPEC §1.3, §4.4). A property: each example writes an
extract with one number spelled one way everywhere, runs every command that reads extracts
with every output it has, and scans the terminal, every file written and its name."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import run_cli_in, write_xlsx
from tests.helpers import derandomised
from tests.privacy.helpers import fake_cprs, file_text

NUMBERS = fake_cprs(40, seed=24)
# Between the birth date and the sequence number: up to three of these.
SEPARATORS = (
    "-./ _\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00a0\u2007\u2009\u202f\u3000\u00ad"
    "\u200b\u200c\u2060\ufeff\x01\x0b\x1f\t"
)
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
HEADER = [
    "Kontrakt nr.", "Kommune", "CPR-nr", "Overtagelsesdato", "Underskrevet",
    "Beskæftigelsesmål", "Koordinerende enhed", "Opfølgninger",
]  # fmt: skip
PSEUDONYM = re.compile(r"P-[0-9a-f]{12}")


@st.composite
def spellings(draw: st.DrawFn) -> tuple[str, str]:
    """Return (the number's 10 digits, the number written some way)."""
    number = draw(st.sampled_from(NUMBERS)).replace("-", "")
    dated = draw(st.sampled_from(["", "-", ".", "/", " "]))
    between = draw(st.text(alphabet=SEPARATORS, max_size=3))
    written = f"{number[:2]}{dated}{number[2:4]}{dated}{number[4:6]}{between}{number[6:]}"
    if draw(st.booleans()):
        written = written.translate(FULLWIDTH)
    return number, written


def _extract(folder: Path, written: str) -> None:
    """Write an extract holding the number in every field, a header, a sheet name and the
    file names (a workbook cannot hold control characters: there, without them)."""
    plain = "".join(ch for ch in written if ch.isprintable() or ch == " ")
    rows = [
        [*HEADER, f"Note {written}"],
        [written, "Aarhus", written, "06-01-2014", "20-01-2014", f"Job ({written})",
         f"Jobcenter v/ {written}", f"15-03-2014; {written}", written],
        ["K-2", f"Kommune {written}", f"borger {written}", "06-01-2014", written, None, None,
         "15-03-2014; 10-05-2014", f"ring {written}"],
    ]  # fmt: skip
    folder.mkdir()
    text = io.StringIO(newline="")
    # Every field quoted, as a tab or line break inside one must be for the file to be read.
    csv.writer(text, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(
        ["" if c is None else c for c in row] for row in rows
    )
    file_name = "udtraek " + "".join(ch if ch.isprintable() else "_" for ch in plain) + ".csv"
    (folder / file_name.replace("/", "_")).write_text(text.getvalue(), "utf-8")
    clean = [[plain if c == written else c for c in row] for row in rows]
    clean = [[c.replace(written, plain) if isinstance(c, str) else c for c in r] for r in clean]
    sheet = "Borger " + plain.replace("/", "_")[:20]
    write_xlsx(folder / "odense.xlsx", {sheet: [[*HEADER, "Note"], *[r[:9] for r in clean[1:]]]})


def _leaked(text: str, number: str) -> bool:
    """Return whether ``text`` holds the number in any spelling: its digits (read as 0-9)
    in a row once everything but letters and digits is taken out, pseudonyms first."""
    text = PSEUDONYM.sub(" ", text)
    digits = "".join(
        str(int(ch)) if ch.isdecimal() else ch if ch.isalpha() else ""
        for ch in text
        if ch.isalnum()
    )
    return number in digits


def _outputs(root: Path, written: str) -> list[str]:
    """Run every command that reads the extract, with every output it has; return the
    terminal texts (the files are under root/out)."""
    out = root / "out"
    out.mkdir()
    terminal = []
    commands = [
        ["check", "in", "--as-of", "2014-06-30", "-v", "--json", "out/a.json",
         "--html", "out/a.html", "--xlsx", "out/a.xlsx"],
        ["check", "in", "--as-of", "2014-06-30", "--json", "-", "--lang", "en"],
        ["compare", "out/a.json", "out/a.json", "--html", "out/c.html", "--json", "out/c.json"],
        ["due", "in", "--as-of", "2014-06-30", "--within", "400", "-v", "--ruleset", "bek2020",
         "--json", "out/d.json", "--xlsx", "out/d.xlsx"],
        ["municipal-reports", "in", "--as-of", "2014-06-30", "--out", "out/mr", "--xlsx",
         "--json", "out/n.json"],
        ["sample", "in", "--size", "2", "--method", "random", "--seed", "1", "--out", "out/s.xlsx",
         "--as-of", "2014-06-30"],
        ["anonymise", "in", "--out", "out/anon"],
        ["columns", "in"],
        ["columns", "in", "--json", "-"],
    ]  # fmt: skip
    for args in commands:
        result = run_cli_in(root, *args)
        assert result.exit_code in (0, 1), (written, args, result.output)
        assert "Traceback" not in result.output
        terminal.append(result.output)
    return terminal


@pytest.mark.slow
@derandomised(6)
@given(spellings())
def test_a_cpr_number_in_any_spelling_reaches_no_output_of_any_command(
    spelled: tuple[str, str],
) -> None:
    number, written = spelled
    with tempfile.TemporaryDirectory() as name:
        root = Path(name)
        _extract(root / "in", written)
        terminal = _outputs(root, written)
        for text in terminal:
            assert not _leaked(text, number), (written, text)
        written_files = [p for p in (root / "out").rglob("*") if p.is_file()]
        assert len(written_files) >= 15
        for path in written_files:
            assert not _leaked(file_text(path) + path.name, number), (written, path.name)
        # The extract did hold it, in the form the scan finds.
        assert _leaked((root / "in" / "odense.xlsx").name + written, number)
