"""Benchmark: the findings sheet of the report workbook through openpyxl's write-only mode and
through XlsxWriter's constant-memory mode (the writer the report workbooks use).

Usage: python benchmarks/bench_xlsx.py DIR [--repeat N]

Audits DIR once, shapes the findings sheet's cells once, then writes them alternately with
each library, ``--repeat`` times, and prints the median wall and CPU time of each and their
ratio. Both write the same cells: a bold header, real dates, text as text.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import time
from pathlib import Path

import integaudit.ingest  # noqa: F401  (the package's import order)
from integaudit import ingest
from integaudit.audit import run as audit
from integaudit.privacy.pseudonyms import Pseudonymiser
from integaudit.render.details import detail_texts
from integaudit.render.rows import findings
from integaudit.render.sheet import Sheet, cell_column
from integaudit.writers.xlsx import StreamingWorkbook

AS_OF = dt.date(2024, 6, 30)
COLUMNS = ("contract_id", "municipality_code", "municipality", "person", "rule")
DATES = ("due", "responsibility_date", "signed_date")
MORE = ("employment_goal", "education_goal", "file", "sheet", "row")


def shaped(folder: Path) -> tuple[list[str], list[list[object]]]:
    """Return the headers and the columns of the findings sheet of the audit of ``folder``."""
    options = ingest.LoadOptions(as_of=AS_OF, pseudonymiser=Pseudonymiser(b"bench"))
    result = audit.run(ingest.load([folder], options), "rr2014", AS_OF)
    frame = findings(result)
    names = [*COLUMNS, *DATES, *MORE]
    columns = [cell_column(frame[name]) for name in names]
    return [*names, "detail"], [*columns, cell_column(detail_texts(frame, "da"))]


def with_openpyxl(headers: list[str], columns: list[list[object]]) -> bytes:
    """Return the sheet written by openpyxl in write-only mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Fund")
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in zip(*columns, strict=True):
        ws.append(row)
    ws.auto_filter.ref = f"A1:O{len(columns[0]) + 1}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_xlsxwriter(headers: list[str], columns: list[list[object]]) -> bytes:
    """Return the sheet written by XlsxWriter in constant-memory mode (render.sheet)."""
    workbook = StreamingWorkbook()
    sheet = Sheet(workbook, "Fund", headers)
    sheet.add_columns(columns)
    sheet.finish()
    return workbook.bytes()


def main() -> None:
    """Time both writers, alternating, and print the medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    headers, columns = shaped(args.dir)
    times: dict[str, list[tuple[float, float]]] = {"openpyxl": [], "xlsxwriter": []}
    writers = {"openpyxl": with_openpyxl, "xlsxwriter": with_xlsxwriter}
    for _ in range(args.repeat):
        for name, write in writers.items():
            wall, cpu = time.perf_counter(), time.process_time()
            size = len(write(headers, columns))
            times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
            print(f"{name}: {times[name][-1][0]:.1f} s wall, {size} bytes", flush=True)
    cells = sum(v is not None for column in columns for v in column)
    print(f"findings: {len(columns[0])} rows, {cells} cells")
    medians = {
        name: tuple(statistics.median(t[i] for t in runs) for i in (0, 1))
        for name, runs in times.items()
    }
    for name, (wall, cpu) in medians.items():
        print(f"{name}: wall {wall:.1f} s, CPU {cpu:.1f} s")
    print(f"openpyxl / XlsxWriter CPU: {medians['openpyxl'][1] / medians['xlsxwriter'][1]:.2f}")


if __name__ == "__main__":
    main()
