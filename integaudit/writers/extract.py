"""Writing synthetic extracts in the shapes real municipal exports take.

Used by ``integaudit demo-data`` and by the generator of ``samples/rr2014``. Output is
byte-for-byte reproducible: xlsx files get fixed document properties and zip timestamps
(writers.table_xlsx).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from integaudit.writers.table_xlsx import table_xlsx

DANISH_MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip

FollowUpLayout = Literal["long", "wide", "cell"]
DateForm = Literal["cell", "dmy", "iso", "serial", "month-name", "dmy-dots", "dmy-slash"]
MunicipalityColumn = Literal["none", "name", "code", "official"]

# Header spellings a style can pick from, per canonical field (all within SPEC §1.2 aliases).
HEADER_SPELLINGS: dict[str, tuple[str, ...]] = {
    "contract_id": ("Kontrakt nr.", "Sagsnr", "kontrakt_id", "KontraktNr", "Sags ID", "ID"),
    "municipality": ("Kommune", "Kommunenavn", "Kommunekode", "kommune nr"),
    "person_id": ("Borger", "Borger ID", "Person", "borger_id"),
    "responsibility_date": (
        "Overtagelsesdato",
        "Ansvar overtaget",
        "Dato for overtagelse af integrationsansvar",
        "Integrationsansvar overtaget",
        "overtaget",
    ),
    "signed_date": (
        "Underskrevet",
        "Indgået",
        "Kontraktdato",
        "Indgåelsesdato",
        "Kontrakt indgået",
    ),
    "signed_citizen_date": ("Borgers underskrift", "Underskrevet borger"),
    "signed_municipality_date": ("Kommunens underskrift", "Underskrevet kommune"),
    "employment_goal": (
        "Beskæftigelsesmål",
        "Beskaeftigelsesmaal",
        "Jobmål",
        "Mål for beskæftigelse",
    ),
    "education_goal": ("Uddannelsesmål", "Uddannelsesmaal", "Mål for uddannelse"),
    "goal_met_date": ("Mål opfyldt", "Målopfyldelse", "Mål opfyldt dato"),
    "end_date": ("Ophørsdato", "Ophør", "Afsluttet", "Kontrakt ophørt"),
    "follow_ups": ("Opfølgninger", "Opfølgningsdatoer"),
    "situation": ("Forsørgelsesgrundlag", "Situation", "Målgruppe", "Forsørgelse"),
    "declaration_date": ("Erklæring underskrevet", "Erklæring"),
    "coordinating_unit": ("Koordinerende forvaltning", "Koordinerende enhed"),
    "visitation_date": ("Visitationsdato", "Visiteret", "Visitation"),
    "child_birth_date": ("Barns fødselsdato", "Fødsel", "Barsel fra"),
    "leave_end_date": ("Barsel slut", "Orlov slut", "Barselsorlov slut"),
    "follow_up_date": ("Opfølgningsdato", "Dato", "Samtaledato", "Opfølgning"),
}
WIDE_SPELLINGS = ("Opfølgning {n}", "Opfølgning{n}", "Opf {n}", "follow_up_{n}")


@dataclass
class ContractRow:
    """One synthetic contract in canonical terms; ``None`` is an empty cell."""

    contract_id: str
    person_id: str
    responsibility_date: dt.date
    signed_date: dt.date | None
    employment_goal: str | None
    education_goal: str | None
    follow_ups: list[dt.date] = field(default_factory=list)
    goal_met_date: dt.date | None = None
    end_date: dt.date | None = None
    signed_citizen_date: dt.date | None = None
    municipality_signed_offset: int = 0
    situation: str | None = None
    declaration_date: dt.date | None = None
    coordinating_unit: str | None = None
    visitation_date: dt.date | None = None
    child_birth_date: dt.date | None = None
    leave_end_date: dt.date | None = None


@dataclass(frozen=True)
class FileStyle:
    """How one municipality's export looks."""

    file_name: str
    format: Literal["xlsx", "csv"] = "xlsx"
    follow_up_layout: FollowUpLayout = "long"
    municipality_column: MunicipalityColumn = "none"
    signatures: bool = False
    date_form: DateForm = "cell"
    header_variant: int = 0
    title_rows: int = 0
    goal_placeholder: str = ""
    csv_encoding: str = "cp1252"
    csv_delimiter: str = ";"
    bek2020_columns: bool = False
    sheet_name: str = "Kontrakter"
    follow_up_sheet_name: str = "Opfølgninger"


def _spelling(field_name: str, variant: int) -> str:
    options = HEADER_SPELLINGS[field_name]
    return options[variant % len(options)]


def format_date(value: dt.date | None, form: DateForm, text_only: bool = False) -> Any:
    """Return a date as the cell value a given export style writes (text in csv)."""
    if value is None:
        return None
    if form == "cell" and not text_only:
        return value
    if form == "serial":
        return (
            (value - dt.date(1899, 12, 30)).days
            if not text_only
            else str((value - dt.date(1899, 12, 30)).days)
        )
    if form == "iso":
        return value.isoformat()
    if form == "month-name":
        return f"{value.day}. {DANISH_MONTHS[value.month - 1]} {value.year}"
    if form == "dmy-dots":
        return value.strftime("%d.%m.%Y")
    if form == "dmy-slash":
        return f"{value.day}/{value.month}/{value.year}"
    return value.strftime("%d-%m-%Y")


