"""Generate samples/rr2014: a synthetic mirror of Rigsrevisionen's review (beretning 8/2014).

109 contracts from 56 municipalities, one file per municipality, in the shapes real exports
take: xlsx and Danish-Excel csv (``;`` + cp1252), headers spelled differently within the
aliases of SPEC §1.2, title rows above the table, the three follow-up layouts, signature dates
in one or two columns, dates as date cells, serials, Danish text and month names, and goal
placeholders. The facts are drawn so that, audited on 2014-06-30, exactly 71 contracts have
neither goal (65 %), 27 were entered after 30 days (25 %) and 28 miss a follow-up (26 %), with
every contract assessed on every rule. No person in it is real.

Run ``python samples/generate_rr2014.py [OUT_DIR]``; the same code gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from dateutil.relativedelta import relativedelta
from sample_common import contract_row, file_style, main, write_settings

from integaudit.municipalities import all_municipalities
from integaudit.writers.demo_data import follow_up_dates, slug
from integaudit.writers.extract import ContractRow, FileStyle, write_extract

SEED = 20150226
AS_OF = dt.date(2014, 6, 30)
N_CONTRACTS = 109
N_MUNICIPALITIES = 56
TARGETS = {"missing-goal": 71, "late-signing": 27, "missed-follow-up": 28}
BIG = {"101": 4, "751": 3, "461": 3, "851": 2}  # extra contracts for the four largest

EMPLOYMENT_GOALS = (
    "Job som social- og sundhedshjælper",
    "Ordinær beskæftigelse i rengøringsbranchen",
    "Job som buschauffør",
    "Ansættelse i lager og logistik",
    "Job i detailhandlen",
    "Job som kok i storkøkken",
)
EDUCATION_GOALS = (
    "Uddannelse som pædagogisk assistent",
    "Erhvervsuddannelse som tømrer",
    "Danskuddannelse 3 og derefter HF",
    "Uddannelse som social- og sundhedsassistent",
)
PLACEHOLDERS = ("", "-", "ingen", "ikke angivet", "Mangler", "n/a", "x")
TEXT_DATE_FORMS = ("dmy", "dmy-dots", "dmy-slash", "month-name", "iso")
XLSX_DATE_FORMS = ("cell", "cell", "serial", "month-name", "dmy", "iso")


def choose_municipalities(rng: np.random.Generator) -> list[tuple[str, str, int]]:
    """Return (code, name, number of contracts) for 56 municipalities adding up to 109."""
    everyone = all_municipalities()
    others = [m for m in everyone if m.code not in BIG]
    picked = list(rng.choice(len(others), N_MUNICIPALITIES - len(BIG), replace=False))
    chosen = [m for m in everyone if m.code in BIG] + [others[i] for i in sorted(picked)]
    chosen.sort(key=lambda m: int(m.code))
    extra_needed = N_CONTRACTS - N_MUNICIPALITIES - sum(BIG.values())
    small = [m.code for m in chosen if m.code not in BIG]
    extra = set(rng.choice(small, extra_needed, replace=False))
    return [(m.code, m.name, 1 + BIG.get(m.code, 0) + (m.code in extra)) for m in chosen]


def file_styles(rng: np.random.Generator, munis: list[tuple[str, str, int]]) -> list[FileStyle]:
    """Return one export style per municipality, varied but covering every shape."""
    n = len(munis)
    csv_at = set(rng.choice(n, 8, replace=False))
    styles = []
    for i, (code, name, _) in enumerate(munis):
        is_csv = i in csv_at
        layout = rng.choice(["wide", "cell"] if is_csv else ["long", "long", "wide", "cell"])
        column = rng.choice(["none", "none", "name", "code", "official"])
        if column == "none":
            file_name = code if i % 3 == 0 else f"{slug(name)}_kontrakter"
        else:
            file_name = f"udtraek_{i + 1:02d}"
        forms = TEXT_DATE_FORMS if is_csv else XLSX_DATE_FORMS
        styles.append(
            file_style(
                file_name,
                is_csv,
                follow_up_layout=str(layout),  # type: ignore[arg-type]
                municipality_column=str(column),  # type: ignore[arg-type]
                signatures=bool(rng.random() < 0.25),
                date_form=str(rng.choice(forms)),  # type: ignore[arg-type]
                header_variant=int(rng.integers(0, 6)),
                title_rows=int(rng.choice([0, 0, 1, 2])),
                goal_placeholder=str(rng.choice(PLACEHOLDERS)),
            )
        )
    return styles


def contract_rows(
    rng: np.random.Generator, munis: list[tuple[str, str, int]]
) -> list[list[ContractRow]]:
    """Return each municipality's contracts, with the rule outcomes drawn to hit TARGETS."""
    flags = {rule: set(rng.choice(N_CONTRACTS, k, replace=False)) for rule, k in TARGETS.items()}
    out: list[list[ContractRow]] = []
    k = 0
    for code, _name, count in munis:
        rows = []
        for j in range(count):
            rows.append(_contract(rng, k, code, j, {r: k in s for r, s in flags.items()}))
            k += 1
        out.append(rows)
    return out


