"""Writing outputs safely: atomically (temporary file + rename), never over an input.

Messages are in the language a command passes as ``lang`` (English when it passes none)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from integaudit.errors import IntegauditError


def _guard(path: Path, inputs: Iterable[Path], lang: str = "en") -> None:
    from integaudit.i18n import text

    target = path.resolve()
    for item in inputs:
        if item.exists() and item.resolve() == target:
            raise IntegauditError(text("output.is_input", lang, path=path))
    if not target.parent.is_dir():
        raise IntegauditError(text("output.no_folder", lang, path=path, folder=path.parent))


def check_targets(paths: Iterable[Path], inputs: Iterable[Path] = (), lang: str = "en") -> None:
    """Return None when every path in ``paths`` may be written; raise IntegauditError when one
    is an input file, its folder does not exist, or two of them are the same file. Called
    before a command writes anything, so a refused target leaves no other output behind."""
    from integaudit.i18n import text

    known = list(inputs)
    seen: dict[Path, Path] = {}
    for path in paths:
        _guard(path, known, lang)
        target = path.resolve()
        if target in seen:
            raise IntegauditError(text("output.twice", lang, path=path, other=seen[target]))
        seen[target] = path


def existing(paths: Iterable[Path]) -> list[Path]:
    """Return the paths that exist already (files, folders, links), in order.

    For outputs a person may have worked in since they were written (a sample workbook with
    reviewers' marks, anonymised copies): a command refuses them unless given ``--force``,
    and asks before anything is read or written, so a refusal leaves every file as it was.
    """
    return [path for path in paths if path.exists() or path.is_symlink()]


def write_bytes(path: Path, data: bytes, inputs: Iterable[Path] = (), lang: str = "en") -> None:
    """Write ``data`` to ``path`` atomically; refuse to overwrite an input file."""
    from integaudit.i18n import text

    _guard(path, inputs, lang)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp creates 0600; give the file the permissions the user's umask asks for.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        reason = exc.strerror or exc
        raise IntegauditError(text("output.cannot_write", lang, path=path, reason=reason)) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str, inputs: Iterable[Path] = (), lang: str = "en") -> None:
    """Write UTF-8 ``text`` to ``path`` atomically; refuse to overwrite an input file."""
    write_bytes(path, text.encode("utf-8"), inputs, lang)
