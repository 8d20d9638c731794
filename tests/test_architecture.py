"""The layout holds: imports flow one way, modules stay small, the CLI stays thin, and the
README's library example runs."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

from tests.paths import ROOT

PACKAGE = ROOT / "integaudit"


def module_name(path: Path) -> str:
    """Return the dotted module name of a file of the package."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Return every integaudit module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("integaudit")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("integaudit"):
            found.add(node.module or "")
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def files_of(*packages: str) -> list[Path]:
    """Return the Python files of the named packages or modules of integaudit."""
    out: list[Path] = []
    for name in packages:
        folder = PACKAGE / name
        out += sorted(folder.rglob("*.py")) if folder.is_dir() else [PACKAGE / f"{name}.py"]
    return out


def imports_of(prefix: str, files: list[Path]) -> list[str]:
    """Return 'module -> import' for each import of ``prefix`` (or below) in ``files``."""
    return [
        f"{module_name(path)} -> {name}"
        for path in files
        for name in sorted(imported(path))
        if name == prefix or name.startswith(prefix + ".")
    ]


@pytest.mark.parametrize("stage", ["ingest", "rules", "aggregate", "render", "audit"])
def test_the_pipeline_never_imports_the_facade_or_the_cli(stage):
    files = files_of(stage)
    assert imports_of("integaudit.api", files) == []
    assert imports_of("integaudit.cli", files) == []


def test_rules_never_import_render():
    assert imports_of("integaudit.render", files_of("rules")) == []


def test_the_facade_never_imports_the_cli():
    assert imports_of("integaudit.cli", files_of("api")) == []


def test_no_pandas_in_the_cli_package():
    for path in files_of("cli"):
        assert not re.search(r"^\s*(import pandas|from pandas)", path.read_text(), re.M), path


def test_no_module_above_400_lines_except_the_message_catalogues():
    long = [
        (str(p.relative_to(ROOT)), n)
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400 and p.parent.name != "i18n"
    ]
    assert long == []


def test_no_command_function_above_40_lines():
    long = [
        (path.name, node.name, node.end_lineno - node.lineno + 1)
        for path in files_of("cli")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > 40
    ]
    assert long == []


def test_the_readmes_library_example_runs(monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use as a library", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("INTEGAUDIT_KEY", os.environ.get("INTEGAUDIT_KEY", "test-key"))
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["rates"]["missing-goal"] == 0.6514
