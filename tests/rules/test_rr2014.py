"""Ruleset rr2014, one test per sentence of SPEC §2.1, named after the dates it proves."""

from __future__ import annotations

import pandas as pd
import pytest

from integaudit.model import Suspension
from integaudit.rules.contents.missing_goal import MISSING_GOAL
from integaudit.rules.follow_up.missed_follow_up_3_months import (
    MISSED_FOLLOW_UP_3_MONTHS as FOLLOW_UP,
)
from integaudit.rules.signing.late_signing_30_days import LATE_SIGNING_30_DAYS as LATE
from tests.rules.helpers import evaluate, status

AS_OF = "2014-06-30"

# --- missing-goal ---------------------------------------------------------------------------


def test_missing_goal_fails_when_both_goals_are_empty():
    assert status(MISSING_GOAL, {"employment_goal": None, "education_goal": None}, AS_OF) == "fail"


@pytest.mark.parametrize(
    "row",
    [
        pytest.param({"employment_goal": "Job som kok", "education_goal": None}, id="employment"),
        pytest.param({"employment_goal": None, "education_goal": "Tømrer"}, id="education"),
    ],
)
def test_missing_goal_passes_with_only_one_goal(row):
    assert status(MISSING_GOAL, row, AS_OF) == "pass"


def test_missing_goal_not_assessed_when_neither_column_exists():
    row = {
        "employment_goal": None,
        "education_goal": None,
        "has__employment_goal": False,
        "has__education_goal": False,
    }
    assert status(MISSING_GOAL, row, AS_OF) == "not-assessed"


def test_missing_goal_one_absent_column_and_one_empty_column_fails():
    row = {"employment_goal": None, "education_goal": None, "has__education_goal": False}
    assert status(MISSING_GOAL, row, AS_OF) == "fail"


# --- late-signing ---------------------------------------------------------------------------


def test_late_signing_day_30_1_mar_to_31_mar_passes():
    row = {"responsibility_date": "2014-03-01", "signed_date": "2014-03-31"}
    assert status(LATE, row, AS_OF) == "pass"


def test_late_signing_day_31_1_mar_to_1_apr_fails_with_days_taken():
    row = {"responsibility_date": "2014-03-01", "signed_date": "2014-04-01"}
    verdict = evaluate(LATE, row, as_of=AS_OF).iloc[0]
    assert verdict["status"] == "fail"
    assert verdict["detail_en"] == "signed after 31 days"
    assert verdict["detail_da"] == "indgået efter 31 dage"


def test_late_signing_unsigned_past_deadline_31_mar_fails_as_not_signed():
    row = {"responsibility_date": "2014-03-01", "signed_date": None}
    verdict = evaluate(LATE, row, as_of="2014-04-10").iloc[0]
    assert verdict["status"] == "fail"
    assert verdict["detail_en"].startswith("not signed; deadline 2014-03-31, 10 days overdue")


@pytest.mark.parametrize(
    "as_of",
    [
        pytest.param("2014-03-31", id="on_deadline_day_31_mar"),
        pytest.param("2014-03-15", id="before_deadline_15_mar"),
    ],
)
def test_late_signing_unsigned_is_not_applicable(as_of):
    row = {"responsibility_date": "2014-03-01", "signed_date": None}
    assert status(LATE, row, as_of) == "not-applicable"


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(
            {"responsibility_date": None, "signed_date": "2014-03-31"},
            id="without_responsibility_date",
        ),
        pytest.param(
            {
                "responsibility_date": None,
                "responsibility_date__bad": True,
                "signed_date": "2014-03-31",
            },
            id="when_responsibility_date_unreadable",
        ),
        pytest.param(
            {"responsibility_date": "2014-03-01", "signed_date": None, "signed_date__bad": True},
            id="when_signed_date_unreadable",
        ),
        pytest.param(
            {"responsibility_date": "2014-03-01", "signed_date": None, "has__signed_date": False},
            id="when_extract_has_no_signing_column",
        ),
    ],
)
def test_late_signing_not_assessed(row):
    assert status(LATE, row, AS_OF) == "not-assessed"


