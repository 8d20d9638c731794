"""The languages, the rulesets and the default ruleset are each named in one place: --lang
offers one choice per message catalogue, every ruleset name a run accepts has its rules, and
an unknown ruleset is one message wherever it is met."""

from __future__ import annotations

import json

import pytest

from integaudit.cli.common import Lang
from integaudit.config.file import DEFAULT_RULESET, RULESET_NAMES
from integaudit.errors import IntegauditError
from integaudit.i18n import CATALOGUES, LANGS
from integaudit.rules.rulesets import RULESETS, get_ruleset
from tests.conftest import run_cli_in


def test_lang_offers_one_choice_per_catalogue() -> None:
    assert tuple(CATALOGUES) == LANGS and LANGS[0] == "da"
    assert [lang.value for lang in Lang] == list(CATALOGUES)


def test_every_ruleset_name_has_its_rules() -> None:
    assert tuple(RULESETS) == RULESET_NAMES
    assert DEFAULT_RULESET in RULESET_NAMES


def test_a_library_caller_gets_the_message_the_command_line_gives() -> None:
    with pytest.raises(IntegauditError) as caught:
        get_ruleset("rr1999")
    assert caught.value.key == "unknown-ruleset"
    assert caught.value.message("en") == (
        '--ruleset: unknown ruleset "rr1999" (available: rr2014, bek2020)'
    )


def test_the_catalogues_hold_one_key_for_an_unknown_ruleset() -> None:
    for catalogue in CATALOGUES.values():
        assert [k for k in catalogue if "unknown-ruleset" in k] == ["error.unknown-ruleset"]


def test_a_language_without_a_catalogue_is_refused_naming_those_there_are(tmp_path) -> None:
    result = run_cli_in(tmp_path, "rules", "--lang", "fr")
    assert result.exit_code == 2
    assert "fr" in result.stderr and all(lang in result.stderr for lang in CATALOGUES)


def test_a_run_without_a_ruleset_uses_the_default(tmp_path) -> None:
    result = run_cli_in(tmp_path, "config", "--json", "-")
    assert result.exit_code == 0, result.output
    rows = {row["key"]: row for row in json.loads(result.stdout)["settings"]}
    assert (rows["ruleset"]["value"], rows["ruleset"]["source"]) == (DEFAULT_RULESET, "default")
