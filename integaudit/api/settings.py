"""The effective settings of a run, resolved once for every command.

Precedence: the command line, then the environment, then the config file (then, for check
of a sample workbook, what its Metode sheet records), then the default. The one exception is
the pseudonym key, whose order is the privacy rule of SPEC §4.4: ``--key-file``, then the
config's ``[privacy] key_file``, then ``INTEGAUDIT_KEY``, else a random key. Every value
remembers where it came from, for ``integaudit config --show``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from integaudit.config import file as config
from integaudit.config.per_file import ConfigSet, resolve
from integaudit.errors import IntegauditError, shown
from integaudit.ingest.discover import discover
from integaudit.ingest.held import HeldWords
from integaudit.ingest.pool import available_cores
from integaudit.privacy.pseudonyms import ENV_KEY, Pseudonymiser, resolve_key
from integaudit.privacy.run import use_for_run

DEFAULT_LANG = "da"
# The number of processes that read the extract files, when --workers is not given.
ENV_WORKERS = "INTEGAUDIT_WORKERS"


@dataclass(frozen=True)
class Setting:
    """One effective value and where it came from: ``cli``, ``environment``, the config
    file's path, ``sample`` (a sample workbook's Metode sheet) or ``default``."""

    value: Any
    source: str


def pick(default: Any, *candidates: tuple[str, Any]) -> Setting:
    """Return the first candidate (source, value) whose value is set (not None, not empty),
    else the default."""
    for source, value in candidates:
        if value is not None and value != "":
            return Setting(value, source)
    return Setting(default, "default")


@dataclass(frozen=True)
class Settings:
    """A command's config file and the settings resolved from it and the command line."""

    config: config.Config
    values: dict[str, Setting] = field(default_factory=dict)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    configs: ConfigSet | None = None

    @property
    def lang(self) -> str:
        """Return the run's language."""
        return str(self.values["lang"].value)

    def config_source(self, key: str | None = None) -> str:
        """Return the source name of a value read from the config files: the path of the
        config that sets ``key``."""
        if key is not None and key in self.config.sources:
            return self.config.sources[key]
        return str(self.config.path) if self.config.path else "config"

    def with_value(self, name: str, setting: Setting) -> Settings:
        """Return these settings with ``name`` set to ``setting``."""
        return Settings(self.config, {**self.values, name: setting}, self.environ, self.configs)

    def source_options(self) -> dict[str, Any]:
        """Return what the configs say of reading the files (ingest.LoadOptions): the config
        each file takes, and for a file that takes none the run config's header aliases, goal
        placeholders, [[layout]] entries (with the folder whose files they name) and
        follow-up words."""
        # A file no config governs is read with the defaults.
        base = self.config if self.configs is None else config.Config()
        return {
            "aliases": base.aliases,
            "goal_placeholders": base.goal_placeholders,
            "layouts": base.layouts,
            "layout_dir": base.path.parent if base.path else None,
            "held": HeldWords.of(base.held, base.not_held),
            "configs": dict(self.configs.by_file) if self.configs else {},
        }

    def config_of(self, file: str) -> Path | None:
        """Return the config the file at ``file`` (its path as found) takes, None for none."""
        found = self.configs.by_file.get(file) if self.configs else None
        return found.path if found is not None else None

    def config_paths(self) -> list[Path]:
        """Return every config the run reads, in order."""
        used = self.configs.used if self.configs else (self.config,)
        return [c.path for c in used if c.path is not None]

    def pseudonymiser(self, key_file: Path | None) -> Pseudonymiser:
        """Return the pseudonymiser of the run: the key of --key-file, the config's key file
        or INTEGAUDIT_KEY (a random one, marked unstable, when none is set)."""
        key, source = resolve_key(key_file, self.config.key_file, self.environ)
        return use_for_run(Pseudonymiser(key, stable=source != "random"))

    def rows(self) -> list[tuple[str, str, str]]:
        """Return (key, value, source) for every setting of the config as a check would use
        it (``integaudit config --show``)."""
        rows = config.effective(self.config, bool(self.environ.get(ENV_KEY)))
        chosen = workers(self, None)
        return [*rows, ("workers", str(chosen.value), chosen.source)]


def load(
    config_file: Path | None,
    paths: list[Path],
    lang: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Return the settings of a command: the config each input file takes (--config, else its
    nearest integaudit.toml up to the folder given, else the current folder's) read and
    validated, the run's settings from them (they must agree), and the language resolved
    (--lang, else the config's, else Danish)."""
    found = [item for item in discover(paths) if item.problem is None]
    folders = [p for p in paths if p.is_dir()]
    configs = resolve(config_file, [(f.path, f.root) for f in found], folders)
    settings = configs.run
    source = settings.sources.get("lang") or "config"
    values = {"lang": pick(DEFAULT_LANG, ("cli", lang), (source, settings.lang))}
    environ = dict(os.environ) if environ is None else environ
    return Settings(settings, values, environ, configs)


def parse_date_option(value: str, option: str) -> dt.date:
    """Return the date an option names (ISO or any Danish form the extracts accept); raise
    IntegauditError naming the option when it is not a date."""
    from integaudit.ingest.dates import parse_date  # pandas: only when a date is given

    found = parse_date(value)
    if found is None:
        raise IntegauditError(key="not-a-date", option=option, value=shown(value))
    return found


def ruleset_name(given: str | None) -> str | None:
    """Return the ruleset a user typed as its id (``BEK2020`` and `` bek2020 `` are bek2020);
    a name that is no ruleset's comes back as typed."""
    if given is None:
        return None
    folded = given.strip().lower()
    return folded if folded in config.RULESET_NAMES else given


def ruleset(settings: Settings, given: str | None, sample: str | None = None) -> Setting:
    """Return the ruleset: the option (in any case), else a sample workbook's, else the
    config's, else rr2014; raise IntegauditError when it is not a known ruleset."""
    chosen = pick(
        config.DEFAULT_RULESET,
        ("cli", ruleset_name(given)),
        ("sample", sample),
        (settings.config_source("ruleset"), settings.config.ruleset),
    )
    if chosen.value not in config.RULESET_NAMES:
        raise IntegauditError(
            key="unknown-ruleset",
            value=shown(chosen.value),
            available=", ".join(config.RULESET_NAMES),
        )
    return chosen


def as_of(settings: Settings, given: dt.date | None, sample: dt.date | None = None) -> Setting:
    """Return the audit date: the option, else a sample workbook's, else the config's, else
    today."""
    return pick(
        dt.date.today(),
        ("cli", given),
        ("sample", sample),
        (settings.config_source("as_of"), settings.config.as_of),
    )


def workers(settings: Settings, given: int | None) -> Setting:
    """Return the number of processes that read the files: the option, else
    INTEGAUDIT_WORKERS, else the config's, else the CPU cores this process may use; raise
    IntegauditError when INTEGAUDIT_WORKERS is not a whole number from 1."""
    from_env = settings.environ.get(ENV_WORKERS, "").strip()
    number = None
    if from_env:
        number = int(from_env) if from_env.isascii() and from_env.isdigit() else 0
        if number < 1:
            raise IntegauditError(key="workers", option=ENV_WORKERS, value=shown(from_env))
    return pick(
        available_cores(),
        ("cli", given),
        ("environment", number),
        (settings.config_source("workers"), settings.config.workers),
    )
