"""Synthetic, anonymised extracts for demos, tests and benchmarks (``integaudit demo-data``).

One file per municipality in the shapes real exports take (see writers.extract), with the
small share of problems real data has: unreadable dates, rows without a contract id and
identical duplicate rows. Persons are made-up ids, never CPR numbers. The same arguments
always give the same bytes.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from integaudit.errors import IntegauditError
from integaudit.municipalities import Municipality, all_municipalities
from integaudit.writers.extract import ContractRow, FileStyle, write_extract

EMPLOYMENT_GOALS = (
    "Job som social- og sundhedshjælper",
    "Ordinær beskæftigelse i rengøringsbranchen",
    "Job som buschauffør",
    "Ansættelse i lager og logistik",
    "Job i detailhandlen",
    "Job som kok i storkøkken",
    "Job i byggebranchen",
)
EDUCATION_GOALS = (
    "Uddannelse som pædagogisk assistent",
    "Erhvervsuddannelse som tømrer",
    "Danskuddannelse 3 og derefter HF",
    "Uddannelse som social- og sundhedsassistent",
)
PLACEHOLDERS = ("", "-", "ingen", "ikke angivet", "Mangler", "n/a", "x", "ikke fastsat")
TEXT_DATE_FORMS = ("dmy", "dmy-dots", "dmy-slash", "month-name", "iso")
XLSX_DATE_FORMS = ("cell", "cell", "cell", "serial", "month-name", "dmy", "iso")


def slug(name: str) -> str:
    """Return a file-name form of a municipality name: lower-case ASCII, words joined by _."""
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "_"})
    return name.lower().translate(table)


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the date ``months`` calendar months after ``day``, on the same day of the month
    or the month's last day when it is shorter (as dateutil's relativedelta adds months)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def follow_up_dates(
    rng: np.random.Generator, start: dt.date, end: dt.date, months: int = 3, slack: int = 35
) -> list[dt.date]:
    """Return follow-up dates from ``start`` no more than ``months`` calendar months apart
    (each up to ``slack`` days earlier than due), stopping before ``end``."""
    dates: list[dt.date] = []
    previous = start
    while (due := add_months(previous, months)) < end:
        early = dt.timedelta(days=int(rng.integers(0, slack)))
        previous = due - early
        if previous >= end:
            break
        dates.append(previous)
    return dates


def pick(rng: np.random.Generator, options: Sequence[str]) -> str:
    """Return one of ``options`` at random: the draw of ``str(rng.choice(options))``, the
    same numbers taken from the generator, without making an array of the options."""
    return options[int(rng.integers(0, len(options)))]


def random_style(rng: np.random.Generator, i: int, municipality: Municipality) -> FileStyle:
    """Return a random export style for one municipality's file."""
    is_csv = rng.random() < 0.15
    layout = rng.choice(["wide", "cell"] if is_csv else ["long", "long", "wide", "cell"])
    column = rng.choice(["none", "name", "code", "official"])
    if column == "none":
        stem = municipality.code if rng.random() < 0.3 else f"{slug(municipality.name)}_kontrakter"
    else:
        stem = f"udtraek_{i + 1:03d}"
    return FileStyle(
        file_name=f"{stem}.{'csv' if is_csv else 'xlsx'}",
        format="csv" if is_csv else "xlsx",
        follow_up_layout=str(layout),  # type: ignore[arg-type]
        municipality_column=str(column),  # type: ignore[arg-type]
        signatures=bool(rng.random() < 0.25),
        date_form=str(rng.choice(TEXT_DATE_FORMS if is_csv else XLSX_DATE_FORMS)),  # type: ignore[arg-type]
        header_variant=int(rng.integers(0, 6)),
        title_rows=int(rng.choice([0, 0, 1, 2])),
        goal_placeholder=str(rng.choice(PLACEHOLDERS)),
    )


