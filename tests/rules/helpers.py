"""Build contracts and follow-ups frames the way ingest does, for rule tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from integaudit.ingest.contracts import PRESENCE_FIELDS
from integaudit.model import DATE_FIELDS
from integaudit.render.details import detail_texts
from integaudit.rules.base import Rule, RuleContext


def d(text: str) -> pd.Timestamp:
    """Return an ISO date as a timestamp."""
    return pd.Timestamp(text)


def contracts(*rows: dict[str, Any]) -> pd.DataFrame:
    """Return a contracts frame: every column present, dates parsed, nothing unreadable,
    unless a row says otherwise (``has__x=False``, ``x__bad=True``)."""
    records = []
    for i, row in enumerate(rows):
        record: dict[str, Any] = {
            "contract_id": f"K-{i}",
            "municipality_code": "751",
            "municipality": "Aarhus",
            "region_code": "1082",
            "region_name": "Region Midtjylland",
            "person": None,
            "employment_goal": "Job",
            "education_goal": None,
            "coordinating_unit": None,
            "situation": None,
            "situation__bad": False,
            "file": "x.xlsx",
            "sheet": "Kontrakter",
            "row": i + 2,
        }
        for name in DATE_FIELDS:
            record[name] = None
            record[name + "__bad"] = False
        for name in (*PRESENCE_FIELDS, "follow_ups"):
            record["has__" + name] = True
        record["follow_ups__bad"] = False
        record["follow_ups__unknown"] = int(bool(row.get("follow_ups__bad", False)))
        record.update({k: v for k, v in row.items() if k != "follow_up_dates"})
        records.append(record)
    frame = pd.DataFrame.from_records(records)
    for name in DATE_FIELDS:
        frame[name] = pd.to_datetime(frame[name]).astype("datetime64[us]")
    return frame


def follow_ups(*rows: dict[str, Any]) -> pd.DataFrame:
    """Return the long follow-ups frame for contracts given with ``follow_up_dates``."""
    records = [
        {"uid": uid, "follow_up_date": pd.Timestamp(date)}
        for uid, row in enumerate(rows)
        for date in row.get("follow_up_dates", [])
    ]
    frame = pd.DataFrame.from_records(records, columns=["uid", "follow_up_date"])
    frame["follow_up_date"] = frame["follow_up_date"].astype("datetime64[us]")
    return frame


def evaluate(rule: Rule, *rows: dict[str, Any], as_of: str, suspensions=()) -> pd.DataFrame:
    """Return the rule's verdicts for the rows on the audit date ``as_of``, with the detail
    in words in each language (detail_da, detail_en) as the reports show it."""
    ctx = RuleContext(as_of=dt.date.fromisoformat(as_of), suspensions=tuple(suspensions))
    verdict = rule.evaluate(contracts(*rows), follow_ups(*rows), ctx)
    return verdict.assign(
        detail_da=detail_texts(verdict, "da"), detail_en=detail_texts(verdict, "en")
    )


def status(rule: Rule, row: dict[str, Any], as_of: str, suspensions=()) -> str:
    """Return the status of one contract."""
    return evaluate(rule, row, as_of=as_of, suspensions=suspensions)["status"].iloc[0]
