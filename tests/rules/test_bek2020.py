"""Ruleset bek2020, one test per sentence of SPEC §2.2, named after the dates it proves."""

from __future__ import annotations

import datetime as dt

import pytest

from integaudit.model import Suspension
from integaudit.rules.contents.missing_coordinator import MISSING_COORDINATOR
from integaudit.rules.contents.missing_goal_bek2020 import MISSING_GOAL_BEK2020
from integaudit.rules.follow_up.missed_follow_up_by_situation import (
    MISSED_FOLLOW_UP_BY_SITUATION as FOLLOW_UP,
)
from integaudit.rules.rulesets import RULESETS
from integaudit.rules.signing.late_signing_1_month import LATE_SIGNING_1_MONTH as LATE
from integaudit.rules.signing.missing_declaration import MISSING_DECLARATION
from integaudit.rules.visitation.late_visitation import LATE_VISITATION
from tests.rules.helpers import d, evaluate, status
from tests.rules.reference import BEK2020_RULES

AS_OF = "2022-12-31"


def test_bek2020_has_the_six_rules_and_missing_goal_as_in_rr2014():
    # The six rule ids in SPEC §2.2's order, as the reference implementation lists them.
    assert tuple(r.id for r in RULESETS["bek2020"]) == BEK2020_RULES
    assert RULESETS["bek2020"][0] is MISSING_GOAL_BEK2020


# --- late-signing: one calendar month -------------------------------------------------------


@pytest.mark.parametrize(
    ("responsibility", "deadline", "day_after"),
    [
        pytest.param("2021-01-31", "2021-02-28", "2021-03-01", id="31_jan_2021_deadline_28_feb"),
        pytest.param(
            "2020-01-31", "2020-02-29", "2020-03-01", id="31_jan_2020_leap_year_deadline_29_feb"
        ),
        pytest.param(
            "2021-04-30", "2021-05-30", "2021-05-31", id="30_apr_deadline_30_may_and_31_may_fails"
        ),
    ],
)
def test_late_signing(responsibility, deadline, day_after):
    row = {"responsibility_date": responsibility, "signed_date": deadline}
    assert status(LATE, row, AS_OF) == "pass"
    row = {"responsibility_date": responsibility, "signed_date": day_after}
    assert status(LATE, row, AS_OF) == "fail"


def test_late_signing_unsigned_30_apr_before_and_after_30_may():
    row = {"responsibility_date": "2021-04-30", "signed_date": None}
    assert status(LATE, row, "2021-05-30") == "not-applicable"
    assert status(LATE, row, "2021-05-31") == "fail"


# --- missing-declaration --------------------------------------------------------------------


def _declared(signed, declared, **extra):
    return {
        "responsibility_date": "2021-03-01",
        "signed_date": signed,
        "declaration_date": declared,
        **extra,
    }


def test_declaration_signed_1_mar_without_declaration_fails():
    assert status(MISSING_DECLARATION, _declared("2021-03-01", None), AS_OF) == "fail"


def test_declaration_8_mar_is_7_days_from_1_mar_and_passes():
    assert status(MISSING_DECLARATION, _declared("2021-03-01", "2021-03-08"), AS_OF) == "pass"


def test_declaration_9_mar_is_8_days_from_1_mar_and_fails():
    verdict = evaluate(MISSING_DECLARATION, _declared("2021-03-01", "2021-03-09"), as_of=AS_OF)
    assert verdict["status"].iloc[0] == "fail"
    assert verdict["detail_en"].iloc[0] == "declaration 8 days from signing"


def test_declaration_7_days_before_signing_passes_8_days_before_fails():
    assert status(MISSING_DECLARATION, _declared("2021-03-08", "2021-03-01"), AS_OF) == "pass"
    assert status(MISSING_DECLARATION, _declared("2021-03-09", "2021-03-01"), AS_OF) == "fail"


def test_declaration_not_applicable_when_contract_not_signed():
    assert status(MISSING_DECLARATION, _declared(None, None), AS_OF) == "not-applicable"


def test_declaration_unsigned_with_an_unreadable_declaration_date_is_not_applicable():
    row = _declared(None, None, declaration_date__bad=True)
    assert status(MISSING_DECLARATION, row, AS_OF) == "not-applicable"


