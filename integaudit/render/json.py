"""The JSON document, schema_version 1 (SPEC §4.5).

The document is indented, in a stable key order, with one line per input, finding, contract
and data issue (readable and diffable). Each line is exactly what
``json.dumps(item, ensure_ascii=False)`` writes for the item, but the lines are put together
column by column: every value of a column is encoded once by the standard library's own C
string encoder (what ``json.dumps`` uses), and a line is a template filled with its encoded
values. At 200 000 contracts that is 380 000 lines and no per-line ``json.dumps`` call. The
lines are made CHUNK_ROWS at a time and the document is given out in pieces
(:func:`chunks`), so it can be written to its file without ever being held whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from json.encoder import encode_basestring
from typing import Any, cast

import numpy as np
import pandas as pd

from integaudit import SCHEMA_VERSION, __version__
from integaudit.audit.thresholds import Verdict
from integaudit.model import Audit
from integaudit.render.details import detail_texts
from integaudit.render.issue_text import issue_message
from integaudit.render.rows import findings, status_table

# Rows of findings or contracts encoded at a time: the text of one chunk is all that is
# held of them at once.
CHUNK_ROWS = 20_000

FINDING_KEYS = ("contract_id", "municipality_code", "municipality", "person", "rule", "detail")
# A missed-follow-up finding also has the contract's follow-up dates on record and the date
# the missed one was due.
FOLLOW_UP_KEYS = ("follow_ups", "due")
INPUT_KEYS = ("path", "sha256", "contracts", "follow_ups")
ISSUE_KEYS = (
    "level",
    "file",
    "sheet",
    "row",
    "column",
    "value",
    "message",
    "kind",
    "header",
    "column_letter",
    "rule",
    "params",
)


def encode(value: Any) -> str:
    """Return ``value`` as JSON text, exactly as ``json.dumps(value, ensure_ascii=False)``
    writes it (strings through the same C encoder; other values through json.dumps)."""
    if type(value) is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    return json.dumps(value, ensure_ascii=False)


def encode_column(values: pd.Series | Sequence[Any], nullable: bool = False) -> list[str]:
    """Return every value of a column as JSON text (see :func:`encode`); with ``nullable``,
    NaN, NaT and pd.NA are written as null, like None."""
    if isinstance(values, pd.Series):
        array = values.to_numpy(dtype=object)
    else:  # never np.asarray: it would turn ["a", 1] into two texts
        array = np.empty(len(values), dtype=object)
        array[:] = list(values)
    missing = pd.isna(array)
    if nullable:
        array = np.where(missing, None, array)  # type: ignore[call-overload]
    codes, uniques = pd.factorize(array)
    if not all(type(value) is str for value in uniques):
        # factorize takes 1, 1.0 and True for one value; JSON does not.
        return [encode_basestring(v) if type(v) is str else encode(v) for v in array]
    # Text columns repeat (rules, statuses, municipalities): each distinct text once.
    encoded = np.array([encode_basestring(value) for value in uniques] + [""], dtype=object)
    out = encoded[codes]
    out[missing] = [encode(value) for value in array[missing]]
    return cast(list[str], out.tolist())


def template(keys: Iterable[str]) -> str:
    """Return a %-template of a JSON object with ``keys`` in order and one ``%s`` per value,
    with the separators json.dumps writes (", " and ": ")."""
    fields = (encode_basestring(key).replace("%", "%%") + ": %s" for key in keys)
    return "{" + ", ".join(fields) + "}"


def _detail(found: pd.DataFrame) -> pd.Series:
    """Return the findings' detail texts in English (the JSON's language)."""
    return detail_texts(found, "en")


def _dates(lists: Iterable[list[str] | None]) -> list[str | None]:
    """Return each list of YYYY-MM-DD texts as a JSON array (None stays None)."""
    return [
        None if dates is None else "[" + ", ".join(map(encode_basestring, dates)) + "]"
        for dates in lists
    ]


def finding_lines(audit: Audit) -> Iterator[list[str]]:
    """Yield the JSON lines of the findings, CHUNK_ROWS at a time, in report order: one per
    finding with contract_id, municipality_code, municipality, person, rule and detail; a
    missed-follow-up finding also has follow_ups (the contract's follow-up dates on record)
    and due (the date the missed one was due)."""
    found = findings(audit)
    plain, dated = template(FINDING_KEYS), template(FINDING_KEYS + FOLLOW_UP_KEYS)
    for start in range(0, len(found), CHUNK_ROWS):
        part = found.iloc[start : start + CHUNK_ROWS]
        columns = [
            encode_column(part["contract_id"]),
            encode_column(part["municipality_code"], nullable=True),
            encode_column(part["municipality"], nullable=True),
            encode_column(part["person"], nullable=True),
            encode_column(part["rule"]),
            encode_column(_detail(part), nullable=True),
        ]
        due = encode_column(pd.to_datetime(part["due"]).dt.strftime("%Y-%m-%d"), nullable=True)
        dates = _dates(part["follow_ups"])
        yield [
            plain % values if follow_ups is None else dated % (*values, follow_ups, day)
            for values, follow_ups, day in zip(zip(*columns, strict=True), dates, due, strict=True)
        ]


def contract_lines(audit: Audit) -> Iterator[list[str]]:
    """Yield the JSON lines of the contracts, CHUNK_ROWS at a time, in report order: one per
    contract with contract_id, municipality_code and its status under each rule."""
    table = status_table(audit)
    # {"contract_id": %s, "municipality_code": %s, "status": {"rule": %s, ...}}
    status = template(audit.rule_ids)
    line = template(("contract_id", "municipality_code", "status")) % ("%s", "%s", status)
    for start in range(0, len(table), CHUNK_ROWS):
        part = table.iloc[start : start + CHUNK_ROWS]
        columns = [
            encode_column(part["contract_id"]),
            encode_column(part["municipality_code"], nullable=True),
            *(encode_column(part[rule]) for rule in audit.rule_ids),
        ]
        yield [line % values for values in zip(*columns, strict=True)]


def input_lines(audit: Audit) -> list[str]:
    """Return one JSON line per input file: path, sha256, contracts and follow-ups read."""
    line = template(INPUT_KEYS)
    return [
        line % tuple(encode(v) for v in (f.path, f.sha256, f.contracts, f.follow_ups))
        for f in audit.extract.inputs
    ]


def issue_lines(audit: Audit) -> list[str]:
    """Return one JSON line per data issue, its message in English; ``rule`` is the rule it
    concerns (rule-not-assessable and the like), else null."""
    line = template(ISSUE_KEYS)
    return [
        line
        % tuple(
            encode(v)
            for v in (
                issue.level,
                issue.file,
                issue.sheet,
                issue.row,
                issue.column,
                issue.value,
                issue_message(issue, "en"),
                issue.kind,
                issue.header,
                issue.letter,
                issue.param_dict().get("rule"),
                issue.param_dict(),
            )
        )
        for issue in audit.extract.issues
    ]


def _block(value: Any) -> str:
    """Return a value indented by two (a key of the document), with json.dumps' indent=2."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")


def list_lines(chunks: Iterable[list[str]]) -> Iterator[str]:
    """Yield a list written one item a line (an empty list as []), a chunk of items at a
    time."""
    opened = False
    for lines in chunks:
        if not lines:
            continue
        yield (",\n    " if opened else "[\n    ") + ",\n    ".join(lines)
        opened = True
    yield "\n  ]" if opened else "[]"


def chunks(audit: Audit) -> Iterator[str]:
    """Yield the JSON text of an audit (texts in English) in pieces, so the document is never
    held whole: the keys of SPEC §4.5 in order, and ``sample_projection`` after them when the
    input was a sample workbook. The verdict (thresholds, strict, fail_on, exit_code) follows
    group_by: the audit's own, or none asked for. The pieces joined are :func:`dumps`."""
    verdict = (audit.verdict or Verdict()).document()
    parts: list[tuple[str, Callable[[], Iterable[str]]]] = [
        ("schema_version", lambda: [_block(SCHEMA_VERSION)]),
        ("kind", lambda: [_block("check")]),
        ("tool", lambda: [_block({"name": "integaudit", "version": __version__})]),
        ("ruleset", lambda: [_block(audit.ruleset)]),
        ("as_of", lambda: [_block(audit.as_of.isoformat())]),
        ("group_by", lambda: [_block(audit.group_by)]),
        *((key, lambda v=value: [_block(v)]) for key, value in verdict.items()),
        ("inputs", lambda: list_lines([input_lines(audit)])),
        ("total", lambda: [_block(audit.total)]),
        ("groups", lambda: [_block(audit.groups)]),
        ("findings", lambda: list_lines(finding_lines(audit))),
        ("contracts", lambda: list_lines(contract_lines(audit))),
        ("data_issues", lambda: list_lines([issue_lines(audit)])),
    ]
    if audit.projection is not None:
        parts.append(("sample_projection", lambda: [_block(audit.projection)]))
    for i, (key, pieces) in enumerate(parts):
        yield ("{\n" if i == 0 else ",\n") + f"  {encode_basestring(key)}: "
        yield from pieces()
    yield "\n}\n"


def dumps(audit: Audit) -> str:
    """Return the JSON text of an audit, whole (see :func:`chunks`)."""
    return "".join(chunks(audit))
