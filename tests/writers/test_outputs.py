"""Report outputs replace their own earlier selves, never another file a user may have worked
in (an extract, a reviewed sample, a page of their own) unless --force."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli_in
from tests.paths import ROOT

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

EXTRACT = ROOT / "samples" / "rr2014" / "161.xlsx"


def _fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.mark.parametrize("option", ["--xlsx", "--json", "--html"])
def test_check_refuses_to_replace_a_file_that_is_not_its_report(tmp_path: Path, option) -> None:
    target = tmp_path / {"--xlsx": "aarhus.xlsx", "--json": "a.json", "--html": "a.html"}[option]
    if option == "--xlsx":
        shutil.copy(ROOT / "samples" / "rr2014" / "101.xlsx", target)  # another extract
    else:
        target.write_text('{"mine": true}' if option == "--json" else "<p>mine</p>")
    before = _fingerprint(target)
    result = run_cli_in(tmp_path, "check", str(EXTRACT), option, str(target))
    assert result.exit_code == 2, result.output
    assert "er ikke en rapport fra integaudit" in result.flat and "--force" in result.flat
    assert _fingerprint(target) == before
    forced = run_cli_in(tmp_path, "check", str(EXTRACT), option, str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes() != before[0]


def test_check_replaces_its_own_earlier_reports(tmp_path: Path) -> None:
    outputs = ("--xlsx", "r.xlsx", "--json", "r.json", "--html", "r.html")
    for _ in range(2):
        result = run_cli_in(tmp_path, "check", str(EXTRACT), *outputs)
        assert result.exit_code == 0, result.output


def test_evaluate_json_never_replaces_a_reviewed_sample(tmp_path: Path) -> None:
    sample, other = tmp_path / "s.xlsx", tmp_path / "t.xlsx"
    for out, seed in ((sample, "1"), (other, "2")):
        drawn = run_cli_in(
            tmp_path, "sample", str(ROOT / "samples" / "rr2014"), "--size", "60",
            "--seed", seed, "--out", str(out),
        )  # fmt: skip
        assert drawn.exit_code == 0, drawn.output
    before = _fingerprint(other)
    result = run_cli_in(tmp_path, "evaluate", str(sample), "--json", str(other))
    assert result.exit_code == 2, result.output
    assert _fingerprint(other) == before


def test_compare_refuses_to_replace_a_page_of_the_users(tmp_path: Path) -> None:
    audit = tmp_path / "a.json"
    assert run_cli_in(tmp_path, "check", str(EXTRACT), "--json", str(audit)).exit_code == 0
    page = tmp_path / "index.html"
    page.write_text("<html><body>my notes</body></html>", encoding="utf-8")
    result = run_cli_in(tmp_path, "compare", str(audit), str(audit), "--html", str(page))
    assert result.exit_code == 2, result.output
    assert page.read_text(encoding="utf-8") == "<html><body>my notes</body></html>"
    again = tmp_path / "c.html"
    for _ in range(2):  # its own page it replaces
        made = run_cli_in(tmp_path, "compare", str(audit), str(audit), "--html", str(again))
        assert made.exit_code == 0, made.output


def test_an_interrupt_while_the_reports_are_written_leaves_every_earlier_report_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The JSON is written last and in pieces: an interrupt after its first pieces, when the
    # HTML and the workbook are already on disk beside their targets, puts none in place.
    from integaudit.render import json as json_render

    outputs = ("--html", "r.html", "--xlsx", "r.xlsx", "--json", "r.json")
    first = run_cli_in(tmp_path, "check", str(EXTRACT), *outputs, "--lang", "en")
    assert first.exit_code == 0, first.output
    before = {p.name: _fingerprint(p) for p in tmp_path.iterdir()}
    chunks = json_render.chunks

    def interrupted(audit):  # type: ignore[no-untyped-def]
        pieces = chunks(audit)
        yield next(pieces)
        yield next(pieces)
        raise KeyboardInterrupt

    monkeypatch.setattr(json_render, "chunks", interrupted)
    result = run_cli_in(tmp_path, "check", str(EXTRACT), *outputs, "--as-of", "2014-12-31")
    assert result.exit_code == 130, result.output
    assert "Afbrudt" in result.stderr
    assert {p.name: _fingerprint(p) for p in tmp_path.iterdir()} == before