def test_declaration_not_assessed_when_column_absent_or_date_unreadable():
    absent = _declared("2021-03-01", None, has__declaration_date=False)
    assert status(MISSING_DECLARATION, absent, AS_OF) == "not-assessed"
    unreadable = _declared("2021-03-01", None, declaration_date__bad=True)
    assert status(MISSING_DECLARATION, unreadable, AS_OF) == "not-assessed"


# --- missing-coordinator --------------------------------------------------------------------


def test_coordinator_named_passes_empty_fails_absent_not_assessed():
    assert status(MISSING_COORDINATOR, {"coordinating_unit": "Jobcenter"}, AS_OF) == "pass"
    assert status(MISSING_COORDINATOR, {"coordinating_unit": None}, AS_OF) == "fail"
    absent = {"coordinating_unit": None, "has__coordinating_unit": False}
    assert status(MISSING_COORDINATOR, absent, AS_OF) == "not-assessed"


# --- late-visitation ------------------------------------------------------------------------


def _visit(visited, situation="benefit", responsibility="2020-11-30", **extra):
    return {
        "responsibility_date": responsibility,
        "visitation_date": visited,
        "situation": situation,
        **extra,
    }


def test_visitation_30_nov_deadline_28_feb_in_time_and_1_mar_late():
    assert status(LATE_VISITATION, _visit("2021-02-28"), AS_OF) == "pass"
    assert status(LATE_VISITATION, _visit("2021-03-01"), AS_OF) == "fail"


def test_visitation_empty_fails_after_28_feb_and_is_not_applicable_until_then():
    assert status(LATE_VISITATION, _visit(None), "2021-03-01") == "fail"
    assert status(LATE_VISITATION, _visit(None), "2021-02-28") == "not-applicable"


def test_visitation_not_applicable_for_other_situations():
    for situation in ("employment", "maternity"):
        assert status(LATE_VISITATION, _visit(None, situation), AS_OF) == "not-applicable"


def test_visitation_not_assessed_without_situation_or_responsibility_date():
    assert status(LATE_VISITATION, _visit(None, None), AS_OF) == "not-assessed"
    bad = _visit(None, None, situation__bad=True)
    assert status(LATE_VISITATION, bad, AS_OF) == "not-assessed"
    assert status(LATE_VISITATION, _visit(None, responsibility=None), AS_OF) == "not-assessed"


# --- missed-follow-up by situation ----------------------------------------------------------
# § 20, stk. 1: "Når visitationen efter § 17 er gennemført, skal opfølgning finde sted mindst
# 4 gange inden for de første 6 måneder."


def _taken_over_1_jan_2021(*follow_ups, **fields):
    """Return a contract taken over 1 Jan 2021 and signed 20 Jan with the follow-ups;
    ``fields`` add columns or override these."""
    return {
        "responsibility_date": "2021-01-01",
        "signed_date": "2021-01-20",
        "follow_up_dates": list(follow_ups),
        **fields,
    }


def _benefit(*follow_ups, visitation="2021-03-31", situation="benefit", **extra):
    return _taken_over_1_jan_2021(
        *follow_ups, situation=situation, visitation_date=visitation, **extra
    )


FOUR_IN_PERIOD = ("2021-04-10", "2021-06-01", "2021-08-01", "2021-09-30")


def test_benefit_visitation_31_mar_four_follow_ups_by_30_sep_pass():
    assert status(FOLLOW_UP, _benefit(*FOUR_IN_PERIOD), AS_OF) == "pass"


def test_benefit_visitation_31_mar_period_ends_30_sep_a_follow_up_on_1_oct_is_outside():
    row = _benefit("2021-04-10", "2021-06-01", "2021-08-01", "2021-10-01")
    verdict = evaluate(FOLLOW_UP, row, as_of=AS_OF).iloc[0]
    assert verdict["status"] == "fail"
    assert verdict["detail_en"] == (
        "3 follow-ups after visitation in 2021-03-31–2021-09-30 (4 required)"
    )
    assert verdict["due"] == d("2021-09-30")


