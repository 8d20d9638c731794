"""The anonymise use case: pseudonymised copies of extracts, to share or to test with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from integaudit.api import settings as resolve
from integaudit.errors import IntegauditError
from integaudit.ingest.headers import build_alias_index
from integaudit.ingest.limits import parse_size, refuse_stray_unit
from integaudit.issues import DataIssue
from integaudit.privacy import anonymise as copies
from integaudit.writers.outputs import existing, write_bytes


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
    for result in planned:
        data = None
        if not result.problem:
            data = copies.anonymise_file(result, index, pseudonymiser, size_limit)
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
