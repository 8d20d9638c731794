"""One way to translate (integaudit.i18n): every language's catalogue has the same keys, each
with the same placeholders; a key no catalogue holds is an error, never shown as it is; and
every key the code names or composes is in the catalogues."""

from __future__ import annotations

import ast
import string
import typing
from pathlib import Path

import pytest

from integaudit.audit.run import NOT_HELD_PARTS
from integaudit.cli.common import GroupBy
from integaudit.errors import IntegauditError
from integaudit.i18n import CATALOGUES, Joined, Message, MissingMessage, Size, text
from integaudit.ingest.set_aside import REASONS as SET_ASIDE_REASONS
from integaudit.issues import IssueKind, Level
from integaudit.model import Status
from integaudit.rules.base import NEEDS
from integaudit.rules.details import DETAIL_PARAMS, PART_SEPARATOR
from integaudit.rules.rulesets import RULESETS
from integaudit.sampling.selection import METHODS
from integaudit.sampling.stats import LIKELIHOODS
from tests.paths import ROOT

DANISH = CATALOGUES["da"]
PACKAGE = ROOT / "integaudit"
RULE_FIELDS = ("title", "short_title", "legal_basis", "explanation")


def placeholders(template: str) -> set[tuple[str, str, str | None]]:
    """Return the placeholders of a template: (name, format spec, conversion) each."""
    return {
        (name, spec, conversion)
        for _, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    }


