"""The true contract data behind every layout of the export corpus, in canonical terms.

Each layout module holds one table of ``Contract`` rows; from it the generator writes both the
export as a case system lays it out (tests/data/exports/<layout>/) and a clean canonical extract
of the same contracts (``clean_twin``: canonical headers, one header row, nothing else), which
today's reading already understands. The CPR numbers and names are made up: the birth dates
are real dates, so the numbers look like CPR numbers to the tool (it must pseudonymise them),
but no number is meant to be anyone's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

D = dt.date

# Canonical fields in the order a clean twin writes them (SPEC §1.2).
CANONICAL_ORDER = (
    "contract_id",
    "municipality",
    "person_id",
    "responsibility_date",
    "signed_date",
    "signed_citizen_date",
    "signed_municipality_date",
    "employment_goal",
    "education_goal",
    "goal_met_date",
    "end_date",
    "declaration_date",
    "coordinating_unit",
    "situation",
    "visitation_date",
    "child_birth_date",
    "leave_end_date",
)


@dataclass(frozen=True)
class Contract:
    """One contract as it truly is; ``None`` is an empty cell.

    ``signed`` is the date the contract was entered; where an export has two signature
    columns, ``signed`` is the municipality's signature, the later one, and ``citizen_signed``
    the citizen's when it came earlier (else the same day). ``follow_ups`` are the
    conversations that were held, ``held_as`` the status an export writes for a held one
    other than "Afholdt"; ``not_held`` the conversations an export lists although they were
    not held, as (date, status as written). ``end_reason`` is why the contract ended, as a
    case system writes it beside the end date.
    """

    contract_id: str
    municipality: str
    cpr: str
    responsibility: dt.date | None
    signed: dt.date | None
    employment_goal: str | None = None
    education_goal: str | None = None
    follow_ups: tuple[dt.date, ...] = ()
    goal_met: dt.date | None = None
    end: dt.date | None = None
    citizen_signed: dt.date | None = None
    declaration: dt.date | None = None
    coordinator: str | None = None
    situation: str | None = None
    visitation: dt.date | None = None
    birth: dt.date | None = None
    leave_end: dt.date | None = None
    name: str | None = None
    not_held: tuple[tuple[dt.date, str], ...] = ()
    held_as: dict[dt.date, str] = field(default_factory=dict)
    end_reason: str | None = None

    def canonical(self, name: str) -> Any:
        """Return the value of canonical field ``name`` for this contract."""
        values: dict[str, Any] = {
            "contract_id": self.contract_id,
            "municipality": self.municipality,
            "person_id": self.cpr,
            "responsibility_date": self.responsibility,
            "signed_date": self.signed,
            "signed_citizen_date": self.citizen_signed or self.signed,
            "signed_municipality_date": self.signed,
            "employment_goal": self.employment_goal,
            "education_goal": self.education_goal,
            "goal_met_date": self.goal_met,
            "end_date": self.end,
            "declaration_date": self.declaration,
            "coordinating_unit": self.coordinator,
            "situation": self.situation,
            "visitation_date": self.visitation,
            "child_birth_date": self.birth,
            "leave_end_date": self.leave_end,
        }
        return values[name]

    def conversations(self) -> list[tuple[dt.date, str]]:
        """Return every conversation an export lists, held or not, by date, with its status
        as written (``held_as`` names the held ones whose status is not "Afholdt")."""
        held = [(d, self.held_as.get(d, "Afholdt")) for d in self.follow_ups]
        return sorted([*held, *self.not_held])


def day(text: str | None) -> dt.date | None:
    """Return the date written ISO in ``text`` (None for None or "")."""
    return dt.date.fromisoformat(text) if text else None


def days(text: str) -> tuple[dt.date, ...]:
    """Return the dates written ISO in ``text``, separated by spaces."""
    return tuple(dt.date.fromisoformat(part) for part in text.split())


def cpr_number(i: int) -> str:
    """Return a made-up CPR number (DDMMYY-XXXX) for person ``i``: a real birth date between
    1961 and 1998 and a sequence number whose first digit gives the 1900s."""
    born = D(1961, 3, 2) + dt.timedelta(days=(i * 4271 + 173) % 13500)
    sequence = f"{(i * 7) % 4}{(i * 613 + 101) % 1000:03d}"
    return f"{born:%d%m%y}-{sequence}"


NAMES = (
    "Amina Warsame",
    "Yusuf Demirci",
    "Rahel Tesfaye",
    "Bashir Noorzai",
    "Leyla Haddadi",
    "Tamer Qassab",
    "Nasra Elmi",
    "Olena Hrytsenko",
    "Dawit Gebremariam",
    "Shirin Kazemzadeh",
    "Mahmoud Alkhatib",
    "Fatuma Barre",
)


def person_name(i: int) -> str:
    """Return a made-up name for person ``i``."""
    n = len(NAMES)
    first, last = NAMES[i % n].split(), NAMES[(i * 5 + i // n + 3) % n].split()
    return f"{first[0]} {last[1]}"


def clean_twin(contracts: Sequence[Contract], fields: Sequence[str]) -> dict[str, list[list[Any]]]:
    """Return the sheets of the clean canonical extract of ``contracts``: a contracts sheet
    with the canonical ``fields`` the export carries (in canonical order, one header row) and a
    long follow-ups sheet with the held conversations only."""
    names = [name for name in CANONICAL_ORDER if name in fields]
    rows = [names] + [[c.canonical(name) for name in names] for c in contracts]
    follow_ups: list[list[Any]] = [["contract_id", "municipality", "follow_up_date"]]
    for c in contracts:
        follow_ups += [[c.contract_id, c.municipality, d] for d in sorted(set(c.follow_ups))]
    return {"contracts": rows, "follow_ups": follow_ups}
