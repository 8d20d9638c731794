"""missed-follow-up: follow-up on the contract at least every N calendar months (SPEC §2.1)."""

from __future__ import annotations

import pandas as pd

from integaudit.model import Status
from integaudit.rules.base import (
    BEK2020,
    Case,
    Evaluate,
    Rule,
    RuleContext,
    absent,
    date_text,
    days_text,
    empty,
    reasons,
    result,
    unknown_field,
    unreadable,
    verdicts,
)
from integaudit.rules.calendar import deadline as deadline_after
from integaudit.rules.calendar import merge_windows


def follow_up_window(contracts: pd.DataFrame, ctx: RuleContext) -> tuple[pd.Series, pd.Series]:
    """Return (start, end) of each contract's follow-up window: from signing to the earliest
    of goal met, end of contract and the audit date."""
    ends = contracts[["goal_met_date", "end_date"]].min(axis=1)
    as_of = ctx.as_of_ts
    end = ends.where(ends.notna() & (ends < as_of), as_of)
    return contracts["signed_date"], end.astype(contracts["signed_date"].dtype)


def window_cases(contracts: pd.DataFrame) -> list[Case]:
    """Return the cases in which the window cannot be known: no signing date column or no
    follow-up information at all in the contract's source, an unreadable or empty signing
    date, or an unreadable window end."""
    return [
        absent(contracts, "signed_date"),
        absent(contracts, "follow_ups"),
        unreadable(contracts, "signed_date"),
        empty(contracts, "signed_date"),
        unreadable(contracts, "goal_met_date"),
        unreadable(contracts, "end_date"),
    ]


def longest_gaps(
    start: pd.Series,
    end: pd.Series,
    follow_ups: pd.DataFrame,
    ctx: RuleContext,
    months: int,
) -> pd.DataFrame:
    """Return, per contract in ``start``'s index, the longest gap in days between consecutive
    checkpoints (window start, each distinct follow-up inside the window, window end), whether
    any gap exceeds ``months`` calendar months (suspended days excluded), and the date the
    first missed follow-up was due."""
    windows = merge_windows(ctx.suspensions)
    bounds = pd.DataFrame({"start": start, "end": end})
    fu = follow_ups[["uid", "follow_up_date"]].merge(
        bounds, left_on="uid", right_index=True, how="inner"
    )
    inside = (fu["follow_up_date"] > fu["start"]) & (fu["follow_up_date"] < fu["end"])
    points = pd.concat(
        [
            pd.DataFrame({"uid": start.index, "date": start.to_numpy()}),
            fu.loc[inside, ["uid", "follow_up_date"]].rename(columns={"follow_up_date": "date"}),
            pd.DataFrame({"uid": end.index, "date": end.to_numpy()}),
        ],
        ignore_index=True,
    )
    points["date"] = points["date"].astype(start.dtype)
    points = points.drop_duplicates().sort_values(["uid", "date"], kind="stable")
    same = points["uid"].eq(points["uid"].shift())
    previous = points["date"].shift().where(same)
    gaps = pd.DataFrame({"uid": points["uid"], "previous": previous, "date": points["date"]})
    gaps = gaps[same].copy()
    gaps["due"] = deadline_after(gaps["previous"], windows, months=months)
    gaps["days"] = (gaps["date"] - gaps["previous"]).dt.days
    gaps["late"] = gaps["date"] > gaps["due"]
    per = gaps.groupby("uid").agg(longest=("days", "max"), missed=("late", "any"))
    first_missed = gaps[gaps["late"]].groupby("uid")["due"].first()
    per["first_due"] = first_missed.reindex(per.index)
    return per.reindex(start.index)


def missed_follow_up(*, months: int) -> Evaluate:
    """Return the evaluate function of missed-follow-up with a cadence of ``months``."""

    def evaluate(contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext):
        """Return fail when two consecutive checkpoints are more than the cadence apart,
        pass when none are, not-applicable when the window is no longer than one interval,
        and not-assessed when the window or the follow-up information is unknown."""
        start, end = follow_up_window(contracts, ctx)
        unknown, reason = reasons(contracts.index, window_cases(contracts))
        first_due = deadline_after(start, merge_windows(ctx.suspensions), months=months)
        too_short = end <= first_due
        due = ~unknown & ~too_short
        gaps = longest_gaps(start[due], end[due], follow_ups, ctx, months)
        missed = gaps["missed"].reindex(contracts.index, fill_value=False).astype(bool)
        status = verdicts(
            contracts.index,
            [
                (unknown, Status.NOT_ASSESSED),
                (too_short, Status.NOT_APPLICABLE),
                (missed, Status.FAIL),
                (due, Status.PASS),
            ],
        )
        longest = days_text(gaps["longest"].reindex(contracts.index))
        missed_on = date_text(gaps["first_due"].reindex(contracts.index))
        failing = status.eq(Status.FAIL.value)
        passing = status.eq(Status.PASS.value)
        en = pd.Series(None, index=contracts.index, dtype=object)
        da = en.copy()
        en = en.mask(passing, "longest gap " + longest + " days")
        da = da.mask(passing, "længste interval " + longest + " dage")
        en = en.mask(
            failing, "longest gap " + longest + " days; follow-up due " + missed_on + " missed"
        )
        da = da.mask(
            failing,
            "længste interval " + longest + " dage; opfølgning senest " + missed_on + " mangler",
        )
        due_on = gaps["first_due"].reindex(contracts.index).where(failing)
        return result(status, en, da, reason, due=due_on)

    return evaluate


