"""Spreadsheet exports (CSV and Excel) that are safe against formula injection.

A cell whose text starts with =, +, -, @, tab or carriage return is run as a formula by Excel,
LibreOffice and Google Sheets (OWASP "CSV Injection"). Every exported text cell goes through
`neutralise()`, which prefixes such values with an apostrophe so the sheet shows them as text.
Numbers and dates are written as typed values and are never touched.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Make a cell value safe for spreadsheets; non-text values pass unchanged (None -> "")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, int | float | datetime.date | datetime.datetime):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _safe_row(row: Iterable) -> list:
    return [neutralise(v) for v in row]


def csv_bytes(header: Sequence[str], rows: Iterable[Iterable]) -> bytes:
    """UTF-8 with BOM and semicolons: what Norwegian Excel opens correctly by double-click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_safe_row(header))
    for row in rows:
        writer.writerow(_safe_row(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(header: Sequence[str], rows: Iterable[Iterable], *, sheet_title: str = "Eksport") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append(_safe_row(header))
    for row in rows:
        cells = []
        for value in _safe_row(row):
            # Excel has no time zones; write aware datetimes as local wall-clock time.
            if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                from django.utils import timezone

                value = timezone.localtime(value).replace(tzinfo=None)
            cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(*, fmt: str, filename: str, header: Sequence[str], rows: Iterable[Iterable]):
    """An HttpResponse with the file as an attachment; fmt is "csv" or "xlsx"."""
    if fmt == "xlsx":
        content, content_type, ext = xlsx_bytes(header, rows), XLSX_CONTENT_TYPE, "xlsx"
    else:
        content, content_type, ext = csv_bytes(header, rows), CSV_CONTENT_TYPE, "csv"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{ext}"'
    return response