def test_late_signing_taken_over_1_mar_2020_signed_17_jun_108_days_77_suspended_31_counted():
    window = [Suspension(pd.Timestamp("2020-03-12").date(), pd.Timestamp("2020-05-27").date())]
    row = {"responsibility_date": "2020-03-01", "signed_date": "2020-06-17"}
    verdict = evaluate(LATE, row, as_of="2020-12-31", suspensions=window).iloc[0]
    assert verdict["status"] == "fail"
    assert verdict["detail_da"] == (
        "indgået efter 108 dage, heraf 77 i suspensionsperioden 2020-03-12–2020-05-27: 31 dage"
    )
    assert verdict["detail_en"] == (
        "signed after 108 days, of which 77 in the suspension period 2020-03-12–2020-05-27: 31 days"
    )
    # 16 Jun: 107 days, 30 of them counted, in time.
    row = {"responsibility_date": "2020-03-01", "signed_date": "2020-06-16"}
    verdict = evaluate(LATE, row, as_of="2020-12-31", suspensions=window).iloc[0]
    assert verdict["status"] == "pass"
    assert verdict["detail_en"].endswith("2020-03-12–2020-05-27: 30 days")


def test_late_signing_taken_over_1_apr_2020_inside_the_window_counts_from_27_may():
    # 1 Apr to 1 Jul is 91 days; 56 of them (2 Apr – 27 May) are suspended: 35 counted.
    window = [Suspension(pd.Timestamp("2020-03-12").date(), pd.Timestamp("2020-05-27").date())]
    row = {"responsibility_date": "2020-04-01", "signed_date": "2020-06-26"}
    verdict = evaluate(LATE, row, as_of="2020-12-31", suspensions=window).iloc[0]
    assert verdict["status"] == "pass"  # 27 May + 30 days = 26 Jun
    assert verdict["detail_en"] == (
        "signed after 86 days, of which 56 in the suspension period 2020-03-12–2020-05-27: 30 days"
    )
    row = {"responsibility_date": "2020-04-01", "signed_date": "2020-06-27"}
    assert status(LATE, row, "2020-12-31", window) == "fail"


def test_late_signing_two_windows_1_to_5_and_20_to_22_mar_2014_both_named_in_the_detail():
    windows = [
        Suspension(pd.Timestamp("2014-03-01").date(), pd.Timestamp("2014-03-05").date()),
        Suspension(pd.Timestamp("2014-03-20").date(), pd.Timestamp("2014-03-22").date()),
    ]
    # 28 Feb + 30 days + 8 suspended days = 7 Apr; 8 Apr is 39 days, 31 of them counted.
    row = {"responsibility_date": "2014-02-28", "signed_date": "2014-04-08"}
    verdict = evaluate(LATE, row, as_of=AS_OF, suspensions=windows).iloc[0]
    assert verdict["status"] == "fail"
    assert verdict["detail_da"] == (
        "indgået efter 39 dage, heraf 8 i suspensionsperioder mellem 2014-03-01 og 2014-03-22: "
        "31 dage"
    )
    # A window after signing is not in the detail.
    row = {"responsibility_date": "2014-02-01", "signed_date": "2014-02-28"}
    verdict = evaluate(LATE, row, as_of=AS_OF, suspensions=windows).iloc[0]
    assert verdict["detail_en"] == "signed after 27 days"


