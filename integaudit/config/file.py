"""integaudit.toml: discovery, validation and defaults (SPEC §5)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from integaudit import DEFAULT_RULESET, RULESET_NAMES
from integaudit import layout as layouts
from integaudit.errors import IntegauditError, shown
from integaudit.i18n import LANGS
from integaudit.layout import Layout
from integaudit.model import FIELDS_BY_NAME, Suspension

CONFIG_NAME = "integaudit.toml"
# The keys whose source config --show names (placeholders and privacy.key_file aside).
SOURCED_KEYS = (
    *("ruleset", "as_of", "lang", "aliases", "suspension", "workers", "layout"),
    *("follow_ups", "municipality"),
)


@dataclass(frozen=True)
class Config:
    """The validated contents of one config file (or the defaults when there is none).

    ``sources`` maps each key that was set to where it came from (the file's path).
    """

    path: Path | None = None
    ruleset: str | None = None
    as_of: dt.date | None = None
    lang: str | None = None
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    goal_placeholders: tuple[str, ...] = ()
    suspensions: tuple[Suspension, ...] = ()
    key_file: Path | None = None
    workers: int | None = None
    layouts: tuple[Layout, ...] = ()
    held: tuple[str, ...] = ()
    not_held: tuple[str, ...] = ()
    municipality: str | None = None
    sources: dict[str, str] = field(default_factory=dict)


def discover(config_file: Path | None, paths: list[Path], cwd: Path | None = None) -> Path | None:
    """Return the config file to use: --config, else the first directory argument's
    integaudit.toml, else the current directory's; None when there is none."""
    if config_file is not None:
        if not config_file.is_file():
            raise IntegauditError(key="config-not-found", path=config_file)
        return config_file
    first_dir = next((p for p in paths if p.is_dir()), None)
    for folder in (first_dir, cwd or Path.cwd()):
        if folder is not None and (folder / CONFIG_NAME).is_file():
            return folder / CONFIG_NAME
    return None


def load(path: Path | None) -> Config:
    """Return the validated configuration in ``path`` (defaults when ``path`` is None).

    Raises IntegauditError naming the file and the key for unknown keys, wrong types and
    bad dates.
    """
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise IntegauditError(key="config-not-toml", path=path, where=_toml_where(exc)) from exc
    except UnicodeDecodeError as exc:
        reason = IntegauditError(key="reason.config-not-utf8")
        raise IntegauditError(key="config-unreadable", path=path, reason=reason) from exc
    except OSError as exc:
        raise IntegauditError(
            key="config-unreadable", path=path, reason=exc.strerror or str(exc)
        ) from exc
    return _validate(data, path)


def _toml_where(exc: tomllib.TOMLDecodeError) -> IntegauditError:
    """Return where in the file a TOML error is, as a message part (line and column)."""
    found = re.search(r"at line (\d+), column (\d+)", str(exc))
    if not found:
        return IntegauditError(key="config-toml-unknown")
    return IntegauditError(key="config-toml-where", line=found.group(1), column=found.group(2))


def _validate(data: dict[str, Any], path: Path) -> Config:
    where = str(path)

    def fail(key: str, problem: str, **params: Any) -> IntegauditError:
        detail = IntegauditError(key=f"config.{problem}", **params)
        return IntegauditError(key="config-key", path=path, name=key, problem=detail)

    known = {
        "ruleset",
        "as_of",
        "lang",
        "aliases",
        "placeholders",
        "suspension",
        "privacy",
        "workers",
        "layout",
        "follow_ups",
        "municipality",
    }
    for key in data:
        if key not in known:
            raise fail(key, "unknown-key", known=", ".join(sorted(known)))
    values: dict[str, Any] = {"path": path, "sources": {}}

    if "ruleset" in data:
        ruleset = data["ruleset"]
        # Case-insensitive, as --ruleset is.
        if not isinstance(ruleset, str) or ruleset.strip().lower() not in RULESET_NAMES:
            raise fail("ruleset", "one-of", allowed=", ".join(RULESET_NAMES), value=shown(ruleset))
        values["ruleset"] = ruleset.strip().lower()
    if "as_of" in data:
        values["as_of"] = _date(data["as_of"], "as_of", fail)
    if "lang" in data:
        lang = data["lang"]
        if lang not in LANGS:
            raise fail("lang", "one-of", allowed=", ".join(LANGS), value=shown(lang))
        values["lang"] = lang
    if "aliases" in data:
        values["aliases"] = _aliases(data["aliases"], fail)
    if "placeholders" in data:
        values["goal_placeholders"] = _placeholders(data["placeholders"], fail)
    if "suspension" in data:
        values["suspensions"] = _suspensions(data["suspension"], fail)
    if "layout" in data:
        values["layouts"] = layouts.parse(data["layout"], where, fail)
    if "follow_ups" in data:
        values.update(_follow_ups(data["follow_ups"], fail))
    if "municipality" in data:
        values["municipality"] = _municipality(data["municipality"], fail)
    if "workers" in data:
        workers = data["workers"]
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise fail("workers", "workers")
        values["workers"] = workers
    if "privacy" in data:
        privacy = data["privacy"]
        if not isinstance(privacy, dict):
            raise fail("privacy", "table")
        for key in privacy:
            if key != "key_file":
                raise fail(f"privacy.{key}", "unknown-key", known="key_file")
        if "key_file" in privacy:
            key_file = privacy["key_file"]
            if not isinstance(key_file, str) or not key_file.strip():
                raise fail("privacy.key_file", "path")
            resolved = Path(key_file).expanduser()
            if not resolved.is_absolute():
                resolved = path.parent / resolved
            values["key_file"] = resolved
    values["sources"] = {k: where for k in SOURCED_KEYS if k in data}
    if "placeholders" in data:
        values["sources"]["placeholders"] = where
    if "key_file" in values:
        values["sources"]["privacy.key_file"] = where
    return Config(**values)


def _date(value: Any, key: str, fail: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        # The reading of --as-of, so "30-06-2021" is a date here as it is on the command line.
        from integaudit.ingest.dates import parse_date

        found = parse_date(value.strip())
        if found is not None:
            return found
    raise fail(key, "date", value=shown(value))


def _string_list(value: Any, key: str, fail: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(key, "text-list")
    return tuple(v for v in value if v.strip())


def _aliases(value: Any, fail: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise fail("aliases", "aliases")
    aliases: dict[str, tuple[str, ...]] = {}
    for name, items in value.items():
        if name not in FIELDS_BY_NAME:
            raise fail(f"aliases.{name}", "not-field")
        aliases[name] = _string_list(items, f"aliases.{name}", fail)
    return aliases


def _placeholders(value: Any, fail: Any) -> tuple[str, ...]:
    if not isinstance(value, dict):
        raise fail("placeholders", "placeholders")
    for name in value:
        if name != "goal":
            raise fail(f"placeholders.{name}", "unknown-key", known="goal")
    return _string_list(value.get("goal", []), "placeholders.goal", fail)


def _municipality(value: Any, fail: Any) -> str:
    """Return the municipality of every row of the files the config governs (as
    --municipality says it for a run); it must be one of kommuner.csv."""
    from integaudit import municipalities

    if not isinstance(value, str) or municipalities.lookup(value) is None:
        raise fail("municipality", "municipality", value=shown(value))
    return value


def _follow_ups(value: Any, fail: Any) -> dict[str, tuple[str, ...]]:
    """Return the status words of [follow_ups]: ``held`` and ``not_held`` (ingest.held)."""
    if not isinstance(value, dict):
        raise fail("follow_ups", "table")
    for name in value:
        if name not in ("held", "not_held"):
            raise fail(f"follow_ups.{name}", "unknown-key", known="held, not_held")
    return {
        name: _string_list(value[name], f"follow_ups.{name}", fail)
        for name in ("held", "not_held")
        if name in value
    }


def _suspensions(value: Any, fail: Any) -> tuple[Suspension, ...]:
    if not isinstance(value, list):
        raise fail("suspension", "suspension-tables")
    windows = []
    for i, item in enumerate(value, start=1):
        key = f"suspension[{i}]"
        if not isinstance(item, dict):
            raise fail(key, "suspension-table")
        for name in item:
            if name not in ("start", "end", "label"):
                raise fail(f"{key}.{name}", "unknown-key", known="start, end, label")
        if "start" not in item or "end" not in item:
            raise fail(key, "suspension-dates")
        start = _date(item["start"], f"{key}.start", fail)
        end = _date(item["end"], f"{key}.end", fail)
        if end < start:
            raise fail(key, "suspension-order", end=end.isoformat(), start=start.isoformat())
        label = item.get("label", "")
        if not isinstance(label, str):
            raise fail(f"{key}.label", "text")
        windows.append(Suspension(start, end, label))
    return tuple(windows)


def effective(config: Config, env_key_set: bool) -> list[tuple[str, str, str]]:
    """Return (key, value, source) for every setting as a run would use it: the config file's
    value with its path as source, else the default."""
    default = "default"

    def origin(key: str) -> str:
        return config.sources.get(key, default)

    rows = [
        ("ruleset", config.ruleset or DEFAULT_RULESET, origin("ruleset")),
        ("as_of", config.as_of.isoformat() if config.as_of else "today", origin("as_of")),
        ("lang", config.lang or "da", origin("lang")),
    ]
    for name, aliases in sorted(config.aliases.items()):
        rows.append((f"aliases.{name}", ", ".join(aliases), origin("aliases")))
    rows.append(
        ("placeholders.goal", ", ".join(config.goal_placeholders) or "–", origin("placeholders"))
    )
    for i, window in enumerate(config.suspensions, start=1):
        label = f" ({window.label})" if window.label else ""
        rows.append(
            (f"suspension[{i}]", f"{window.start} – {window.end}{label}", origin("suspension"))
        )
    if not config.suspensions:
        rows.append(("suspension", "–", default))
    for entry in config.layouts:
        rows.append((f"layout[{entry.number}]", _layout_text(entry), origin("layout")))
    if config.municipality:
        rows.append(("municipality", config.municipality, origin("municipality")))
    for name in ("held", "not_held"):
        words = getattr(config, name)
        if words:
            rows.append((f"follow_ups.{name}", ", ".join(words), origin("follow_ups")))
    if config.key_file:
        rows.append(("privacy.key_file", str(config.key_file), origin("privacy.key_file")))
    elif env_key_set:
        rows.append(("privacy.key", "INTEGAUDIT_KEY", "environment"))
    else:
        rows.append(("privacy.key", "random per run", default))
    return rows


def _layout_text(entry: Layout) -> str:
    """Return a layout entry as config --show lists it: its keys as written."""
    parts = []
    for key in layouts.LAYOUT_KEYS:
        value = getattr(entry, key)
        if value is None:
            continue
        if isinstance(value, tuple):
            value = "[" + ", ".join(f'"{v}"' if isinstance(v, str) else str(v) for v in value) + "]"
        elif isinstance(value, str):
            value = f'"{value}"'
        parts.append(f"{key} = {value}")
    return ", ".join(parts)