def test_benefit_a_follow_up_on_the_visitation_day_is_not_after_it():
    row = _benefit("2021-03-31", *FOUR_IN_PERIOD[1:])
    assert status(FOLLOW_UP, row, AS_OF) == "fail"


def test_benefit_late_visitation_20_jul_moves_the_period_to_20_jul_20_jan():
    follow_ups = ("2021-08-01", "2021-09-15", "2021-11-01", "2022-01-20")
    assert status(FOLLOW_UP, _benefit(*follow_ups, visitation="2021-07-20"), AS_OF) == "pass"
    # The takeover-based period (1 Apr – 1 Oct 2021) would hold only two of them.
    without = _benefit(*follow_ups, visitation=None)
    assert status(FOLLOW_UP, without, AS_OF) == "fail"


def test_benefit_without_a_visitation_date_the_period_starts_at_takeover_plus_3_months():
    row = _benefit("2021-04-02", "2021-06-01", "2021-08-01", "2021-10-01", visitation=None)
    verdict = evaluate(FOLLOW_UP, row, as_of=AS_OF).iloc[0]
    assert verdict["status"] == "pass"  # (1 Apr, 1 Oct]
    assert "visitation date unknown: period from takeover + 3 months" in verdict["detail_en"]
    row = _benefit("2021-04-01", "2021-06-01", "2021-08-01", "2021-10-01", visitation=None)
    assert status(FOLLOW_UP, row, AS_OF) == "fail"  # 1 Apr is the period's start, not in it
    absent = {**row, "has__visitation_date": False}
    assert status(FOLLOW_UP, absent, AS_OF) == "fail"  # the same when the column is absent


def test_benefit_the_fourth_follow_up_passes_before_the_period_ends():
    assert status(FOLLOW_UP, _benefit(*FOUR_IN_PERIOD[:3], "2021-08-15"), "2021-08-15") == "pass"
    # Three so far, period still running: nothing has failed yet.
    assert status(FOLLOW_UP, _benefit(*FOUR_IN_PERIOD[:3]), "2021-09-29") == "not-applicable"


def test_benefit_on_the_periods_last_day_nothing_has_failed_yet():
    row = _benefit(*FOUR_IN_PERIOD[:3])
    assert status(FOLLOW_UP, row, "2021-09-30") == "not-applicable"
    assert status(FOLLOW_UP, row, "2021-10-01") == "fail"


def test_benefit_goal_met_before_the_period_ends_is_not_applicable():
    met = _benefit("2021-04-15", goal_met_date="2021-07-01")
    assert status(FOLLOW_UP, met, AS_OF) == "not-applicable"


def test_benefit_after_the_period_cadence_is_not_audited():
    # Nothing after 30 Sep 2021 for over a year: still pass, follow-up is "efter behov".
    assert status(FOLLOW_UP, _benefit(*FOUR_IN_PERIOD), "2023-06-30") == "pass"


def test_benefit_follow_ups_before_signing_do_not_count():
    # Visitated before the contract was signed: follow-ups before 20 Jan are not on the contract.
    row = _benefit("2021-01-10", "2021-01-15", "2021-03-01", "2021-05-01", visitation="2021-01-05")
    assert status(FOLLOW_UP, row, AS_OF) == "fail"
    row["signed_date"] = "2021-01-08"
    assert status(FOLLOW_UP, row, AS_OF) == "pass"


def test_benefit_unreadable_visitation_date_is_not_assessed():
    row = _benefit(*FOUR_IN_PERIOD, visitation=None, visitation_date__bad=True)
    assert status(FOLLOW_UP, row, AS_OF) == "not-assessed"


def test_self_supporting_is_not_applicable_for_follow_up_and_visitation():
    row = _benefit(situation="self-supporting", visitation=None)
    assert status(FOLLOW_UP, row, AS_OF) == "not-applicable"
    assert status(LATE_VISITATION, row, AS_OF) == "not-applicable"