def random_contract(rng: np.random.Generator, code: str, j: int, as_of: dt.date) -> ContractRow:
    """Return one plausible contract: most in order, some late, unsigned, without goals or
    with gaps in follow-up, in roughly the proportions Rigsrevisionen found."""
    responsibility = as_of - dt.timedelta(days=int(rng.integers(10, 3 * 365)))
    draw = rng.random()
    if draw < 0.72:
        signed: dt.date | None = responsibility + dt.timedelta(days=int(rng.integers(3, 31)))
    elif draw < 0.95:
        signed = responsibility + dt.timedelta(days=int(rng.integers(31, 150)))
    else:
        signed = None
    if signed is not None and signed > as_of:
        signed = None
    end = as_of
    goal_met = end_date = None
    if signed is not None and rng.random() < 0.2:
        candidate = add_months(signed, int(rng.integers(2, 30)))
        if candidate < as_of:
            end = candidate
            if rng.random() < 0.5:
                goal_met = candidate
            else:
                end_date = candidate
    follow_ups: list[dt.date] = []
    if signed is not None:
        follow_ups = follow_up_dates(rng, signed, end)
        if follow_ups and rng.random() < 0.25:
            follow_ups.pop(int(rng.integers(0, len(follow_ups))))
    goals: tuple[str | None, str | None] = (None, None)
    if rng.random() >= 0.4:
        kind = rng.integers(0, 3)
        goals = (
            pick(rng, EMPLOYMENT_GOALS) if kind in (0, 2) else None,
            pick(rng, EDUCATION_GOALS) if kind in (1, 2) else None,
        )
    return ContractRow(
        contract_id=f"{code}-{responsibility.year}-{j + 1:05d}",
        person_id=f"B{int(rng.integers(1_000_000, 9_999_999))}",
        responsibility_date=responsibility,
        signed_date=signed,
        employment_goal=goals[0],
        education_goal=goals[1],
        follow_ups=follow_ups,
        goal_met_date=goal_met,
        end_date=end_date,
        municipality_signed_offset=int(rng.integers(0, 4)),
    )


# bek2020's fields: the situation in words an export uses, and the coordinating unit (some
# left empty or as a placeholder, as in real exports).
SITUATION_WORDS = {
    "benefit": ("ydelse", "integrationsydelse", "kontanthjælp", "selvforsørgelsesydelse"),
    "employment": ("beskæftigelse", "uddannelse", "IGU"),
    "maternity": ("barsel",),
    "self-supporting": ("selvforsørgende",),
}
UNITS = ("Jobcenter", "Integrationsafdelingen", "Borgerservice", "Jobcenteret", "-", "")


def _days(rng: np.random.Generator, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=int(rng.integers(low, high)))


def with_bek2020_fields(rng: np.random.Generator, row: ContractRow, as_of: dt.date) -> None:
    """Give a contract bek2020's fields, drawn from ``rng``: a situation (about half on
    benefit), the declaration (mostly signed with the contract), the coordinating unit, and
    by situation the visitation (benefit; some late, some missing) and its four follow-ups
    in six months, or the birth and the leave's end with their follow-ups (maternity)."""
    draw = rng.random()
    situation = (
        "benefit"
        if draw < 0.55
        else "employment"
        if draw < 0.8
        else "maternity"
        if draw < 0.92
        else "self-supporting"
    )
    row.situation = pick(rng, SITUATION_WORDS[situation])
    if row.signed_date is not None and rng.random() < 0.85:
        row.declaration_date = min(row.signed_date + _days(rng, -3, 12), as_of)
    row.coordinating_unit = pick(rng, UNITS) or None
    end = min(d for d in (row.goal_met_date, row.end_date, as_of) if d is not None)
    if situation == "benefit":
        if rng.random() < 0.9:
            visitation = row.responsibility_date + _days(rng, 20, 130)
            row.visitation_date = visitation if visitation <= as_of else None
        start = row.visitation_date or add_months(row.responsibility_date, 3)
        # The conversations follow the contract: none before it is signed.
        start = max(start, row.signed_date or start)
        dates = [start + _days(rng, 30, 46) * k for k in range(1, 5)]
        if rng.random() < 0.25:
            dates.pop(int(rng.integers(0, len(dates))))
        while rng.random() < 0.6:
            dates.append(dates[-1] + _days(rng, 60, 150))
        row.follow_ups = [d for d in dates if d < end]
    elif situation == "maternity":
        # Born around the takeover, and by the audit date (a leave is known from the birth).
        birth = min(row.responsibility_date + _days(rng, -120, 200), as_of)
        row.child_birth_date = birth
        if rng.random() < 0.8:
            leave_end = birth + _days(rng, 280, 380)
            # A leave ending after the audit date is not in the extract yet.
            row.leave_end_date = leave_end if leave_end <= as_of else None
        dates = [birth + _days(rng, 40, 200)] if rng.random() < 0.85 else []
        if row.leave_end_date and rng.random() < 0.8:
            dates.append(row.leave_end_date + _days(rng, -40, 40))
        row.follow_ups = sorted(d for d in dates if d < end)


