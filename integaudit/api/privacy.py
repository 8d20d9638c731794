"""The anonymise use case: pseudonymised copies of extracts, to share or to test with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from integaudit import layout as layouts
from integaudit.api import settings as resolve
from integaudit.config import Config
from integaudit.errors import IntegauditError
from integaudit.ingest.headers import AliasIndex, build_alias_index
from integaudit.ingest.limits import parse_size, refuse_stray_unit
from integaudit.issues import DataIssue, IssueKind
from integaudit.layout import Layout
from integaudit.privacy import anonymise as copies
from integaudit.privacy import config_copy
from integaudit.writers.outputs import existing, write_bytes, write_text


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
    ``on_copy(outcome)`` after each. Raise IntegauditError when copies exist already
    (unless forced) or --out lies in an input folder."""
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
    written = 0
    for result in planned:
        data = None
        if not result.problem:
            index, entries = _reading(result, by_file.get(str(result.source)))
            data = copies.anonymise_file(result, index, pseudonymiser, size_limit, entries)
        if data is None or result.target is None:
            kind = result.problem or IssueKind.FILE_UNREADABLE
            issue = DataIssue("error", kind, params=tuple(result.params.items()))
            if on_copy:
                on_copy(CopyOutcome(result, issue))
            continue
        result.target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(result.target, data, inputs=inputs)
        written += 1
        if on_copy:
            on_copy(CopyOutcome(result))
    for target, source in configs.items() if written else ():
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text(target, config_copy.copied_text(source), inputs=inputs)
    return AnonymiseResult(written, pseudonymiser.stable, list(configs))


def _reading(
    result: copies.FileResult, config: Config | None
) -> tuple[AliasIndex, tuple[Layout, ...]]:
    """Return the alias index and the [[layout]] entries of the config a file takes."""
    if config is None:
        return build_alias_index(), ()
    index = build_alias_index({k: tuple(v) for k, v in config.aliases.items()})
    root = result.root or result.source.parent
    paths = layouts.file_paths(
        _below(result.source, root),
        _below(result.source, config.path.parent if config.path else None),
        result.source.name,
    )
    return index, tuple(layouts.for_file(config.layouts, paths))


def _below(path: Path, folder: Path | None) -> str | None:
    """Return ``path`` relative to ``folder`` as posix text, None when it is not below it."""
    if folder is None:
        return None
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except (ValueError, OSError):
        return None
