"""integaudit's signature on its reports: how a report it wrote is told from every other file.

A report may replace an earlier report of integaudit's without --force, never another file
(an extract, a reviewed sample, a page of the user's own). A file counts as integaudit's only
when it carries the generator tag and a SHA-256 of its own content that matches — something
no file has by accident, whatever its keys, sheet names or tags:

- HTML: ``<meta name="generator" content="integaudit">`` and, after it,
  ``<meta name="integaudit-sha256" content="HEX">``;
- JSON: the document ends with the key ``"signature": {"generator": "integaudit", "sha256":
  "HEX"}``;
- xlsx: the creator ``integaudit`` in the document properties and the custom document
  property ``integaudit-sha256`` = HEX;
- JUnit XML and the Markdown summary: a last line ``<!-- integaudit-sha256 HEX -->`` (a
  comment in both);
- GitLab Code Quality JSON, an array that can carry no key of its own: only entries whose
  ``check_name`` begins ``integaudit/``, in exactly the bytes integaudit writes them (one
  space of indent, a newline at the end) — an edit that changes a value but keeps that form
  is not told apart, which for a file CI systems write and read is accepted.

For HTML, JSON, JUnit XML and Markdown, HEX is the SHA-256 of the file's bytes with HEX
itself written as 64 zeros. For a workbook it is the SHA-256 of the list of its parts other
than the custom properties, each as ``name NUL sha256(part)`` on a line, in name order: the
zip's own order and compression do not matter. A report of an earlier version carries no
signature; it is replaced only with --force (:func:`looks_unsigned` tells it apart, for the
message).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

GENERATOR = "integaudit"
PLACEHOLDER = "0" * 64
HTML_GENERATOR = f'<meta name="generator" content="{GENERATOR}">'
HTML_SIGNATURE = '<meta name="integaudit-sha256" content="{digest}">'
JSON_SIGNATURE = '"signature": {{"generator": "{generator}", "sha256": "{digest}"}}'
XLSX_PROPERTY = "integaudit-sha256"
COMMENT_SIGNATURE = "<!-- integaudit-sha256 {digest} -->\n"
CUSTOM_PART = "docProps/custom.xml"

_HTML_SIGNED = re.compile(
    re.escape(HTML_GENERATOR).encode()
    + rb'\s*<meta name="integaudit-sha256" content="([0-9a-f]{64})">'
)
_JSON_SIGNED = re.compile(
    rb',\s*"signature": \{"generator": "integaudit", "sha256": "([0-9a-f]{64})"\}\s*\}\s*\Z'
)
_XLSX_SIGNED = re.compile(rb'name="integaudit-sha256"><vt:lpwstr>([0-9a-f]{64})</vt:lpwstr>')
_COMMENT_SIGNED = re.compile(rb"<!-- integaudit-sha256 ([0-9a-f]{64}) -->\n\Z")
_XLSX_CREATOR = re.compile(rb"<dc:creator>integaudit</dc:creator>")
# What an earlier version's report began with, or held (a workbook: its sheet names).
_LEGACY_JSON = (b'"schema_version"', b'"likelihood"')
# How much of a file is looked at to tell its kind and find an HTML signature.
_HEAD = 4096

Verdict = Literal["signed", "unsigned", "other"]


def sign_html(page: str) -> str:
    """Return an HTML page with its signature after its generator tag (the page must have
    the tag: every template of report_templates/ does)."""
    unsigned = page.replace(
        HTML_GENERATOR, HTML_GENERATOR + "\n" + HTML_SIGNATURE.format(digest=PLACEHOLDER), 1
    )
    digest = hashlib.sha256(unsigned.encode("utf-8")).hexdigest()
    return unsigned.replace(HTML_SIGNATURE.format(digest=PLACEHOLDER), _html_tag(digest), 1)


def _html_tag(digest: str) -> str:
    return HTML_SIGNATURE.format(digest=digest)


def signed_json(pieces: Iterable[str]) -> Iterator[bytes]:
    """Yield the UTF-8 bytes of a JSON document given in text pieces, with its signature
    added as its last key; the document (an object) may be indented or on one line."""
    digest = hashlib.sha256()
    held = ""
    for piece in pieces:
        if held:
            data = held.encode("utf-8")
            digest.update(data)
            yield data
        held = piece
    body = held.rstrip()
    if not body.endswith("}"):
        raise ValueError("not a JSON object")
    indented = "\n" in body
    separator = ",\n  " if indented else ", "
    end = "\n}\n" if indented else "}\n"
    last = body[:-1].rstrip() + separator
    tail = JSON_SIGNATURE.format(generator=GENERATOR, digest="{digest}") + end
    digest.update((last + tail.replace("{digest}", PLACEHOLDER)).encode("utf-8"))
    yield (last + tail.replace("{digest}", digest.hexdigest())).encode("utf-8")


def sign_comment(document: str) -> str:
    """Return a JUnit XML or Markdown document with its signature as a last comment line."""
    body = document if document.endswith("\n") else document + "\n"
    unsigned = body + COMMENT_SIGNATURE.format(digest=PLACEHOLDER)
    digest = hashlib.sha256(unsigned.encode("utf-8")).hexdigest()
    return body + COMMENT_SIGNATURE.format(digest=digest)


def parts_digest(parts: dict[str, str]) -> str:
    """Return a workbook's digest from the SHA-256 of each part (name → hex), the custom
    properties' part left out."""
    lines = "".join(
        f"{name}\0{sha}\n" for name, sha in sorted(parts.items()) if name != CUSTOM_PART
    )
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def custom_properties(digest: str) -> bytes:
    """Return the custom document properties part of a signed workbook."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="{XLSX_PROPERTY}"><vt:lpwstr>{digest}</vt:lpwstr></property></Properties>'
    ).encode()


def verdict(path: Path) -> Verdict:
    """Return ``signed`` when the file is a report integaudit wrote (its signature matches
    its content), ``unsigned`` when it looks like a report of an earlier version (no
    signature, so it cannot be told from a user's file of the same look), else ``other``
    (also for a file that cannot be read)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
            if head[:4] == b"PK\x03\x04":
                handle.seek(0)
                return _xlsx_verdict(handle.read())
            if head.lstrip().startswith(b"{"):
                handle.seek(0)
                return _json_verdict(handle.read())
            if HTML_GENERATOR.encode() in head:
                handle.seek(0)
                return _html_verdict(handle.read())
            handle.seek(0)
            data = handle.read()
    except (OSError, ValueError):
        return "other"
    if head.lstrip().startswith(b"["):
        return _codequality_verdict(data)
    return _comment_verdict(data)


def _comment_verdict(data: bytes) -> Verdict:
    found = _COMMENT_SIGNED.search(data, max(0, len(data) - 128))
    if found is None:
        return "other"
    zeroed = data[: found.start(1)] + PLACEHOLDER.encode() + data[found.end(1) :]
    return "signed" if hashlib.sha256(zeroed).hexdigest() == found.group(1).decode() else "other"


def _codequality_verdict(data: bytes) -> Verdict:
    import json

    try:
        entries = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return "other"
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and str(e.get("check_name", "")).startswith("integaudit/")
        for e in entries
    ):
        return "other"
    written = json.dumps(entries, ensure_ascii=False, indent=1) + "\n"
    return "signed" if written.encode("utf-8") == data else "other"


