"""The Rule record: metadata next to one vectorised evaluate function (DESIGN §2).

Loading a rule loads no pandas: its module holds its metadata and imports the vectorised
pieces (``rules.verdicts``, its family's helpers) when it is evaluated, so `integaudit rules`
lists the rules' own metadata at start-up speed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias

from integaudit.i18n import Message
from integaudit.model import Suspension

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class RuleContext:
    """What a rule needs besides the data: the audit date and the suspension windows."""

    as_of: dt.date
    suspensions: tuple[Suspension, ...] = ()

    @property
    def as_of_ts(self) -> pd.Timestamp:
        """Return the audit date as a timestamp."""
        import pandas as pd

        return pd.Timestamp(self.as_of)


Evaluate: TypeAlias = Callable[["pd.DataFrame", "pd.DataFrame", RuleContext], "pd.DataFrame"]
NextDeadline: TypeAlias = Callable[..., "pd.DataFrame"]


@dataclass(frozen=True)
class Rule:
    """A rule: stable id, titles (full, and short for table headers), legal basis,
    explanation, the columns it needs and its function; its worked examples are data in
    ``rules/cases/<ruleset>.toml`` (rules.examples). The titles, legal basis and explanation
    are messages of the catalogues (``rule.<id>.*``, i18n.Message): ``rule.title[lang]`` is
    the title in ``lang``.

    ``evaluate(contracts, follow_ups, ctx)`` returns a frame on the contracts' index with
    columns ``status`` (a Status value), ``detail`` (a detail kind or None) with its
    parameters (rules.details), ``reason`` (for a not-assessed contract, why:
    ``absent:<need>``, ``unreadable:<field>`` or ``empty:<field>``; else None) and ``due``
    (the date a failing contract's missed step was due, NaT when the rule does not say).

    ``needs`` lists what the rule cannot be assessed without, each a key of NEEDS: a sheet
    that provides none of a need's fields leaves the rule not assessed for its contracts.
    ``uses`` lists the optional fields it reads when present (``integaudit columns`` names
    those a sheet lacks). ``details`` lists every detail kind its findings may carry (each
    worded by ``detail.<kind>``).

    ``deadline(contracts, follow_ups, ctx, status=None)``, for a rule with a deadline, returns
    the next step still open at the audit date (see ``verdicts.deadlines``), computed with the
    same helpers as ``evaluate``; ``status`` is the rule's verdict on the same data when the
    caller has it (else ``evaluate`` is run). None for a rule without a deadline, whose failing
    contracts `integaudit due` lists as to fix (``due.fix.<id>``). ``steps`` lists the steps
    its deadlines may name (each worded by ``due.need.<step>``).
    """

    id: str
    title: Message
    short_title: Message
    legal_basis: Message
    explanation: Message
    evaluate: Evaluate = field(compare=False)
    baseline: float | None = None
    needs: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    deadline: NextDeadline | None = field(default=None, compare=False)
    details: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()


# What a rule may need from a contract's sheet, and the canonical fields that provide it
# (any one of them does). "signed_date" is also provided by the two signature columns
# together; "follow_ups" also by a follow-ups sheet (ingest sets has__follow_ups).
NEEDS: dict[str, tuple[str, ...]] = {
    "goal": ("employment_goal", "education_goal"),
    "responsibility_date": ("responsibility_date",),
    "signed_date": ("signed_date", "signed_citizen_date", "signed_municipality_date"),
    "follow_ups": ("follow_ups",),
    "declaration_date": ("declaration_date",),
    "coordinating_unit": ("coordinating_unit",),
    "situation": ("situation",),
    "visitation_date": ("visitation_date",),
}


def need_present(contracts: pd.DataFrame, need: str) -> pd.Series:
    """Return True per contract whose sheet provides ``need`` (see NEEDS)."""
    if need == "goal":
        return contracts["has__employment_goal"] | contracts["has__education_goal"]
    return contracts["has__" + need].astype(bool)


# The kinds of catalogue key a rule is worded with (see catalogue_keys); "How to add a
# rule" in docs/architecture.md names each of them.
KEY_KINDS = (
    "rule.<id>",
    "legal.<piece>",
    "detail.<kind>",
    "due.fix.<id>",
    "due.need.<step>",
    "field.<name>",
)


def catalogue_keys(rule: Rule) -> dict[str, frozenset[str]]:
    """Return every catalogue key a rule is worded with, by kind (KEY_KINDS): its title,
    short title and explanation (``rule.<id>[.<ruleset>].*`` and the pieces they name), its
    legal basis (its own pieces ``rule.<id>.<ruleset>.*`` and the shared ``legal.*``), a
    ``detail.<kind>`` per detail kind it gives, ``due.fix.<id>`` for a rule without a deadline
    or a ``due.need.<step>`` per step its deadlines name, and ``field.<name>`` per field it
    needs or uses."""
    worded = set().union(
        *(m.catalogue_keys() for m in (rule.title, rule.short_title, rule.explanation)),
        rule.legal_basis.catalogue_keys(),
    )
    return {
        "rule.<id>": frozenset(k for k in worded if k.startswith("rule.")),
        "legal.<piece>": frozenset(k for k in worded if not k.startswith("rule.")),
        "detail.<kind>": frozenset(f"detail.{kind}" for kind in rule.details),
        "due.fix.<id>": frozenset({f"due.fix.{rule.id}"} if rule.deadline is None else ()),
        "due.need.<step>": frozenset(f"due.need.{step}" for step in rule.steps),
        "field.<name>": frozenset(f"field.{name}" for name in (*rule.needs, *rule.uses)),
    }
