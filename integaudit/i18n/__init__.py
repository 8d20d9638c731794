"""Every user-facing string, one catalogue per language (Danish is the default).

A message is a key of the catalogues with its parameters: ``text(key, lang, **params)`` puts it
in words now; a ``Message`` holds it for later (a rule's title, its legal basis), and
``message[lang]`` puts it in words in ``lang``. Every catalogue has the same keys, each with
the same placeholders (tests/test_catalogue.py); a key no catalogue holds is an error, never
shown as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from integaudit.i18n.da import DA
from integaudit.i18n.en import EN

CATALOGUES = {"da": DA, "en": EN}
# The languages integaudit speaks: one per catalogue (Danish, the default, first).
LANGS: tuple[str, ...] = tuple(CATALOGUES)


class MissingMessage(LookupError):
    """A key that the catalogue of a language does not hold (a bug, never a user's error)."""

    def __init__(self, key: str, lang: str) -> None:
        self.key = key
        self.lang = lang
        super().__init__(f"no message {key!r} in the {lang!r} catalogue (integaudit/i18n)")


def text(key: str, lang: str = "da", **params: Any) -> str:
    """Return the catalogue text for ``key`` in ``lang`` with ``params`` filled in; raise
    MissingMessage when the catalogue has no such key."""
    try:
        template = CATALOGUES[lang][key]
    except KeyError:
        raise MissingMessage(key, lang) from None
    return template.format(**params) if params else template


class Words:
    """A value put in words only once the language is known: ``value[lang]`` is its text in
    ``lang``. A parameter of a Message (or of an IntegauditError) may be one."""

    __slots__ = ()

    def __getitem__(self, lang: str) -> str:
        raise NotImplementedError


def in_words(value: Any, lang: str) -> Any:
    """Return ``value`` in ``lang`` when it is Words, else as it is."""
    return value[lang] if isinstance(value, Words) else value


@dataclass(frozen=True, init=False)
class Message(Words):
    """A message not yet in words: a catalogue key and its parameters, each a plain value or
    Words (put in words in the same language). ``message[lang]`` is its text in ``lang``.
    Frozen and hashable, so it can stand in a frozen record (rules.base.Rule)."""

    key: str
    params: tuple[tuple[str, Any], ...]

    def __init__(self, key: str, **params: Any) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", tuple(params.items()))

    def __getitem__(self, lang: str) -> str:
        return text(self.key, lang, **{name: in_words(v, lang) for name, v in self.params})

    def catalogue_keys(self) -> set[str]:
        """Return the catalogue keys this message uses: its own and its parameters'."""
        keys = {self.key}
        for _, value in self.params:
            parts = value.parts if isinstance(value, Joined) else (value,)
            keys |= {
                k for part in parts if isinstance(part, Message) for k in part.catalogue_keys()
            }
        return keys


@dataclass(frozen=True)
class Joined(Words):
    """Parts (plain values or Words) joined by ``separator`` once in words."""

    separator: str
    parts: tuple[Any, ...]

    def __getitem__(self, lang: str) -> str:
        return self.separator.join(str(in_words(part, lang)) for part in self.parts)


@dataclass(frozen=True)
class Size(Words):
    """A number of bytes as people read it in the language: "67.2 kB", "67,2 kB"."""

    bytes: int

    def __getitem__(self, lang: str) -> str:
        return format_size(self.bytes, decimal_comma=lang == "da")


def format_size(size: int, decimal_comma: bool = False) -> str:
    """Return a number of bytes as people read it: ``512 bytes``, ``67.2 kB``, ``50 MB``,
    ``3.5 GB`` (powers of 1000, one decimal unless whole), with a decimal comma on request."""
    if size < 1000:
        return f"{size} bytes"
    factor, unit = next(
        (f, u) for f, u in ((1000**3, "GB"), (1000**2, "MB"), (1000, "kB")) if size >= f
    )
    number = f"{size / factor:.1f}".removesuffix(".0")
    return f"{number.replace('.', ',') if decimal_comma else number} {unit}"


def percent(value: float | None, lang: str, digits: int = 1) -> str:
    """Return a rate (a fraction) as a percentage in the language's number format:
    ``65,1 %`` in Danish, ``65.1%`` in English; an en dash when there is no rate."""
    if value is None:
        return "–"
    number = f"{value * 100:.{digits}f}"
    if lang == "da":
        number = number.replace(".", ",")
    return text("percent_format", lang, value=number)


def number(value: float, lang: str, digits: int = 1, signed: bool = False) -> str:
    """Return a number in the language's format (decimal comma in Danish)."""
    formatted = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    return formatted.replace(".", ",") if lang == "da" else formatted
