"""The pseudonym key (SPEC §4.4): from --key-file, the config's key file or INTEGAUDIT_KEY,
else a random key for the run."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path

from integaudit.errors import IntegauditError

ENV_KEY = "INTEGAUDIT_KEY"
# The most of a key file that is the key.
_KEY_FILE_MOST = 1 << 20


def _read_key_file(path: str | Path, source: str) -> bytes:
    """Return the stripped content of a key file; raise IntegauditError naming the file and
    ``source``, the option or config key that named it."""
    resolved = Path(os.path.expanduser(str(path)))
    where = {"source": source, "path": resolved}
    try:
        if (
            resolved.exists()
            and not resolved.is_dir()
            and not stat.S_ISREG(resolved.stat().st_mode)
        ):
            # A named pipe or a device would hold the run up or never end.
            reason = IntegauditError(key="reason.not-regular")
            raise IntegauditError(key="key-file-unreadable", reason=reason, **where)
        content = resolved.read_bytes()[:_KEY_FILE_MOST].strip()
    except FileNotFoundError:
        raise IntegauditError(key="key-file-missing", **where) from None
    except IsADirectoryError:
        raise IntegauditError(key="key-file-directory", **where) from None
    except OSError as error:
        why = error.strerror or str(error)
        raise IntegauditError(key="key-file-unreadable", reason=why, **where) from None
    if not content:
        raise IntegauditError(key="key-file-empty", **where)
    return content


def resolve_key(
    key_file: str | Path | None,
    config_key_file: str | Path | None,
    env: Mapping[str, str],
) -> tuple[bytes, str]:
    """Return (key, source) with precedence: --key-file, then the config's key_file, then env
    INTEGAUDIT_KEY, else a random 32-byte key with source 'random'.

    source is 'key-file', 'config', 'env' or 'random'. A key file's content is used as bytes
    with surrounding whitespace stripped; '~' is expanded. A missing/unreadable/empty key file
    raises IntegauditError naming the file. An empty INTEGAUDIT_KEY counts as unset.
    """
    if key_file is not None and str(key_file) != "":
        return _read_key_file(key_file, "--key-file"), "key-file"
    if config_key_file is not None and str(config_key_file) != "":
        return _read_key_file(config_key_file, "config privacy.key_file"), "config"
    from_env = env.get(ENV_KEY, "").strip()
    if from_env:
        return from_env.encode("utf-8"), "env"
    return secrets.token_bytes(32), "random"
