"""Deterministic xlsx bytes: the same workbook content always gives the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl.workbook.workbook import Workbook

FIXED_TIME = dt.datetime(2015, 2, 26, 12, 0, 0)


def deterministic_xlsx(workbook: Workbook) -> bytes:
    """Return the workbook's xlsx bytes with fixed properties and zip timestamps, so the same
    content always gives the same bytes."""
    workbook.properties.creator = "integaudit"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    workbook.properties.lastModifiedBy = "integaudit"
    raw = io.BytesIO()
    workbook.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _fix_core_times(data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dest.writestr(fixed, data)
    return out.getvalue()


def _fix_core_times(data: bytes) -> bytes:
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(
        rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\2", data
    )
