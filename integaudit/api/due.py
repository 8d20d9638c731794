"""The due use case: the deadlines still open at the audit date, from the same rules as
check (a forward-looking work list)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from integaudit.api import settings as resolve
from integaudit.api.check import Progress, read
from integaudit.api.options import ReadOptions
from integaudit.api.outputs import Output
from integaudit.audit import due as work_list
from integaudit.errors import IntegauditError, shown
from integaudit.model import Extract
from integaudit.render import due as due_render


@dataclass(frozen=True)
class DueOptions:
    """What ``integaudit due`` is asked: the inputs, the settings given on the command line
    (None: from the config or the default), how many days ahead to look, and the files it
    will write."""

    read: ReadOptions
    within: int = work_list.DEFAULT_WITHIN_DAYS
    group_by: str = "municipality"


@dataclass
class DueResult:
    """The extract read, the work list (None when no contract could be read) and the
    inputs, never to be overwritten."""

    extract: Extract
    work: work_list.DueList | None
    inputs: list[Path]


def due(
    options: DueOptions, settings: resolve.Settings, progress: Progress | None = None
) -> DueResult:
    """Return the work list of every contract in ``options.paths``: the items due within
    ``options.within`` days, overdue, or to fix; raise IntegauditError for a usage error."""
    if options.within < 0:
        raise IntegauditError(key="due-within", value=shown(str(options.within)))
    reading = read(options.read, settings, progress)
    if reading.extract.contracts.empty:
        return DueResult(reading.extract, None, reading.inputs)
    if progress:
        progress.enter("rules")
    work = work_list.run(
        reading.extract,
        reading.ruleset,
        reading.as_of,
        within_days=options.within,
        suspensions=settings.config.suspensions,
        group_by=options.group_by,
        pseudonyms_stable=reading.pseudonyms_stable,
        meta=reading.meta(settings, options.read.command),
    )
    return DueResult(reading.extract, work, reading.inputs)


def due_reports(result: DueResult, lang: str, xlsx: Path | None, json: str | None) -> list[Output]:
    """Return the work list's outputs, every one rendered before any is written: the
    workbook, then the JSON."""
    work = result.work
    assert work is not None
    outputs = []
    if xlsx:
        outputs.append(Output("xlsx", str(xlsx), due_render.workbook_bytes(work, lang)))
    if json:
        outputs.append(Output("json", json, due_render.chunks(work)))
    return outputs
