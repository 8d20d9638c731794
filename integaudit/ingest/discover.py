"""Paths → the spreadsheet files to read (SPEC §1.1)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from integaudit.issues import IssueKind

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv")
# A .txt is read as csv only when named explicitly (Excel's "Unicode text" export).
EXPLICIT_ONLY_SUFFIXES = (".txt",)


@dataclass(frozen=True)
class Found:
    """A file to read, or a path that yielded nothing (``problem`` says why); ``root`` is the
    folder given on the command line that the file was found in, or the file's own folder
    when the file was given."""

    path: Path
    display: str
    problem: IssueKind | None = None
    root: Path | None = None


def _skipped(name: str) -> bool:
    return name.startswith("~$") or name.startswith(".")


def discover(paths: list[Path]) -> list[Found]:
    """Return the files to read in a stable order, and an entry with a problem for each path
    that does not exist, is not a spreadsheet, or is a directory holding none."""
    found: list[Found] = []
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            found.append(Found(path, str(path), IssueKind.PATH_MISSING))
        elif path.is_dir():
            files = sorted(
                (
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in SPREADSHEET_SUFFIXES
                    and not any(_skipped(part) for part in p.relative_to(path).parts)
                ),
                key=lambda p: p.as_posix(),
            )
            if not files:
                found.append(Found(path, str(path), IssueKind.NO_SPREADSHEETS))
            for file in files:
                if file.resolve() not in seen:
                    seen.add(file.resolve())
                    found.append(Found(file, file.as_posix(), root=path))
        elif path.suffix.lower() in SPREADSHEET_SUFFIXES + EXPLICIT_ONLY_SUFFIXES:
            if path.resolve() not in seen:
                seen.add(path.resolve())
                found.append(Found(path, path.as_posix(), root=path.parent))
        else:
            found.append(Found(path, str(path), IssueKind.NOT_SPREADSHEET))
    return found
