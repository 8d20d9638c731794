"""What every command that reads extracts for an audit is given (check, due,
municipal-reports): one typed ``ReadOptions`` each command's options are composed of. The
command line's texts are parsed in ``cli`` (with ``parse_date_option``, ``parse_size`` and
``refuse_stray_unit``); a library caller passes dates and numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from integaudit.api.settings import parse_date_option as parse_date_option
from integaudit.ingest.limits import DEFAULT_MAX_FILE_SIZE
from integaudit.ingest.limits import parse_size as parse_size
from integaudit.ingest.limits import refuse_stray_unit as refuse_stray_unit


@dataclass(frozen=True)
class ReadOptions:
    """The inputs and how they are read: the settings given on the command line (None: from
    the config, a sample workbook or the default), the largest file read (bytes), the report
    files the command will write (checked before anything is read, and never an input
    unless ``force``) and the command line for the audit trail."""

    paths: list[Path]
    as_of: dt.date | None = None
    ruleset: str | None = None
    municipality: str | None = None
    key_file: Path | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    workers: int | None = None
    outputs: tuple[Path, ...] = ()
    force: bool = False
    command: str = "integaudit"
