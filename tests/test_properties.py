"""Properties of ``integaudit check`` over generated extracts (SPEC §1, §2, §4.5).

Each example writes a small population of contracts — real municipalities, dates on and around
the deadlines, goals present, placeholder or missing, follow-ups around the three-month mark —
with ``integaudit.writers.extract``, runs the CLI in-process with ``--json`` and compares the
per-contract statuses, the findings and the totals. What may not change the audit: the order of
the rows, splitting an extract into several files, the follow-up layout, the file format and the
header spelling. Every row written is audited or named in a data issue, and a second run gives
the same bytes.

The examples are derandomised and few (each is two to three CLI runs per ruleset), so the module
runs the same cases every time and stays within its time budget.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli_in, write_csv, write_xlsx
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from integaudit.model import CONTRACT_FIELDS, FOLLOW_UP_FIELDS
from integaudit.municipalities import Municipality, all_municipalities
from integaudit.writers.demo_data import slug
from integaudit.writers.extract import (
    HEADER_SPELLINGS,
    WIDE_SPELLINGS,
    ContractRow,
    FileStyle,
    contract_table,
    follow_up_table,
    write_extract,
)
from tests.helpers import derandomised
from tests.rules.reference import SPEC_PLACEHOLDERS

# Hypothesis over CLI runs of generated extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

RULESETS = ("rr2014", "bek2020")
AS_OF_DATES = (dt.date(2014, 6, 30), dt.date(2016, 2, 29), dt.date(2021, 3, 31))
MUNICIPALITIES = all_municipalities()

GOAL_TEXTS = (
    "Job som kok i storkøkken",
    "Ordinær beskæftigelse i rengøringsbranchen",
    "Uddannelse som tømrer",
    "Danskuddannelse 3, derefter HF",
    "0-timers ansættelse som pædagogmedhjælper",
    "Mangler ikke noget",
)
COORDINATORS = ("Jobcenter Vest", "Integrationsteamet", "Borgerservice")
SITUATIONS = (None, "ydelse", "Benefit", "integrationsydelse", "Beskæftigelse", "uddannelse",
              "IGU", "barsel", "Maternity")  # fmt: skip
ID_FORMS = ("K-{n}", "{n}", "00{n}", "2014/{n}", "Sag {n}")
XLSX_DATE_FORMS = ("cell", "serial", "dmy", "iso", "month-name", "dmy-dots", "dmy-slash")
TEXT_DATE_FORMS = ("dmy", "iso", "month-name", "dmy-dots", "dmy-slash")
# SPEC §1.2, wide layout: follow_up_1 … N, opfølgning 1 …, opfølgning1, opf 1.
WIDE_ALIASES = ("follow_up_{n}", "opfølgning {n}", "opfølgning{n}", "opf {n}")

# Each example costs two or three CLI runs (0.4–0.5 s each here), so few examples, each with
# two to four files in styles of their own; no shrinking, so a failure reports its example (at
# most 32 contracts) at once instead of spending minutes of CLI runs on making it smaller.
PROPERTY_SETTINGS = derandomised(3)


# --- strategies ------------------------------------------------------------------------------


@dataclass
class Part:
    """One municipality's contracts and the style its export is written in."""

    municipality: Municipality
    style: FileStyle
    rows: list[ContractRow]


@dataclass
class Population:
    """Contracts per municipality, made for one audit date."""

    as_of: dt.date
    parts: list[Part]

    def rows(self) -> list[tuple[Part, ContractRow]]:
        """Return every (part, contract) pair."""
        return [(part, row) for part in self.parts for row in part.rows]

    def restyled(self, **changes: Any) -> Population:
        """Return the population with ``changes`` made to every part's style."""
        parts = [replace(p, style=replace(p.style, **changes)) for p in self.parts]
        return Population(self.as_of, parts)


def _days(base: dt.date, n: int) -> dt.date:
    return base + dt.timedelta(days=n)


