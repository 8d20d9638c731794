"""integaudit's signature on its reports: a file counts as its report only when it carries the
generator tag and a SHA-256 of its own content that matches (writers.signature)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from integaudit.writers import signature
from integaudit.writers.signature import sign_html, signed_json, verdict
from integaudit.writers.xlsx import StreamingWorkbook

PAGE = '<html><head><meta name="generator" content="integaudit"></head><body>Å</body></html>'


def test_a_signed_page_verifies_and_any_change_breaks_it(tmp_path: Path) -> None:
    path = tmp_path / "r.html"
    signed = sign_html(PAGE)
    assert '<meta name="integaudit-sha256" content="' in signed
    path.write_text(signed, encoding="utf-8")
    assert verdict(path) == "signed"
    path.write_text(signed.replace("Å", "Ä"), encoding="utf-8")
    assert verdict(path) == "other"
    path.write_text(PAGE, encoding="utf-8")
    assert verdict(path) == "unsigned"  # the generator tag alone: an earlier version's look
    path.write_text("<html><body>mine</body></html>", encoding="utf-8")
    assert verdict(path) == "other"


@pytest.mark.parametrize("indent", [None, 2])
def test_a_signed_json_document_is_still_the_document_with_one_key_more(
    tmp_path: Path, indent: int | None
) -> None:
    document = {"schema_version": 1, "total": {"contracts": 3}, "text": "æøå"}
    text = json.dumps(document, indent=indent, ensure_ascii=False) + "\n"
    path = tmp_path / "a.json"
    path.write_bytes(b"".join(signed_json([text[:10], text[10:]])))
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert list(loaded) == [*document, "signature"]
    assert loaded["signature"]["generator"] == "integaudit"
    assert {k: v for k, v in loaded.items() if k != "signature"} == document
    assert verdict(path) == "signed"
    path.write_bytes(path.read_bytes().replace(b'"contracts": 3', b'"contracts": 4'))
    assert verdict(path) == "other"


def test_json_that_merely_has_the_keys_is_not_signed(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"schema_version": 1}', encoding="utf-8")
    assert verdict(path) == "unsigned"
    fake = '{"x": 1, "signature": {"generator": "integaudit", "sha256": "' + "ab" * 32 + '"}}'
    path.write_text(fake, encoding="utf-8")
    assert verdict(path) == "other"
    path.write_text('{"mine": true}', encoding="utf-8")
    assert verdict(path) == "other"


def test_a_signed_workbook_verifies_opens_and_breaks_when_changed(tmp_path: Path) -> None:
    book = StreamingWorkbook(signed=True)
    sheet = book.workbook.add_worksheet("Oversigt")
    sheet.write(0, 0, "Kontrakter")
    sheet.write(0, 1, 109)
    book.workbook.add_worksheet("Revisionsspor").write(0, 0, "x")
    path = tmp_path / "r.xlsx"
    path.write_bytes(book.bytes())
    assert verdict(path) == "signed"
    opened = openpyxl.load_workbook(path)
    assert opened["Oversigt"]["B1"].value == 109
    assert signature.XLSX_PROPERTY in [p.name for p in opened.custom_doc_props.props]
    unsigned = StreamingWorkbook()
    for name in ("Oversigt", "Revisionsspor"):
        unsigned.workbook.add_worksheet(name)
    path.write_bytes(unsigned.bytes())
    assert verdict(path) == "unsigned"  # a report's sheets without a signature


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not a zip", b"\xff\xfe", b"<p>x</p>"])
def test_a_file_that_is_nothing_of_ours_is_other(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "f"
    path.write_bytes(content)
    assert verdict(path) == "other"
    assert verdict(tmp_path / "missing") == "other"
