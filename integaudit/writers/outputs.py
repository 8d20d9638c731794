"""Writing outputs safely: atomically (temporary file + rename), never over an input.

Errors are keyed messages of the catalogue, shown in the run's language by the CLI."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from integaudit.errors import IntegauditError
from integaudit.writers import signature


def _guard(path: Path, inputs: Iterable[Path]) -> None:
    """Refuse an output that is an input: the same path, a symbolic link to it or a hard link
    (the same file by device and inode), whatever --force says; and one whose folder does
    not exist."""
    target = path.resolve()
    own = _identity(path)
    for item in inputs:
        if item.resolve() == target or (own is not None and _identity(item) == own):
            raise IntegauditError(key="output-is-input", path=path)
    if not target.parent.is_dir():
        raise IntegauditError(key="output-no-folder", path=path, folder=path.parent)


def _identity(path: Path) -> tuple[int, int] | None:
    """Return the device and inode of the file a path leads to, None when there is none."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return found.st_dev, found.st_ino


def is_own_report(path: Path) -> bool:
    """Return whether an existing file is a report integaudit wrote: it carries the
    signature of its content (``writers.signature``), whatever its name."""
    return signature.verdict(path) == "signed"


def check_targets(paths: Iterable[Path], inputs: Iterable[Path] = (), force: bool = False) -> None:
    """Return None when every path in ``paths`` may be written; raise IntegauditError when one
    is an input file (also through a link), its folder does not exist, two of them are the
    same file, or (unless ``force``) it exists and is not an integaudit report with a valid
    signature. Called before a command writes anything, so a refused target leaves no other
    output behind."""
    known = list(inputs)
    seen: dict[Path, Path] = {}
    for path in paths:
        _guard(path, known)
        if not force and path.is_file():
            found = signature.verdict(path)
            if found == "unsigned":
                raise IntegauditError(key="output-unsigned-report", path=path)
            if found != "signed":
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
    try:
        fd, name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent)
    except OSError as exc:  # a read-only or full folder, a name too long
        raise _failed(path, exc) from exc
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


def _temp_prefix(path: Path) -> str:
    """Return how a staged file's name begins: a dot and the target's name, cut to 100 bytes,
    so the temporary name fits where the target's does (file systems take 255 bytes)."""
    cut = os.fsencode(path.name)[:100]
    return "." + os.fsdecode(cut.decode("utf-8", "ignore").encode("utf-8")) + "."


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