def _contract(
    rng: np.random.Generator, k: int, code: str, j: int, fails: dict[str, bool]
) -> ContractRow:
    responsibility = dt.date(2012, 6, 1) + dt.timedelta(days=int(rng.integers(0, 450)))
    if k == 0:  # the boundary the law draws: day 30 is in time …
        days = 30
    elif k == 1:  # … and day 31 is late (when drawn to fail)
        days = 31 if fails["late-signing"] else 29
    else:
        days = int(rng.integers(31, 111)) if fails["late-signing"] else int(rng.integers(4, 31))
    signed = responsibility + dt.timedelta(days=days)
    end = AS_OF
    end_date = goal_met = None
    if rng.random() < 0.15:
        months = int(rng.integers(5, 11))
        candidate = signed + relativedelta(months=months)
        if candidate < AS_OF:
            end = candidate
            if rng.random() < 0.5:
                goal_met = candidate
            else:
                end_date = candidate
    follow_ups = follow_up_dates(rng, signed, end)
    if fails["missed-follow-up"]:
        follow_ups.pop(int(rng.integers(0, len(follow_ups))))
    goals: tuple[str | None, str | None] = (None, None)
    if not fails["missing-goal"]:
        kind = rng.integers(0, 3)
        employment = str(rng.choice(EMPLOYMENT_GOALS)) if kind in (0, 2) else None
        education = str(rng.choice(EDUCATION_GOALS)) if kind in (1, 2) else None
        goals = (employment, education)
    return contract_row(
        code,
        j,
        responsibility,
        signed,
        goals,
        follow_ups,
        person_id=f"B{int(rng.integers(10000, 99999))}",
        goal_met_date=goal_met,
        end_date=end_date,
        municipality_signed_offset=int(rng.integers(0, 4)),
    )


CONFIG = """\
# Audit settings for the rr2014 sample (SPEC §5).
ruleset = "rr2014"
as_of = "2014-06-30"
lang = "da"

[privacy]
# A fixed key so the sample's pseudonyms are the same in every run. It protects nothing:
# real audits keep their key outside the extract folder.
key_file = "demo.key"
"""
DEMO_KEY = "integaudit-sample-rr2014-demo-key\n"


def generate(out_dir: Path) -> list[Path]:
    """Write the sample into ``out_dir`` and return the paths written."""
    rng = np.random.Generator(np.random.PCG64(SEED))
    munis = choose_municipalities(rng)
    styles = file_styles(rng, munis)
    rows = contract_rows(rng, munis)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [
        write_extract(out_dir, r, style, code, name)
        for (code, name, _), style, r in zip(munis, styles, rows, strict=True)
    ]
    write_settings(out_dir, CONFIG, DEMO_KEY)
    return written


if __name__ == "__main__":
    main(generate, "rr2014")
