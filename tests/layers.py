"""The layers of the package and what each may import: declared once, here.

``tests/test_architecture.py`` checks every import of the package against this table (at the
top of a file or inside a function), and that ``docs/architecture.md`` shows it as
:func:`markdown` writes it; ``python -m tests.layers`` rewrites that section of the docs.

A module belongs to the layer of its longest name in ``modules`` (``privacy.pseudonyms`` is
read by ``ingest``, the rest of ``privacy`` sits higher). A module may import its own layer
and the layers named in ``may``, all of them below it; nothing else, except:

- an import under ``if TYPE_CHECKING:``, which never runs and only names a type for an
  annotation, may go in any direction;
- the named exceptions of ``TEMPORARY``, each saying what must move for it to go. The test
  fails when one of them is no longer needed, so the table never holds a stale one.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from tests.paths import DOCS

PACKAGE = "integaudit"


@dataclass(frozen=True)
class Layer:
    """A layer of the package: its modules (names below ``integaudit``, ``__init__`` for the
    package itself), what it is for and the layers below it that it may import."""

    name: str
    modules: tuple[str, ...]
    purpose: str
    may: tuple[str, ...]


# Bottom first.
LAYERS: tuple[Layer, ...] = (
    Layer(
        "i18n",
        ("i18n",),
        "every user-facing string: one catalogue per language (`da`, `en`: the same keys, each "
        "with the same placeholders; `template`, the input template's texts), `text(key, lang)`, "
        "`Message` and `Words` (put in words once the language is known), numbers, rates and "
        "sizes in the language's format; it words what it is given",
        (),
    ),
    Layer(
        "foundation",
        (
            "__init__",
            "model",
            "issues",
            "errors",
            "municipalities",
            "layout",
            "intervals",
            "figures",
            "signals",
            "memory",
        ),
        "the version and `SCHEMA_VERSION` of every JSON document, canonical fields, `DataIssue` "
        "and its kinds, the one error type, the municipality table, sheet layouts, Wilson "
        "intervals, stopping on signals, the allocator's threshold and how often garbage is "
        "collected",
        ("i18n",),
    ),
    Layer(
        "writers",
        ("writers",),
        "files written: the input template, demo data and synthetic extracts, deterministic "
        "xlsx bytes, outputs staged beside their targets and put in place together",
        ("i18n", "foundation"),
    ),
    Layer(
        "ingest",
        (
            "ingest",
            "config",
            "privacy.pseudonyms",
            "privacy.keys",
            "privacy.run",
        ),
        "files → canonical frames and data issues; the config files (`config`: each file's "
        "config, advice on headers and texts not recognised); keyed pseudonyms of CPR "
        "numbers, their key and the run's pseudonymiser",
        ("i18n", "foundation", "writers"),
    ),
    Layer(
        "rules",
        ("rules",),
        "one module per rule (its metadata and vectorised `evaluate`) in a package per family, "
        "the rulesets, the worked examples as data",
        ("i18n", "foundation"),
    ),
    Layer(
        "audit",
        ("audit", "config.starter"),
        "rules applied (`audit.run`); groups, rates, the baseline; what could not be assessed; "
        "the verdict; two audits compared; open deadlines; one cut per municipality; "
        "the starter config `init` writes",
        ("i18n", "foundation", "ingest", "rules"),
    ),
    Layer(
        "sampling",
        ("sampling",),
        "samples drawn, planned and evaluated; a reviewed sample read back; the projection",
        ("i18n", "foundation", "writers", "ingest", "rules", "audit"),
    ),
    Layer(
        "privacy",
        ("privacy",),
        "anonymised copies of workbooks and configs",
        ("i18n", "foundation", "writers", "ingest"),
    ),
    Layer(
        "render",
        ("render",),
        "everything drawn: terminal, JSON, HTML, xlsx, CI formats; sentences built from "
        "the audit's data (data issues, coverage, breaches, column maps)",
        ("i18n", "foundation", "writers", "ingest", "rules", "audit", "sampling"),
    ),
    Layer(
        "api",
        ("api",),
        "the use cases (one function and options class each), settings precedence, the "
        "worked examples run, the JSON Schemas",
        (
            "i18n",
            "foundation",
            "writers",
            "ingest",
            "rules",
            "audit",
            "sampling",
            "privacy",
            "render",
        ),
    ),
    Layer(
        "cli",
        ("cli", "__main__"),
        "options parsed, the facade called, its results rendered and written",
        ("i18n", "foundation", "writers", "ingest", "audit", "render", "api"),
    ),
)

# (importer, imported) → what must move for the import to go. Only for files being changed
# elsewhere at the moment; each is to be removed with the change it names.
TEMPORARY: dict[tuple[str, str], str] = {}


def _full(name: str) -> str:
    """Return the dotted module name of a name of the table."""
    return PACKAGE if name == "__init__" else f"{PACKAGE}.{name}"


def layer_of(module: str, layers: tuple[Layer, ...] = LAYERS) -> Layer | None:
    """Return the layer a module belongs to (its longest matching name), None when none."""
    best: tuple[int, Layer] | None = None
    for layer in layers:
        for name in layer.modules:
            full = _full(name)
            matches = module == full or (name != "__init__" and module.startswith(full + "."))
            if matches and (best is None or len(full) > best[0]):
                best = (len(full), layer)
    return best[1] if best else None


def allowed(importer: str, imported: str, layers: tuple[Layer, ...] = LAYERS) -> bool:
    """Return whether the table lets ``importer`` import ``imported``: the same layer or one
    it names in ``may``."""
    low, high = layer_of(imported, layers), layer_of(importer, layers)
    return low is not None and high is not None and (low == high or low.name in high.may)


def _cell(names: tuple[str, ...]) -> str:
    return ", ".join(f"`{n}`" for n in names) if names else "nothing"


def markdown(layers: tuple[Layer, ...] = LAYERS) -> str:
    """Return the layer table as docs/architecture.md shows it, top layer first, then the
    temporary exceptions."""
    lines = ["| layer | modules | what it is for | may import |", "|---|---|---|---|"]
    for layer in reversed(layers):
        modules = ", ".join(f"`{m}`" for m in layer.modules)
        lines.append(f"| {layer.name} | {modules} | {layer.purpose} | {_cell(layer.may)} |")
    if TEMPORARY:
        lines += ["", "Temporary exceptions (each goes with the change it names):", ""]
        lines += [f"- `{a}` → `{b}`: {why}." for (a, b), why in TEMPORARY.items()]
    else:
        lines += ["", "No exceptions: every import of the package follows the table."]
    return "\n".join(lines)


START = "<!-- layers: generated by `python -m tests.layers` from tests/layers.py -->"
END = "<!-- /layers -->"


def documented(text: str) -> str:
    """Return the generated section of a document (between START and END)."""
    return text.split(START, 1)[1].split(END, 1)[0].strip() if START in text else ""


def rewrite_docs() -> None:
    """Rewrite the layer table in docs/architecture.md from this module."""
    path = DOCS / "architecture.md"
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    path.write_text(f"{head}{START}\n{markdown()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    rewrite_docs()
    sys.stdout.write("docs/architecture.md: layer table rewritten\n")