def _html_verdict(data: bytes) -> Verdict:
    found = _HTML_SIGNED.search(data, 0, _HEAD * 4)
    if found is None:
        return "unsigned"
    zeroed = data[: found.start(1)] + PLACEHOLDER.encode() + data[found.end(1) :]
    return "signed" if hashlib.sha256(zeroed).hexdigest() == found.group(1).decode() else "other"


def _json_verdict(data: bytes) -> Verdict:
    found = _JSON_SIGNED.search(data, max(0, len(data) - 512))
    if found is None:
        return "unsigned" if any(key in data[:_HEAD] for key in _LEGACY_JSON) else "other"
    zeroed = data[: found.start(1)] + PLACEHOLDER.encode() + data[found.end(1) :]
    return "signed" if hashlib.sha256(zeroed).hexdigest() == found.group(1).decode() else "other"


def xlsx_verdict(data: bytes) -> Verdict:
    """Return the verdict on a workbook's bytes (see :func:`verdict`); a workbook with
    integaudit's report sheets and no signature is ``unsigned``."""
    return _xlsx_verdict(data)


def _xlsx_verdict(data: bytes) -> Verdict:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if CUSTOM_PART not in names:
                return "unsigned" if _report_sheets(archive) else "other"
            found = _XLSX_SIGNED.search(archive.read(CUSTOM_PART))
            core = archive.read("docProps/core.xml") if "docProps/core.xml" in names else b""
            if found is None or _XLSX_CREATOR.search(core) is None:
                return "unsigned" if _report_sheets(archive) else "other"
            parts = {name: _part_sha(archive, name) for name in names if name != CUSTOM_PART}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, KeyError):
        return "other"
    return "signed" if parts_digest(parts) == found.group(1).decode() else "other"


def _part_sha(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _report_sheets(archive: zipfile.ZipFile) -> bool:
    """Return whether the workbook's sheets are named as integaudit's report workbook's."""
    from integaudit.i18n import CATALOGUES

    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except KeyError:
        return False
    names = set(re.findall(r'<sheet [^>]*name="([^"]*)"', workbook))
    return any(
        {catalogue[first], catalogue["xlsx.trail"]} <= names
        for catalogue in CATALOGUES.values()
        for first in ("xlsx.summary", "xlsx.findings")
    )
