"""Start-up: `integaudit --help`, `--version` and `rules` load neither pandas, openpyxl nor
jinja2 (each command imports what it needs when it runs); `make bench` times them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.paths import ROOT

# Subprocesses that import the package afresh: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

HEAVY = ("pandas", "openpyxl", "jinja2", "python_calamine", "xlsxwriter", "scipy")

LOADED = """
import json, sys
from integaudit.cli import app
args = json.loads(sys.argv[1])
if args is not None:
    from typer.testing import CliRunner
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip(), "no output"
print(json.dumps(sorted(m for m in {heavy} if m in sys.modules)))
"""


def loaded(args: list[str] | None) -> list[str]:
    """Return the heavy modules loaded by importing the CLI and, unless None, running it
    with ``args``, in a fresh interpreter."""
    code = LOADED.format(heavy=repr(HEAVY))
    found = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(found.stdout.strip().splitlines()[-1])


def test_importing_the_cli_loads_no_pandas():
    assert loaded(None) == []


@pytest.mark.parametrize(
    "args",
    [["--version"], ["--help"], ["rules"], ["rules", "--lang", "en", "--ruleset", "bek2020"]],
)
def test_help_version_and_rules_load_no_pandas_openpyxl_or_jinja2(args):
    assert loaded(args) == []


def test_a_command_that_audits_still_loads_what_it_needs():
    assert "pandas" in loaded(["rules", "missing-goal"])


def test_check_with_json_only_loads_neither_the_workbook_nor_the_page_renderer(tmp_path):
    # openpyxl and jinja2 take a tenth of a second to import, before any file is read.
    out = tmp_path / "a.json"
    args = ["check", str(ROOT / "samples" / "rr2014"), "--as-of", "2024-06-30", "--json", str(out)]
    found = loaded(args)
    assert "pandas" in found and "python_calamine" in found
    assert not {"openpyxl", "jinja2", "xlsxwriter"} & set(found)
    assert out.stat().st_size > 0
