"""The one error type for problems the user must fix."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# C0 and C1 control characters other than tab, line feed and carriage return, DEL, and lone
# surrogates.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class IntegauditError(Exception):
    """An error the user must fix; printed without a traceback, exit code 2.

    Raised with ``key``, a message of the catalogue (``error.<key>`` in integaudit.i18n), and
    its parameters, so the CLI can show it in the run's language. A parameter may be Words
    (i18n: a Message, a Joined list, a Size), put in words in that language, or itself an
    IntegauditError (a part of the message, e.g. what is wrong with a config key).
    ``str()`` of an error is its English text.
    """

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def message(self, lang: str = "en") -> str:
        """Return the error's text in ``lang``."""
        from integaudit.i18n import Message

        params = {
            name: value.message(lang) if isinstance(value, IntegauditError) else value
            for name, value in self.params.items()
        }
        return Message(f"error.{self.key}", **params)[lang]

    def __str__(self) -> str:
        return self.message("en")


def shown(value: Any) -> str:
    """Return a value from the command line or a config file as the user wrote it: text in
    double quotes, lists in brackets, booleans as true/false, nothing as null, dates as
    YYYY-MM-DD (never a Python repr)."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {shown(v)}" for k, v in value.items()) + "}"
    return str(value)


def readable(text: str) -> str:
    """Return ``text`` as every output can hold it: each lone surrogate (what Python makes of
    the bytes of a file name or an argument that are not UTF-8, and what a JSON escape such
    as ``\\ud800`` gives) and each control character other than tab and line breaks (an ESC
    in a file name) as U+FFFD. Such text cannot be written as UTF-8, into a workbook or to a
    terminal as it is."""
    if text.isascii() and text.isprintable():
        return text
    return _UNWRITABLE.sub("\ufffd", text)
