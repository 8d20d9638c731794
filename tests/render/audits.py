"""Audits to render in the renderers' tests: captured from a real `integaudit check` run, and
an extract whose texts need escaping in every output."""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

from integaudit.model import Audit
from integaudit.render import json as json_render
from tests.conftest import run_cli_in, write_xlsx
from tests.paths import ROOT


def audit_of(cwd: Path, *args: str) -> Audit:
    """Return the Audit that ``integaudit check ARGS --json -`` (run in ``cwd``) renders."""
    captured: list[Audit] = []
    real = json_render.chunks

    def capture(audit: Audit) -> Iterator[str]:
        captured.append(audit)
        return real(audit)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(json_render, "chunks", capture)
        result = run_cli_in(cwd, "check", *args, "--json", "-")
    assert result.exit_code in (0, 1), result.output
    return captured[0]


def sample_audit(name: str) -> Audit:
    """Return the audit of samples/NAME as `make demo` runs it (from the repository root): a
    copy of the one run a session makes of each sample, so no test sees another's changes."""
    return copy.deepcopy(_sample_audit(name))


@functools.cache
def _sample_audit(name: str) -> Audit:
    return audit_of(ROOT, f"samples/{name}")


# Texts that JSON, XML and the workbook must escape or keep as they are.
AWKWARD = (
    'quote " and backslash \\',
    "tab\tand newline\nin a cell",
    "æøå ÆØÅ – “curly” and an emoji 😀",
    "line\u2028separator and %s %d %% placeholders",
    "  leading and trailing spaces  ",
    "<b>&amp;</b>",
    '=HYPERLINK("http://x","y")',
)


def awkward_extract(folder: Path) -> Path:
    """Write an extract whose ids, municipalities and goals hold every text of AWKWARD, with
    an unknown municipality, a contract without a person and an unreadable date."""
    header = ["Kontrakt nr.", "Kommune", "Borger", "Overtagelsesdato", "Underskrevet", "Jobmål"]
    rows: list[list[object]] = [header]
    for i, text in enumerate(AWKWARD):
        rows.append([f"K-{i} {text}", "Aarhus", text, dt.date(2014, 1, 10), None, ""])
        rows.append([f"L-{i}", text, None, dt.date(2014, 2, 1), dt.date(2014, 4, 1), text])
    rows.append(["M-1", "Odense", "B1", "not a date", dt.date(2014, 4, 1), "Job"])
    return write_xlsx(folder / "awkward.xlsx", {"Kontrakter": rows})
