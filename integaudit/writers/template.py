"""The input template (SPEC §4.6): an empty extract workbook with canonical Danish headers, a
follow-ups sheet, date validation and a sheet of instructions."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from integaudit.i18n import text
from integaudit.model import CONTRACT_FIELDS, FIELDS_BY_NAME

TEMPLATE_ROWS = 5000
# The canonical contract columns in model order; the template asks for the two signatures
# (signed_date is derived from them) and keeps follow-ups on their own sheet. Their Danish
# headers, what to write and the rules each feeds are in the catalogue ("template.*").
CONTRACT_COLUMNS: tuple[str, ...] = tuple(
    f.name for f in CONTRACT_FIELDS if f.name not in ("signed_date", "follow_ups")
)
FOLLOW_UP_COLUMNS = ("contract_id", "municipality", "follow_up_date")


def _da(key: str) -> str:
    # The template is Danish: its headers are the canonical Danish ones (SPEC §4.6).
    return text(key, "da")


def template_bytes() -> bytes:
    """Return the xlsx bytes of the input template."""
    workbook = Workbook()
    contracts = workbook.active
    contracts.title = _da("template.sheet.contracts")
    _header(contracts, [_da(f"template.header.{field}") for field in CONTRACT_COLUMNS])
    dates = [
        i + 1 for i, field in enumerate(CONTRACT_COLUMNS) if FIELDS_BY_NAME[field].type == "date"
    ]
    _date_validation(contracts, dates)
    follow_ups = workbook.create_sheet(_da("template.sheet.follow_ups"))
    _header(follow_ups, [_da(f"template.header.{field}") for field in FOLLOW_UP_COLUMNS])
    _date_validation(follow_ups, [3])
    guide = workbook.create_sheet(_da("template.sheet.guide"))
    guide.append([_da("template.intro_title")])
    guide["A1"].font = Font(bold=True, size=13)
    guide.append([_da("template.intro")])
    guide.append([])
    guide.append([_da(f"template.guide.{k}") for k in ("column", "what", "rules")])
    for cell in guide[4]:
        cell.font = Font(bold=True)
    for field in (*CONTRACT_COLUMNS, "follow_up_date"):
        guide.append([_da(f"template.{part}.{field}") for part in ("header", "what", "rules")])
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
        errorTitle=_da("template.date_error_title"),
        error=_da("template.date_error"),
    )
    sheet.add_data_validation(validation)
    for column in columns:
        letter = get_column_letter(column)
        validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
        for row in range(2, 12):
            sheet[f"{letter}{row}"].number_format = "DD-MM-YYYY"
