"""Advice a user can follow word for word: which of a sheet's unrecognised columns to map to
which field (``[aliases]``), which of their texts mean "no goal" (``[placeholders]``), and why a
column that holds one date per contract is not the follow-ups (issue 19 §3).

A column is offered for a field only when its values fit the field (ingest.profile): at least
80 % of its filled cells are dates for a date field, texts (not dates, numbers or CPR numbers)
for a goal, the coordinating unit or the situation, dates or lists of dates for the
follow-ups; a column of CPR numbers is only ever the person. Every column that fits is
offered: two goal columns give two lines, one goal column for both kinds one line with the
texts in it that mean no goal. A header that may mean several fields (``Dato``) is offered for
the one field among them the sheet lacks, or named with its choices. A *Seneste opfølgning*
(latest follow-up) column is never the follow-ups.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from integaudit.ingest.headers import normalise_header
from integaudit.ingest.suggest import header_score
from integaudit.model import AMBIGUOUS_HEADERS, FIELDS_BY_NAME, FIT, ColumnMapping, ColumnProfile

AdviceKind = Literal["alias", "placeholders", "latest", "choices"]
GOALS = ("employment_goal", "education_goal")
# A header that names a goal, and the words that say which.
_GOAL = re.compile(r"(?<![a-z])(maal|mal|goal|maalsaetning)(?![a-z])")
_EMPLOYMENT = re.compile(r"job|beskaeft|arbejd|employ|ansaet")
_EDUCATION = re.compile(r"udd|educat|skole|kursus")
# A column of the latest (or last) follow-up: one date per contract, never the follow-ups.
_LATEST = re.compile(r"(?<![a-z])(seneste|sidste|nyeste|latest|last|most recent)(?![a-z])")
_FOLLOW_UP_WORDS = re.compile(r"opf|samtale|follow|opfoelg")
# Bare headers that may name any date of a contract.
_BARE_DATES = frozenset({"dato", "date", "start", "slut", "startdato", "slutdato"})


@dataclass(frozen=True)
class Advice:
    """One piece of advice on a column: map it to ``field`` (alias), read ``values`` of it as
    no goal (placeholders), do not take it as the follow-ups (latest), or say which of
    ``fields`` it is (choices); ``samples`` are a few of its values (pseudonymised)."""

    kind: AdviceKind
    header: str
    field: str | None = None
    fields: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    samples: tuple[str, ...] = ()

    def as_param(self) -> tuple[Any, ...]:
        """Return the advice as a data issue's parameter holds it (hashable, JSON-able)."""
        return (self.kind, self.header, self.field, self.fields, self.values)

    def as_dict(self) -> dict[str, Any]:
        """Return the advice as plain data (columns --json)."""
        return {
            "kind": self.kind,
            "header": self.header,
            "field": self.field,
            "fields": list(self.fields),
            "values": list(self.values),
            "samples": list(self.samples),
        }


def fits(name: str, profile: ColumnProfile) -> bool:
    """Return whether a column's values fit the field ``name``."""
    kind = profile.kind
    if kind == "cpr":
        return name == "person_id"
    field_type = FIELDS_BY_NAME[name].type
    if field_type == "date":
        return kind == "dates"
    if name in ("follow_ups", "follow_up_date"):
        return profile.filled > 0 and profile.dates + profile.date_lists >= FIT * profile.filled
    if field_type in ("goal", "situation"):
        return kind == "texts"
    if field_type in ("text", "municipality"):
        return kind in ("texts", "numbers")
    return False


def advise(columns: Sequence[ColumnMapping], wanted: Sequence[str]) -> list[Advice]:
    """Return the advice on a sheet's unrecognised ``columns`` for the fields in ``wanted``
    (those it lacks that the rules need or use), in column order."""
    found: list[tuple[float, Advice]] = []
    goal_columns = []
    for col in columns:
        profile = col.profile
        if col.field is not None or profile is None or not profile.filled:
            continue
        key = normalise_header(col.header)
        if profile.kind == "cpr":
            if "person_id" in wanted:
                found.append(
                    (9.0, Advice("alias", col.header, "person_id", samples=profile.samples))
                )
            continue
        if _LATEST.search(key) and profile.kind == "dates" and _FOLLOW_UP_WORDS.search(key):
            if {"follow_ups", "follow_up_date"} & set(wanted):
                found.append((0.0, Advice("latest", col.header, samples=profile.samples)))
            continue
        if any(g in wanted for g in GOALS) and profile.kind == "texts" and _is_goal(key):
            goal_columns.append(col)
            continue
        found += _by_header(col, key, profile, wanted)
    found += _goals(goal_columns, wanted)
    return _one_column_per_field(found, [c.header for c in columns])


