"""integaudit as a library: one function per use case, each taking a plain options
dataclass and returning a result object. The CLI is one caller; a test or another program is
another.

>>> from pathlib import Path
>>> from integaudit import api
>>> settings = api.load_settings(None, [Path("samples/rr2014")])
>>> options = api.CheckOptions(api.ReadOptions(paths=[Path("samples/rr2014")]))
>>> result = api.check(options, settings)
>>> result.audit.total["rules"]["missing-goal"]["fail"]
71
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from integaudit.api.cards import rule_cards, rules_document
    from integaudit.api.check import CheckOptions, CheckResult, Progress, check, reports
    from integaudit.api.compare import CompareOptions, CompareResult, compare
    from integaudit.api.draw import SampleOptions, SampleResult, sample
    from integaudit.api.due import DueOptions, DueResult, due, due_reports
    from integaudit.api.info import (
        ColumnsOptions,
        ColumnsResult,
        DemoDataOptions,
        columns,
        columns_markdown,
        config_files,
        demo_data,
        rule,
        rules,
        rules_markdown,
        template,
    )
    from integaudit.api.init import InitOptions, InitResult, init
    from integaudit.api.municipal import MunicipalOptions, MunicipalResult, municipal_reports
    from integaudit.api.options import (
        ReadOptions,
        parse_date_option,
        parse_size,
        refuse_stray_unit,
    )
    from integaudit.api.outputs import Output, file_pieces, file_targets, json_output
    from integaudit.api.privacy import AnonymiseOptions, AnonymiseResult, CopyOutcome, anonymise
    from integaudit.api.sampling import (
        EvaluateOptions,
        EvaluateResult,
        PlanOptions,
        PlanResult,
        evaluate,
        plan,
    )
    from integaudit.api.schemas import markdown as schema_markdown
    from integaudit.api.schemas import schema, schema_kinds, schema_text
    from integaudit.api.settings import Setting, Settings
    from integaudit.api.settings import load as load_settings

# Each name and the module that defines it, imported when first used: `integaudit --help`,
# `--version` and `rules` never load pandas, openpyxl or jinja2.
_WHERE = {
    **dict.fromkeys(("CheckOptions", "CheckResult", "Progress", "check", "reports"), "check"),
    **dict.fromkeys(("CompareOptions", "CompareResult", "compare"), "compare"),
    **dict.fromkeys(("SampleOptions", "SampleResult", "sample"), "draw"),
    **dict.fromkeys(("DueOptions", "DueResult", "due", "due_reports"), "due"),
    **dict.fromkeys(
        (
            "ColumnsOptions",
            "ColumnsResult",
            "DemoDataOptions",
            "columns",
            "columns_markdown",
            "config_files",
            "demo_data",
            "rule",
            "rules",
            "rules_markdown",
            "template",
        ),
        "info",
    ),
    "rule_cards": "cards",
    "rules_document": "cards",
    **dict.fromkeys(("InitOptions", "InitResult", "init"), "init"),
    **dict.fromkeys(("MunicipalOptions", "MunicipalResult", "municipal_reports"), "municipal"),
    **dict.fromkeys(("Output", "file_pieces", "file_targets", "json_output"), "outputs"),
    **dict.fromkeys(
        ("ReadOptions", "parse_date_option", "parse_size", "refuse_stray_unit"), "options"
    ),
    **dict.fromkeys(("AnonymiseOptions", "AnonymiseResult", "CopyOutcome", "anonymise"), "privacy"),
    **dict.fromkeys(
        ("EvaluateOptions", "EvaluateResult", "PlanOptions", "PlanResult", "evaluate", "plan"),
        "sampling",
    ),
    **dict.fromkeys(("Setting", "Settings"), "settings"),
    "load_settings": "settings",
    **dict.fromkeys(("schema", "schema_kinds", "schema_text", "schema_markdown"), "schemas"),
}
_RENAMED = {"load_settings": "load", "schema_markdown": "markdown"}


def __getattr__(name: str) -> Any:
    """Return the use case or type ``name``, importing its module on first use."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'integaudit.api' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"integaudit.api.{module}"), _RENAMED.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])


class _Facade(types.ModuleType):
    """The api package, whose use cases keep their names: importing the module ``api.check``
    (or ``due``, ``compare``) does not put the module where the function ``api.check`` is."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _WHERE and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Facade


__all__ = [
    "AnonymiseOptions",
    "AnonymiseResult",
    "CheckOptions",
    "CheckResult",
    "ColumnsOptions",
    "ColumnsResult",
    "CompareOptions",
    "CompareResult",
    "CopyOutcome",
    "DemoDataOptions",
    "DueOptions",
    "DueResult",
    "EvaluateOptions",
    "EvaluateResult",
    "InitOptions",
    "InitResult",
    "MunicipalOptions",
    "MunicipalResult",
    "Output",
    "PlanOptions",
    "PlanResult",
    "Progress",
    "ReadOptions",
    "SampleOptions",
    "SampleResult",
    "Setting",
    "Settings",
    "anonymise",
    "check",
    "columns",
    "columns_markdown",
    "compare",
    "config_files",
    "demo_data",
    "due",
    "due_reports",
    "evaluate",
    "file_pieces",
    "file_targets",
    "init",
    "json_output",
    "load_settings",
    "municipal_reports",
    "parse_date_option",
    "parse_size",
    "plan",
    "refuse_stray_unit",
    "reports",
    "rule",
    "rule_cards",
    "rules",
    "rules_document",
    "rules_markdown",
    "sample",
    "schema",
    "schema_kinds",
    "schema_markdown",
    "schema_text",
    "template",
]