MISSED_FOLLOW_UP_3_MONTHS = Rule(
    id="missed-follow-up",
    title={
        "da": "Manglende opfølgning (mindst hver 3. måned)",
        "en": "Missed follow-up (at least every third month)",
    },
    short_title={"da": "Manglende opfølgning", "en": "Missed follow-up"},
    legal_basis={
        "da": "Integrationsloven § 20 (2014): opfølgning som hovedregel mindst hver tredje måned",
        "en": "Integration Act s. 20 (2014): follow-up as a rule at least every third month",
    },
    explanation={
        "da": (
            "Fra kontrakten er indgået, til målet er opfyldt, kontrakten ophører eller "
            "revisionsdatoen (det tidligste), må der højst gå 3 kalendermåneder mellem to "
            "opfølgninger, regnet fra indgåelsen og til vinduets slutning. 31. januar + 3 "
            "måneder er 30. april: en opfølgning 30. april er rettidig, 1. maj er for sent. "
            "Er vinduet ikke længere end 3 måneder, er reglen ikke aktuel. Uden nogen "
            "opfølgningsoplysninger i udtrækket vurderes reglen ikke."
        ),
        "en": (
            "From signing until the goal is met, the contract ends or the audit date "
            "(whichever is first), no more than 3 calendar months may pass between two "
            "follow-ups, counting from signing to the end of that window. 31 January + 3 "
            "months is 30 April: a follow-up on 30 April is in time, 1 May is late. When the "
            "window is no longer than 3 months the rule does not apply yet. Without any "
            "follow-up information in the extract the rule is not assessed."
        ),
    },
    example={
        "da": "Indgået 31. januar 2014, opfølgning 30. april og 29. juli, revisionsdato 31. "
        "august → bestået. Indgået 31. januar, første opfølgning 1. maj → fejl (senest 30. april).",
        "en": "Signed 31 January 2014, follow-ups 30 April and 29 July, audit date 31 August → "
        "pass. Signed 31 January, first follow-up 1 May → fail (due by 30 April).",
    },
    evaluate=missed_follow_up(months=3),
    needs=("signed_date", "follow_ups"),
    uses=("goal_met_date", "end_date"),
    baseline=0.26,
)


BENEFIT_FOLLOW_UPS = 4


def _count_in_period(
    follow_ups: pd.DataFrame, low: pd.Series, high: pd.Series, end: pd.Series
) -> pd.Series:
    """Return per contract the number of distinct follow-ups after ``low``, no later than
    ``high`` and no later than the window end ``end``."""
    bounds = pd.DataFrame({"low": low, "high": high.where(high < end, end)})
    fu = follow_ups[["uid", "follow_up_date"]].drop_duplicates()
    fu = fu.merge(bounds, left_on="uid", right_index=True, how="inner")
    inside = (fu["follow_up_date"] > fu["low"]) & (fu["follow_up_date"] <= fu["high"])
    counts = fu[inside].groupby("uid").size()
    return counts.reindex(low.index, fill_value=0)


