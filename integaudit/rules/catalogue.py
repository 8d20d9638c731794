"""The rule catalogue: every rule's metadata, for `integaudit rules` and docs/rules.md."""

from __future__ import annotations

from integaudit import i18n
from integaudit.errors import IntegauditError, shown
from integaudit.rules.base import Rule
from integaudit.rules.examples import describe, examples
from integaudit.rules.legal import RULESET_NOTES
from integaudit.rules.rulesets import RULESETS


def rulesets_of(rule_id: str) -> list[str]:
    """Return the names of the rulesets that have a rule with this id."""
    return [name for name, rules in RULESETS.items() if any(r.id == rule_id for r in rules)]


def find(rule_id: str, ruleset: str | None = None) -> list[tuple[str, Rule]]:
    """Return (ruleset, rule) for every ruleset holding ``rule_id`` (only ``ruleset`` when
    given); raise IntegauditError when there is none."""
    found = [
        (name, rule)
        for name, rules in RULESETS.items()
        if ruleset in (None, name)
        for rule in rules
        if rule.id == rule_id
    ]
    if not found:
        known = sorted({r.id for rules in RULESETS.values() for r in rules})
        raise IntegauditError(key="unknown-rule", value=shown(rule_id), rules=", ".join(known))
    return found


def markdown(lang: str = "da") -> str:
    """Return docs/rules.md: every ruleset's rules with titles, legal basis, explanation and
    worked examples, generated from the rule metadata and the examples' data."""
    t = i18n.CATALOGUES[lang]
    lines = [
        f"# {t['rules.heading']}",
        "",
        t["rules.generated"],
        "",
    ]
    for name, rules in RULESETS.items():
        lines += [f"## {t['rules.ruleset']} `{name}`", ""]
        if name in RULESET_NOTES:
            lines += [RULESET_NOTES[name][lang], ""]
        lines += [f"| id | {t['xlsx.col.title']} | {t['html.legal_basis']} |", "|---|---|---|"]
        lines += [f"| `{r.id}` | {r.title[lang]} | {r.legal_basis[lang]} |" for r in rules]
        lines.append("")
        for rule in rules:
            lines += [
                f"### `{rule.id}` — {rule.title[lang]}",
                "",
                f"*{rule.title['en' if lang == 'da' else 'da']}*",
                "",
                f"**{t['html.legal_basis']}:** {rule.legal_basis[lang]}",
                "",
                rule.explanation[lang],
                "",
                f"**{t['html.examples']}:**",
                "",
                *(f"- {describe(e, lang)}" for e in examples(name, rule.id)),
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"
