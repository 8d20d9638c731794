"""The integaudit.toml beside an input, copied beside its anonymised copy (issue 19 §7): the
same settings, so the copy audits as the original does, without the path of the pseudonym
key (``[privacy] key_file``: a path on the auditor's machine), and with each [[layout]] file
pattern naming a workbook renamed as the copy is (.ods, .xls, .xlsm, .xlsb → .xlsx)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

from integaudit.config.file import CONFIG_NAME, Config
from integaudit.privacy.anonymise import WORKBOOK_SUFFIXES, FileResult

_KEY_FILE = re.compile(r"^\s*key_file\s*=.*$\n?", re.M)
_FILES = re.compile(r"^(\s*files\s*=\s*)(.*)$", re.M)
_RENAMED = re.compile(
    r"\.(" + "|".join(s.lstrip(".") for s in WORKBOOK_SUFFIXES if s != ".xlsx") + r')(?=["\'])',
    re.I,
)


def planned(results: Iterable[FileResult], configs: Mapping[str, Config]) -> dict[Path, Path]:
    """Return copy target → source of each config beside an input (in its folder or a folder
    above it, within the folder given) that governs a file being copied."""
    out: dict[Path, Path] = {}
    for result in results:
        config = configs.get(str(result.source))
        if result.target is None or config is None or config.path is None:
            continue
        folder = config.path.parent.resolve()
        start = result.source.parent.resolve()
        root = (result.root or result.source.parent).resolve()
        if not (start.is_relative_to(folder) and folder.is_relative_to(root)):
            continue  # --config, or the current folder's: not beside the inputs
        target = result.target.parent
        for _ in start.relative_to(folder).parts:
            target = target.parent
        out.setdefault(target / CONFIG_NAME, config.path)
    return out


def copied_text(source: Path) -> str:
    """Return the text of a config as its copy holds it: no key path, and workbook patterns of
    [[layout]] renamed .xlsx. Comments and everything else are kept as written."""
    text = _KEY_FILE.sub("", source.read_text(encoding="utf-8"))
    text = _FILES.sub(lambda m: m.group(1) + _RENAMED.sub(".xlsx", m.group(2)), text)
    tomllib.loads(text)  # still a valid config
    return text