def test_late_signing_deadline_11_mar_2020_passed_before_the_window_signed_14_mar_33_days():
    # 10 Feb + 30 days = 11 Mar, the day before the window: its days after that move nothing.
    window = [Suspension(pd.Timestamp("2020-03-12").date(), pd.Timestamp("2020-05-27").date())]
    row = {"responsibility_date": "2020-02-10", "signed_date": "2020-03-14"}
    verdict = evaluate(LATE, row, as_of="2020-12-31", suspensions=window).iloc[0]
    assert verdict["status"] == "fail"
    assert verdict["detail_en"] == "signed after 33 days"
    # Taken over 1 Mar: the deadline 16 Jun is moved by all 77 days; signed 1 Jul, 45 counted.
    row = {"responsibility_date": "2020-03-01", "signed_date": "2020-07-01"}
    verdict = evaluate(LATE, row, as_of="2020-12-31", suspensions=window).iloc[0]
    assert verdict["detail_en"] == (
        "signed after 122 days, of which 77 in the suspension period 2020-03-12–2020-05-27: 45 days"
    )


def test_late_signing_suspension_1_to_10_mar_moves_deadline_31_mar_to_10_apr():
    window = [Suspension(pd.Timestamp("2014-03-01").date(), pd.Timestamp("2014-03-10").date())]
    on_time = {"responsibility_date": "2014-03-01", "signed_date": "2014-04-09"}
    late = {"responsibility_date": "2014-03-01", "signed_date": "2014-04-10"}
    assert status(LATE, on_time, AS_OF) == "fail"
    assert status(LATE, on_time, AS_OF, window) == "pass"
    assert status(LATE, late, AS_OF, window) == "fail"


# --- missed-follow-up -----------------------------------------------------------------------


def _signed(date: str, *follow_ups: str, **extra) -> dict:
    return {
        "responsibility_date": "2014-01-01",
        "signed_date": date,
        "follow_up_dates": list(follow_ups),
        **extra,
    }


def test_follow_up_31_jan_plus_3_months_is_30_apr_in_time():
    assert status(FOLLOW_UP, _signed("2014-01-31", "2014-04-30"), "2014-06-30") == "pass"


def test_follow_up_31_jan_first_follow_up_1_may_is_late_due_30_apr():
    verdict = evaluate(FOLLOW_UP, _signed("2014-01-31", "2014-05-01"), as_of="2014-06-30")
    assert verdict["status"].iloc[0] == "fail"
    assert verdict["detail_en"].iloc[0] == "longest gap 90 days; follow-up due 2014-04-30 missed"


def test_follow_up_window_ends_at_as_of_30_jun_last_follow_up_31_mar_is_in_time():
    assert status(FOLLOW_UP, _signed("2014-01-02", "2014-03-31"), "2014-06-30") == "pass"


def test_follow_up_window_ends_at_as_of_1_jul_last_follow_up_31_mar_is_overdue():
    # 31 Mar + 3 months = 30 Jun; on 1 Jul the next follow-up is overdue.
    assert status(FOLLOW_UP, _signed("2014-01-02", "2014-03-31"), "2014-07-01") == "fail"


def test_follow_up_window_ends_at_goal_met_15_may_no_gap_counted_after_it():
    row = _signed("2014-01-02", "2014-03-31", goal_met_date="2014-05-15")
    assert status(FOLLOW_UP, row, "2014-12-31") == "pass"


def test_follow_up_window_ends_at_end_date_15_may_no_gap_counted_after_it():
    row = _signed("2014-01-02", "2014-03-31", end_date="2014-05-15")
    assert status(FOLLOW_UP, row, "2014-12-31") == "pass"


def test_follow_up_window_end_is_the_earliest_of_goal_met_end_and_as_of():
    row = _signed("2014-01-02", "2014-03-31", end_date="2014-09-01", goal_met_date="2014-05-15")
    assert status(FOLLOW_UP, row, "2014-12-31") == "pass"


def test_follow_up_gap_from_last_follow_up_to_end_date_fails():
    row = _signed("2014-01-02", "2014-02-01", end_date="2014-06-01")
    assert status(FOLLOW_UP, row, "2014-12-31") == "fail"


def test_follow_up_not_applicable_when_window_2_jan_to_2_apr_is_exactly_3_months():
    assert status(FOLLOW_UP, _signed("2014-01-02"), "2014-04-02") == "not-applicable"


def test_follow_up_fails_when_window_2_jan_to_3_apr_passes_3_months_without_follow_up():
    assert status(FOLLOW_UP, _signed("2014-01-02"), "2014-04-03") == "fail"


