"""late-signing: the contract must be entered within a deadline after the municipality took
over responsibility (SPEC §2.1: 30 days; §2.2: one calendar month)."""

from __future__ import annotations

import pandas as pd

from integaudit.model import Status
from integaudit.rules.base import (
    Evaluate,
    Rule,
    RuleContext,
    date_text,
    days_text,
    result,
    verdicts,
)
from integaudit.rules.calendar import deadline as deadline_after
from integaudit.rules.calendar import merge_windows


def late_signing(*, months: int = 0, days: int = 0) -> Evaluate:
    """Return the evaluate function of late-signing with the given deadline."""

    def evaluate(contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext):
        """Return pass when signed by the deadline, fail when signed later or unsigned past
        it, not-applicable when unsigned before it, and not-assessed without a readable
        responsibility date or signing date column."""
        responsibility = contracts["responsibility_date"]
        signed = contracts["signed_date"]
        due = deadline_after(
            responsibility, merge_windows(ctx.suspensions), months=months, days=days
        )
        as_of = ctx.as_of_ts
        unknown = (
            responsibility.isna()
            | contracts["signed_date__bad"]
            | ~contracts["has__signed_date"].astype(bool)
        )
        unsigned = signed.isna()
        status = verdicts(
            contracts.index,
            [
                (unknown, Status.NOT_ASSESSED),
                (~unsigned & (signed <= due), Status.PASS),
                (~unsigned & (signed > due), Status.FAIL),
                (unsigned & (as_of > due), Status.FAIL),
                (unsigned, Status.NOT_APPLICABLE),
            ],
        )
        taken = days_text((signed - responsibility).dt.days)
        overdue = days_text((as_of - due).dt.days)
        deadline_text = date_text(due)
        signed_case = status.isin([Status.PASS.value, Status.FAIL.value]) & ~unsigned
        unsigned_fail = status.eq(Status.FAIL.value) & unsigned
        en = pd.Series(None, index=contracts.index, dtype=object)
        da = en.copy()
        en = en.mask(signed_case, "signed after " + taken + " days")
        da = da.mask(signed_case, "indgået efter " + taken + " dage")
        en = en.mask(
            unsigned_fail,
            "not signed; deadline " + deadline_text + ", " + overdue + " days overdue",
        )
        da = da.mask(
            unsigned_fail,
            "ikke indgået; frist " + deadline_text + ", " + overdue + " dage over fristen",
        )
        return result(status, en, da)

    return evaluate


_EXPLANATION_TAIL = {
    "da": (
        " Kontrakten er indgået, når både borger og kommune har underskrevet (den seneste af "
        "de to datoer, hvis udtrækket har begge). Er kontrakten ikke underskrevet, fejler den, "
        "når fristen er overskredet på revisionsdatoen; ellers er reglen ikke aktuel endnu. "
        "Dage i en suspensionsperiode tæller ikke med."
    ),
    "en": (
        " The contract is entered when both the person and the municipality have signed (the "
        "later of the two dates when the extract has both). An unsigned contract fails once "
        "the deadline has passed on the audit date; before that the rule does not apply yet. "
        "Days in a suspension window do not count."
    ),
}

LATE_SIGNING_30_DAYS = Rule(
    id="late-signing",
    title={
        "da": "Kontrakt ikke indgået inden 30 dage",
        "en": "Contract not entered within 30 days",
    },
    short_title={"da": "Sen indgåelse", "en": "Late signing"},
    legal_basis={
        "da": "Integrationsloven § 19, stk. 1 (2014): kontrakten indgås senest 1 måned efter "
        "overtagelsen af integrationsansvaret; Rigsrevisionen målte 30 dage",
        "en": "Integration Act s. 19(1) (2014): contract within one month of taking over "
        "responsibility; Rigsrevisionen measured 30 days",
    },
    explanation={
        "da": "Kontrakten skal være indgået senest 30 dage efter, at kommunen overtog "
        "integrationsansvaret. Dag 30 er rettidig, dag 31 er for sent." + _EXPLANATION_TAIL["da"],
        "en": "The contract must be entered no later than 30 days after the municipality took "
        "over responsibility. Day 30 is in time, day 31 is late." + _EXPLANATION_TAIL["en"],
    },
    example={
        "da": "Ansvar overtaget 1. marts 2014: underskrevet 31. marts (dag 30) → bestået; "
        "underskrevet 1. april (dag 31) → fejl; ikke underskrevet pr. 15. marts → ikke aktuel.",
        "en": "Responsibility taken over 1 March 2014: signed 31 March (day 30) → pass; "
        "signed 1 April (day 31) → fail; unsigned on 15 March → not applicable.",
    },
    evaluate=late_signing(days=30),
    baseline=0.25,
)