def evaluate_missed_follow_up_by_situation(
    contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext
) -> pd.DataFrame:
    """Return the bek2020 follow-up verdict, whose cadence depends on the situation (SPEC
    §2.2): benefit — at least 4 follow-ups in months 3–9 after takeover; employment,
    education, IGU — at least every 12 months; maternity — one within 6 months of the birth."""
    windows = merge_windows(ctx.suspensions)
    _, end = follow_up_window(contracts, ctx)
    situation = contracts["situation"]
    unknown, reason = reasons(
        contracts.index, [*window_cases(contracts), *unknown_field(contracts, "situation")]
    )
    benefit = ~unknown & situation.eq("benefit")
    employed = ~unknown & situation.eq("employment")
    maternity = ~unknown & situation.eq("maternity")
    en = pd.Series(None, index=contracts.index, dtype=object)
    da = en.copy()

    # Benefit: the period after the 3-month visitation period, to 9 months after takeover.
    responsibility = contracts["responsibility_date"]
    period_start = deadline_after(responsibility, windows, months=3)
    period_end = deadline_after(responsibility, windows, months=9)
    benefit_unknown, benefit_reason = reasons(
        contracts.index, unknown_field(contracts, "responsibility_date")
    )
    benefit_unknown &= benefit
    benefit_open = benefit & ~benefit_unknown & (end < period_end)
    counted = _count_in_period(follow_ups, period_start, period_end, end)
    benefit_fail = benefit & ~benefit_unknown & ~benefit_open & (counted < BENEFIT_FOLLOW_UPS)
    benefit_pass = benefit & ~benefit_unknown & ~benefit_open & ~benefit_fail
    period = date_text(period_start) + "–" + date_text(period_end)
    en = en.mask(
        benefit_fail | benefit_pass,
        counted.astype(str) + " follow-ups in " + period + " (at least 4 required)",
    )
    da = da.mask(
        benefit_fail | benefit_pass,
        counted.astype(str) + " opfølgninger i " + period + " (mindst 4 krævet)",
    )

    # Employment, education, IGU: the rr2014 gap rule with 12 months.
    yearly = missed_follow_up(months=12)(contracts[employed], follow_ups, ctx)
    yearly = yearly.reindex(contracts.index)
    en = en.where(~employed, yearly["detail_en"])
    da = da.where(~employed, yearly["detail_da"])

    # Maternity: a follow-up after the birth and no later than 6 months after it.
    birth = contracts["child_birth_date"]
    birth_unknown = maternity & (birth.isna() | contracts["child_birth_date__bad"])
    birth_reason = pd.Series("empty:child_birth_date", index=contracts.index, dtype=object)
    birth_reason = birth_reason.mask(
        contracts["child_birth_date__bad"], "unreadable:child_birth_date"
    )
    due = deadline_after(birth, windows, months=6)
    in_time = _count_in_period(follow_ups, birth, due, end) > 0
    mat = maternity & ~birth_unknown
    mat_pass = mat & in_time
    mat_fail = mat & ~in_time & (end > due)
    en = en.mask(mat_fail, "no follow-up by " + date_text(due)).mask(
        mat_pass, "followed up by " + date_text(due)
    )
    da = da.mask(mat_fail, "ingen opfølgning senest " + date_text(due)).mask(
        mat_pass, "fulgt op senest " + date_text(due)
    )

    status = verdicts(
        contracts.index,
        [
            (unknown | benefit_unknown | birth_unknown, Status.NOT_ASSESSED),
            (benefit_open, Status.NOT_APPLICABLE),
            (benefit_fail | mat_fail, Status.FAIL),
            (benefit_pass | mat_pass, Status.PASS),
            (mat, Status.NOT_APPLICABLE),
        ],
    )
    status = status.where(~employed, yearly["status"])
    reason = reason.where(unknown, benefit_reason.where(benefit_unknown, birth_reason))
    # The date the missed follow-up was due: the end of the benefit period (the fourth
    # follow-up), six months after the birth, or the first missed date of the yearly cadence.
    missed_due = pd.Series(pd.NaT, index=contracts.index, dtype=due.dtype)
    missed_due = missed_due.mask(benefit_fail, period_end).mask(mat_fail, due)
    missed_due = missed_due.mask(employed, yearly["due"].astype(due.dtype))
    return result(status, en, da, reason, due=missed_due)


