"""Paths → the spreadsheet files to read (SPEC §1.1)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from integaudit.errors import readable
from integaudit.ingest.limits import is_regular
from integaudit.issues import IssueKind

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv")
# A .txt is read as csv only when named explicitly (Excel's "Unicode text" export).
EXPLICIT_ONLY_SUFFIXES = (".txt",)


@dataclass(frozen=True)
class Found:
    """A file to read, or a path that yielded nothing (``problem`` says why); ``display`` is
    its path as the outputs show it (bytes of its name that are not UTF-8 as U+FFFD);
    ``root`` is the folder given on the command line that the file was found in, or the
    file's own folder when the file was given."""

    path: Path
    display: str
    problem: IssueKind | None = None
    root: Path | None = None


def _skipped(name: str) -> bool:
    return name.startswith("~$") or name.startswith(".")


def discover(paths: list[Path]) -> list[Found]:
    """Return the files to read in a stable order, and an entry with a problem for each path
    that does not exist, is not a spreadsheet, is not a regular file (a named pipe, a
    device, a socket, or a link to one: never read, as reading one may never end), or is a
    directory holding none."""
    found: list[Found] = []
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            found.append(Found(path, readable(str(path)), IssueKind.PATH_MISSING))
        elif path.is_dir():
            files = sorted(
                (
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in SPREADSHEET_SUFFIXES
                    and not p.is_dir()
                    and not any(_skipped(part) for part in p.relative_to(path).parts)
                ),
                key=lambda p: p.as_posix(),
            )
            if not files:
                found.append(Found(path, readable(str(path)), IssueKind.NO_SPREADSHEETS))
            for file in files:
                _add(found, seen, file, root=path)
        elif path.suffix.lower() in SPREADSHEET_SUFFIXES + EXPLICIT_ONLY_SUFFIXES:
            _add(found, seen, path, root=path.parent)
        else:
            found.append(Found(path, readable(str(path)), IssueKind.NOT_SPREADSHEET))
    return found


def _add(found: list[Found], seen: set[Path], file: Path, root: Path) -> None:
    """Add a file to read (found below ``root``), once, or the problem that it is not there
    or not a regular file."""
    display = readable(file.as_posix())
    if not file.exists():  # a link that leads nowhere
        found.append(Found(file, display, IssueKind.PATH_MISSING))
    elif not is_regular(file):
        found.append(Found(file, display, IssueKind.FILE_NOT_REGULAR))
    elif file.resolve() not in seen:
        seen.add(file.resolve())
        found.append(Found(file, display, root=root))