def _month_end_before(as_of: dt.date, months: int) -> dt.date:
    return as_of.replace(day=1) - relativedelta(months=months - 1) - dt.timedelta(days=1)


@st.composite
def spelled_goal(draw: st.DrawFn) -> str | None:
    """Return a goal cell: missing, a real goal, or a placeholder with case and padding."""
    kind = draw(st.sampled_from(["missing", "text", "text", "placeholder"]))
    if kind == "missing":
        return None
    if kind == "text":
        return draw(st.sampled_from(GOAL_TEXTS))
    word = draw(st.sampled_from(SPEC_PLACEHOLDERS))
    word = draw(st.sampled_from([word, word.upper(), word.title()]))
    pad = draw(st.sampled_from(["", " ", "  "]))
    return pad + word + draw(st.sampled_from(["", " "]))


@st.composite
def follow_up_list(draw: st.DrawFn, start: dt.date) -> list[dt.date]:
    """Return follow-up dates after ``start``: steps on and around three calendar months,
    repeats (step 0), a date before ``start`` now and then, and any step up to 150 days."""
    steps = draw(
        st.lists(
            st.one_of(
                st.sampled_from([0, 1, 30, 61, 89, 90, 91, 92, 93, -5]),
                st.integers(1, 150),
                st.sampled_from(["3 months", "3 months + 1 day"]),
            ),
            max_size=5,
        )
    )
    dates, current = [], start
    for step in steps:
        if step == "3 months":
            current = current + relativedelta(months=3)
        elif step == "3 months + 1 day":
            current = current + relativedelta(months=3, days=1)
        else:
            current = _days(current, int(step))
        dates.append(current)
    return dates


@st.composite
def contract(draw: st.DrawFn, as_of: dt.date, n: int) -> ContractRow:
    """Return contract number ``n`` (its id and person are unique in the population)."""
    responsibility = draw(
        st.one_of(
            st.integers(0, 540).map(lambda k: as_of - dt.timedelta(days=k)),
            st.integers(1, 18).map(lambda m: _month_end_before(as_of, m)),
        )
    )
    month = responsibility + relativedelta(months=1)
    signed = draw(
        st.one_of(
            st.none(),
            st.sampled_from([0, 1, 28, 29, 30, 31, 32, 59, 60]).map(
                lambda d: _days(responsibility, d)
            ),
            st.sampled_from([-1, 0, 1]).map(lambda d: _days(month, d)),
            st.integers(0, 200).map(lambda d: _days(responsibility, d)),
        )
    )
    start = signed or responsibility
    closing = draw(st.sampled_from([None, None, None, "goal", "end"]))
    closed_on = _days(start, draw(st.integers(20, 400))) if closing else None
    situation = draw(st.sampled_from(SITUATIONS))
    visitation_due = responsibility + relativedelta(months=3)
    return ContractRow(
        contract_id=draw(st.sampled_from(ID_FORMS)).format(n=n),
        person_id=f"B{n:05d}",
        responsibility_date=responsibility,
        signed_date=signed,
        employment_goal=draw(spelled_goal()),
        education_goal=draw(spelled_goal()),
        follow_ups=draw(follow_up_list(start)),
        goal_met_date=closed_on if closing == "goal" else None,
        end_date=closed_on if closing == "end" else None,
        municipality_signed_offset=draw(st.integers(0, 3)),
        situation=situation,
        declaration_date=draw(
            st.one_of(st.none(), st.integers(-9, 9).map(lambda d: _days(start, d)))
        ),
        coordinating_unit=draw(st.one_of(st.sampled_from(COORDINATORS), spelled_goal())),
        visitation_date=draw(
            st.one_of(
                st.none(),
                st.sampled_from([-1, 0, 1]).map(lambda d: _days(visitation_due, d)),
                st.integers(0, 150).map(lambda d: _days(responsibility, d)),
            )
        ),
        child_birth_date=(
            draw(st.integers(-60, 200).map(lambda d: _days(responsibility, d)))
            if situation in ("barsel", "Maternity")
            else None
        ),
    )


