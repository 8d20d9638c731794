"""Report outputs replace their own earlier selves, never another file a user may have worked
in (an extract, a reviewed sample, a page of their own) unless --force."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from integaudit.writers import signature
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


def _extract_named_like_a_report(path: Path) -> None:
    """Write an extract whose sheets happen to bear the report workbook's names."""
    from tests.conftest import write_xlsx

    header = ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet", "Beskæftigelsesmål"]
    write_xlsx(
        path,
        {
            "Kontrakter": [header, ["O-1", "Odense", "06-01-2014", "20-01-2014", "Kok"]],
            "Oversigt": [["Kontrakter i alt", 1]],
            "Revisionsspor": [["Udtrukket", "2014-07-01"]],
        },
    )


@pytest.mark.parametrize("force", [False, True])
def test_an_extract_named_like_a_report_is_audited_and_never_replaced(tmp_path, force) -> None:
    folder = tmp_path / "in"
    _extract_named_like_a_report(folder / "odense.xlsx")
    before = _fingerprint(folder / "odense.xlsx")
    args = ["check", "in", "--as-of", "2014-06-30", "--xlsx", "in/odense.xlsx", "--lang", "en"]
    result = run_cli_in(tmp_path, *args, *(["--force"] if force else []))
    assert result.exit_code == 2, result.output
    assert "refusing to write in/odense.xlsx: it is one of the input files" in result.flat
    assert _fingerprint(folder / "odense.xlsx") == before
    audited = run_cli_in(tmp_path, "check", "in", "--as-of", "2014-06-30", "--json", "-")
    assert [c["contract_id"] for c in json.loads(audited.stdout)["contracts"]] == ["O-1"]


@pytest.mark.parametrize(
    ("option", "content"),
    [
        ("--html", '<html><head><meta name="generator" content="integaudit"></head>mine</html>'),
        ("--json", '{"schema_version": 1, "mine": true}\n'),
        ("--json", '{"schema_version": 1, "signature": {"generator": "integaudit"}}\n'),
    ],
)
def test_a_file_that_merely_looks_like_a_report_is_not_replaced(tmp_path, option, content):
    target = tmp_path / ("page.html" if option == "--html" else "mine.json")
    target.write_text(content, encoding="utf-8")
    before = _fingerprint(target)
    result = run_cli_in(tmp_path, "check", str(EXTRACT), option, str(target), "--lang", "en")
    assert result.exit_code == 2, result.output
    assert f"refusing to replace {target}" in result.flat and "--force" in result.flat
    assert _fingerprint(target) == before


def test_a_report_whose_content_was_changed_is_not_replaced(tmp_path) -> None:
    for option, name in (("--html", "r.html"), ("--json", "r.json"), ("--xlsx", "r.xlsx")):
        made = run_cli_in(tmp_path, "check", str(EXTRACT), option, name)
        assert made.exit_code == 0, made.output
        target = tmp_path / name
        assert signature.verdict(target) == "signed"
        data = bytearray(target.read_bytes())
        if name.endswith(".xlsx"):
            # The same workbook with a cell changed: its parts no longer match the signature.
            data = _with_part_changed(bytes(data))
        else:
            at = data.index(b"Glostrup")
            data[at : at + 8] = b"Glostrap"
        target.write_bytes(bytes(data))
        assert signature.verdict(target) == "other", name
        refused = run_cli_in(tmp_path, "check", str(EXTRACT), option, name)
        assert refused.exit_code == 2, refused.output
        assert target.read_bytes() == bytes(data)


def _with_part_changed(data: bytes) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as dest:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b"<v>", b"<v>9", 1)
            dest.writestr(info, part)
    return out.getvalue()


@pytest.mark.parametrize("link", ["hard", "symbolic"])
def test_an_output_linked_to_an_input_is_refused_even_with_force(tmp_path, link) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    extract = folder / "161.xlsx"
    shutil.copy(EXTRACT, extract)
    before = _fingerprint(extract)
    target = tmp_path / "report.html"
    if link == "hard":
        os.link(extract, target)
    else:
        target.symlink_to(extract)
    result = run_cli_in(tmp_path, "check", "in", "--html", str(target), "--force", "--lang", "en")
    assert result.exit_code == 2, result.output
    assert "it is one of the input files" in result.flat
    assert _fingerprint(extract) == before
    # municipal-reports' national JSON the same: the input is left as it was.
    national = run_cli_in(
        tmp_path, "municipal-reports", "in", "--out", "out", "--json", str(target), "--force"
    )
    assert national.exit_code == 2, national.output
    assert "Traceback" not in national.output
    assert _fingerprint(extract) == before
    named = run_cli_in(
        tmp_path, "municipal-reports", "in", "--out", "out", "--json", "in/161.xlsx", "--force"
    )
    assert named.exit_code == 2, named.output
    assert _fingerprint(extract) == before


def test_a_report_of_an_earlier_version_is_replaced_only_with_force(tmp_path) -> None:
    # Written before reports were signed: the same look, no signature.
    made = run_cli_in(tmp_path, "check", str(EXTRACT), "--json", "old.json", "--html", "old.html")
    assert made.exit_code == 0, made.output
    old_json = tmp_path / "old.json"
    doc = json.loads(old_json.read_text(encoding="utf-8"))
    del doc["signature"]
    old_json.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    old_html = tmp_path / "old.html"
    page = old_html.read_text(encoding="utf-8")
    old_html.write_text(re.sub(r'<meta name="integaudit-sha256"[^>]*>\n', "", page), "utf-8")
    for option, target in (("--json", old_json), ("--html", old_html)):
        assert signature.verdict(target) == "unsigned"
        refused = run_cli_in(tmp_path, "check", str(EXTRACT), option, str(target), "--lang", "en")
        assert refused.exit_code == 2
        assert "a report of an earlier integaudit version" in refused.flat
        forced = run_cli_in(tmp_path, "check", str(EXTRACT), option, str(target), "--force")
        assert forced.exit_code == 0, forced.output
        assert signature.verdict(target) == "signed"
