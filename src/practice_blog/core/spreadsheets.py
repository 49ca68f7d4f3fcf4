"""CSV and XLSX downloads for any app's exports (feedback, subscribers), each written to
Wagtail's audit log.

Exported text (readers' comments, names) is untrusted and staff open it in a spreadsheet, so
every text cell that a spreadsheet could read as a formula (starting with ``=``, ``+``, ``-``,
``@``, or a tab or line break) gets a leading apostrophe (OWASP "CSV injection"). Numbers and
dates stay real numbers and dates.
"""

import csv
import datetime
import io

from django.http import HttpResponse
from openpyxl import Workbook
from wagtail.log_actions import LogFormatter, log

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Make a cell value safe to open in a spreadsheet (text that looks like a formula gets
    a leading apostrophe); other values are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_bytes(headers, rows):
    """The rows as UTF-8 CSV (with a byte-order mark so Excel reads accents correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(headers, rows, sheet_title):
    """The rows as one XLSX sheet, bold header row; formula-like text neutralised."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append(headers)
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                value = value.replace(tzinfo=None)  # XLSX has no time zones; values are UTC
            cells.append(neutralise(value))
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_response(content, content_type, filename):
    """A download response that browsers save rather than display."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def export_response(fmt, headers, rows, basename, sheet_title):
    """CSV or XLSX download of ``rows`` (``fmt`` is "csv" or "xlsx")."""
    if fmt == "xlsx":
        return file_response(xlsx_bytes(headers, rows, sheet_title), XLSX_TYPE, f"{basename}.xlsx")
    return file_response(csv_bytes(headers, rows), CSV_TYPE, f"{basename}.csv")


def logged_export(request, *, instance, action, title, data, file_format, headers, rows, **names):
    """The file for ``export_response``, after writing who exported what to the audit log.

    ``instance`` is the object the entry is filed under (it shows in Settings → Reports →
    Site history), ``data`` what the log formatter describes; ``format`` is added to it.
    """
    response = export_response(file_format, headers, rows, **names)
    log(
        instance=instance,
        action=action,
        user=request.user,
        title=title,
        data={"format": file_format, **data},
    )
    return response


def register_export_action(actions, action, label, describe):
    """Name an export's audit-log ``action``; ``describe(data)`` words each entry."""

    class ExportFormatter(LogFormatter):
        def format_message(self, log_entry):
            return describe(log_entry.data or {})

    ExportFormatter.label = label
    actions.register_action(action)(ExportFormatter)
