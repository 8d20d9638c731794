"""Which unrecognised header a user most plausibly meant as a field, by its spelling: a close
spelling of the field's name or an alias, a significant word in common with one, or an
ambiguous header known to mean it."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from integaudit.ingest.headers import normalise_header
from integaudit.model import AMBIGUOUS_HEADERS, FIELDS_BY_NAME

# Words too common across the aliases to suggest a field by themselves.
_COMMON_WORDS = frozenset(
    {"dato", "for", "af", "den", "nr", "id", "kontrakt", "kontrakten", "kommune", "kommunens"}
)
# Short words that still name a field: "CPR", and "Opf." for opfølgning.
_SHORT_SIGNIFICANT = frozenset({"cpr", "opf"})
_PREFIX = 6
_CLOSE = 0.8


def _significant(key: str) -> set[str]:
    return {
        word
        for word in key.split()
        if word in _SHORT_SIGNIFICANT or (len(word) >= 5 and word not in _COMMON_WORDS)
    }


def _words_meet(a: str, b: str) -> bool:
    """Return whether two significant words are the same word in another form: equal,
    sharing their first six letters ("underskrevet", "underskrift"), or a short one the
    start of the other ("opf", "opfoelgning")."""
    if a in _SHORT_SIGNIFICANT or b in _SHORT_SIGNIFICANT:
        return a == b or b.startswith(a) or a.startswith(b)
    return a == b or (len(a) >= _PREFIX and len(b) >= _PREFIX and a[:_PREFIX] == b[:_PREFIX])


def header_score(name: str, header: str) -> float:
    """Return how plausibly ``header`` (which maps to nothing) means the field ``name``: above
    1 for a close spelling of the field's name or an alias (difflib ratio ≥ 0.8), 0.75 for a
    significant word in common with one ("Kontrakt underskrevet" ~ "underskrevet"), 0.5 for an
    ambiguous header known to mean it ("Startdato"), 0 when it is not plausible."""
    key = normalise_header(header)
    words = _significant(key)
    score = 0.5 if name in AMBIGUOUS_HEADERS.get(key, ()) else 0.0
    for alias in (name, *FIELDS_BY_NAME[name].aliases):
        alias_key = normalise_header(alias)
        ratio = difflib.SequenceMatcher(None, key, alias_key).ratio()
        if ratio >= _CLOSE:
            score = max(score, ratio + 1)
        elif any(_words_meet(w, a) for w in words for a in _significant(alias_key)):
            score = max(score, 0.75)
    return score


def suggest_header(fields: Sequence[str], headers: Sequence[str]) -> tuple[str, str] | None:
    """Return (field, header): the header among ``headers`` (which map to nothing) most
    plausibly meant as one of ``fields`` (``header_score``), and that field; None when none
    is plausible."""
    best: tuple[float, int, str, str] | None = None
    for order, header in enumerate(headers):
        for name in fields:
            score = header_score(name, header)
            if score and (best is None or (score, -order) > (best[0], -best[1])):
                best = (score, order, name, header)
    return (best[2], best[3]) if best else None