def test_an_unreadable_follow_up_date_turns_a_fail_into_not_assessed_and_leaves_a_pass():
    failing = _benefit(*FOUR_IN_PERIOD[:3], follow_ups__bad=True)
    verdict = evaluate(FOLLOW_UP, failing, as_of=AS_OF).iloc[0]
    assert verdict["status"] == "not-assessed"
    assert verdict["reason"] == "unreadable:follow_up_date"
    assert status(FOLLOW_UP, _benefit(*FOUR_IN_PERIOD, follow_ups__bad=True), AS_OF) == "pass"
    late = _maternity("2021-09-11", follow_ups__bad=True)
    assert status(FOLLOW_UP, late, AS_OF) == "not-assessed"


def _employed(*follow_ups, situation="employment", **extra):
    return _taken_over_1_jan_2021(
        *follow_ups, signed_date="2021-01-31", situation=situation, **extra
    )


def test_employment_31_jan_2021_plus_12_months_is_31_jan_2022_in_time():
    assert status(FOLLOW_UP, _employed("2022-01-31"), "2022-12-31") == "pass"


def test_employment_first_follow_up_1_feb_2022_is_late():
    assert status(FOLLOW_UP, _employed("2022-02-01"), "2022-12-31") == "fail"


def test_education_and_igu_share_the_12_month_cadence():
    for value in ("employment",):  # education and IGU are parsed to employment (SPEC §1.2)
        row = _employed("2021-12-01", situation=value)
        assert status(FOLLOW_UP, row, "2022-11-30") == "pass"


def _maternity(*follow_ups, birth="2021-03-10", **extra):
    return _taken_over_1_jan_2021(
        *follow_ups, situation="maternity", child_birth_date=birth, **extra
    )


def test_maternity_birth_10_mar_follow_up_10_sep_in_time():
    assert status(FOLLOW_UP, _maternity("2021-09-10"), AS_OF) == "pass"


def test_maternity_follow_up_11_sep_is_late_and_fails():
    verdict = evaluate(FOLLOW_UP, _maternity("2021-09-11"), as_of=AS_OF).iloc[0]
    assert verdict["status"] == "fail"
    assert verdict["detail_en"] == (
        "follow-up by 2021-09-10 missing; leave end unknown: only the first follow-up assessed"
    )


def test_maternity_follow_up_before_the_birth_does_not_count():
    assert status(FOLLOW_UP, _maternity("2021-03-01"), AS_OF) == "fail"


def test_maternity_none_yet_not_applicable_until_10_sep():
    assert status(FOLLOW_UP, _maternity(), "2021-09-10") == "not-applicable"
    assert status(FOLLOW_UP, _maternity(), "2021-09-11") == "fail"


def test_maternity_not_assessed_without_birth_date():
    assert status(FOLLOW_UP, _maternity(birth=None), AS_OF) == "not-assessed"


# "… og derefter i forbindelse med den lovlige fraværsperiodes udløb": a follow-up within one
# calendar month before or after leave_end_date.
LEAVE = {"birth": "2021-03-10", "leave_end_date": "2022-02-28"}


def test_maternity_leave_ending_28_feb_without_a_follow_up_28_jan_to_28_mar_fails():
    row = _maternity("2021-09-01", "2022-01-27", "2022-03-29", **LEAVE)
    verdict = evaluate(FOLLOW_UP, row, as_of=AS_OF).iloc[0]
    assert verdict["status"] == "fail"
    assert verdict["due"] == d("2022-03-28")
    assert "at the leave's end, by 2022-03-28 missing" in verdict["detail_en"]


def test_maternity_leave_ending_28_feb_follow_up_10_mar_passes():
    assert status(FOLLOW_UP, _maternity("2021-09-01", "2022-03-10", **LEAVE), AS_OF) == "pass"


def test_maternity_leave_window_bounds_28_jan_and_28_mar_are_in_it():
    for day in ("2022-01-28", "2022-03-28"):
        assert status(FOLLOW_UP, _maternity("2021-09-01", day, **LEAVE), AS_OF) == "pass"


def test_maternity_before_the_leave_ends_only_the_first_follow_up_is_due():
    row = _maternity("2021-09-01", **LEAVE)
    assert status(FOLLOW_UP, row, "2022-03-28") == "pass"  # the second is not due yet
    assert status(FOLLOW_UP, row, "2022-03-29") == "fail"