@st.composite
def styles(
    draw: st.DrawFn,
    formats: Sequence[str] = ("xlsx", "csv"),
    layouts: Sequence[str] = ("long", "wide", "cell"),
) -> FileStyle:
    """Return an export style; a csv is one sheet, so it never has the long layout."""
    fmt = draw(st.sampled_from(formats))
    usable = [layout for layout in layouts if fmt == "xlsx" or layout != "long"]
    return FileStyle(
        file_name="",
        format=fmt,  # type: ignore[arg-type]
        follow_up_layout=draw(st.sampled_from(usable)),  # type: ignore[arg-type]
        municipality_column=draw(st.sampled_from(["none", "name", "code", "official"])),
        signatures=draw(st.booleans()),
        date_form=draw(st.sampled_from(XLSX_DATE_FORMS if fmt == "xlsx" else TEXT_DATE_FORMS)),
        header_variant=draw(st.integers(0, 5)),
        title_rows=draw(st.integers(0, 2)),
        goal_placeholder=draw(st.sampled_from(["", "-", "ikke angivet"])),
        bek2020_columns=True,
    )


@st.composite
def populations(
    draw: st.DrawFn,
    formats: Sequence[str] = ("xlsx", "csv"),
    layouts: Sequence[str] = ("long", "wide", "cell"),
    min_per_municipality: int = 1,
) -> Population:
    """Return two to four municipalities with ``min_per_municipality`` to eight contracts
    each, every municipality's file in a style of its own."""
    as_of = draw(st.sampled_from(AS_OF_DATES))
    chosen = draw(
        st.lists(
            st.sampled_from(MUNICIPALITIES), min_size=2, max_size=4, unique_by=lambda m: m.code
        )
    )
    parts, n = [], 0
    for municipality in chosen:
        rows = []
        for _ in range(draw(st.integers(min_per_municipality, 8))):
            n += 1
            rows.append(draw(contract(as_of, n)))
        parts.append(Part(municipality, draw(styles(formats, layouts)), rows))
    return Population(as_of, parts)


# --- writing and running ---------------------------------------------------------------------


def file_name(part: Part, piece: int | None = None) -> str:
    """Return the file name of a part (or of one piece of it): it names the municipality, by
    name or by code, as it must when no column holds it."""
    m, style = part.municipality, part.style
    stem = m.code if style.header_variant % 2 else f"{slug(m.name)}_kontrakter"
    if piece is not None:
        stem += f"_del_{piece}"
    return f"{stem}.{style.format}"


def write_part(
    directory: Path, part: Part, rows: Sequence[ContractRow] | None = None, piece: int | None = None
) -> Path:
    """Write a part's contracts (or ``rows`` of them) with writers.extract; return the file."""
    directory.mkdir(parents=True, exist_ok=True)
    style = replace(part.style, file_name=file_name(part, piece))
    m = part.municipality
    return write_extract(directory, part.rows if rows is None else rows, style, m.code, m.name)


def write_population(directory: Path, population: Population) -> list[Path]:
    """Write one file per municipality and return the files."""
    return [write_part(directory, part) for part in population.parts]


