"""The table of every rule that `integaudit rules` prints (without loading pandas)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from integaudit.i18n import text
from integaudit.rules.legal import RULESET_NOTES


def render_rules(rulesets: dict[str, list[Any]], console: Console, lang: str) -> None:
    """Print a table of every rule: ruleset, id, titles in both languages, legal basis and
    explanation."""
    other = "en" if lang == "da" else "da"
    table = Table(title=text("rules.heading", lang), header_style="bold", show_lines=True)
    table.add_column(text("rules.ruleset", lang), no_wrap=True)
    table.add_column("id", no_wrap=True)
    table.add_column(text("xlsx.col.title", lang), ratio=2)
    table.add_column(text("html.legal_basis", lang), ratio=2)
    table.add_column(text("rules.explanation", lang), ratio=5)
    for name, rules in rulesets.items():
        for rule in rules:
            title = Text(rule.title[lang], style="bold")
            title.append(f"\n{rule.title[other]}", style="dim")
            table.add_row(name, rule.id, title, rule.legal_basis[lang], rule.explanation[lang])
    console.print(table)
    for name in rulesets:
        if name in RULESET_NOTES:
            console.print(f"{name}: {RULESET_NOTES[name][lang]}")
