"""Generate samples/bek2020: a synthetic extract audited against today's rules.

150 contracts from 12 municipalities, taken over between October 2019 and June 2021 so that
many span the COVID-19 partial suspension of spring 2020 (seed 003), with every situation
(benefit, ordinary employment or education or IGU, maternity with and without the leave's
end, self-supporting), declaration dates, coordinating units and visitation dates (some late,
some missing), in the same messy shapes as samples/rr2014. Its integaudit.toml sets ruleset
bek2020, the audit date and an illustrative suspension window. No person in it is real.

Run ``python samples/generate_bek2020.py [OUT_DIR]``; the same code gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from dateutil.relativedelta import relativedelta
from sample_common import contract_row, file_style, main, write_settings

from integaudit.municipalities import all_municipalities
from integaudit.writers.demo_data import EDUCATION_GOALS, EMPLOYMENT_GOALS, follow_up_dates, slug
from integaudit.writers.extract import ContractRow, write_extract

SEED = 20200907
AS_OF = dt.date(2022, 6, 30)
CODES = ("101", "147", "157", "219", "259", "370", "461", "561", "621", "751", "791", "851")
SIZES = (20, 8, 10, 12, 9, 11, 18, 10, 12, 19, 9, 12)  # 150 in all
SITUATIONS = {
    "benefit": ("ydelse", "integrationsydelse", "kontanthjælp"),
    "employment": ("beskæftigelse", "uddannelse", "IGU"),
    "maternity": ("barsel",),
    "self-supporting": ("selvforsørgende",),
}
UNITS = ("Jobcenter", "Integrationsafdelingen", "Borgerservice", "-", "", "Jobcenteret")


def _situation(rng: np.random.Generator) -> str:
    draw = rng.random()
    if draw < 0.55:
        return "benefit"
    return "employment" if draw < 0.8 else "maternity" if draw < 0.92 else "self-supporting"


def _days(rng: np.random.Generator, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=int(rng.integers(low, high)))


def _benefit_follow_ups(rng: np.random.Generator, start: dt.date, end: dt.date) -> list[dt.date]:
    """Return about four follow-ups in the six months after ``start`` (sometimes one short,
    sometimes one late), then one every few months as needed, before ``end``."""
    dates = [start + _days(rng, 30, 46) * k for k in range(1, 5)]
    if rng.random() < 0.25:
        dates.pop(int(rng.integers(0, len(dates))))
    if rng.random() < 0.1:
        dates[-1] = start + relativedelta(months=6) + _days(rng, 1, 30)
    after = dates[-1]
    while rng.random() < 0.7:
        after = after + _days(rng, 60, 150)
        dates.append(after)
    return [d for d in dates if d < end]


def _contract(rng: np.random.Generator, code: str, j: int) -> ContractRow:
    responsibility = dt.date(2019, 10, 1) + _days(rng, 0, 640)
    situation = _situation(rng)
    signed = responsibility + relativedelta(months=1) + _days(rng, -25, 12)
    declaration = None
    if rng.random() < 0.85:
        declaration = signed + _days(rng, -3, 12)
    visitation = birth = leave_end = None
    follow_ups: list[dt.date] = []
    if situation == "benefit":
        if rng.random() < 0.9:
            visitation = responsibility + _days(rng, 20, 130)
        start = visitation or responsibility + relativedelta(months=3)
        follow_ups = _benefit_follow_ups(rng, start, AS_OF)
    elif situation == "employment":
        follow_ups = follow_up_dates(rng, signed, AS_OF, months=11, slack=20)
        if follow_ups and rng.random() < 0.3:
            follow_ups.pop(int(rng.integers(0, len(follow_ups))))
    elif situation == "maternity":
        birth = responsibility + _days(rng, 30, 200)
        if rng.random() < 0.8:
            leave_end = birth + _days(rng, 280, 380)
            # A leave ending after the audit date is not in the extract yet.
            leave_end = leave_end if leave_end <= AS_OF else None
        if rng.random() < 0.85:
            follow_ups.append(birth + _days(rng, 40, 200))
        if leave_end and rng.random() < 0.8:
            follow_ups.append(leave_end + _days(rng, -40, 40))
        follow_ups = [d for d in follow_ups if d < AS_OF]
    elif rng.random() < 0.5:  # self-supporting: follow-up only as needed
        follow_ups = [signed + _days(rng, 60, 400)]
        follow_ups = [d for d in follow_ups if d < AS_OF]
    goals: tuple[str | None, str | None] = (None, None)
    if rng.random() < 0.8:
        goals = (str(rng.choice(EMPLOYMENT_GOALS)), None)
        if situation == "employment" and rng.random() < 0.5:
            goals = (None, str(rng.choice(EDUCATION_GOALS)))
    return contract_row(
        code,
        j,
        responsibility,
        signed,
        goals,
        follow_ups,
        person_id=f"B{int(rng.integers(100000, 999999))}",
        situation=str(rng.choice(SITUATIONS[situation])),
        declaration_date=declaration,
        coordinating_unit=str(rng.choice(UNITS)) or None,
        visitation_date=visitation,
        child_birth_date=birth,
        leave_end_date=leave_end,
        municipality_signed_offset=int(rng.integers(0, 3)),
    )


CONFIG = """\
# Audit settings for the bek2020 sample.
ruleset = "bek2020"
as_of = "2022-06-30"
lang = "da"

# An ILLUSTRATIVE suspension window for the COVID-19 partial suspension of spring 2020, not
# the law: which duties were suspended and until when is set by the ministry's announcement
# of 13 March 2020 (a de facto stop of conversations and offers), bekendtgørelse nr. 685 af
# 26. maj 2020 (partial reopening, continued partial suspension) and bekendtgørelse nr. 866 af
# 12. juni 2020 (amended by nr. 1913 af 2. december 2020). Set the windows your audit
# recognises from those sources.
[[suspension]]
start = "2020-03-12"
end = "2020-05-27"
label = "COVID-19 (illustrativ)"

[privacy]
# A fixed key so the sample's pseudonyms are the same in every run. It protects nothing.
key_file = "demo.key"
"""
DEMO_KEY = "integaudit-sample-bek2020-demo-key\n"


def generate(out_dir: Path) -> list[Path]:
    """Write the sample into ``out_dir`` and return the paths written."""
    rng = np.random.Generator(np.random.PCG64(SEED))
    by_code = {m.code: m for m in all_municipalities()}
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for i, (code, size) in enumerate(zip(CODES, SIZES, strict=True)):
        municipality = by_code[code]
        is_csv = i in (3, 8)
        style = file_style(
            slug(municipality.name),
            is_csv,
            follow_up_layout=("wide", "cell", "long")[i % 3] if not is_csv else "cell",  # type: ignore[arg-type]
            municipality_column="none" if i % 2 else "name",
            signatures=i % 4 == 0,
            date_form=("cell", "dmy", "month-name", "serial")[i % 4] if not is_csv else "dmy",  # type: ignore[arg-type]
            header_variant=i,
            title_rows=i % 3,
            goal_placeholder=("", "-", "ikke angivet")[i % 3],
            bek2020_columns=True,
        )
        rows = [_contract(rng, code, j) for j in range(size)]
        written.append(write_extract(out_dir, rows, style, code, municipality.name))
    write_settings(out_dir, CONFIG, DEMO_KEY)
    return written


if __name__ == "__main__":
    main(generate, "bek2020")
