"""The command line's own usage errors (an unknown option, a value of the wrong kind, a missing
argument) in the run's language, as one line like every other error; and the language of a
run whose options could not be parsed: its --lang, else the config's lang, else Danish.

Typer (and the click it is built on, imported or bundled) raise these errors with English
text; the parts that matter (the option, the value, the choices) are taken from the error and
the command line, and put in words from the catalogue.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from integaudit.i18n import LANGS, text

CONFIG_NAME = "integaudit.toml"
# The usage errors of click (as a package or bundled in typer), by class name.
USAGE_ERRORS = frozenset(
    {
        "UsageError",
        "BadParameter",
        "MissingParameter",
        "NoSuchOption",
        "BadOptionUsage",
        "BadArgumentUsage",
        "NoArgsIsHelpError",
    }
)


def is_usage_error(exc: BaseException) -> bool:
    """Return whether ``exc`` is a usage error of the command-line parser."""
    return any(cls.__name__ in USAGE_ERRORS for cls in type(exc).__mro__)


def _option_value(argv: Sequence[str], names: Sequence[str]) -> str | None:
    """Return the value given to an option named any of ``names`` on the command line (the
    last one, as the parser takes it), or None."""
    found = None
    for i, token in enumerate(argv):
        for name in names:
            if token == name and i + 1 < len(argv):
                found = argv[i + 1]
            elif token.startswith(name + "="):
                found = token.split("=", 1)[1]
    return found


def _config_lang(path: Path) -> str | None:
    """Return the lang a config file sets, or None (also when it cannot be read)."""
    try:
        value = tomllib.loads(path.read_text(encoding="utf-8")).get("lang")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return value if value in LANGS else None


def usage_language(argv: Sequence[str], cwd: Path | None = None) -> str:
    """Return the language of a usage error: --lang on the command line, else the lang of
    the config the command would read (--config, else the first folder argument's
    integaudit.toml, else the current folder's), else Danish."""
    given = _option_value(argv, ["--lang"])
    if given in LANGS:
        return str(given)
    config = _option_value(argv, ["--config"])
    candidates = [Path(config)] if config else []
    if not config:
        folders = [Path(t) for t in argv if not t.startswith("-") and Path(t).is_dir()]
        candidates = [folder / CONFIG_NAME for folder in folders[:1]]
        candidates.append((cwd or Path.cwd()) / CONFIG_NAME)
    for path in candidates:
        if path.is_file():
            return _config_lang(path) or "da"
    return "da"


def _choices(param: Any) -> list[str]:
    """Return the values a parameter accepts, when it is a choice (else [])."""
    for holder in (getattr(param, "type", None), getattr(param, "type_descriptor", None)):
        choices = getattr(holder, "choices", None)
        if choices:
            return [str(getattr(c, "value", c)) for c in choices]
    return []


def _kind(param: Any) -> str:
    """Return what a parameter takes: int, float, path or text."""
    click_type = getattr(getattr(param, "type", None), "name", "") or ""
    if click_type:
        return next((k for k in ("int", "float", "path") if k in click_type), "text")
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    inner = getattr(annotation, "__args__", None)
    if inner and getattr(annotation, "__origin__", None) is list:
        annotation = inner[0]
    if annotation is int:
        return "int"
    if annotation is float:
        return "float"
    if isinstance(annotation, type) and issubclass(annotation, Path):
        return "path"
    return "text"


def _minimum(param: Any) -> Any:
    for holder in (param, getattr(param, "type", None)):
        minimum = getattr(holder, "min", None)
        if minimum is not None:
            return minimum
    return None


def param_name(param: Any) -> str:
    """Return a parameter as the user writes it: its longest option name, or an argument's
    name in capitals."""
    opts = [o for o in getattr(param, "opts", []) or [] if o.startswith("-")]
    if getattr(param, "param_type_name", "") == "option" and opts:
        return max(opts, key=len)
    return str(getattr(param, "name", "") or "").upper()


def _bad_parameter(exc: Any, argv: Sequence[str], lang: str) -> str:
    param = getattr(exc, "param", None)
    option = param_name(param) if param is not None else ""
    names = [o for o in getattr(param, "opts", []) or [] if o.startswith("-")]
    value = _option_value(argv, names) if names else None
    shown = f'"{value}"' if value is not None else ""
    choices = _choices(param)
    if choices:
        return text(
            "usage.invalid-choice", lang, option=option, value=shown, choices=", ".join(choices)
        )
    kind = _kind(param)
    if kind == "int" and value is not None and re.fullmatch(r"[+-]?\d+", value.strip()):
        return text("usage.below-minimum", lang, option=option, value=shown, min=_minimum(param))
    if kind in ("int", "float"):
        return text(f"usage.not-{kind}", lang, option=option, value=shown)
    return text("usage.invalid-value", lang, option=option, value=shown)


def _missing(exc: Any, lang: str) -> str:
    param = getattr(exc, "param", None)
    name = param_name(param) if param is not None else ""
    if getattr(param, "param_type_name", "") == "option":
        return text("usage.missing-option", lang, option=name)
    nargs = getattr(param, "nargs", 1)
    return text("usage.missing-argument", lang, argument=name + ("..." if nargs != 1 else ""))


def _option_usage(exc: Any, lang: str) -> str:
    option = getattr(exc, "option_name", "") or ""
    message = str(getattr(exc, "message", ""))
    if "does not take a value" in message:
        return text("usage.takes-no-value", lang, option=option)
    return text("usage.needs-value", lang, option=option)


def _no_such_option(exc: Any, lang: str) -> str:
    option = getattr(exc, "option_name", "") or ""
    found = list(getattr(exc, "possibilities", None) or [])
    if not found:
        return text("usage.no-such-option", lang, option=option)
    close = difflib.get_close_matches(option, found, n=1, cutoff=0) or found
    return text("usage.no-such-option-suggest", lang, option=option, suggestion=close[0])


def _general(exc: Any, lang: str) -> str:
    message = str(getattr(exc, "message", "") or exc)
    command = re.search(r"No such command '([^']*)'", message)
    if command:
        name = command.group(1)
        group = getattr(getattr(exc, "ctx", None), "command", None)
        known = list(getattr(group, "commands", None) or [])
        close = difflib.get_close_matches(name, known, n=1)
        if close:
            return text("usage.no-such-command-suggest", lang, command=name, suggestion=close[0])
        return text("usage.no-such-command", lang, command=name)
    extra = re.search(r"unexpected extra arguments?(?:\(s\))? \((.*)\)", message)
    if extra:
        return text("usage.extra-arguments", lang, arguments=extra.group(1))
    if "Missing command" in message:
        return text("usage.missing-command", lang)
    return text("usage.other", lang, detail=message)


def usage_message(exc: Any, argv: Sequence[str], lang: str) -> str:
    """Return what a usage error says, in ``lang``, from the error and the command line."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    if "NoSuchOption" in names:
        return _no_such_option(exc, lang)
    if "MissingParameter" in names:
        return _missing(exc, lang)
    if "BadParameter" in names:
        return _bad_parameter(exc, argv, lang)
    if "BadOptionUsage" in names:
        return _option_usage(exc, lang)
    return _general(exc, lang)


def usage_line(exc: Any, argv: Sequence[str], lang: str) -> str:
    """Return the one line a usage error prints: the prefix, what is wrong and where the
    command's help is."""
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "command_path", None) or "integaudit"
    hint = text("usage.help-hint", lang, command=command)
    return f"{text('error.prefix', lang)} {usage_message(exc, argv, lang)}; {hint}"
