"""Made-up CPR numbers and names, a csv to put them in, and how to find them in an output."""

from __future__ import annotations

import datetime as dt
import random
import zipfile
from pathlib import Path

import openpyxl
from stdnum.dk import cpr

NAMES = ["Fatima Hassan", "Ahmad Rahimi", "Yusuf Abdi"]
CSV_HEADER = "Kontrakt nr.;Kommune;CPR;Navn;Overtagelsesdato;Underskrevet;Beskæftigelsesmål"


def fake_cprs(n: int, seed: int = 7) -> list[str]:
    """Return n valid CPR numbers (DDMMYY-XXXX) made up for the test."""
    rnd = random.Random(seed)
    out: list[str] = []
    while len(out) < n:
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rnd.randrange(15000))
        number = born.strftime("%d%m%y") + f"{rnd.randrange(10000):04d}"
        if cpr.is_valid(number):
            out.append(number[:6] + "-" + number[6:])
    return out


def write_csv_lines(path: Path, *lines: str) -> None:
    """Write ``CSV_HEADER`` and ``lines`` (cells joined by ``;``) as Danish Excel saves a csv:
    cp1252, CRLF."""
    path.write_bytes(("\r\n".join([CSV_HEADER, *lines]) + "\r\n").encode("cp1252"))


def leaks(text: str, cprs: list[str]) -> list[str]:
    found = []
    for number in cprs:
        digits = number.replace("-", "")
        for form in (number, digits, digits.lstrip("0")):
            if form in text:
                found.append(form)
    found += [name for name in NAMES if name in text]
    return found


def file_text(path: Path) -> str:
    """Return everything a reader of the file could see: for a workbook its sheet names, cell
    values and every XML part of the zip; for other files the text."""
    if path.suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path)
        parts = [ws.title for ws in workbook]
        parts += [str(c) for ws in workbook for r in ws.iter_rows(values_only=True) for c in r if c]
        with zipfile.ZipFile(path) as archive:
            parts += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()]
        return "\n".join(parts)
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")