def _with_problems(rng: np.random.Generator, rows: list[ContractRow]) -> list[ContractRow]:
    """Return the rows with the odd real-world problem: a missing id (1 in 500) and an
    identical duplicate row (1 in 500)."""
    out: list[ContractRow] = []
    for row in rows:
        if rng.random() < 0.002:
            row.contract_id = ""
        out.append(row)
        if rng.random() < 0.002:
            out.append(row)
    return out


def allocate(rng: np.random.Generator, total: int, groups: int) -> list[int]:
    """Return group sizes adding up to ``total``: skewed like municipality sizes, each ≥ 1."""
    if total < groups:
        raise IntegauditError(key="demo-too-few-contracts", contracts=total, municipalities=groups)
    weights = rng.lognormal(0.0, 0.8, groups)
    sizes = np.floor(weights / weights.sum() * (total - groups)).astype(int) + 1
    remainder = total - int(sizes.sum())
    order = np.argsort(-(weights / weights.sum() * (total - groups) % 1), kind="stable")
    sizes[order[:remainder]] += 1
    return [int(s) for s in sizes]


def write_demo_data(
    directory: Path,
    contracts: int,
    municipalities: int,
    seed: int,
    as_of: dt.date,
    ruleset: str = "rr2014",
) -> list[Path]:
    """Write ``contracts`` synthetic contracts spread over ``municipalities`` files into
    ``directory`` and return the files written. For ``ruleset`` bek2020 the same contracts
    also get bek2020's fields (drawn from a generator of their own, so rr2014's data stays as
    it is) and an integaudit.toml setting the ruleset and the audit date is written."""
    if directory.exists() and any(directory.iterdir()):
        raise IntegauditError(key="demo-not-empty", directory=directory)
    if not 1 <= municipalities <= 98:
        raise IntegauditError(key="demo-municipalities")
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.Generator(np.random.PCG64(seed))
    everyone = all_municipalities()
    picked = sorted(rng.choice(len(everyone), municipalities, replace=False))
    sizes = allocate(rng, contracts, municipalities)
    written = []
    bek2020 = ruleset == "bek2020"
    fields = np.random.Generator(np.random.PCG64([seed, 2020]))
    for i, (index, size) in enumerate(zip(picked, sizes, strict=True)):
        municipality = everyone[index]
        style = random_style(rng, i, municipality)
        rows = [random_contract(rng, municipality.code, j, as_of) for j in range(size)]
        if bek2020:
            style = replace(style, bek2020_columns=True)
            for row in rows:
                with_bek2020_fields(fields, row, as_of)
        rows = _with_problems(rng, rows)
        written.append(write_extract(directory, rows, style, municipality.code, municipality.name))
    if bek2020:
        config = (
            f'# Demo data made for bek2020.\nruleset = "bek2020"\nas_of = "{as_of.isoformat()}"\n'
        )
        (directory / "integaudit.toml").write_text(config, encoding="utf-8")
    return written