def _header(style: FileStyle, max_follow_ups: int) -> list[tuple[str, str]]:
    """Return (canonical field, header text) for the contract sheet's columns."""
    v = style.header_variant
    columns = [("contract_id", _spelling("contract_id", v))]
    if style.municipality_column != "none":
        spelling = "Kommunekode" if style.municipality_column == "code" else "Kommune"
        columns.append(("municipality", spelling))
    columns.append(("person_id", _spelling("person_id", v)))
    columns.append(("responsibility_date", _spelling("responsibility_date", v)))
    if style.signatures:
        columns.append(("signed_citizen_date", _spelling("signed_citizen_date", v)))
        columns.append(("signed_municipality_date", _spelling("signed_municipality_date", v)))
    else:
        columns.append(("signed_date", _spelling("signed_date", v)))
    columns.append(("employment_goal", _spelling("employment_goal", v)))
    columns.append(("education_goal", _spelling("education_goal", v)))
    columns.append(("goal_met_date", _spelling("goal_met_date", v)))
    columns.append(("end_date", _spelling("end_date", v)))
    if style.bek2020_columns:
        for name in (
            "situation",
            "declaration_date",
            "coordinating_unit",
            "visitation_date",
            "child_birth_date",
            "leave_end_date",
        ):
            columns.append((name, _spelling(name, v)))
    if style.follow_up_layout == "wide":
        pattern = WIDE_SPELLINGS[v % len(WIDE_SPELLINGS)]
        columns += [(f"follow_up_{n}", pattern.format(n=n)) for n in range(1, max_follow_ups + 1)]
    elif style.follow_up_layout == "cell":
        columns.append(("follow_ups", _spelling("follow_ups", v)))
    return columns


def _municipality_value(style: FileStyle, code: str, name: str) -> str:
    if style.municipality_column == "code":
        return code
    if style.municipality_column == "official":
        return f"{name} Kommune"
    return name


def contract_table(
    rows: Sequence[ContractRow], style: FileStyle, code: str, name: str
) -> list[list[Any]]:
    """Return the contract sheet as rows of cells: title rows, header, one row per contract."""
    text_only = style.format == "csv"
    max_fu = max((len(r.follow_ups) for r in rows), default=0) or 1
    header = _header(style, max_fu)
    table: list[list[Any]] = []
    for i in range(style.title_rows):
        title = f"Integrationskontrakter – {name} Kommune" if i == 0 else ""
        table.append([title] + [None] * (len(header) - 1))
    table.append([label for _, label in header])
    for row in rows:
        cells: list[Any] = []
        for name_, _ in header:
            cells.append(_cell(row, name_, style, code, name, text_only))
        table.append(cells)
    return table


def _cell(
    row: ContractRow, field_name: str, style: FileStyle, code: str, name: str, text_only: bool
) -> Any:
    def date(value: dt.date | None) -> Any:
        return format_date(value, style.date_form, text_only)

    if field_name.startswith("follow_up_") and field_name[10:].isdigit():
        n = int(field_name[10:])
        return date(row.follow_ups[n - 1]) if n <= len(row.follow_ups) else None
    match field_name:
        case "contract_id":
            return row.contract_id
        case "municipality":
            return _municipality_value(style, code, name)
        case "person_id":
            return row.person_id
        case (
            "responsibility_date"
            | "goal_met_date"
            | "end_date"
            | "signed_date"
            | "declaration_date"
            | "visitation_date"
            | "child_birth_date"
            | "leave_end_date"
        ):
            return date(getattr(row, field_name))
        case "situation" | "coordinating_unit":
            return getattr(row, field_name)
        case "signed_citizen_date":
            return date(row.signed_citizen_date or row.signed_date)
        case "signed_municipality_date":
            if row.signed_date is None:
                return None
            return date(row.signed_date - dt.timedelta(days=row.municipality_signed_offset))
        case "employment_goal" | "education_goal":
            value = getattr(row, field_name)
            return value if value is not None else (style.goal_placeholder or None)
        case "follow_ups":
            return "; ".join(format_date(d, "dmy", True) for d in row.follow_ups) or None
    raise ValueError(field_name)


def follow_up_table(rows: Sequence[ContractRow], style: FileStyle) -> list[list[Any]]:
    """Return the long follow-ups sheet: contract id and one follow-up date per row."""
    v = style.header_variant
    table: list[list[Any]] = [[_spelling("contract_id", v), _spelling("follow_up_date", v)]]
    for row in rows:
        for date in row.follow_ups:
            table.append([row.contract_id, format_date(date, style.date_form)])
    return table


def extract_bytes(rows: Sequence[ContractRow], style: FileStyle, code: str, name: str) -> bytes:
    """Return the bytes of one municipality's export in ``style``."""
    contracts = contract_table(rows, style, code, name)
    if style.format == "csv":
        return _csv_bytes(contracts, style)
    sheets = [(style.sheet_name, contracts)]
    if style.follow_up_layout == "long":
        sheets.append((style.follow_up_sheet_name, follow_up_table(rows, style)))
    return table_xlsx(sheets, "DD-MM-YYYY" if style.date_form == "cell" else None)


def _csv_bytes(table: list[list[Any]], style: FileStyle) -> bytes:
    import csv

    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=style.csv_delimiter, lineterminator="\r\n")
    for cells in table:
        writer.writerow(["" if c is None else c for c in cells])
    return text.getvalue().encode(style.csv_encoding)


def write_extract(
    directory: Path, rows: Sequence[ContractRow], style: FileStyle, code: str, name: str
) -> Path:
    """Write one municipality's export into ``directory`` and return its path."""
    path = directory / style.file_name
    path.write_bytes(extract_bytes(rows, style, code, name))
    return path
