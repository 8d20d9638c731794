"""The compare use case: two audits' rates side by side, per group and nationally."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from integaudit.api.outputs import Output, file_targets, json_output
from integaudit.audit import compare as comparison
from integaudit.render import compare as compare_render
from integaudit.writers.outputs import check_targets


@dataclass(frozen=True)
class CompareOptions:
    """What ``integaudit compare`` is asked: the two check JSON documents, the report outputs
    and whether to compare across schema versions, rulesets or groupings anyway."""

    old: Path
    new: Path
    html: Path | None = None
    json: str | None = None
    force: bool = False


@dataclass(frozen=True)
class CompareResult:
    """The comparison (a JSON-ready dict), its report outputs and the inputs."""

    comparison: dict[str, Any]
    outputs: list[Output]
    inputs: list[Path]


def compare(options: CompareOptions, lang: str) -> CompareResult:
    """Return the comparison of the two audits and its outputs in ``lang``; raise
    IntegauditError when a file is not a check JSON, when they cannot be compared (unless
    forced) or an output would replace an input or a file that is not an integaudit report."""
    old, new = comparison.load_audit_jsons(options.old, options.new)
    result = comparison.compare(old, new, force=options.force)
    inputs = [options.old, options.new]
    check_targets(file_targets(options.html, options.json), inputs, options.force)
    outputs = []
    if options.html:
        html = compare_render.html_page(result, lang)
        outputs.append(Output("html", str(options.html), html))
    if options.json:
        outputs.append(json_output(options.json, result, indent=2))
    return CompareResult(result, outputs, inputs)
