"""Writing outputs safely: atomically (temporary file + rename), never over an input.

Errors are keyed messages of the catalogue, shown in the run's language by the CLI."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from integaudit.errors import IntegauditError


def _guard(path: Path, inputs: Iterable[Path]) -> None:
    target = path.resolve()
    # A target that does not exist (nor resolves to a file that does) is no input.
    for item in inputs if target.exists() else ():
        if item.exists() and item.resolve() == target:
            raise IntegauditError(key="output-is-input", path=path)
    if not target.parent.is_dir():
        raise IntegauditError(key="output-no-folder", path=path, folder=path.parent)


# How integaudit's own reports begin: a report may replace an earlier one of its kind, but
# never another file the user may have worked in (an extract, a reviewed sample).
_OWN_JSON_KEYS = (b'"schema_version"', b'"likelihood"')
_OWN_HTML = b'<meta name="generator" content="integaudit">'


def is_own_report(path: Path) -> bool:
    """Return whether an existing file is a report integaudit wrote (JSON of check, compare or
    evaluate; HTML; the report workbook), read from its first bytes or its sheet names."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            from integaudit.ingest import report_workbook

            return report_workbook(path)
        with path.open("rb") as handle:
            head = handle.read(4096)
    except (OSError, ValueError):
        return False
    if head.lstrip().startswith(b"{"):
        return any(key in head for key in _OWN_JSON_KEYS)
    return _OWN_HTML in head


def check_targets(paths: Iterable[Path], inputs: Iterable[Path] = (), force: bool = False) -> None:
    """Return None when every path in ``paths`` may be written; raise IntegauditError when one
    is an input file, its folder does not exist, two of them are the same file, or (unless
    ``force``) it exists and is not an earlier integaudit report. Called before a command
    writes anything, so a refused target leaves no other output behind."""
    known = list(inputs)
    seen: dict[Path, Path] = {}
    for path in paths:
        _guard(path, known)
        if not force and path.is_file() and not is_own_report(path):
            raise IntegauditError(key="output-not-own", path=path)
        target = path.resolve()
        if target in seen:
            raise IntegauditError(key="output-twice", path=path, other=seen[target])
        seen[target] = path


def existing(paths: Iterable[Path]) -> list[Path]:
    """Return the paths that exist already (files, folders, links), in order.

    For outputs a person may have worked in since they were written (a sample workbook with
    reviewers' marks, anonymised copies): a command refuses them unless given ``--force``,
    and asks before anything is read or written, so a refusal leaves every file as it was.
    """
    return [path for path in paths if path.exists() or path.is_symlink()]


def stage(path: Path, pieces: Iterable[bytes], inputs: Iterable[Path] = ()) -> Path:
    """Return a temporary file beside ``path`` holding ``pieces`` written in turn, with the
    permissions the user's umask asks for; :func:`commit` puts it in place. Refuse to write
    over an input file. Nothing is left behind when writing fails or is interrupted."""
    _guard(path, inputs)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    with _removed_on_failure(tmp, path):
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece)
        # mkstemp creates 0600; give the file the permissions the user's umask asks for.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
    return tmp


def commit(tmp: Path, path: Path) -> None:
    """Put a staged temporary file in place of ``path`` (atomically, by renaming)."""
    with _removed_on_failure(tmp, path):
        os.replace(tmp, path)


@contextmanager
def _removed_on_failure(tmp: Path, path: Path) -> Iterator[None]:
    """Remove the temporary file when the block fails or is interrupted; an OSError becomes
    the error of the output ``path``."""
    try:
        yield
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _failed(path, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _failed(path: Path, exc: OSError) -> IntegauditError:
    """Return the error of an output that could not be written."""
    return IntegauditError(key="output-failed", path=path, reason=exc.strerror or str(exc))


def encoded(data: str | bytes | Iterable[str]) -> Iterable[bytes]:
    """Return the bytes of an output's content: bytes as they are, text (whole or in pieces)
    as UTF-8."""
    if isinstance(data, bytes):
        return [data]
    if isinstance(data, str):
        return [data.encode("utf-8")]
    return (piece.encode("utf-8") for piece in data)


def write_bytes(path: Path, data: bytes, inputs: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``path`` atomically; refuse to overwrite an input file."""
    commit(stage(path, [data], inputs), path)


def write_text(path: Path, text: str, inputs: Iterable[Path] = ()) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically; refuse to overwrite an input file."""
    write_bytes(path, text.encode("utf-8"), inputs)
