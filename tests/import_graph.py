"""The package's import graph, read from its source: every import of one of its modules by
another, at the top of a file or inside a function, and the checks the layer table
(tests/layers.py) puts on it: no import upward, no import circle.

An import under ``if TYPE_CHECKING:`` is recorded but marked: it never runs, so it names a
type for an annotation and is allowed in any direction and left out of the circles.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Import:
    """One import of a module of the package by another: where it is and whether it only
    runs for a type checker."""

    importer: str
    imported: str
    line: int
    type_checking: bool = False

    def __str__(self) -> str:
        where = " (TYPE_CHECKING)" if self.type_checking else ""
        return f"{self.importer} -> {self.imported} (line {self.line}){where}"


def modules_of(folder: Path, package: str) -> dict[str, Path]:
    """Return dotted module name → file for every Python file of the package in ``folder``."""
    found = {}
    for path in sorted(folder.rglob("*.py")):
        parts = (package, *path.relative_to(folder).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _resolve(name: str, modules: Mapping[str, Path]) -> str | None:
    """Return the module ``name`` denotes: itself or the nearest package holding it (a name
    imported from a module); None when it is not of the package."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _is_type_checking(test: ast.expr) -> bool:
    """Return whether an ``if`` test is ``TYPE_CHECKING`` or ``typing.TYPE_CHECKING``."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> Iterable[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Return every import statement of a module, at any depth, with whether it sits in the
    body of an ``if TYPE_CHECKING:``."""
    stack: list[tuple[ast.AST, bool]] = [(tree, False)]
    while stack:
        node, guarded = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, guarded
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack += [(child, True) for child in node.body]
            stack += [(child, guarded) for child in node.orelse]
            continue
        stack += [(child, guarded) for child in ast.iter_child_nodes(node)]


def imports_in(module: str, source: str, modules: Mapping[str, Path]) -> list[Import]:
    """Return the imports of modules of the package in a module's ``source``, in line order;
    ``from a import b`` counts as an import of ``a.b`` when that is a module, else of ``a``."""
    is_package = module in modules and modules[module].name == "__init__.py"
    found = set()
    for node, guarded in _import_nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                parts = module.split(".")[: len(module.split(".")) - node.level + is_package]
                base = ".".join([*parts, *([base] if base else [])])
            names = [f"{base}.{alias.name}" for alias in node.names]
        for name in names:
            target = _resolve(name, modules)
            if target is not None and target != module:
                found.add(Import(module, target, node.lineno, guarded))
    return sorted(found, key=lambda i: (i.line, i.imported))


def package_imports(folder: Path, package: str) -> list[Import]:
    """Return every import of a module of the package by another, module by module."""
    modules = modules_of(folder, package)
    return [
        found
        for name, path in modules.items()
        for found in imports_in(name, path.read_text(encoding="utf-8"), modules)
    ]


def cycles(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Return the import circles of a graph: each set of modules that reach one another
    (a strongly connected component of two or more), sorted, the list sorted."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        # Tarjan's algorithm without recursion: a frame is a node and its remaining successors.
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            step = next(successors, None)
            if step is None:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif step not in index:
                index[step] = low[step] = len(index)
                stack.append(step)
                on_stack.add(step)
                work.append((step, iter(sorted(graph[step]))))
            elif step in on_stack:
                low[node] = min(low[node], index[step])
    return sorted(found)
