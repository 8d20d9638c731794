"""The layout holds: imports flow one way, modules stay small, the CLI stays thin, and the
README's library example runs."""

from __future__ import annotations

import ast
import os
import re
import shutil
from pathlib import Path

import pytest

from tests import layers
from tests.import_graph import Import, cycles, modules_of, package_imports
from tests.paths import ROOT

PACKAGE = ROOT / "integaudit"


def files_of(*packages: str) -> list[Path]:
    """Return the Python files of the named packages or modules of integaudit."""
    out: list[Path] = []
    for name in packages:
        folder = PACKAGE / name
        out += sorted(folder.rglob("*.py")) if folder.is_dir() else [PACKAGE / f"{name}.py"]
    return out


def short(module: str) -> str:
    """Return a module's name as the layer table writes it (below ``integaudit``)."""
    return module.removeprefix("integaudit.") if module != "integaudit" else "__init__"


def upward(imports: list[Import]) -> list[str]:
    """Return the imports the layer table forbids (neither its own nor a lower layer it may
    import, nor a temporary exception), TYPE_CHECKING ones aside."""
    return [
        str(i)
        for i in imports
        if not i.type_checking
        and not layers.allowed(i.importer, i.imported)
        and (short(i.importer), short(i.imported)) not in layers.TEMPORARY
    ]


def circles(imports: list[Import]) -> list[list[str]]:
    """Return the import circles over every import that runs (TYPE_CHECKING ones aside),
    leaving out the temporary exceptions."""
    return cycles(
        (i.importer, i.imported)
        for i in imports
        if not i.type_checking and (short(i.importer), short(i.imported)) not in layers.TEMPORARY
    )


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return package_imports(PACKAGE, "integaudit")


def test_every_module_belongs_to_a_layer():
    assert [m for m in modules_of(PACKAGE, "integaudit") if layers.layer_of(m) is None] == []


def test_the_layer_table_runs_one_way():
    below: set[str] = set()
    for layer in layers.LAYERS:
        assert set(layer.may) <= below, layer.name
        below.add(layer.name)


def test_every_import_follows_the_layers(imports):
    assert upward(imports) == []


def test_no_import_circle_in_the_package(imports):
    assert circles(imports) == []


def test_every_temporary_exception_is_still_needed(imports):
    edges = {(short(i.importer), short(i.imported)) for i in imports if not i.type_checking}
    for importer, imported in layers.TEMPORARY:
        assert (importer, imported) in edges, f"{importer} -> {imported} is gone: drop it"
        assert not layers.allowed(f"integaudit.{importer}", f"integaudit.{imported}")


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("ingest.files", "api.check"),
        ("rules.base", "cli.common"),
        ("aggregate", "api"),
        ("render.html", "cli"),
        ("audit", "api.settings"),
        ("rules.contents.missing_goal", "render.html"),
        ("api.check", "cli.common"),
        ("i18n", "rules.rulesets"),
        ("i18n", "coverage"),
        ("i18n", "ingest.limits"),
        ("errors", "render.issue_text"),
        ("rules.catalogue", "ingest"),
        ("rules.catalogue", "audit"),
        ("writers.outputs", "ingest"),
        ("aggregate", "sampling.stats"),
        ("municipal", "render.municipal"),
    ],
)
def test_the_table_forbids_what_the_house_never_does(importer, imported):
    assert not layers.allowed(f"integaudit.{importer}", f"integaudit.{imported}")


def _write(root: Path, files: dict[str, str]) -> None:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")


def test_the_checker_reports_an_upward_import_and_a_circle(tmp_path):
    _write(
        tmp_path / "integaudit",
        {
            "__init__.py": "",
            "model.py": "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from integaudit.render.html import page\n",
            "i18n/__init__.py": "def text():\n    from integaudit.render.html import page\n",
            "render/__init__.py": "",
            "render/html.py": "from . import terminal\npage = 1\n",
            "render/terminal.py": "import integaudit.render.html\n",
        },
    )
    found = package_imports(tmp_path / "integaudit", "integaudit")
    assert upward(found) == ["integaudit.i18n -> integaudit.render.html (line 2)"]
    assert circles(found) == [["integaudit.render.html", "integaudit.render.terminal"]]


def test_the_checker_fails_on_an_upward_import_added_to_the_package(tmp_path):
    copy = tmp_path / "integaudit"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "data"))
    assert upward(package_imports(copy, "integaudit")) == []
    assert circles(package_imports(copy, "integaudit")) == []
    goals = copy / "rules" / "contents" / "missing_goal.py"
    goals.write_text(
        goals.read_text(encoding="utf-8")
        + "\n\ndef _drawn():\n    from integaudit.render.terminal import render\n",
        encoding="utf-8",
    )
    found = package_imports(copy, "integaudit")
    assert [line.split(" (")[0] for line in upward(found)] == [
        "integaudit.rules.contents.missing_goal -> integaudit.render.terminal"
    ]
    assert circles(found) != []


def test_the_docs_show_the_layer_table():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert layers.documented(text) == layers.markdown(), "run python -m tests.layers"


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