def audit(root: Path, ruleset: str, as_of: dt.date, key: str = "test-key") -> bytes:
    """Run ``integaudit check in`` in ``root`` and return the JSON it wrote."""
    out = root / "audit.json"
    out.unlink(missing_ok=True)
    result = run_cli_in(
        root,
        "check",
        "in",
        "--ruleset",
        ruleset,
        "--as-of",
        as_of.isoformat(),
        "--json",
        str(out),
        "--lang",
        "en",
        env={"INTEGAUDIT_KEY": key},
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return out.read_bytes()


def outcome(raw: bytes) -> dict[str, Any]:
    """Return what must not change: statuses per (municipality code, contract id), the findings
    (as a sorted list), the totals and the groups."""
    doc = json.loads(raw)
    statuses: dict[tuple[str, str], dict[str, str]] = {}
    for item in doc["contracts"]:
        key = (item["municipality_code"], item["contract_id"])
        assert key not in statuses, key
        statuses[key] = item["status"]
    return {
        "statuses": statuses,
        "findings": sorted(json.dumps(f, sort_keys=True) for f in doc["findings"]),
        "total": doc["total"],
        "groups": doc["groups"],
    }


def _empty(value: str | None, style: FileStyle) -> bool:
    """Return True when a goal or coordinator cell counts as empty (SPEC §1.3)."""
    if value is None:
        value = style.goal_placeholder
    return value.strip().lower() in (*SPEC_PLACEHOLDERS, "")


def expected_late_signing(row: ContractRow, ruleset: str, as_of: dt.date) -> str:
    """Return late-signing's status by SPEC §2.1/§2.2 (a signature after the audit date is
    ignored, so the contract counts as not signed)."""
    if ruleset == "rr2014":
        deadline = row.responsibility_date + dt.timedelta(days=30)
    else:
        deadline = row.responsibility_date + relativedelta(months=1)
    signed = row.signed_date if row.signed_date and row.signed_date <= as_of else None
    if signed is not None:
        return "fail" if signed > deadline else "pass"
    return "fail" if as_of > deadline else "not-applicable"


def assert_reference(raw: bytes, population: Population, ruleset: str) -> dict[str, Any]:
    """Check the reference run against the population (every contract audited once; goal,
    signing and coordinator statuses as SPEC §2 says) and return its outcome, so an invariance
    never compares two equally wrong results."""
    result = outcome(raw)
    statuses = result["statuses"]
    assert set(statuses) == {(p.municipality.code, row.contract_id) for p, row in population.rows()}
    for part, row in population.rows():
        status = statuses[(part.municipality.code, row.contract_id)]
        style = part.style
        no_goal = _empty(row.employment_goal, style) and _empty(row.education_goal, style)
        assert status["missing-goal"] == ("fail" if no_goal else "pass"), row
        assert status["late-signing"] == expected_late_signing(row, ruleset, population.as_of), row
        if ruleset == "bek2020":
            no_unit = _empty(row.coordinating_unit, replace(style, goal_placeholder=""))
            assert status["missing-coordinator"] == ("fail" if no_unit else "pass"), row
    assert result["total"]["contracts"] == len(population.rows())
    return result


def new_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a fresh folder for one example (no integaudit.toml anywhere in it)."""
    return tmp_path_factory.mktemp("prop")


def reference_run(
    tmp_path_factory: pytest.TempPathFactory, population: Population, ruleset: str
) -> dict[str, Any]:
    """Write the population one file per municipality, audit it and check the result against
    the population; return its outcome."""
    root = new_root(tmp_path_factory)
    write_population(root / "in", population)
    return assert_reference(audit(root, ruleset, population.as_of), population, ruleset)


# --- properties ------------------------------------------------------------------------------


@pytest.mark.parametrize("ruleset", RULESETS)
@PROPERTY_SETTINGS
@given(population=populations(), data=st.data())
def test_statuses_do_not_depend_on_row_order(
    tmp_path_factory: pytest.TempPathFactory,
    ruleset: str,
    population: Population,
    data: st.DataObject,
) -> None:
    """Shuffling the rows of every file (and the follow-ups of every contract, so the long
    sheet, the wide columns and the cell list them in another order too) changes no status,
    finding or total."""
    reference = reference_run(tmp_path_factory, population, ruleset)
    shuffled = []
    for part in population.parts:
        order = data.draw(st.permutations(range(len(part.rows))), label="row order")
        rows = [
            replace(row, follow_ups=list(data.draw(st.permutations(row.follow_ups))))
            for row in (part.rows[i] for i in order)
        ]
        shuffled.append(replace(part, rows=rows))
    other = new_root(tmp_path_factory)
    write_population(other / "in", Population(population.as_of, shuffled))
    assert outcome(audit(other, ruleset, population.as_of)) == reference


@pytest.mark.parametrize("ruleset", RULESETS)
@PROPERTY_SETTINGS
@given(population=populations(min_per_municipality=2), data=st.data())
def test_statuses_do_not_depend_on_splitting_an_extract_into_files(
    tmp_path_factory: pytest.TempPathFactory,
    ruleset: str,
    population: Population,
    data: st.DataObject,
) -> None:
    """A municipality's contracts in one file or cut into two or three (some in sub-folders)
    give the same statuses, findings and totals."""
    reference = reference_run(tmp_path_factory, population, ruleset)
    other = new_root(tmp_path_factory)
    pieces = 0
    for part in population.parts:
        cuts = data.draw(
            st.lists(st.integers(1, len(part.rows) - 1), min_size=1, max_size=2, unique=True),
            label="cuts",
        )
        bounds = [0, *sorted(cuts), len(part.rows)]
        for piece, (lo, hi) in enumerate(pairwise(bounds), start=1):
            folder = other / "in" / (f"del{piece}" if data.draw(st.booleans()) else "")
            write_part(folder, part, part.rows[lo:hi], piece)
            pieces += 1
    assert pieces > len(population.parts)
    assert outcome(audit(other, ruleset, population.as_of)) == reference


@pytest.mark.parametrize("ruleset", RULESETS)
@settings(PROPERTY_SETTINGS, max_examples=2)
@given(population=populations(formats=("xlsx",)))
def test_statuses_do_not_depend_on_the_follow_up_layout(
    tmp_path_factory: pytest.TempPathFactory, ruleset: str, population: Population
) -> None:
    """A follow-ups sheet, columns Opfølgning 1 … N and one cell of dates give the same
    statuses, findings and totals (SPEC §1.2)."""
    reference = reference_run(
        tmp_path_factory, population.restyled(follow_up_layout="long"), ruleset
    )
    for layout in ("wide", "cell"):
        other = new_root(tmp_path_factory)
        write_population(other / "in", population.restyled(follow_up_layout=layout))
        assert outcome(audit(other, ruleset, population.as_of)) == reference, layout


@pytest.mark.parametrize("ruleset", RULESETS)
@settings(PROPERTY_SETTINGS, max_examples=2)
@given(
    population=populations(formats=("xlsx",), layouts=("wide", "cell")),
    text_form=st.sampled_from(TEXT_DATE_FORMS),
    utf8=st.sampled_from([("utf-8", ","), ("utf-8-sig", ","), ("utf-8", "\t"), ("utf-8", ";")]),
)
def test_statuses_do_not_depend_on_the_file_format(
    tmp_path_factory: pytest.TempPathFactory,
    ruleset: str,
    population: Population,
    text_form: str,
    utf8: tuple[str, str],
) -> None:
    """The same extract as xlsx, as UTF-8 csv and as Danish Excel's csv (``;``, cp1252) gives
    the same statuses, findings and totals."""
    reference = reference_run(tmp_path_factory, population, ruleset)
    encoding, delimiter = utf8
    for csv_encoding, csv_delimiter in ((encoding, delimiter), ("cp1252", ";")):
        variant = population.restyled(
            format="csv",
            date_form=text_form,
            csv_encoding=csv_encoding,
            csv_delimiter=csv_delimiter,
        )
        other = new_root(tmp_path_factory)
        write_population(other / "in", variant)
        assert outcome(audit(other, ruleset, population.as_of)) == reference, csv_encoding


# Header text as writers.extract spells it → canonical field (wide columns: "follow_up_n").
SPELLING_FIELD = {label: name for name, labels in HEADER_SPELLINGS.items() for label in labels}
SPELLING_FIELD.update({p.format(n=n): "follow_up_n" for p in WIDE_SPELLINGS for n in range(1, 9)})
ALIASES = {f.name: (f.name, *f.aliases) for f in (*CONTRACT_FIELDS, *FOLLOW_UP_FIELDS)}
_SEPARATOR_RUN = re.compile(r"[\s_\-.]+")
_TO_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


@st.composite
def header_spelling(draw: st.DrawFn, field_name: str, n: int | None = None) -> str:
    """Return a header for ``field_name`` as SPEC §1.2 allows it to be written: any alias (or
    the field name), in any case, with ``_ - .`` or runs of spaces as separators, æ/ø/å as
    ae/oe/aa, and white space around it."""
    if n is not None:
        alias = draw(st.sampled_from(WIDE_ALIASES)).format(n=n)
    else:
        alias = draw(st.sampled_from(ALIASES[field_name]))
    if draw(st.booleans()):
        alias = alias.translate(_TO_ASCII)
    separator = draw(st.sampled_from([" ", "_", "-", ".", "  ", " _ ", " - "]))
    alias = _SEPARATOR_RUN.sub(separator, alias)
    alias = draw(st.sampled_from([alias, alias.upper(), alias.title(), alias.capitalize()]))
    before = draw(st.sampled_from(["", " ", "  ", "\u00a0"]))
    return before + alias + draw(st.sampled_from(["", " ", "\t"]))


def respelled(table: list[list[Any]], header_row: int, data: st.DataObject) -> list[list[Any]]:
    """Return ``table`` with each header cell replaced by a drawn spelling of its field."""
    header = []
    for label in table[header_row]:
        name = SPELLING_FIELD[label]
        number = int(re.sub(r"\D", "", label)) if name == "follow_up_n" else None
        header.append(data.draw(header_spelling(name, number), label=label))
    return [*table[:header_row], header, *table[header_row + 1 :]]


@pytest.mark.parametrize("ruleset", RULESETS)
@PROPERTY_SETTINGS
@given(population=populations(), data=st.data())
def test_statuses_do_not_depend_on_header_spelling(
    tmp_path_factory: pytest.TempPathFactory,
    ruleset: str,
    population: Population,
    data: st.DataObject,
) -> None:
    """Every header written as another alias of its field, in another case, with other
    separators and padding, gives the same statuses, findings and totals."""
    reference = reference_run(tmp_path_factory, population, ruleset)
    other = new_root(tmp_path_factory)
    for part in population.parts:
        m, style = part.municipality, part.style
        contracts = respelled(
            contract_table(part.rows, style, m.code, m.name), style.title_rows, data
        )
        path = other / "in" / file_name(part)
        if style.format == "csv":
            write_csv(path, contracts, style.csv_delimiter, style.csv_encoding)
            continue
        sheets = {style.sheet_name: contracts}
        if style.follow_up_layout == "long":
            sheets[style.follow_up_sheet_name] = respelled(
                follow_up_table(part.rows, style), 0, data
            )
        write_xlsx(path, sheets)
    assert outcome(audit(other, ruleset, population.as_of)) == reference


@st.composite
def populations_with_problems(draw: st.DrawFn) -> tuple[Population, list[int]]:
    """Return a population where some rows lack a contract id and some rows are repeated
    later in the same file (the same object: an identical copy), and for each municipality the
    number of rows of a further file whose contracts sheet lacks responsibility_date (0: no
    such file)."""
    population = draw(populations())
    parts = []
    for part in population.parts:
        out = [
            replace(row, contract_id="") if draw(st.integers(0, 4)) == 0 else row
            for row in part.rows
        ]
        for i in draw(st.lists(st.integers(0, len(out) - 1), max_size=3)):
            original = out[i]
            first = next(j for j, row in enumerate(out) if row is original)
            out.insert(draw(st.integers(first + 1, len(out))), original)
        parts.append(replace(part, rows=out))
    broken = [draw(st.sampled_from([0, 0, 1, 3])) for _ in parts]
    return Population(population.as_of, parts), broken


def write_lacking_responsibility(folder: Path, part: Part, n: int) -> tuple[str, str]:
    """Write ``n`` contracts of ``part``'s municipality in its style but without the
    responsibility_date column; return the file as the check shows it and the sheet name."""
    m, style = part.municipality, part.style
    day = dt.date(2014, 1, 2)
    rows = [ContractRow(f"X-{k}", f"X{k}", day, day, "Job", None) for k in range(n)]
    table = contract_table(rows, style, m.code, m.name)
    drop = next(
        i
        for i, label in enumerate(table[style.title_rows])
        if SPELLING_FIELD[label] == "responsibility_date"
    )
    table = [cells[:drop] + cells[drop + 1 :] for cells in table]
    name = f"{Path(file_name(part)).stem}_mangler.{style.format}"
    if style.format == "csv":
        write_csv(folder / name, table, style.csv_delimiter, style.csv_encoding)
        return f"in/{name}", Path(name).stem
    write_xlsx(folder / name, {style.sheet_name: table})
    return f"in/{name}", style.sheet_name


@pytest.mark.parametrize("ruleset", RULESETS)
@settings(PROPERTY_SETTINGS, max_examples=4)
@given(case=populations_with_problems())
def test_every_row_is_audited_or_named_in_a_data_issue(
    tmp_path_factory: pytest.TempPathFactory,
    ruleset: str,
    case: tuple[Population, list[int]],
) -> None:
    """Contracts audited + rows named in data issues == rows written (SPEC §1.4): identical
    copies are collapsed, each named by a warning at its row; a row without an id is audited as
    file:row; the rows of a sheet lacking a required column are named by an error on that
    sheet that gives their number."""
    population, broken = case
    root = new_root(tmp_path_factory)
    folder = root / "in"
    written = copies = broken_rows = 0
    copy_rows: set[tuple[str, int]] = set()
    generated: set[str] = set()
    broken_sheets: dict[tuple[str, str], int] = {}
    for part, n_broken in zip(population.parts, broken, strict=True):
        name = write_part(folder, part).name
        seen: list[ContractRow] = []
        for i, row in enumerate(part.rows):
            excel_row = part.style.title_rows + 2 + i
            written += 1
            if any(row is earlier for earlier in seen):
                copies += 1
                copy_rows.add((f"in/{name}", excel_row))
            elif not row.contract_id:
                generated.add(f"{name}:{excel_row}")
            seen.append(row)
        if n_broken:
            broken_sheets[write_lacking_responsibility(folder, part, n_broken)] = n_broken
            written += n_broken
            broken_rows += n_broken

    doc = json.loads(audit(root, ruleset, population.as_of))
    audited = len(doc["contracts"])
    assert doc["total"]["contracts"] == audited
    assert audited + copies + broken_rows == written
    assert sum(f["contracts"] for f in doc["inputs"]) == written - broken_rows

    named = {(i["file"], i["row"]) for i in doc["data_issues"] if i["level"] == "warning"}
    assert copy_rows <= named, copy_rows - named
    ids = {c["contract_id"] for c in doc["contracts"]}
    expected_ids = {row.contract_id for _, row in population.rows() if row.contract_id}
    assert ids - expected_ids == generated
    assert expected_ids <= ids
    for (file, sheet), n in broken_sheets.items():
        errors = [
            i
            for i in doc["data_issues"]
            if i["level"] == "error" and i["file"] == file and i["sheet"] == sheet
        ]
        assert len(errors) == 1, (file, doc["data_issues"])
        assert re.search(rf"\b{n}\b", errors[0]["message"]), errors[0]


@pytest.mark.parametrize("ruleset", RULESETS)
@settings(PROPERTY_SETTINGS, max_examples=2)
@given(
    population=populations(),
    key=st.text(alphabet="abcdefghij0123456789-", min_size=1, max_size=20),
)
def test_a_second_run_gives_the_same_json_bytes(
    tmp_path_factory: pytest.TempPathFactory,
    ruleset: str,
    population: Population,
    key: str,
) -> None:
    """The same inputs, key and audit date give byte-identical JSON, also after the inputs'
    modification times change (SPEC §4.5)."""
    root = new_root(tmp_path_factory)
    files = write_population(root / "in", population)
    first = audit(root, ruleset, population.as_of, key=key)
    assert_reference(first, population, ruleset)
    for path in files:
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert audit(root, ruleset, population.as_of, key=key) == first
