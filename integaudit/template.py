"""The input template (SPEC §4.6): an empty extract workbook with canonical Danish headers, a
follow-ups sheet, date validation and a sheet of instructions."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from integaudit.model import FIELDS_BY_NAME

TEMPLATE_ROWS = 5000
# (canonical field, Danish header, what to write, the rules it feeds)
CONTRACT_COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("contract_id", "Kontrakt nr.", "Kontraktens eller sagens nummer. Skal være udfyldt.", "alle"),
    ("municipality", "Kommune", "Kommunens navn eller kode, fx Aarhus eller 751.", "alle"),
    (
        "person_id",
        "CPR-nr",
        "Borgerens CPR-nummer eller borger-id. Erstattes af et pseudonym, "
        "når filen læses, og vises aldrig i rapporter.",
        "ingen (kun til at genkende borgeren)",
    ),
    (
        "responsibility_date",
        "Overtagelsesdato",
        "Dato for kommunens overtagelse af integrationsansvaret.",
        "late-signing, late-visitation",
    ),
    (
        "signed_citizen_date",
        "Underskrevet borger",
        "Dato for borgerens underskrift.",
        "late-signing, missed-follow-up",
    ),
    (
        "signed_municipality_date",
        "Underskrevet kommune",
        "Dato for kommunens underskrift. Kontrakten er indgået, når begge har underskrevet.",
        "late-signing, missed-follow-up",
    ),
    (
        "employment_goal",
        "Beskæftigelsesmål",
        "Kontraktens mål for beskæftigelse. Lad feltet være tomt, hvis der intet mål er.",
        "missing-goal",
    ),
    ("education_goal", "Uddannelsesmål", "Kontraktens mål for uddannelse.", "missing-goal"),
    (
        "goal_met_date",
        "Mål opfyldt",
        "Dato, hvor målet blev opfyldt (tom, hvis ikke opfyldt).",
        "missed-follow-up",
    ),
    (
        "end_date",
        "Ophørsdato",
        "Dato, hvor kontrakten ophørte (tom, hvis den løber).",
        "missed-follow-up",
    ),
    (
        "declaration_date",
        "Erklæring underskrevet",
        "Dato for underskrift af opholds- og selvforsørgelseserklæringen.",
        "missing-declaration (bek2020)",
    ),
    (
        "coordinating_unit",
        "Koordinerende forvaltning",
        "Den forvaltning, der koordinerer indsatsen, fx Jobcenter.",
        "missing-coordinator (bek2020)",
    ),
    (
        "situation",
        "Forsørgelsesgrundlag",
        "ydelse, beskæftigelse, uddannelse, igu eller barsel.",
        "missed-follow-up og late-visitation (bek2020)",
    ),
    (
        "visitation_date",
        "Visitationsdato",
        "Dato for visitation som jobparat eller aktivitetsparat.",
        "late-visitation (bek2020)",
    ),
    (
        "child_birth_date",
        "Barns fødselsdato",
        "For borgere på barsel: barnets fødselsdato.",
        "missed-follow-up (bek2020)",
    ),
)
FOLLOW_UP_COLUMNS = (
    ("contract_id", "Kontrakt nr."),
    ("municipality", "Kommune"),
    ("follow_up_date", "Opfølgningsdato"),
)
INSTRUCTIONS_INTRO = (
    "Sådan udfyldes skabelonen",
    "Én række pr. kontrakt på arket Kontrakter. Datoer skrives som datoer (fx 05-03-2014); "
    "cellerne afviser andet end datoer. Opfølgninger skrives på arket Opfølgninger, én række "
    "pr. opfølgningssamtale med kontraktens nummer. Lad overskrifterne stå, som de er. "
    "Tjek bagefter med: integaudit check FIL.xlsx",
)


def template_bytes() -> bytes:
    """Return the xlsx bytes of the input template."""
    for field, _, _, _ in CONTRACT_COLUMNS:
        assert field in FIELDS_BY_NAME, field
    workbook = Workbook()
    contracts = workbook.active
    contracts.title = "Kontrakter"
    _header(contracts, [header for _, header, _, _ in CONTRACT_COLUMNS])
    dates = [
        i + 1
        for i, (field, _, _, _) in enumerate(CONTRACT_COLUMNS)
        if FIELDS_BY_NAME[field].type == "date"
    ]
    _date_validation(contracts, dates)
    follow_ups = workbook.create_sheet("Opfølgninger")
    _header(follow_ups, [header for _, header in FOLLOW_UP_COLUMNS])
    _date_validation(follow_ups, [3])
    guide = workbook.create_sheet("Vejledning")
    guide.append([INSTRUCTIONS_INTRO[0]])
    guide["A1"].font = Font(bold=True, size=13)
    guide.append([INSTRUCTIONS_INTRO[1]])
    guide.append([])
    guide.append(["Kolonne", "Hvad skrives", "Bruges af reglerne"])
    for cell in guide[4]:
        cell.font = Font(bold=True)
    for _, header, what, rules in CONTRACT_COLUMNS:
        guide.append([header, what, rules])
    guide.append(
        [
            "Opfølgningsdato",
            "Dato for en opfølgningssamtale (arket Opfølgninger).",
            "missed-follow-up",
        ]
    )
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 90
    guide.column_dimensions["C"].width = 42
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _header(sheet, headers: list[str]) -> None:
    sheet.append(headers)
    fill = PatternFill("solid", fgColor="DDE5EE")
    for i, cell in enumerate(sheet[1], start=1):
        cell.font = Font(bold=True)
        cell.fill = fill
        sheet.column_dimensions[get_column_letter(i)].width = max(14, len(str(cell.value)) + 4)
    sheet.freeze_panes = "A2"


def _date_validation(sheet, columns: list[int]) -> None:
    validation = DataValidation(
        type="date",
        operator="between",
        formula1="DATE(1990,1,1)",
        formula2="DATE(2100,12,31)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Dato",
        error="Skriv en dato, fx 05-03-2014.",
    )
    sheet.add_data_validation(validation)
    for column in columns:
        letter = get_column_letter(column)
        validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
        for row in range(2, 12):
            sheet[f"{letter}{row}"].number_format = "DD-MM-YYYY"