def test_maternity_unreadable_leave_end_is_not_assessed():
    row = _maternity("2021-09-01", leave_end_date__bad=True)
    assert status(FOLLOW_UP, row, AS_OF) == "not-assessed"


def test_follow_up_not_assessed_without_situation_signing_column_or_follow_up_information():
    assert status(FOLLOW_UP, _benefit(situation=None), AS_OF) == "not-assessed"
    no_column = _benefit(signed_date=None, has__signed_date=False)
    assert status(FOLLOW_UP, no_column, AS_OF) == "not-assessed"
    unreadable = _benefit(signed_date=None, signed_date__bad=True)
    assert status(FOLLOW_UP, unreadable, AS_OF) == "not-assessed"
    assert status(FOLLOW_UP, _benefit(has__follow_ups=False), AS_OF) == "not-assessed"


@pytest.mark.parametrize("situation", ["benefit", "employment", "maternity", None])
def test_follow_up_unsigned_taken_over_1_jan_2021_is_not_applicable_in_every_situation(situation):
    row = _benefit("2021-04-10", signed_date=None, situation=situation, child_birth_date=None)
    verdict = evaluate(FOLLOW_UP, row, as_of=AS_OF).iloc[0]
    assert verdict["status"] == "not-applicable"
    assert verdict["detail_da"] == "kontrakten er ikke indgået — se Sen indgåelse"
    assert verdict["reason"] is None


COVID = [Suspension(dt.date(2020, 3, 12), dt.date(2020, 5, 27), "COVID-19")]


def _benefit_2020(*follow_ups, visitation=None):
    """Return a benefit contract taken over 1 Jan 2020 and signed 20 Jan 2020."""
    return _benefit(
        *follow_ups,
        visitation=visitation,
        responsibility_date="2020-01-01",
        signed_date="2020-01-20",
    )


def test_suspension_12_mar_to_27_may_2020_moves_the_benefit_period_to_17_jun_17_dec():
    row = _benefit_2020("2020-07-01", "2020-08-15", "2020-10-10", "2020-12-01")
    # Without the window the period is 1 Apr – 1 Oct 2020: only 1 Jul and 15 Aug are in it.
    assert status(FOLLOW_UP, row, AS_OF) == "fail"
    # 77 suspended days move both ends: 17 Jun – 17 Dec 2020 holds all four.
    assert status(FOLLOW_UP, row, AS_OF, COVID) == "pass"
    row["follow_up_dates"] = ["2020-06-17", "2020-08-15", "2020-10-10", "2020-12-01"]
    assert status(FOLLOW_UP, row, AS_OF, COVID) == "fail"  # 17 Jun is the period's start


def test_suspension_12_mar_to_27_may_2020_moves_a_visitation_based_period_to_17_nov():
    row = _benefit_2020(
        "2020-06-01", "2020-07-01", "2020-09-15", "2020-11-17", visitation="2020-03-01"
    )
    # Without the window the period is (1 Mar, 1 Sep 2020]: two of the four are in it.
    assert status(FOLLOW_UP, row, AS_OF) == "fail"
    # The 77 suspended days inside it move its end to 17 Nov 2020.
    assert status(FOLLOW_UP, row, AS_OF, COVID) == "pass"
    row["follow_up_dates"][-1] = "2020-11-18"
    assert status(FOLLOW_UP, row, AS_OF, COVID) == "fail"


def test_suspension_outside_the_contract_changes_nothing():
    window = [Suspension(dt.date(2019, 3, 12), dt.date(2019, 5, 27))]
    row = {"responsibility_date": "2021-01-31", "signed_date": "2021-03-01"}
    assert status(LATE, row, AS_OF) == "fail"
    assert status(LATE, row, AS_OF, window) == "fail"


def test_overlapping_windows_1_to_20_mar_and_10_to_31_mar_merge_into_31_days():
    from integaudit.rules.calendar import merge_windows

    windows = [
        Suspension(dt.date(2021, 3, 10), dt.date(2021, 3, 31), "b"),
        Suspension(dt.date(2021, 3, 1), dt.date(2021, 3, 20), "a"),
    ]
    assert merge_windows(windows) == (
        Suspension(dt.date(2021, 3, 1), dt.date(2021, 3, 31), "a; b"),
    )
    # Taken over 28 Feb: one month is 28 Mar, plus the 31 merged days is 28 Apr (not 19 May).
    row = {"responsibility_date": "2021-02-28", "signed_date": "2021-04-28"}
    assert status(LATE, row, AS_OF, windows) == "pass"
    row = {"responsibility_date": "2021-02-28", "signed_date": "2021-04-29"}
    assert status(LATE, row, AS_OF, windows) == "fail"


