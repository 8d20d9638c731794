"""Adding a rule touches one module: each rule lives in its own module
(``rules/<family>/<rule>.py``) with its metadata and evaluate, and lists in one place
(``rules.base.catalogue_keys``) every catalogue key it is worded with. Every such key is in
both catalogues with the same placeholders, and no rule, detail or due key is left without a
rule."""

from __future__ import annotations

import ast
import importlib
import string
from pathlib import Path

import pytest

from integaudit.audit.run import FOLLOW_UP_RULE, NOT_HELD_PARTS
from integaudit.i18n import CATALOGUES
from integaudit.rules.base import KEY_KINDS, Rule, catalogue_keys
from integaudit.rules.details import PART_SEPARATOR
from integaudit.rules.rulesets import RULESETS
from tests.paths import ROOT

RULES = ROOT / "integaudit" / "rules"
EVERY_RULE = [(name, rule) for name, rules in RULESETS.items() for rule in rules]
# The key kinds a rule owns: a key of these kinds that no rule lists is left over.
OWNED = ("rule.", "detail.", "due.fix.", "due.need.")


def ids(value: object) -> str:
    return value if isinstance(value, str) else getattr(value, "id", str(value))


def module_name(path: Path) -> str:
    """Return the dotted name of a module of the package."""
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def family_modules() -> list[Path]:
    """Return the modules of the rule family packages (``rules/<family>/*.py``)."""
    return sorted(p for p in RULES.glob("*/*.py") if p.name != "__init__.py")


def rules_defined_in(path: Path) -> list[Rule]:
    """Return the rules a module binds at its top level."""
    module = importlib.import_module(module_name(path))
    return [value for value in vars(module).values() if isinstance(value, Rule)]


def test_every_rule_lives_in_a_module_of_its_own_in_a_family_package():
    found: dict[int, Path] = {}
    for path in family_modules():
        defined = rules_defined_in(path)
        assert len(defined) <= 1, f"{path.name} holds {len(defined)} rules"
        for rule in defined:
            found[id(rule)] = path
    for name, rule in EVERY_RULE:
        assert id(rule) in found, f"{name} {rule.id} is not in a module of its own"
    assert len({id(rule) for _, rule in EVERY_RULE}) == len(found)


def test_loading_every_rule_loads_no_pandas():
    import subprocess
    import sys

    code = (
        "import sys; import integaudit.rules.rulesets; "
        "print([m for m in ('pandas', 'numpy') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


@pytest.mark.parametrize(("ruleset", "rule"), EVERY_RULE, ids=ids)
def test_every_key_a_rule_lists_is_in_every_catalogue_with_the_same_placeholders(ruleset, rule):
    keys = catalogue_keys(rule)
    assert set(keys) == set(KEY_KINDS)
    assert keys["rule.<id>"] and keys["detail.<kind>"], rule.id
    for key in set().union(*keys.values()):
        spelled = {
            lang: {name for _, name, _, _ in string.Formatter().parse(catalogue[key]) if name}
            for lang, catalogue in CATALOGUES.items()
            if key in catalogue
        }
        assert set(spelled) == set(CATALOGUES), f"{key} missing in some language"
        assert len({frozenset(names) for names in spelled.values()}) == 1, key


def test_a_rule_lists_due_fix_without_a_deadline_and_its_steps_with_one():
    for _, rule in EVERY_RULE:
        keys = catalogue_keys(rule)
        if rule.deadline is None:
            assert keys["due.fix.<id>"] == {f"due.fix.{rule.id}"} and not rule.steps
        else:
            assert not keys["due.fix.<id>"] and rule.steps, rule.id


def test_no_rule_detail_or_due_key_exists_without_a_rule():
    listed = {
        key for _, rule in EVERY_RULE for keys in catalogue_keys(rule).values() for key in keys
    }
    for lang, catalogue in CATALOGUES.items():
        owned = {key for key in catalogue if key.startswith(OWNED)}
        assert sorted(owned - listed) == [], f"{lang}: keys no rule lists"


def _imported_family_modules(path: Path) -> set[Path]:
    """Return the modules of the rule family packages a module imports (at the top or inside
    a function, ``from package import module`` too), and those they import in turn."""
    seen: set[Path] = set()
    todo = [path]
    while todo:
        for node in ast.walk(ast.parse(todo.pop().read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            base = ROOT / Path(*node.module.split("."))
            targets = [base.with_suffix(".py"), *(base / f"{a.name}.py" for a in node.names)]
            for target in targets:
                if target.parent.parent == RULES and target.exists() and target not in seen:
                    seen.add(target)
                    todo.append(target)
    return seen


def detail_kinds_given(path: Path) -> set[str]:
    """Return the detail kinds a module's code gives (Details.set and .add, present_or_fail)
    as literals."""
    at = {"set": 1, "add": 1, "present_or_fail": 3}
    kinds = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", None))
        position = at.get(name or "")
        if position is None or len(node.args) <= position:
            continue
        argument = node.args[position]
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            kinds.update(argument.value.split(PART_SEPARATOR))
    return kinds


def test_every_rule_lists_exactly_the_detail_kinds_its_code_gives():
    for path in family_modules():
        for rule in rules_defined_in(path):
            code = {path, *_imported_family_modules(path)}
            given = set().union(*(detail_kinds_given(p) for p in code))
            if rule.id == FOLLOW_UP_RULE:
                given |= set(NOT_HELD_PARTS)
            assert sorted(given) == sorted(rule.details), f"{path.name}"


HOWTO = ROOT / "docs" / "rules-howto.md"


def test_how_to_add_a_rule_names_every_file_and_every_key_kind():
    howto = HOWTO.read_text(encoding="utf-8")
    for kind in KEY_KINDS:
        assert f"`{kind}`" in howto, kind
    for path in (
        "integaudit/rules/<family>/<rule>.py",
        "integaudit/rules/rulesets.py",
        "integaudit/i18n/da.py",
        "integaudit/i18n/en.py",
        "integaudit/rules/cases/<ruleset>.toml",
        "docs/rules.md",
    ):
        assert f"**`{path}`**" in howto, path
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(rules-howto.md)" in architecture and "(docs/rules-howto.md)" in readme


def test_the_worked_example_is_the_rule_as_it_is():
    from integaudit.rules.contents.missing_coordinator import MISSING_COORDINATOR

    howto = HOWTO.read_text(encoding="utf-8")
    source = (RULES / "contents" / "missing_coordinator.py").read_text(encoding="utf-8")
    assert f"```python\n{source}```" in howto
    listed = howto.split("<!-- keys of missing-coordinator -->\n")[1].split("<!-- /keys -->")[0]
    for kind, keys in catalogue_keys(MISSING_COORDINATOR).items():
        shown = ", ".join(f"`{key}`" for key in sorted(keys)) or "none"
        assert f"- {kind}: {shown}\n" in listed
    catalogue_lines = howto.split("`integaudit/i18n/en.py`")[-1].split("```python\n")[1]
    for line in catalogue_lines.split("```")[0].strip().splitlines():
        key, value = ast.literal_eval("{" + line.strip() + "}").popitem()
        assert CATALOGUES["en"][key] == value, key
    cases = (RULES / "cases" / "bek2020.toml").read_text(encoding="utf-8")
    assert howto.split("```toml\n")[1].split("```")[0] in cases
