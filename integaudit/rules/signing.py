"""late-signing: the contract must be entered within a deadline after the municipality took
over responsibility (SPEC §2.1: 30 days; §2.2: one calendar month)."""

from __future__ import annotations

import pandas as pd

from integaudit.model import Status
from integaudit.rules import legal
from integaudit.rules.base import (
    Evaluate,
    NextDeadline,
    Rule,
    RuleContext,
    absent,
    current_status,
    deadlines,
    reasons,
    result,
    unknown_field,
    unreadable,
    verdicts,
)
from integaudit.rules.calendar import deadline as deadline_after
from integaudit.rules.calendar import merge_windows
from integaudit.rules.details import Details


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
        unknown, reason = reasons(
            contracts.index,
            [
                *unknown_field(contracts, "responsibility_date"),
                absent(contracts, "signed_date"),
                unreadable(contracts, "signed_date"),
            ],
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
        signed_case = status.isin([Status.PASS.value, Status.FAIL.value]) & ~unsigned
        unsigned_fail = status.eq(Status.FAIL.value) & unsigned
        details = Details(contracts.index)
        details.set(signed_case, "signing.signed-after", days=(signed - responsibility).dt.days)
        details.set(unsigned_fail, "signing.not-signed", deadline=due, days=(as_of - due).dt.days)
        return result(status, details, reason)

    return evaluate


def late_signing_deadline(*, months: int = 0, days: int = 0) -> NextDeadline:
    """Return the next-deadline function of late-signing with the given deadline."""
    evaluate = late_signing(months=months, days=days)

    def next_deadline(
        contracts: pd.DataFrame,
        follow_ups: pd.DataFrame,
        ctx: RuleContext,
        status: pd.Series | None = None,
    ) -> pd.DataFrame:
        """Return per contract the signing deadline of an unsigned contract the rule has
        decided on: open while not applicable (due), overdue once it fails; NaT for signed or
        not-assessed contracts (see base.deadlines)."""
        status = current_status(evaluate, contracts, follow_ups, ctx, status)
        due = deadline_after(
            contracts["responsibility_date"],
            merge_windows(ctx.suspensions),
            months=months,
            days=days,
        )
        unsigned = contracts["signed_date"].isna()
        failing = status.eq(Status.FAIL.value)
        open_ = unsigned & (failing | status.eq(Status.NOT_APPLICABLE.value))
        return deadlines(contracts.index, due.where(open_), "sign", open_ & failing)

    return next_deadline


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
    legal_basis=legal.rr2014(
        "§ 19",
        {"da": "integrationskontrakten", "en": "the integration contract"},
        {
            "da": "kontrakten indgået inden 30 dage efter overtagelsen af integrationsansvaret",
            "en": "the contract entered within 30 days of taking over responsibility",
        },
    ),
    explanation={
        "da": "Kontrakten skal være indgået senest 30 dage efter, at kommunen overtog "
        "integrationsansvaret. Dag 30 er rettidig, dag 31 er for sent." + _EXPLANATION_TAIL["da"],
        "en": "The contract must be entered no later than 30 days after the municipality took "
        "over responsibility. Day 30 is in time, day 31 is late." + _EXPLANATION_TAIL["en"],
    },
    evaluate=late_signing(days=30),
    deadline=late_signing_deadline(days=30),
    needs=("responsibility_date", "signed_date"),
    baseline=0.25,
)


def evaluate_missing_declaration(
    contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext
) -> pd.DataFrame:
    """Return fail when a signed contract has no declaration or one more than 7 days from
    signing, pass within 7 days, not-applicable when unsigned, and not-assessed when the
    column is absent or a needed date is unreadable."""
    signed, declared = contracts["signed_date"], contracts["declaration_date"]
    unknown, reason = reasons(
        contracts.index,
        [absent(contracts, "signed_date"), unreadable(contracts, "signed_date")],
    )
    # An unsigned contract owes no declaration yet, whatever the declaration column holds
    # (or whether the extract has one).
    unsigned = ~unknown & signed.isna()
    declaration_unknown, declaration_reason = reasons(
        contracts.index,
        [absent(contracts, "declaration_date"), unreadable(contracts, "declaration_date")],
    )
    reason = reason.where(unknown, declaration_reason)
    apart = (declared - signed).dt.days.abs()
    status = verdicts(
        contracts.index,
        [
            (unknown, Status.NOT_ASSESSED),
            (unsigned, Status.NOT_APPLICABLE),
            (declaration_unknown, Status.NOT_ASSESSED),
            (declared.isna(), Status.FAIL),
            (apart > DECLARATION_DAYS, Status.FAIL),
            (apart <= DECLARATION_DAYS, Status.PASS),
        ],
    )
    failing = status.eq(Status.FAIL.value)
    missing = failing & declared.isna()
    late = failing & declared.notna()
    details = Details(contracts.index).set(missing, "declaration.missing")
    details.set(late, "declaration.late", days=apart)
    return result(status, details, reason)