# --- deadlines that fell before the contract existed (SPEC §2.2) -----------------------------


def test_maternity_born_1_may_2020_taken_over_1_jan_signed_20_jan_2021_nothing_is_due():
    # Birth + 6 months = 1 Nov 2020, before the contract was entered on 20 Jan 2021.
    row = _maternity(birth="2020-05-01")
    verdict = evaluate(FOLLOW_UP, row, as_of="2021-06-30").iloc[0]
    assert verdict["status"] == "not-applicable"
    assert verdict["detail_en"] == (
        "follow-up by 2020-11-01 not due: the deadline fell on or before the day the contract "
        "was entered (2021-01-20); leave end unknown: only the first follow-up assessed"
    )
    assert verdict["detail_da"].startswith(
        "opfølgning senest 2020-11-01 ikke krævet: fristen faldt før eller på dagen for "
        "kontraktens indgåelse (2021-01-20)"
    )


def test_maternity_born_20_jul_2020_deadline_20_jan_is_the_signing_day_and_not_due():
    assert status(FOLLOW_UP, _maternity(birth="2020-07-20"), "2021-06-30") == "not-applicable"
    # Born 21 Jul: the deadline 21 Jan 2021 falls after signing, and it is missed.
    assert status(FOLLOW_UP, _maternity(birth="2020-07-21"), "2021-01-21") == "not-applicable"
    assert status(FOLLOW_UP, _maternity(birth="2020-07-21"), "2021-01-22") == "fail"


def test_maternity_leave_ending_20_dec_2020_deadline_20_jan_is_not_due_21_dec_is():
    row = _maternity(birth="2020-05-01", leave_end_date="2020-12-20")
    verdict = evaluate(FOLLOW_UP, row, as_of="2021-06-30").iloc[0]
    assert verdict["status"] == "not-applicable"
    assert "at the leave's end, by 2021-01-20 not due" in verdict["detail_en"]
    row = _maternity(birth="2020-05-01", leave_end_date="2020-12-21")
    verdict = evaluate(FOLLOW_UP, row, as_of="2021-06-30").iloc[0]
    assert verdict["status"] == "fail"
    assert verdict["due"] == d("2021-01-21")
    assert verdict["detail_en"].endswith("at the leave's end, by 2021-01-21 missing")
    row = _maternity("2021-01-21", birth="2020-05-01", leave_end_date="2020-12-21")
    assert status(FOLLOW_UP, row, "2021-06-30") == "pass"


def test_benefit_visitated_20_jul_2020_period_ends_20_jan_2021_the_signing_day_not_due():
    row = _benefit(visitation="2020-07-20")
    verdict = evaluate(FOLLOW_UP, row, as_of=AS_OF).iloc[0]
    assert verdict["status"] == "not-applicable"
    assert verdict["detail_en"] == (
        "not due: the period 2020-07-20–2021-01-20 for the 4 follow-ups ended on or before "
        "the day the contract was entered (2021-01-20)"
    )
    # Visitated 21 Jul: the period runs to 21 Jan 2021, one day after signing, and fails.
    assert status(FOLLOW_UP, _benefit(visitation="2020-07-21"), AS_OF) == "fail"


def test_benefit_without_visitation_taken_over_1_jan_2020_signed_20_jan_2021_not_due():
    # Takeover + 3 months = 1 Apr 2020; the period ends 1 Oct 2020, before signing.
    row = _benefit(visitation=None, responsibility_date="2020-01-01")
    verdict = evaluate(FOLLOW_UP, row, as_of=AS_OF).iloc[0]
    assert verdict["status"] == "not-applicable"
    assert verdict["detail_en"].endswith(
        "(2021-01-20); visitation date unknown: period from takeover + 3 months"
    )


