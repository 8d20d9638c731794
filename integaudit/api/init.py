"""The init use case: an integaudit.toml for a folder of extracts, to confirm and complete."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from integaudit import ingest
from integaudit.api import settings as resolve
from integaudit.config.file import CONFIG_NAME
from integaudit.errors import IntegauditError


@dataclass(frozen=True)
class InitOptions:
    """What ``integaudit init`` is asked: the extracts, whether to replace a config that is
    there, and the ruleset whose fields to look for (default: the config's, else rr2014)."""

    paths: list[Path]
    force: bool = False
    ruleset: str | None = None


@dataclass
class InitResult:
    """The config written and what the user should confirm."""

    target: Path
    text: str
    confirm: list[str] = field(default_factory=list)


def init(options: InitOptions, settings: resolve.Settings) -> InitResult:
    """Return the integaudit.toml to write in the first folder given (a file's own folder
    when a file is given) for the extracts of ``options.paths``, read as no config would read
    them; raise IntegauditError when there is no path, or when a config is there already and
    ``options.force`` is not set (it may hold the user's work)."""
    from integaudit.config.starter import starter
    from integaudit.rules.rulesets import get_ruleset

    if not options.paths:
        raise IntegauditError(key="init-no-paths")
    first = options.paths[0]
    folder = first if first.is_dir() else first.parent
    target = folder / CONFIG_NAME
    if target.exists() and not options.force:
        raise IntegauditError(key="init-exists", path=target)
    name = resolve.ruleset(settings, options.ruleset).value
    load_options = ingest.LoadOptions(
        as_of=dt.date.today(), pseudonymiser=settings.pseudonymiser(None), workers=1
    )
    extract = ingest.load(options.paths, load_options)
    found = starter(extract, get_ruleset(name), name, folder, settings.lang)
    return InitResult(target, found.text, found.confirm)