def evaluate_missing_coordinator(
    contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext
) -> pd.DataFrame:
    """Return fail when the coordinating unit is empty (placeholders count as empty), pass
    when it is named, and not-assessed when the column is absent."""
    named = contracts["coordinating_unit"].notna()
    unknown, reason = reasons(contracts.index, [absent(contracts, "coordinating_unit")])
    status = verdicts(
        contracts.index,
        [
            (unknown, Status.NOT_ASSESSED),
            (named, Status.PASS),
            (~named, Status.FAIL),
        ],
    )
    failing = status.eq(Status.FAIL.value)
    details = Details(contracts.index).set(failing, "coordinator.missing")
    return result(status, details, reason)


DECLARATION_DAYS = 7

LATE_SIGNING_1_MONTH = Rule(
    id="late-signing",
    title={
        "da": "Kontrakt ikke indgået inden 1 måned",
        "en": "Contract not entered within one month",
    },
    short_title={"da": "Sen indgåelse", "en": "Late signing"},
    legal_basis=legal.bek2020(
        "§ 19",
        {
            "da": "kontrakten indgås inden for en måned efter overtagelsen af ansvaret",
            "en": "the contract is entered within one month of taking over responsibility",
        },
    ),
    explanation={
        "da": "Kontrakten skal være indgået senest én kalendermåned efter, at kommunen overtog "
        "ansvaret for udlændingen; findes dagen ikke i måneden, er fristen månedens sidste dag."
        + _EXPLANATION_TAIL["da"],
        "en": "The contract must be entered no later than one calendar month after the "
        "municipality took over responsibility; where that day does not exist, the deadline is "
        "the last day of the month." + _EXPLANATION_TAIL["en"],
    },
    evaluate=late_signing(months=1),
    deadline=late_signing_deadline(months=1),
    needs=("responsibility_date", "signed_date"),
)

MISSING_DECLARATION = Rule(
    id="missing-declaration",
    title={
        "da": "Opholds- og selvforsørgelseserklæring ikke underskrevet med kontrakten",
        "en": "Residence and self-support declaration not signed with the contract",
    },
    short_title={"da": "Mangler erklæring", "en": "No declaration"},
    legal_basis=legal.bek2020(
        None,
        {
            "da": "opholds- og selvforsørgelseserklæringen underskrives sammen med kontrakten",
            "en": "the declaration (opholds- og selvforsørgelseserklæring) is signed together "
            "with the contract",
        },
    ),
    explanation={
        "da": "Udlændingen skal underskrive opholds- og selvforsørgelseserklæringen samtidig med "
        "kontrakten. Integaudit godtager op til 7 dages forskel mellem de to datoer. En "
        "underskrevet kontrakt uden erklæringsdato fejler; en ikke-underskrevet kontrakt er "
        "ikke aktuel, uanset hvad erklæringskolonnen indeholder. Uden kolonnen vurderes reglen "
        "ikke.",
        "en": "The person must sign the residence and self-support declaration together with "
        "the contract. integaudit accepts up to 7 days between the two dates. A signed "
        "contract without a declaration date fails; an unsigned one is not applicable, "
        "whatever the declaration column holds. Without the column the rule is not assessed.",
    },
    evaluate=evaluate_missing_declaration,
    needs=("signed_date", "declaration_date"),
)

MISSING_COORDINATOR = Rule(
    id="missing-coordinator",
    title={
        "da": "Koordinerende forvaltning ikke angivet",
        "en": "Coordinating unit not named",
    },
    short_title={"da": "Mangler koordinator", "en": "No coordinator"},
    legal_basis=legal.bek2020(
        "§ 19",
        {
            "da": "kontrakten angiver den forvaltning, der koordinerer indsatsen",
            "en": "the contract names the unit that coordinates the effort",
        },
    ),
    explanation={
        "da": "Det skal fremgå af kontrakten, hvilken forvaltning der koordinerer "
        "integrationsindsatsen. Tomme felter og pladsholdere som '-' eller 'ikke angivet' "
        "fejler. Uden kolonnen vurderes reglen ikke.",
        "en": "The contract must name the unit that coordinates the integration effort. Empty "
        "cells and placeholders such as '-' or 'ikke angivet' fail. Without the column the "
        "rule is not assessed.",
    },
    evaluate=evaluate_missing_coordinator,
    needs=("coordinating_unit",),
)
