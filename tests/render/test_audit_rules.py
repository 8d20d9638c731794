"""An audit carries the rules it applied: renderers take rule titles and metadata from
``audit.rules`` and ``audit.titles(lang)``, never by looking the ruleset up by name."""

from __future__ import annotations

import ast
from dataclasses import replace

import pytest

from integaudit.model import Audit
from integaudit.render import ci, html, terminal
from integaudit.rules.rulesets import RULESETS
from tests.paths import ROOT
from tests.render.audits import sample_audit


@pytest.fixture(scope="module")
def bek2020() -> Audit:
    return sample_audit("bek2020")


def test_an_audit_carries_the_rules_of_its_ruleset(bek2020: Audit) -> None:
    assert bek2020.rules == tuple(RULESETS["bek2020"])
    assert bek2020.rule_ids == [r.id for r in RULESETS["bek2020"]]
    titles = bek2020.titles("en")
    assert list(titles) == bek2020.rule_ids
    first = RULESETS["bek2020"][0]
    assert titles[first.id] == first.title["en"] != ""
    assert bek2020.titles("da", short=True)[first.id] == first.short_title["da"]


def test_renderers_show_the_titles_of_the_rules_the_audit_carries(bek2020: Audit) -> None:
    """An audit whose first rule is retitled is drawn with that title, in the HTML report, the
    terminal table and the CI job summary: the renderers read the audit's rules, not the
    ruleset its name gives."""
    first = bek2020.rules[0]
    renamed = replace(first, title=_Fixed("Zebra rule"), short_title=_Fixed("Zebra"))
    audit = replace(bek2020, rules=(renamed, *bek2020.rules[1:]))
    assert "Zebra rule" in html.render(audit, "en")
    headers = [str(c.header) for t in terminal.summary_tables(audit, "en", 200) for c in t.columns]
    assert any("Zebra" in h for h in headers)
    assert "Zebra rule" in ci.summary_markdown(audit, "en")
    assert "Zebra" not in ci.summary_markdown(bek2020, "en")


class _Fixed:
    """A title that reads the same in every language."""

    def __init__(self, words: str) -> None:
        self.words = words

    def __getitem__(self, lang: str) -> str:
        return self.words


def test_no_renderer_looks_a_ruleset_up_by_the_audits_name() -> None:
    lookups = []
    for path in sorted((ROOT / "integaudit" / "render").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Subscript) and getattr(node.value, "id", "") == "RULESETS":
                lookups.append(f"{path.name}:{node.lineno}")
    assert lookups == []