def calls(path: Path) -> list[ast.Call]:
    """Return every call in a module of the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def called(call: ast.Call) -> str | None:
    """Return the name of the function a call calls (the attribute's name for a method)."""
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def literal(node: ast.expr | None) -> str | None:
    """Return the string a node is, when it is a string literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_every_language_has_exactly_the_same_keys(lang):
    keys = set(CATALOGUES[lang])
    assert sorted(set(DANISH) - keys) == [], f"missing in {lang}"
    assert sorted(keys - set(DANISH)) == [], f"only in {lang}"


def test_every_key_has_the_same_placeholders_in_every_language():
    differ = [
        (key, lang)
        for lang, catalogue in CATALOGUES.items()
        for key, template in catalogue.items()
        if placeholders(template) != placeholders(DANISH.get(key, ""))
    ]
    assert differ == []


def test_text_raises_for_a_key_no_catalogue_holds():
    with pytest.raises(MissingMessage, match=r"'no\.such-key'.*'en'"):
        text("no.such-key", "en")
    with pytest.raises(LookupError):
        Message("no.such-key")["da"]
    # Not a KeyError: the `except KeyError` of a message's missing parameter (issue_message)
    # must not swallow it.
    assert not issubclass(MissingMessage, KeyError)


def test_a_message_is_put_in_words_once_the_language_is_known():
    what = Joined(", ", (Message("sample.method.method"), Message("sample.method.seed")))
    message = Message("error.review.not_recorded", file="s.xlsx", sheet="Metode", what=what)
    assert message["da"] == text(
        "error.review.not_recorded",
        "da",
        file="s.xlsx",
        sheet="Metode",
        what="Metode, Startværdi (seed)",
    )
    assert message["en"].startswith("s.xlsx: sheet Metode does not record Method, Seed;")
    assert message == Message("error.review.not_recorded", file="s.xlsx", sheet="Metode", what=what)
    assert hash(message) == hash(Message(message.key, **dict(message.params)))
    assert message.catalogue_keys() == {
        "error.review.not_recorded",
        "sample.method.method",
        "sample.method.seed",
    }
    assert (Size(1500)["da"], Size(1500)["en"]) == ("1,5 kB", "1.5 kB")
    error = IntegauditError(key="review.too_large", file="s.xlsx", limit=Size(1500))
    assert (error.message("da"), str(error)) == (
        "s.xlsx: større end 1,5 kB",
        "s.xlsx: larger than 1.5 kB",
    )


@pytest.mark.parametrize(
    ("ruleset", "rule"),
    [(name, rule) for name, rules in RULESETS.items() for rule in rules],
    ids=lambda v: v if isinstance(v, str) else v.id,
)
def test_every_rule_speaks_every_language_in_every_ruleset(ruleset, rule):
    for field in RULE_FIELDS:
        message = getattr(rule, field)
        assert isinstance(message, Message), field
        assert message.catalogue_keys() <= set(DANISH)
        for lang in CATALOGUES:
            words = message[lang]
            assert words.strip() and "{" not in words, (field, lang, words)


def test_the_legal_basis_cites_the_executive_order_alike_alone_and_after_the_act():
    for lang in CATALOGUES:
        order = text("legal.order", lang)
        alone = text("legal.bek2020.order-only", lang, order=order, requirement="X")
        after = text("legal.bek2020", lang, act="A", paragraph="§", order=order, requirement="X")
        assert order in alone and order in after
        assert alone.endswith(": X") and after.endswith(": X")


def test_every_data_issue_kind_has_a_message_and_a_short_name():
    for kind in IssueKind:
        for lang in CATALOGUES:
            assert text(kind.value, lang) and text(f"kind.{kind.value}", lang)
    short = {key.removeprefix("kind.") for key in DANISH if key.startswith("kind.")}
    assert short == {kind.value for kind in IssueKind}


# Where a rule module names a detail kind: the call and the position of the kind.
KIND_ARGUMENT = {"set": 1, "add": 1, "present_or_fail": 3}


def detail_kinds() -> set[str]:
    """Return every detail kind a rule module gives (Details.set and Details.add, and
    present_or_fail for the rules that pass when a value is present)."""
    return {
        part
        for path in sorted((PACKAGE / "rules").rglob("*.py"))
        for call in calls(path)
        if (at := KIND_ARGUMENT.get(called(call) or "")) is not None
        and len(call.args) > at
        and literal(call.args[at])
        for part in str(literal(call.args[at])).split(PART_SEPARATOR)
    }


def test_every_detail_kind_the_rules_give_has_a_message_with_known_parameters():
    kinds = detail_kinds() | set(NOT_HELD_PARTS)
    assert len(kinds) > 10
    messages = {key.removeprefix("detail.") for key in DANISH if key.startswith("detail.")}
    assert sorted(kinds - messages) == []
    assert sorted(messages - kinds) == [], "a detail message no rule gives"
    for kind in kinds:
        names = {name for name, _, _ in placeholders(DANISH[f"detail.{kind}"])}
        assert names <= set(DETAIL_PARAMS), kind


def named_keys() -> set[str]:
    """Return every catalogue key the package names as a literal: the first argument of
    text() and Message(), and error.<key> for IntegauditError(key=...)."""
    keys = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for call in calls(path):
            if called(call) in ("text", "Message", "_da") and call.args:
                keys.add(literal(call.args[0]))
            if called(call) == "IntegauditError":
                error = next((k.value for k in call.keywords if k.arg == "key"), None)
                if literal(error):
                    keys.add(f"error.{literal(error)}")
    return keys - {None}  # type: ignore[arg-type]


def test_every_key_the_code_names_is_in_the_catalogues():
    keys = named_keys()
    assert len(keys) > 200
    assert sorted(keys - set(DANISH)) == []


def reason_fields() -> set[str]:
    """Return the fields a rule names in a not-assessed reason (``unreadable:<field>``,
    ``empty:<field>``): the literal field of every unreadable(), empty() and unknown_field()
    call of the rule modules."""
    return {
        str(literal(call.args[1]))
        for path in sorted((PACKAGE / "rules").rglob("*.py"))
        for call in calls(path)
        if called(call) in ("unreadable", "empty", "unknown_field")
        and len(call.args) > 1
        and literal(call.args[1])
    }


def composed_keys() -> set[str]:
    """Return the keys the code composes from a value (text(f"status.{status}") and the like),
    for every value they can take."""
    fields = set(NEEDS) | reason_fields()
    fields |= {field for rules in RULESETS.values() for rule in rules for field in rule.uses}
    groups = [g.value for g in GroupBy]
    ids = {rule.id for rules in RULESETS.values() for rule in rules if rule.deadline is None}
    needs = {step for rules in RULESETS.values() for rule in rules for step in rule.steps}
    return {
        *(f"status.{status.value}" for status in Status),
        *(f"field.{field}" for field in fields),
        *(f"reason.{reason}" for reason in ("absent", "unreadable", "empty", "conflict", "other")),
        *(f"set_aside.{reason}" for reason in SET_ASIDE_REASONS),
        *(f"{prefix}.{g}" for prefix in ("group", "group_by", "xlsx.groups") for g in groups),
        *(f"projection.strata.{g}" for g in groups),
        *(f"level.{level}" for level in typing.get_args(Level)),
        *(f"due.fix.{rule_id}" for rule_id in ids),
        *(f"due.need.{need}" for need in needs),
        *(f"due.state.{state}" for state in ("due", "overdue", "to-fix")),
        *(f"likelihood.{likelihood}" for likelihood in LIKELIHOODS),
        *(f"sample.method_name.{method}" for method in METHODS),
        *(f"projection.design.{method}" for method in METHODS),
        *(f"{kind}_written" for kind in ("json", "html", "xlsx")),
    }


def test_every_key_the_code_composes_is_in_the_catalogues():
    assert sorted(composed_keys() - set(DANISH)) == []
