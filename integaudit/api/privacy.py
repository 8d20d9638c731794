"""The anonymise use case: pseudonymised copies of extracts, to share or to test with."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from integaudit.api import settings as resolve
from integaudit.errors import IntegauditError
from integaudit.ingest.limits import parse_size, refuse_stray_unit
from integaudit.issues import DataIssue, IssueKind
from integaudit.privacy import anonymise as copies
from integaudit.privacy import config_copy
from integaudit.privacy.copying import copies_made, reading
from integaudit.writers.outputs import commit, existing, stage


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
    """How many copies were written, whether the key was a random one, and the configs
    copied beside them."""

    written: int
    stable_key: bool
    configs: list[Path] = field(default_factory=list)


def anonymise(
    options: AnonymiseOptions,
    settings: resolve.Settings,
    on_start: Callable[[bool], None] | None = None,
    on_copy: Callable[[CopyOutcome], None] | None = None,
) -> AnonymiseResult:
    """Write a pseudonymised copy of every extract into ``options.out`` and return how many
    were written; ``on_start(stable_key)`` is called before the first copy and
    ``on_copy(outcome)`` for each input once the copies are in place. The copies are made in
    worker processes (``workers``, as check reads its files) and written in the inputs'
    order, the same bytes for any number of workers. Raise IntegauditError when copies exist
    already (unless forced), --out lies in an input folder, or a copy cannot be written (then
    none is)."""
    refuse_stray_unit(options.paths, options.max_file_size)
    pseudonymiser = settings.pseudonymiser(options.key_file)
    size_limit = parse_size(options.max_file_size, "--max-file-size")
    workers = resolve.workers(settings, options.workers).value
    planned = copies.targets(options.paths, options.out, pseudonymiser)
    inputs = copies.inputs_of(planned)
    by_file = settings.configs.by_file if settings.configs else {}
    configs = config_copy.planned(planned, by_file)
    # A copy may have been edited since (test cases built on it): asked before any is written.
    present = existing([*(r.target for r in planned if r.target is not None), *configs])
    if present and not options.force:
        raise IntegauditError(
            key="anonymise-exists", out=options.out, count=len(present), first=present[0]
        )
    if on_start:
        on_start(pseudonymiser.stable)
    jobs = [(r, reading(r, by_file.get(str(r.source)))) for r in planned if not r.problem]
    bytes_of = copies_made(jobs, pseudonymiser, size_limit, workers)
    outcomes: list[CopyOutcome] = []
    staged: list[tuple[Path, Path]] = []
    made: list[Path] = []
    try:
        for result in planned:
            data = None if result.problem else next(bytes_of)
            if data is None or result.target is None:
                kind = result.problem or IssueKind.FILE_UNREADABLE
                issue = DataIssue("error", kind, params=tuple(result.params.items()))
                outcomes.append(CopyOutcome(result, issue))
                continue
            _make_folders(result.target.parent, made)
            staged.append((stage(result.target, [data], inputs), result.target))
            outcomes.append(CopyOutcome(result))
        copied = len(staged)
        for target, source in configs.items() if copied else ():
            _make_folders(target.parent, made)
            text = config_copy.copied_text(source).encode("utf-8")
            staged.append((stage(target, [text], inputs), target))
        for tmp, target in staged:
            commit(tmp, target)
    except BaseException:
        # Every copy is written whole beside its target first and put in place with the
        # others at the end: a failure on the way (a full disk, a read-only folder, Ctrl-C)
        # leaves no copy and no temporary file.
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    for outcome in outcomes:
        if on_copy:
            on_copy(outcome)
    return AnonymiseResult(copied, pseudonymiser.stable, list(configs) if copied else [])


def _make_folders(folder: Path, made: list[Path]) -> None:
    """Make ``folder`` and the folders above it that are missing, adding each made to
    ``made``; raise IntegauditError naming the one that cannot be made."""
    for missing in reversed([p for p in (folder, *folder.parents) if not p.exists()]):
        try:
            missing.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            raise IntegauditError(
                key="output-failed", path=missing, reason=exc.strerror or str(exc)
            ) from exc
        made.append(missing)
