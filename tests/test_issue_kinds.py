"""Every data issue is logged with an IssueKind member, never a string: a renamed or mistyped
kind is then an error of the type checker and of the import, not a message key no catalogue
holds. The scan looks at every call that records an issue or carries its kind."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from integaudit.issues import IssueKind
from tests.paths import ROOT

PACKAGE = ROOT / "integaudit"
# Calls that take a data issue's kind: (name, position of the kind among the arguments).
KIND_ARGUMENT = {"add": 1, "add_rows": 1, "DataIssue": 1, "ReadError": 0, "Found": 2}
# IssueLog.add and add_rows begin with the level; a rule's Details.add (a mask and a detail
# kind) does not.
LOG_CALLS = {"add", "add_rows"}
LEVELS = {"error", "warning", "info"}
KINDS = {kind.value for kind in IssueKind}


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _literals(arg: ast.expr) -> list[ast.Constant]:
    """Return the string literals an argument may be (either branch of a conditional)."""
    branches = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
    return [b for b in branches if isinstance(b, ast.Constant) and isinstance(b.value, str)]


def _is_issue_log_call(node: ast.Call) -> bool:
    first = node.args[0] if node.args else None
    leveled = any(c.value in LEVELS for c in _literals(first)) if first is not None else False
    kinds = [c for a in node.args[1:2] for c in _literals(a)]
    kinds += [c for k in node.keywords if k.arg == "kind" for c in _literals(k.value)]
    return leveled or any(c.value in KINDS for c in kinds)


def _string_kinds(node: ast.Call) -> list[ast.Constant]:
    """Return the string literals a kind-taking call is given as the kind: by position or as
    ``kind=`` (``problem=`` of any call)."""
    found = [c for k in node.keywords if k.arg == "problem" for c in _literals(k.value)]
    name = _called(node)
    if name not in KIND_ARGUMENT or (name in LOG_CALLS and not _is_issue_log_call(node)):
        return found
    position = KIND_ARGUMENT[name]
    given = node.args[position : position + 1] + [k.value for k in node.keywords if k.arg == "kind"]
    return found + [c for arg in given for c in _literals(arg)]


def string_kinds(source: str) -> list[int]:
    """Return the line of every kind-taking call in ``source`` given a string literal kind."""
    tree = ast.parse(source)
    return [
        literal.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for literal in _string_kinds(node)
    ]


def _issue_modules() -> list[Path]:
    # The catalogues are prose keyed by kind; issues.py defines the kinds.
    skip = {PACKAGE / "issues.py", PACKAGE / "i18n" / "da.py", PACKAGE / "i18n" / "en.py"}
    return [p for p in sorted(PACKAGE.rglob("*.py")) if p not in skip]


def test_no_data_issue_is_logged_with_a_string_kind() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _issue_modules()
        for line in string_kinds(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "source",
    [
        'log.add("warning", "unreadable-date", file, sheet, row)',
        'log.add_rows("warning", "missing-municipality", where, "municipality")',
        'issues.append(DataIssue("warning", "random-key"))',
        'raise ReadError("file-corrupt", str(exc))',
        'found.append(Found(path, str(path), "path-missing"))',
        'log.add("info", "sheet-no-header" if filled else IssueKind.SHEET_EMPTY, file)',
        'result = FileResult(path, shown, problem="file-too-large")',
        'log.add(level, kind="file-empty")',
    ],
)
def test_the_scan_finds_a_string_kind(source: str) -> None:
    assert string_kinds(source) == [1]


def test_the_scan_passes_members_and_what_is_not_a_kind() -> None:
    source = "\n".join(
        [
            'log.add("warning", IssueKind.UNREADABLE_DATE, file, sheet, row, "contract_id")',
            "log.add(level, kind, file)",
            'seen.add("x")',
            'details.add(mask & late, "signing.signed-after", days=days)',
            'frame.sort_values(["uid"], kind="stable")',
            'raise IntegauditError(key="unknown-ruleset", value="x")',
        ]
    )
    assert string_kinds(source) == []


def test_every_kind_has_its_messages() -> None:
    """Each member is a key of both catalogues, with its short name (README, "Data issues")."""
    from integaudit.i18n import CATALOGUES

    for lang, catalogue in CATALOGUES.items():
        missing = [k.value for k in IssueKind if k.value not in catalogue]
        assert missing == [], lang
        unnamed = [k.value for k in IssueKind if f"kind.{k.value}" not in catalogue]
        assert unnamed == [], lang
