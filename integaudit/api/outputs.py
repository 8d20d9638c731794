"""What a use case hands the CLI to write: report files, or documents for stdout."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from integaudit.writers.outputs import encoded
from integaudit.writers.signature import sign_comment, signed_json

STDOUT = "-"


@dataclass(frozen=True)
class Output:
    """One output of a command: its kind (``html``, ``xlsx`` or ``json``), where it goes (a
    path as the user gave it, or ``-`` for stdout) and its content: text, bytes, or text in
    pieces made as they are written (read once)."""

    kind: str
    target: str
    data: str | bytes | Iterable[str]

    @property
    def to_stdout(self) -> bool:
        """Return whether the output goes to stdout."""
        return self.target == STDOUT


def file_targets(*targets: str | Path | None) -> list[Path]:
    """Return the targets that are files (not stdout, not unset), as paths."""
    return [Path(t) for t in targets if t is not None and str(t) != STDOUT]


def json_output(
    target: str, document: Any, indent: int | None = None, ascii: bool = False
) -> Output:
    """Return a JSON document as an output, indented by ``indent`` (one line when None),
    non-ASCII kept as it is unless ``ascii``, ending in a newline."""
    return Output("json", target, json.dumps(document, ensure_ascii=ascii, indent=indent) + "\n")


def file_pieces(output: Output) -> Iterable[bytes]:
    """Return the bytes an output's file holds, in pieces: a JSON document with integaudit's
    signature as its last key, JUnit XML and the Markdown summary with theirs as a last
    comment (``writers.signature``; HTML pages and report workbooks are signed as they are
    made), any other output as it is."""
    if output.kind == "json":
        data = output.data
        pieces = [data] if isinstance(data, str) else data
        return signed_json(cast("Iterable[str]", pieces))  # a JSON output is text
    if output.kind in ("junit", "summary") and isinstance(output.data, str):
        return encoded(sign_comment(output.data))
    return encoded(output.data)