# --- unreadable follow-up dates (SPEC §2.1) --------------------------------------------------


def _unknown(count: int) -> dict:
    return {"follow_ups__bad": True, "follow_ups__unknown": count}


def test_benefit_visitated_1_feb_one_readable_one_unreadable_stays_not_applicable_30_jun():
    # 1 + 1 < 4 follow-ups and the period runs to 1 Aug 2021: nothing could be decided.
    row = _benefit("2021-03-01", visitation="2021-02-01", **_unknown(1))
    assert status(FOLLOW_UP, row, "2021-06-30") == "not-applicable"
    # Two readable and two unreadable could be four: not assessed.
    row = _benefit("2021-03-01", "2021-04-01", visitation="2021-02-01", **_unknown(2))
    verdict = evaluate(FOLLOW_UP, row, as_of="2021-06-30").iloc[0]
    assert verdict["status"] == "not-assessed"
    assert verdict["reason"] == "unreadable:follow_up_date"


def test_benefit_goal_met_3_feb_leaves_2_days_for_follow_ups_and_4_unreadable_change_nothing():
    row = _benefit(visitation="2021-02-01", goal_met_date="2021-02-03", **_unknown(4))
    assert status(FOLLOW_UP, row, "2021-06-30") == "not-applicable"
    row = _benefit(visitation="2021-02-01", goal_met_date="2021-02-05", **_unknown(4))
    assert status(FOLLOW_UP, row, "2021-06-30") == "not-assessed"


def test_benefit_period_before_signing_stays_not_applicable_with_unreadable_dates():
    row = _benefit(visitation="2020-07-20", **_unknown(4))
    assert status(FOLLOW_UP, row, AS_OF) == "not-applicable"


def test_maternity_unreadable_date_with_nothing_due_stays_not_applicable():
    row = _maternity(birth="2020-05-01", **_unknown(1))
    assert status(FOLLOW_UP, row, "2021-06-30") == "not-applicable"
    # Born 10 Mar 2021: the follow-up by 10 Sep is open, and the unknown date could be it.
    verdict = evaluate(FOLLOW_UP, _maternity(**_unknown(1)), as_of="2021-06-30").iloc[0]
    assert verdict["status"] == "not-assessed"
    assert verdict["reason"] == "unreadable:follow_up_date"


def test_unsigned_contract_with_an_unreadable_follow_up_date_is_not_applicable():
    row = _benefit("2021-03-01", signed_date=None, **_unknown(1))
    assert status(FOLLOW_UP, row, AS_OF) == "not-applicable"


# --- maternity: two distinct follow-ups, and the pass (SPEC §2.2) ----------------------------

# Born 10 Mar 2021: (1) by 10 Sep. Leave ending 1 Sep: (2) between 1 Aug and 1 Oct.
SHORT_LEAVE = {"birth": "2021-03-10", "leave_end_date": "2021-09-01"}


def test_maternity_one_follow_up_5_sep_in_both_ranges_holds_only_the_one_due_first():
    row = _maternity("2021-09-05", **SHORT_LEAVE)
    assert status(FOLLOW_UP, row, "2021-10-01") == "pass"  # (2) not due until 1 Oct
    verdict = evaluate(FOLLOW_UP, row, as_of="2021-10-02").iloc[0]
    assert verdict["status"] == "fail"
    assert verdict["detail_en"] == (
        "follow-up by 2021-09-10 held; at the leave's end, by 2021-10-01 missing"
    )
    assert verdict["due"] == d("2021-10-01")


def test_maternity_follow_ups_5_and_20_sep_hold_both():
    row = _maternity("2021-09-05", "2021-09-20", **SHORT_LEAVE)
    verdict = evaluate(FOLLOW_UP, row, as_of="2021-10-02").iloc[0]
    assert verdict["status"] == "pass"
    assert verdict["detail_en"] == (
        "follow-up by 2021-09-10 held; at the leave's end, by 2021-10-01 held"
    )
    # 1 Aug and 5 Sep are both in both ranges: two distinct follow-ups, one for each.
    assert status(FOLLOW_UP, _maternity("2021-08-01", "2021-09-05", **SHORT_LEAVE), AS_OF) == "pass"
    # The same day twice is one follow-up.
    same_day = _maternity("2021-09-05", "2021-09-05", **SHORT_LEAVE)
    assert status(FOLLOW_UP, same_day, "2021-10-02") == "fail"