def evaluate_late_visitation(
    contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext
) -> pd.DataFrame:
    """Return, for benefit recipients, fail when visitated after 3 calendar months from
    takeover or not visitated once that deadline has passed, pass when in time; other
    situations and open deadlines are not-applicable; a missing or unreadable situation,
    takeover date or visitation column is not-assessed."""
    responsibility = contracts["responsibility_date"]
    visitation = contracts["visitation_date"]
    situation = contracts["situation"]
    due = deadline_after(responsibility, merge_windows(ctx.suspensions), months=3)
    unknown, reason = reasons(
        contracts.index,
        [
            *unknown_field(contracts, "situation"),
            *unknown_field(contracts, "responsibility_date"),
        ],
    )
    benefit = situation.eq("benefit")
    unknown_benefit, benefit_reason = reasons(
        contracts.index,
        [absent(contracts, "visitation_date"), unreadable(contracts, "visitation_date")],
    )
    unknown_benefit &= benefit
    as_of = ctx.as_of_ts
    status = verdicts(
        contracts.index,
        [
            (unknown | unknown_benefit, Status.NOT_ASSESSED),
            (~benefit, Status.NOT_APPLICABLE),
            (visitation.notna() & (visitation <= due), Status.PASS),
            (visitation.notna() & (visitation > due), Status.FAIL),
            (as_of > due, Status.FAIL),
            (benefit, Status.NOT_APPLICABLE),
        ],
    )
    failing = status.eq(Status.FAIL.value)
    late = failing & visitation.notna()
    never = failing & visitation.isna()
    en = pd.Series(None, index=contracts.index, dtype=object)
    da = en.copy()
    en = en.mask(late, "visitated " + date_text(visitation) + ", deadline " + date_text(due))
    en = en.mask(never, "not visitated; deadline " + date_text(due))
    da = da.mask(late, "visiteret " + date_text(visitation) + ", frist " + date_text(due))
    da = da.mask(never, "ikke visiteret; frist " + date_text(due))
    return result(status, en, da, reason.where(unknown, benefit_reason))


LATE_VISITATION = Rule(
    id="late-visitation",
    title={
        "da": "Ikke visiteret inden 3 måneder",
        "en": "Not visitated within 3 months",
    },
    short_title={"da": "Sen visitation", "en": "Late visitation"},
    legal_basis={
        "da": BEK2020["da"] + ": modtagere af forsørgelse visiteres inden for de første 3 måneder",
        "en": BEK2020["en"] + ": benefit recipients are visitated within the first 3 months",
    },
    explanation={
        "da": "Udlændinge, der modtager forsørgelse, skal inden for de første 3 kalendermåneder "
        "efter overtagelsen visiteres som jobparat eller aktivitetsparat. Reglen gælder kun "
        "situationen 'ydelse'. Er der ikke visiteret, fejler kontrakten, når fristen er "
        "overskredet på revisionsdatoen.",
        "en": "People receiving benefit must be visitated as job-ready or activity-ready within "
        "3 calendar months of takeover. The rule concerns the situation 'benefit' only. Without "
        "a visitation the contract fails once the deadline has passed on the audit date.",
    },
    example={
        "da": "Overtaget 30. november 2020: frist 28. februar 2021; visiteret 1. marts → fejl.",
        "en": "Taken over 30 November 2020: deadline 28 February 2021; visitated 1 March → fail.",
    },
    evaluate=evaluate_late_visitation,
    needs=("responsibility_date", "situation", "visitation_date"),
)

MISSED_FOLLOW_UP_BY_SITUATION = Rule(
    id="missed-follow-up",
    title={
        "da": "Manglende opfølgning efter borgerens situation",
        "en": "Missed follow-up for the person's situation",
    },
    short_title={"da": "Manglende opfølgning", "en": "Missed follow-up"},
    legal_basis={
        "da": BEK2020["da"] + ": opfølgningens hyppighed afhænger af udlændingens situation",
        "en": BEK2020["en"] + ": the follow-up cadence depends on the person's situation",
    },
    explanation={
        "da": "Ydelse: mindst 4 opfølgninger i de 6 kalendermåneder efter visitationsperioden "
        "(fra 3 til 9 måneder efter overtagelsen); derefter er hyppigheden en konkret "
        "vurdering og revideres ikke. Beskæftigelse, uddannelse og IGU: mindst hver 12. "
        "måned. Barsel: senest 6 måneder efter barnets fødsel. Der følges ikke op, efter "
        "målet er opfyldt. Uden situation vurderes reglen ikke.",
        "en": "Benefit: at least 4 follow-ups in the 6 calendar months after the visitation "
        "period (3 to 9 months after takeover); after that the cadence is a concrete "
        "assessment and is not audited. Employment, education and IGU: at least every 12 "
        "months. Maternity: no later than 6 months after the child's birth. Nothing is due "
        "after the goal is met. Without a situation the rule is not assessed.",
    },
    example={
        "da": "Ydelse, overtaget 1. januar 2021: 4 opfølgninger mellem 2. april og 1. oktober → "
        "bestået; 3 → fejl. Barsel, fødsel 10. marts: opfølgning senest 10. september.",
        "en": "Benefit, taken over 1 January 2021: 4 follow-ups between 2 April and 1 October → "
        "pass; 3 → fail. Maternity, birth 10 March: follow-up no later than 10 September.",
    },
    evaluate=evaluate_missed_follow_up_by_situation,
    needs=("signed_date", "follow_ups", "situation"),
    uses=("goal_met_date", "end_date", "child_birth_date"),
)
