"""The anonymise use case: pseudonymised copies of extracts, to share or to test with."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from integaudit import layout as layouts
from integaudit.api import settings as resolve
from integaudit.config import Config
from integaudit.errors import IntegauditError
from integaudit.ingest import limits
from integaudit.ingest.container import read_within_checks
from integaudit.ingest.headers import AliasIndex, build_alias_index
from integaudit.ingest.limits import parse_size, read_memory, refuse_stray_unit
from integaudit.ingest.pool import run_alone
from integaudit.issues import DataIssue, IssueKind
from integaudit.layout import Layout
from integaudit.memory import give_back
from integaudit.privacy import anonymise as copies
from integaudit.privacy import config_copy
from integaudit.writers.outputs import commit, existing, stage


@dataclass(frozen=True)
class AnonymiseOptions:
    """What ``integaudit anonymise`` is asked."""

    paths: list[Path]
    out: Path
    key_file: Path | None = None
    force: bool = False
    max_file_size: str = "200MB"


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
    ``on_copy(outcome)`` for each input once the copies are in place. Raise IntegauditError
    when copies exist already (unless forced), --out lies in an input folder, or a copy
    cannot be written (then none is)."""
    refuse_stray_unit(options.paths, options.max_file_size)
    pseudonymiser = settings.pseudonymiser(options.key_file)
    size_limit = parse_size(options.max_file_size, "--max-file-size")
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
    outcomes: list[CopyOutcome] = []
    staged: list[tuple[Path, Path]] = []
    made: list[Path] = []
    try:
        for result in planned:
            data = None
            if not result.problem:
                reading = _reading(result, by_file.get(str(result.source)))
                data = _copy(result, reading, pseudonymiser, size_limit)
                _keep_counts_only(result)
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


Reading = tuple[AliasIndex, tuple[Layout, ...]]


def _copy(
    result: copies.FileResult, reading: Reading, pseudonymiser: Any, size_limit: int
) -> bytes | None:
    """Return the bytes of a file's anonymised copy, or None with the problem in ``result``;
    a workbook the checks before reading cannot bound is read by a worker process of its own
    under the limits of reading one file (README "Limits")."""
    if read_within_checks(result.source):
        return copies.anonymise_file(result, reading[0], pseudonymiser, size_limit, reading[1])
    memory = read_memory(size_limit)
    found = run_alone(_copied, result, reading, pseudonymiser, size_limit, memory=memory)
    if found is None:
        result.problem = IssueKind.FILE_OVER_READ_LIMITS
        result.params = {"memory": memory, "seconds": limits.READ_SECONDS}
        return None
    done, data = found
    result.sheets, result.problem, result.params = done.sheets, done.problem, done.params
    return data


def _keep_counts_only(result: copies.FileResult) -> None:
    """Let go of the cells of a file's copy (its bytes hold them now), keeping the counts of
    what was changed that the command reports, and hand their memory back."""
    for sheet in result.sheets:
        sheet.rows = []
    give_back()


def _copied(
    result: copies.FileResult, reading: Reading, pseudonymiser: Any, size_limit: int
) -> tuple[copies.FileResult, bytes | None]:
    """Return the file's result and the bytes of its copy (run in a worker process)."""
    index, entries = reading
    return result, copies.anonymise_file(result, index, pseudonymiser, size_limit, entries)


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


def _reading(result: copies.FileResult, config: Config | None) -> Reading:
    """Return the alias index and the [[layout]] entries of the config a file takes."""
    if config is None:
        return build_alias_index(), ()
    index = build_alias_index({k: tuple(v) for k, v in config.aliases.items()})
    root = result.root or result.source.parent
    folder = config.path.parent if config.path else None
    return index, layouts.for_path(config.layouts, result.source, root, folder)