def test_maternity_leave_ending_1_may_a_follow_up_15_apr_holds_the_leave_one_due_1_jun():
    row = _maternity("2021-04-15", birth="2021-03-10", leave_end_date="2021-05-01")
    # (2) is due first (1 Jun) and takes the date; (1) by 10 Sep is not due yet.
    verdict = evaluate(FOLLOW_UP, row, as_of="2021-07-01").iloc[0]
    assert verdict["status"] == "pass"
    assert verdict["detail_en"] == (
        "follow-up by 2021-09-10 not held yet; at the leave's end, by 2021-06-01 held"
    )
    assert status(FOLLOW_UP, row, "2021-09-10") == "pass"
    assert status(FOLLOW_UP, row, "2021-09-11") == "fail"


def test_maternity_passes_once_one_is_held_and_none_overdue_30_sep_2021():
    # (1) held on 1 Jun; (2), leave ending 15 Sep, by 15 Oct is not due yet and does not hold
    # the pass back.
    row = _maternity("2021-06-01", birth="2021-03-10", leave_end_date="2021-09-15")
    verdict = evaluate(FOLLOW_UP, row, as_of="2021-09-30").iloc[0]
    assert verdict["status"] == "pass"
    assert verdict["detail_en"] == (
        "follow-up by 2021-09-10 held; at the leave's end, by 2021-10-15 not held yet"
    )
    assert status(FOLLOW_UP, row, "2021-10-15") == "pass"
    assert status(FOLLOW_UP, row, "2021-10-16") == "fail"
    # Nothing held, nothing overdue: not applicable yet.
    assert status(FOLLOW_UP, _maternity(**LEAVE), "2021-09-10") == "not-applicable"


# --- a deadline that starts inside a suspension window (SPEC §2, "Suspension periods") ------


@pytest.mark.parametrize(
    ("takeover", "deadline"),
    [
        pytest.param("2020-04-01", "2020-06-27", id="taken_over_1_apr_2020_deadline_27_jun"),
        pytest.param("2020-03-12", "2020-06-27", id="on_the_first_day_12_mar_deadline_27_jun"),
        pytest.param("2020-05-27", "2020-06-27", id="on_the_last_day_27_may_deadline_27_jun"),
        pytest.param("2020-03-01", "2020-06-17", id="taken_over_1_mar_before_it_deadline_17_jun"),
        pytest.param("2020-03-11", "2020-06-27", id="taken_over_11_mar_deadline_27_jun"),
    ],
)
def test_late_signing_one_month_under_the_12_mar_to_27_may_2020_window(takeover, deadline):
    row = {"responsibility_date": takeover, "signed_date": deadline}
    assert status(LATE, row, AS_OF, COVID) == "pass"
    day_after = (dt.date.fromisoformat(deadline) + dt.timedelta(days=1)).isoformat()
    row = {"responsibility_date": takeover, "signed_date": day_after}
    assert status(LATE, row, AS_OF, COVID) == "fail"


def test_benefit_visitated_1_apr_2020_inside_the_window_period_runs_27_may_to_27_nov():
    inside = ("2020-06-01", "2020-07-01", "2020-09-01", "2020-11-27")
    row = _benefit_2020(*inside, visitation="2020-04-01")
    verdict = evaluate(FOLLOW_UP, row, as_of=AS_OF, suspensions=COVID).iloc[0]
    assert verdict["status"] == "pass"
    assert "2020-04-01–2020-11-27" in verdict["detail_en"]
    row = _benefit_2020(*inside[:3], "2020-11-28", visitation="2020-04-01")
    assert status(FOLLOW_UP, row, AS_OF, COVID) == "fail"


def test_maternity_goal_met_1_mar_before_the_birth_10_mar_an_unreadable_date_changes_nothing():
    row = _maternity(goal_met_date="2021-03-01", **_unknown(1))
    assert status(FOLLOW_UP, row, "2021-06-30") == "not-applicable"