def test_follow_up_not_applicable_when_goal_met_within_3_months():
    row = _signed("2014-01-02", goal_met_date="2014-03-01")
    assert status(FOLLOW_UP, row, "2014-12-31") == "not-applicable"


def test_follow_up_unsigned_taken_over_1_jan_is_not_applicable_and_points_to_late_signing():
    verdict = evaluate(FOLLOW_UP, _signed(None, "2014-03-01"), as_of="2014-12-31").iloc[0]
    assert verdict["status"] == "not-applicable"
    assert verdict["detail_da"] == "kontrakten er ikke indgået — se Sen indgåelse"
    assert verdict["detail_en"] == "the contract is not entered — see Late signing"
    assert verdict["reason"] is None


def test_follow_up_unsigned_is_not_applicable_whatever_the_follow_up_cells_hold():
    # No follow-up information, an unreadable follow-up date or window end: no contract yet.
    for extra in (
        {"has__follow_ups": False},
        {"follow_ups__bad": True},
        {"end_date__bad": True},
        {"goal_met_date__bad": True},
    ):
        assert status(FOLLOW_UP, _signed(None, **extra), "2014-12-31") == "not-applicable"


def test_follow_up_not_assessed_without_a_signing_date_column():
    row = _signed(None, has__signed_date=False)
    verdict = evaluate(FOLLOW_UP, row, as_of="2014-12-31").iloc[0]
    assert verdict["status"] == "not-assessed"
    assert verdict["reason"] == "absent:signed_date"


def test_follow_up_not_assessed_when_signed_date_unreadable():
    row = _signed(None, signed_date__bad=True)
    assert status(FOLLOW_UP, row, "2014-12-31") == "not-assessed"


def test_follow_up_not_assessed_without_any_follow_up_information():
    row = _signed("2014-01-02", has__follow_ups=False)
    assert status(FOLLOW_UP, row, "2014-12-31") == "not-assessed"


def test_follow_up_duplicates_removed_and_follow_ups_outside_window_ignored():
    # 1 Dec 2013 is before signing and 1 Aug after as-of: neither is a checkpoint.
    row = _signed("2014-01-02", "2014-03-01", "2014-03-01", "2013-12-01", "2014-05-20")
    assert status(FOLLOW_UP, row, "2014-06-30") == "pass"
    row = _signed("2014-01-02", "2013-12-01", "2014-06-01")
    assert status(FOLLOW_UP, row, "2014-06-30") == "fail"


def test_follow_up_detail_names_longest_gap_and_first_missed_due_date():
    row = _signed("2014-01-02", "2014-03-01", "2014-08-01")
    verdict = evaluate(FOLLOW_UP, row, as_of="2014-09-30").iloc[0]
    assert verdict["status"] == "fail"
    assert verdict["detail_en"] == "longest gap 153 days; follow-up due 2014-06-01 missed"


def test_follow_up_suspension_12_mar_to_27_may_excluded_from_gap():
    window = [Suspension(pd.Timestamp("2020-03-12").date(), pd.Timestamp("2020-05-27").date())]
    # 2 Feb + 3 months = 2 May; 77 suspended days move the due date to 18 Jul.
    row = _signed("2020-02-02", "2020-07-18")
    assert status(FOLLOW_UP, row, "2020-09-30") == "fail"
    assert status(FOLLOW_UP, row, "2020-09-30", window) == "pass"
    row = _signed("2020-02-02", "2020-07-19")
    assert status(FOLLOW_UP, row, "2020-09-30", window) == "fail"


def test_rules_are_vectorised_over_many_contracts():
    rows = [_signed("2014-01-31", "2014-04-30"), _signed("2014-01-31", "2014-05-01")] * 500
    verdicts = evaluate(FOLLOW_UP, *rows, as_of="2014-06-30")
    assert verdicts["status"].value_counts().to_dict() == {"pass": 500, "fail": 500}
