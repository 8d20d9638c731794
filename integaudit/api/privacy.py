"""The anonymise use case: pseudonymised copies of extracts, to share or to test with."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from integaudit.api import settings as resolve
from integaudit.errors import IntegauditError
from integaudit.ingest.headers import build_alias_index
from integaudit.ingest.limits import parse_size, refuse_stray_unit
from integaudit.issues import DataIssue
from integaudit.privacy import anonymise as copies
from integaudit.privacy.pseudonyms import Pseudonymiser
from integaudit.writers.outputs import existing, write_bytes


@dataclass(frozen=True)
class AnonymiseOptions:
    """What ``integaudit anonymise`` is asked."""

    paths: list[Path]
    out: Path
    key_file: Path | None = None
    force: bool = False
    max_file_size: str = "200MB"
    workers: int | None = None


@dataclass(frozen=True)
class CopyOutcome:
    """One input's copy: written (``target``, what was replaced or dropped) or not, with the
    data issue that says why."""

    result: copies.FileResult
    problem: DataIssue | None = None


@dataclass(frozen=True)
class AnonymiseResult:
    """How many copies were written, and whether the key was a random one."""

    written: int
    stable_key: bool


def anonymise(
    options: AnonymiseOptions,
    settings: resolve.Settings,
    on_start: Callable[[bool], None] | None = None,
    on_copy: Callable[[CopyOutcome], None] | None = None,
) -> AnonymiseResult:
    """Write a pseudonymised copy of every extract into ``options.out`` and return how many
    were written; ``on_start(stable_key)`` is called before the first copy and
    ``on_copy(outcome)`` after each. Raise IntegauditError when copies exist already
    (unless forced) or --out lies in an input folder."""
    refuse_stray_unit(options.paths, options.max_file_size)
    pseudonymiser = settings.pseudonymiser(options.key_file)
    index = build_alias_index({k: tuple(v) for k, v in settings.config.aliases.items()})
    size_limit = parse_size(options.max_file_size, "--max-file-size")
    planned = copies.targets(options.paths, options.out, pseudonymiser)
    inputs = copies.inputs_of(planned)
    # A copy may have been edited since (test cases built on it): asked before any is written.
    present = existing([r.target for r in planned if r.target is not None])
    if present and not options.force:
        raise IntegauditError(
            key="anonymise-exists", out=options.out, count=len(present), first=present[0]
        )
    if on_start:
        on_start(pseudonymiser.stable)
    written = 0
    workers = resolve.workers(settings, options.workers).value
    copy = functools.partial(_copy, index=index, pseudonymiser=pseudonymiser, limit=size_limit)
    for result, data in _copies(planned, copy, workers):
        if data is None or result.target is None:
            kind = result.problem or "file-unreadable"
            issue = DataIssue("error", kind, params=tuple(result.params.items()))
            if on_copy:
                on_copy(CopyOutcome(result, issue))
            continue
        result.target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(result.target, data, inputs=inputs)
        written += 1
        if on_copy:
            on_copy(CopyOutcome(result))
    return AnonymiseResult(written, pseudonymiser.stable)


Copy = tuple[copies.FileResult, bytes | None]


def _copy(
    result: copies.FileResult, index: Mapping[str, str], pseudonymiser: Pseudonymiser, limit: int
) -> Copy:
    """Return a planned copy with its bytes (None, and the problem set, when it cannot be
    made); the result is returned too, as a worker process sets the problem on its own copy."""
    if result.problem:
        return result, None
    data = copies.anonymise_file(result, index, pseudonymiser, limit)
    # What is said of the copy are its counts: the cells themselves are in its bytes, and a
    # worker would otherwise send every one of them back.
    result.sheets = [replace(sheet, rows=[]) for sheet in result.sheets]
    return result, data


def _copies(
    planned: list[copies.FileResult], copy: Callable[[copies.FileResult], Copy], workers: int
) -> Iterator[Copy]:
    """Return the copies of the planned files in their order: made in ``workers`` processes
    (of the reading pool's kind) when there are several files to read, else in this one. A
    pool that breaks (a worker that died) leaves the files it had not returned to this
    process, as before the pool."""
    done = 0
    readable = sum(1 for r in planned if not r.problem)
    if workers > 1 and readable > 1:
        from integaudit.ingest.pool import side_pool

        pool = side_pool(min(workers, readable))
        try:
            for made in pool.map(copy, planned):
                yield made
                done += 1
        except BrokenProcessPool:
            pass
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
    for result in planned[done:]:
        yield copy(result)