def _by_header(
    col: ColumnMapping, key: str, profile: ColumnProfile, wanted: Sequence[str]
) -> list[tuple[float, Advice]]:
    """Return the advice a column's header and values give: the field it most plausibly
    means among those it fits, or the choices of a bare date header."""
    if key in _BARE_DATES and profile.kind == "dates":
        meant = AMBIGUOUS_HEADERS.get(key) or tuple(
            n for n in wanted if FIELDS_BY_NAME[n].type == "date"
        )
        choices = tuple(n for n in meant if n in wanted)
        if len(choices) == 1:
            return [(0.5, Advice("alias", col.header, choices[0], samples=profile.samples))]
        if choices:
            return [(0.0, Advice("choices", col.header, fields=choices, samples=profile.samples))]
        return []
    scored = [(header_score(n, col.header), n) for n in wanted if fits(n, profile)]
    scored = [(s, n) for s, n in scored if s > 0]
    if not scored:
        return []
    score, name = max(scored)
    return [(score, Advice("alias", col.header, name, samples=profile.samples))]


def _is_goal(key: str) -> bool:
    return _GOAL.search(key) is not None or any(header_score(n, key) > 0 for n in GOALS)


def _goals(columns: list[ColumnMapping], wanted: Sequence[str]) -> list[tuple[float, Advice]]:
    """Return one line per goal column (employment or education, by its header; a column for
    both kinds is read as the employment goal), and the texts of them that mean no goal."""
    out: list[tuple[float, Advice]] = []
    taken: set[str] = set()
    for col in columns:
        key = normalise_header(col.header)
        employment, education = _EMPLOYMENT.search(key), _EDUCATION.search(key)
        if education and not employment:
            name = "education_goal"
        elif employment and not education:
            name = "employment_goal"
        else:  # one column for both kinds of goal
            name = "employment_goal" if "employment_goal" not in taken else "education_goal"
        if name in taken or name not in wanted:
            continue
        taken.add(name)
        samples = col.profile.samples if col.profile else ()
        out.append((8.0, Advice("alias", col.header, name, samples=samples)))
    values = tuple(dict.fromkeys(v for c in columns if c.profile for v in c.profile.placeholders))
    if values and out:
        out.append(
            (8.0, Advice("placeholders", ", ".join(a.header for _, a in out), values=values))
        )
    return out


def _one_column_per_field(found: list[tuple[float, Advice]], order: list[str]) -> list[Advice]:
    """Return the advice with each field offered for one column only (the most plausible),
    in the order of the columns."""
    best: dict[str, float] = {}
    for score, advice in found:
        if advice.kind == "alias" and advice.field:
            best[advice.field] = max(best.get(advice.field, 0.0), score)
    kept, seen = [], set()
    for score, advice in found:
        if advice.kind == "alias" and advice.field:
            if score < best[advice.field] or advice.field in seen:
                continue
            seen.add(advice.field)
        kept.append(advice)
    position = {h: i for i, h in enumerate(order)}
    return sorted(kept, key=lambda a: (a.kind == "placeholders", position.get(a.header, 0)))


def config_lines(advice: Sequence[Advice]) -> list[str]:
    """Return the integaudit.toml lines that follow the advice: one [aliases] line per field
    and one [placeholders] line."""
    aliases: dict[str, list[str]] = {}
    placeholders: list[str] = []
    for item in advice:
        if item.kind == "alias" and item.field:
            aliases.setdefault(item.field, []).append(item.header)
        elif item.kind == "placeholders":
            placeholders += list(item.values)
    lines = [
        f"{field} = [{', '.join(_quoted(h) for h in headers)}]"
        for field, headers in aliases.items()
    ]
    if placeholders:
        lines.append(f"goal = [{', '.join(_quoted(v) for v in dict.fromkeys(placeholders))}]")
    return lines


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def from_param(item: Sequence[Any]) -> dict[str, Any]:
    """Return advice stored as a data issue's parameter (``Advice.as_param``) as a dict."""
    kind, header, field, fields, values = item
    return {"kind": kind, "header": header, "field": field, "fields": fields, "values": values}


def advice_text(items: Sequence[dict[str, Any]], lang: str) -> str:
    """Return what the advice says, for the end of a line (columns, rule-not-assessable):
    "; mente du kolonnen …? Tilføj i integaudit.toml: [aliases] …"."""
    from integaudit.i18n import text

    aliases = [i for i in items if i["kind"] == "alias"]
    parts = []
    if aliases:
        lines = "; ".join(f"{a['field']} = [{_quoted(a['header'])}]" for a in aliases)
        headers = ", ".join(f"'{a['header']}'" for a in aliases)
        key = "suggest.alias" if len(aliases) == 1 else "suggest.aliases"
        parts.append(text(key, lang, header=aliases[0]["header"], field=aliases[0]["field"],
                          headers=headers, lines=lines))  # fmt: skip
    for item in items:
        if item["kind"] == "placeholders":
            values = ", ".join(_quoted(v) for v in item["values"])
            parts.append(text("suggest.placeholders", lang, values=values))
        elif item["kind"] == "latest":
            parts.append(text("suggest.latest", lang, header=item["header"]))
        elif item["kind"] == "choices":
            parts.append(text("suggest.choices", lang, header=item["header"],
                              fields=", ".join(item["fields"])))  # fmt: skip
    return "".join(parts)
