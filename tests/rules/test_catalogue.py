"""integaudit rules and docs/rules.md come from the rule metadata (SPEC §2.3)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from integaudit.cli import app
from integaudit.rules.catalogue import markdown
from integaudit.rules.examples import describe, examples
from integaudit.rules.rulesets import RULESETS
from tests.paths import DOCS as DOCS_DIR

DOCS = DOCS_DIR / "rules.md"


def run(*args: str):
    # Wide enough that no title wraps inside its table cell.
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "1000"})


def test_docs_rules_md_is_up_to_date():
    assert DOCS.read_text(encoding="utf-8") == markdown("da"), (
        "docs/rules.md is out of date: run `make docs`"
    )


def test_rules_lists_every_rule_of_every_ruleset_with_title_and_legal_basis():
    result = run("rules", "--lang", "en")
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())
    for name, rules in RULESETS.items():
        assert name in flat
        for rule in rules:
            assert rule.id in flat
            assert " ".join(rule.title["en"].split()) in flat


@pytest.mark.parametrize(
    ("ruleset", "rule"),
    [(name, r) for name, rules in RULESETS.items() for r in rules],
    ids=lambda v: v if isinstance(v, str) else v.id,
)
def test_rules_id_shows_its_worked_examples_and_legal_basis(ruleset, rule):
    result = run("rules", rule.id, "--ruleset", ruleset)
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())
    for example in examples(ruleset, rule.id):
        assert " ".join(describe(example, "da").split()) in flat
    assert " ".join(rule.legal_basis["da"].split()) in flat


def test_unknown_rule_or_ruleset_exits_2():
    result = run("rules", "no-such-rule")
    assert result.exit_code == 2 and "ukendt regel" in result.stderr
    result = run("rules", "--ruleset", "rr1999")
    assert result.exit_code == 2 and "ukendt regelsæt" in result.stderr
