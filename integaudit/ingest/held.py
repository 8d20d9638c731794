"""Whether a follow-up conversation was held, from the status or type column beside its date
(``Status``, ``Type``, ``Samtaletype``, ``Afholdt``). § 20 asks for a follow-up held as an
individual conversation: a cancelled one (``Aflyst``) or one the citizen did not attend
(``Udeblevet``) is not a follow-up.

A value is compared case- and spacing-insensitively (``No-show``, ``no show`` and ``NOSHOW``
alike, æ/ø/å as ae/oe/aa). A value that is a not-held word, or begins with one (``Aflyst af
borger``), is not held; a held word is held; a blank cell is held (nothing says otherwise); any
other value counts as held and is a data issue (``follow-up-status-unknown``).
``[follow_ups] not_held`` and ``held`` in integaudit.toml extend the words. Only the words
below are built in; a municipality's own ("Afbud", "Telefonisk samtale") are unknown until the
config says what they mean.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from integaudit.ingest.headers import normalise_header
from integaudit.ingest.values import text_or_none

# The words of issue 19 §4, and the answers of a yes/no column such as "Afholdt". What a
# municipality's own words mean ("Afbud", "Telefonisk samtale") only it can say: they are
# unknown until [follow_ups] says.
NOT_HELD_WORDS = (
    *("aflyst", "annulleret", "udeblevet", "ikke afholdt", "ikke mødt", "cancelled"),
    *("canceled", "no-show", "nej", "no", "false"),
)
HELD_WORDS = ("afholdt", "gennemført", "held", "completed", "ja", "yes", "true")
# Answers that only count as a whole value, never as the start of a longer one.
_ANSWERS = frozenset({"nej", "no", "false"})

BLANK, HELD, NOT_HELD, UNKNOWN = 0, 1, 2, 3
STATE_NAMES = {HELD: "held", NOT_HELD: "not-held", UNKNOWN: "unknown"}


def key(value: str) -> str:
    """Return the comparison key of a status text: normalised as a header is (lower case,
    ``-``/``_``/``.`` as spaces, æ/ø/å as ae/oe/aa)."""
    return normalise_header(value)


@dataclass(frozen=True)
class HeldWords:
    """The status words that mean held and not held: the built-in ones and the config's."""

    held: frozenset[str]
    not_held: frozenset[str]

    @classmethod
    def of(cls, held: Iterable[str] = (), not_held: Iterable[str] = ()) -> HeldWords:
        """Return the built-in words extended by the config's ``held`` and ``not_held``; a
        word the config names takes precedence over a built-in one of the other kind."""
        extra_held = {key(w) for w in held if w.strip()}
        extra_not = {key(w) for w in not_held if w.strip()}
        return cls(
            held=frozenset(({key(w) for w in HELD_WORDS} - extra_not) | extra_held),
            not_held=frozenset(({key(w) for w in NOT_HELD_WORDS} - extra_held) | extra_not),
        )

    def state(self, text: str) -> int:
        """Return the state of one status text (HELD, NOT_HELD or UNKNOWN)."""
        k = key(text)
        squeezed = k.replace(" ", "")
        if k in self.held or squeezed in {w.replace(" ", "") for w in self.held}:
            return HELD
        for word in self.not_held:
            starts = word not in _ANSWERS and k.startswith(word + " ")
            if k == word or starts or squeezed == word.replace(" ", ""):
                return NOT_HELD
        return UNKNOWN


def states(raw: pd.Series, words: HeldWords) -> tuple[np.ndarray, pd.Series]:
    """Return (state, text) per cell of a status column: BLANK, HELD, NOT_HELD or UNKNOWN, and
    the cell as trimmed text (None where blank). Each distinct value is looked at once."""
    texts = text_or_none(raw)
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    per_unique = np.fromiter(map(words.state, uniques), np.int8, len(uniques))
    state = np.append(per_unique, np.int8(BLANK))[codes]
    return state, texts


def value_counts(raw: pd.Series, words: HeldWords) -> list[tuple[str, int, str]]:
    """Return every distinct status value of a column with how often it occurs and how it
    counts (held, not-held, unknown), most frequent first."""
    state, texts = states(raw, words)
    present = state != BLANK
    if not present.any():
        return []
    frame = pd.DataFrame({"text": texts[present].to_numpy(), "state": state[present]})
    counts = frame.groupby(["text", "state"], sort=False).size().reset_index(name="n")
    counts = counts.sort_values("n", ascending=False, kind="stable")
    return [
        (str(t), int(n), STATE_NAMES[int(s)])
        for t, s, n in counts.itertuples(index=False, name=None)
    ]
