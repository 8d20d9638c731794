"""The municipal-reports use case: one national audit, cut into one report per
municipality and an index (the letters that follow an audit)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from integaudit import municipal
from integaudit.api import settings as resolve
from integaudit.api.check import CheckOptions, CheckResult, Progress, check
from integaudit.api.options import ReadOptions
from integaudit.api.outputs import Output
from integaudit.errors import IntegauditError
from integaudit.render import json as json_render
from integaudit.writers.outputs import check_targets


@dataclass(frozen=True)
class MunicipalOptions:
    """What ``integaudit municipal-reports`` is asked: the inputs, the folder to write to,
    the settings given on the command line, and whether to add workbooks and the JSON."""

    read: ReadOptions
    out: Path
    workbooks: bool = False
    json: Path | None = None


@dataclass
class MunicipalResult:
    """The national check, the files to write (one report per municipality, the index, the
    workbooks and the JSON when asked) and how many municipalities have a report."""

    check: CheckResult
    outputs: list[Output] = field(default_factory=list)
    municipalities: int = 0


def municipal_reports(
    options: MunicipalOptions, settings: resolve.Settings, progress: Progress | None = None
) -> MunicipalResult:
    """Return the national audit of ``options.paths`` and every report file, rendered before
    any is written; raise IntegauditError when the folder is, or lies in, an input folder, or
    holds a file of the same name that is not an integaudit report (unless ``force``)."""
    out, paths = options.out.resolve(), options.read.paths
    if any(out == p.resolve() or p.resolve() in out.parents for p in paths if p.is_dir()):
        raise IntegauditError(key="output-is-input", path=options.out)
    national = check(CheckOptions(options.read), settings, progress)
    if national.audit is None:
        return MunicipalResult(national)
    if progress:
        progress.enter("reports")
    workers = resolve.workers(settings, options.read.workers).value
    parts, files = municipal.outputs(national.audit, settings.lang, options.workbooks, workers)
    outputs = [
        Output(Path(name).suffix.lstrip("."), str(options.out / name), data)
        for name, data in files.items()
    ]
    if options.json:
        outputs.append(Output("json", str(options.json), json_render.chunks(national.audit)))
    try:
        options.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a read-only folder, a name too long, a file of that name
        raise IntegauditError(
            key="output-failed", path=options.out, reason=exc.strerror or str(exc)
        ) from exc
    check_targets([Path(o.target) for o in outputs], national.inputs, options.read.force)
    return MunicipalResult(national, outputs, len(parts))
