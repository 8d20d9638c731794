"""Which integaudit.toml applies to which input file (issue 19 §6): each file takes the nearest
config in its own folder or the folders above it, up to the folder given on the command line
(the file's own folder when the file was given); --config applies to all. The keys that say
how files are read (aliases, placeholders, layout, municipality, follow-up words) may differ
between configs; the run's own settings must agree."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from integaudit.config.file import CONFIG_NAME, Config, discover, load
from integaudit.errors import IntegauditError

# The settings of a run as a whole: every config a run reads must agree on them (the other
# keys say how the files under each config are read, and may differ). Attribute, key.
RUN_SETTINGS = (
    ("ruleset", "ruleset"),
    ("as_of", "as_of"),
    ("lang", "lang"),
    ("suspensions", "suspension"),
    ("workers", "workers"),
    ("key_file", "privacy.key_file"),
)


@dataclass(frozen=True)
class ConfigSet:
    """The configs of a run: ``run`` holds the run's settings (RUN_SETTINGS, from whichever
    config sets them; the first config's other keys), ``by_file`` the config each input file
    takes (its path as found → config), ``used`` every config read, in order."""

    run: Config
    by_file: dict[str, Config] = field(default_factory=dict)
    used: tuple[Config, ...] = ()


def nearest(file: Path, root: Path | None) -> Path | None:
    """Return the integaudit.toml nearest to ``file``: in its own folder or a folder above
    it, up to ``root`` (the folder given on the command line; the file's own folder when the
    file was given); None when there is none."""
    folder = file.parent
    stop = (root or folder).resolve()
    while True:
        if (folder / CONFIG_NAME).is_file():
            return folder / CONFIG_NAME
        here = folder.resolve()
        if here == stop or not here.is_relative_to(stop) or folder.parent == folder:
            return None
        folder = folder.parent


def resolve(
    config_file: Path | None,
    files: list[tuple[Path, Path | None]],
    folders: list[Path],
    cwd: Path | None = None,
) -> ConfigSet:
    """Return the configs of a run over ``files`` ((file, folder given) pairs) and the
    ``folders`` given: --config for every file; else each file's nearest integaudit.toml
    (``nearest``), a folder's own for the folder, and the current folder's for a file that
    has none. Raise IntegauditError when two configs set a run setting differently."""
    if config_file is not None:
        chosen = load(discover(config_file, []))
        return ConfigSet(chosen, {str(f): chosen for f, _ in files}, (chosen,))
    loaded: dict[Path, Config] = {}

    def read(path: Path) -> Config:
        key = path.resolve()
        if key not in loaded:
            loaded[key] = load(path)
        return loaded[key]

    here = (cwd or Path.cwd()) / CONFIG_NAME
    fallback = here if here.is_file() else None
    used: dict[Path, Config] = {}
    for folder in folders:
        if (folder / CONFIG_NAME).is_file():
            used.setdefault((folder / CONFIG_NAME).resolve(), read(folder / CONFIG_NAME))
    by_file: dict[str, Config] = {}
    for file, root in files:
        path = nearest(file, root) or fallback
        if path is not None:
            by_file[str(file)] = used.setdefault(path.resolve(), read(path))
    if not used and fallback is not None:
        used[fallback.resolve()] = read(fallback)
    configs = tuple(used.values())
    return ConfigSet(_run_settings(configs), by_file, configs)


def _run_settings(configs: tuple[Config, ...]) -> Config:
    """Return the run's config: the first one's keys, and each run setting from the config
    that sets it; raise IntegauditError naming both configs when two set one differently."""
    if not configs:
        return Config()
    values: dict[str, Any] = {}
    sources = dict(configs[0].sources)
    for attribute, key in RUN_SETTINGS:
        setters = [c for c in configs if key in c.sources]
        for other in setters[1:]:
            if getattr(other, attribute) != getattr(setters[0], attribute):
                raise IntegauditError(
                    key="config-disagree",
                    setting=key,
                    first=setters[0].path,
                    second=other.path,
                )
        if setters:
            values[attribute] = getattr(setters[0], attribute)
            sources[key] = str(setters[0].path)
        else:
            sources.pop(key, None)
            values[attribute] = getattr(Config(), attribute)
    return replace(configs[0], **values, sources=sources)
