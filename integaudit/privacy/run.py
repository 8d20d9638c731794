"""The pseudonymiser of the run in progress: the one the messages it prints pseudonymise a
CPR number with (a path named after a person, a value in an error), so that a message shows
the same pseudonym as the outputs."""

from __future__ import annotations

import os
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pseudonyms loads pandas: only once a message needs a pseudonym
    from integaudit.privacy.pseudonyms import Pseudonymiser

RUN_PSEUDONYMISER: ContextVar[Pseudonymiser | None] = ContextVar("run_pseudonymiser", default=None)


def use_for_run(pseudonymiser: Pseudonymiser) -> Pseudonymiser:
    """Make ``pseudonymiser`` the one the run's messages are pseudonymised with; return it."""
    RUN_PSEUDONYMISER.set(pseudonymiser)
    return pseudonymiser


def run_pseudonymiser() -> Pseudonymiser:
    """Return the pseudonymiser of the run in progress: the one its settings made last, else
    (a message printed before the key is known) one with INTEGAUDIT_KEY, else a random key."""
    from integaudit.privacy.pseudonyms import Pseudonymiser, resolve_key

    found = RUN_PSEUDONYMISER.get()
    if found is None:
        key, source = resolve_key(None, None, os.environ)
        found = use_for_run(Pseudonymiser(key, stable=source != "random"))
    return found
