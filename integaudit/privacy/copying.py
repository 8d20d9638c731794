"""Each input's anonymised copy made (its bytes, and what was replaced or dropped): in this
process one file after the other, or in worker processes as ``check`` reads its files
(``ingest.pool``). The bytes are the same either way, and so is the pseudonym of a person:
every worker has the run's pseudonymiser, key and all."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import replace

from integaudit import layout as layouts
from integaudit.config.file import Config
from integaudit.ingest import limits
from integaudit.ingest.batching import file_size
from integaudit.ingest.container import read_within_checks
from integaudit.ingest.headers import AliasIndex, build_alias_index
from integaudit.ingest.pool import run_alone, run_each
from integaudit.issues import IssueKind
from integaudit.layout import Layout
from integaudit.privacy.anonymise import FileResult, anonymise_file
from integaudit.privacy.pseudonyms import Pseudonymiser

# How a file's header is found: the alias index and the [[layout]] entries of its config.
Reading = tuple[AliasIndex, tuple[Layout, ...]]
# A file to copy and how its header is found.
Job = tuple[FileResult, Reading]


def reading(result: FileResult, config: Config | None) -> Reading:
    """Return the alias index and the [[layout]] entries of the config a file takes."""
    if config is None:
        return _index(()), ()
    index = _index(tuple((k, tuple(v)) for k, v in config.aliases.items()))
    root = result.root or result.source.parent
    folder = config.path.parent if config.path else None
    return index, layouts.for_path(config.layouts, result.source, root, folder)


@functools.cache
def _index(aliases: tuple[tuple[str, tuple[str, ...]], ...]) -> AliasIndex:
    """Return the alias index of a config's aliases, made once for all the files it takes."""
    return build_alias_index(dict(aliases))


def copies_made(
    jobs: list[Job], pseudonymiser: Pseudonymiser, size_limit: int, workers: int
) -> Iterator[bytes | None]:
    """Return the bytes of each file's anonymised copy, in the order of ``jobs``: None, with
    the problem set in the file's result, when there is none. With ``workers`` above one and
    two files or more the copies are made in a pool of that many worker processes (at most
    one per file), each under the limits of reading one file; else in this process, but for a
    file whose reading the checks before it cannot bound, made by a worker process of its own.
    A file that ends the worker making it is a file-over-read-limits problem."""
    memory = limits.read_memory(size_limit)
    count = min(workers, len(jobs))
    if count < 2:
        for job in jobs:
            yield _made_here(job, pseudonymiser, size_limit, memory)
        return
    task = functools.partial(_copied, pseudonymiser=pseudonymiser, size_limit=size_limit)
    sizes = [file_size(result.source) for result, _ in jobs]
    found = run_each(task, jobs, sizes, count, memory)
    for (result, _), done in zip(jobs, found, strict=True):
        yield _taken(result, done, memory)


def _made_here(
    job: Job, pseudonymiser: Pseudonymiser, size_limit: int, memory: int
) -> bytes | None:
    """Return the bytes of a file's copy made in this process, or by a worker process of its
    own when the checks before reading cannot bound its reading (README "Limits")."""
    result = job[0]
    if read_within_checks(result.source):
        return _copied(job, pseudonymiser, size_limit)[1]
    return _taken(result, run_alone(_copied, job, pseudonymiser, size_limit, memory=memory), memory)


def _copied(
    job: Job, pseudonymiser: Pseudonymiser, size_limit: int
) -> tuple[FileResult, bytes | None]:
    """Return the file's result and the bytes of its copy (None, with the problem in the
    result, when there is none); run in a worker process or in this one. The result keeps
    the counts of what was replaced and dropped, not the cells: they are in the bytes, and a
    worker would otherwise send every one of them back."""
    result, (index, entries) = job
    try:
        data = anonymise_file(result, index, pseudonymiser, size_limit, entries)
    except MemoryError:  # a worker's memory limit, or the machine's
        _over_limits(result, limits.read_memory(size_limit))
        return result, None
    result.sheets = [replace(sheet, rows=[]) for sheet in result.sheets]
    return result, data


def _taken(
    result: FileResult, done: tuple[FileResult, bytes | None] | None, memory: int
) -> bytes | None:
    """Return the bytes a worker process made of the file, what it found put in ``result``;
    None, the file over the read limits, when the worker ended without an answer."""
    if done is None:
        _over_limits(result, memory)
        return None
    found, data = done
    result.sheets, result.problem, result.params = found.sheets, found.problem, found.params
    return data


def _over_limits(result: FileResult, memory: int) -> None:
    """Make the file's problem that its copy took more memory or processor time than reading
    one file may."""
    result.problem = IssueKind.FILE_OVER_READ_LIMITS
    result.params = {"memory": memory, "seconds": limits.READ_SECONDS}
