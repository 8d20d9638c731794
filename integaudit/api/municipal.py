"""The municipal-reports use case: one national audit, cut into one report per
municipality and an index (the letters that follow an audit)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from integaudit.api import settings as resolve
from integaudit.api.check import CheckOptions, CheckResult, Progress, check
from integaudit.api.options import ReadOptions
from integaudit.api.outputs import Output
from integaudit.audit import municipal
from integaudit.audit.municipal import Part
from integaudit.errors import IntegauditError
from integaudit.ingest import pool as processes
from integaudit.model import Audit
from integaudit.render import json as json_render
from integaudit.render import municipal as municipal_render
from integaudit.render.rows import findings
from integaudit.render.xlsx import municipal_workbook_bytes
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
    parts, files = report_files(national.audit, settings.lang, options.workbooks, workers)
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


def report_files(
    national: Audit, lang: str, workbooks: bool = False, workers: int = 1
) -> tuple[list[Part], dict[str, bytes]]:
    """Return the parts and every file of the per-municipality reports by name: one HTML per
    municipality (``<code>-<name>.html``), ``index.html``, and with ``workbooks`` one exception
    workbook per municipality (``<code>-<name>.xlsx``: findings, data issues, audit trail).
    The municipalities' files are made in ``workers`` processes when that pays (see
    :func:`_rendered`); the bytes are the same either way."""
    # The findings in report order, once: each municipality's are a slice of them, in the
    # same order as its part of the audit gives them.
    parts, own = municipal.split(national, findings(national))
    files: dict[str, bytes] = {}
    for made in _rendered(_Work(national, parts, own, lang, workbooks), workers):
        files.update(made)
    files["index.html"] = municipal_render.index(national, parts, lang).encode("utf-8")
    return parts, files


@dataclass(frozen=True)
class _Work:
    """What every municipality's files are made from: the national audit, its parts, each
    part's findings, the language and whether workbooks are made."""

    national: Audit
    parts: list[Part]
    found: list[pd.DataFrame]
    lang: str
    workbooks: bool


# The work of the run, for the worker processes that a fork hands it to (never pickled).
_WORK: list[_Work] = []
# Municipalities from which their files are made in worker processes: below, starting the
# processes costs more than it saves.
PARALLEL_PARTS = 8


def _files_of(index: int) -> dict[str, bytes]:
    """Return the files of the ``index``-th municipality of the run's work by name."""
    work = _WORK[-1]
    part, own = work.parts[index], work.found[index]
    files = {
        f"{part.stem}.html": municipal_render.report(work.national, part, work.lang, own).encode()
    }
    if work.workbooks:
        others = len(work.national.extract.inputs) - len(part.audit.extract.inputs)
        files[f"{part.stem}.xlsx"] = municipal_workbook_bytes(part.audit, work.lang, others, own)
    return files


def _files_in_worker(index: int) -> dict[str, bytes]:
    """Return :func:`_files_of` ``index`` (what a worker is sent: a name it looks up itself)."""
    return _files_of(index)


def _can_fork() -> bool:
    """Return whether this process can start workers by fork safely: on Linux, while it runs
    a single thread (a fork copies only the thread that calls it)."""
    return sys.platform == "linux" and threading.active_count() == 1


def _rendered(work: _Work, workers: int) -> Iterator[dict[str, bytes]]:
    """Return each municipality's files in the parts' order: made in up to ``workers`` forked
    processes, which share the audit without copying it, when there are PARALLEL_PARTS
    municipalities or more and this process can fork safely (Linux, one thread); else, and
    for the rest when a worker dies, in this process."""
    _WORK.append(work)
    done = 0
    try:
        if workers > 1 and len(work.parts) >= PARALLEL_PARTS and _can_fork():
            pool = processes.side_pool(workers, fork=True)
            try:
                for files in pool.map(_files_in_worker, range(len(work.parts))):
                    yield files
                    done += 1
            except BrokenProcessPool:
                pass
            finally:
                pool.shutdown(wait=False, cancel_futures=True)
        for index in range(done, len(work.parts)):
            yield _files_of(index)
    finally:
        _WORK.pop()
