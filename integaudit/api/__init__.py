"""integaudit as a library: one function per use case, each taking a plain options
dataclass and returning a result object. The CLI is one caller; a test or another program is
another.

>>> from pathlib import Path
>>> from integaudit import api
>>> settings = api.load_settings(None, [Path("samples/rr2014")])
>>> result = api.check(api.CheckOptions(paths=[Path("samples/rr2014")]), settings)
>>> result.audit.total["rules"]["missing-goal"]["fail"]
71
"""

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
    demo_data,
    rule,
    rules,
    rules_markdown,
    template,
)
from integaudit.api.municipal import MunicipalOptions, MunicipalResult, municipal_reports
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
from integaudit.api.settings import Setting, Settings
from integaudit.api.settings import load as load_settings

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
    "MunicipalOptions",
    "MunicipalResult",
    "Output",
    "PlanOptions",
    "PlanResult",
    "Progress",
    "SampleOptions",
    "SampleResult",
    "Setting",
    "Settings",
    "anonymise",
    "check",
    "columns",
    "columns_markdown",
    "compare",
    "demo_data",
    "due",
    "due_reports",
    "evaluate",
    "file_pieces",
    "file_targets",
    "json_output",
    "load_settings",
    "municipal_reports",
    "plan",
    "reports",
    "rule",
    "rules",
    "rules_markdown",
    "sample",
    "template",
]
