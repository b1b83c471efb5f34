"""Events as an Excel workbook (`events.xlsx`): the event table of events.csv, one sheet.

openpyxl's write-only mode keeps one row in memory and spools the sheet to a temporary file, so
memory stays flat at any size; the finished file is sent from disk. Cells are those of the CSV:
text neutralised against formulas (openpyxl itself would store '=…' as a formula), dates as ISO
text, since Excel's own dates cannot hold the years before 1900 that EDTF dates may have.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import zipfile

from django.db.models import Max
from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from project.tabular import cell, documented_table
from timeline.exports import table
from timeline.exports.csv import EventTableView
from timeline.exports.table import utc

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "events"
CORE_PROPERTIES = "docProps/core.xml"
EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest time a ZIP entry can have


def xlsx_cell(value):
    """A table cell for openpyxl: the CSV's cell, without the control characters XML (and so
    XLSX) cannot hold; an empty cell for nothing."""
    value = cell(value)
    if value == "":
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


@documented_table(MEDIA_TYPE, summary="Events as an Excel workbook", columns=table.COLUMNS)
class EventsXLSXView(EventTableView):
    extension = "xlsx"

    def respond(self, columns, queryset, options):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(SHEET)
        sheet.append(columns)
        for chunk in self.row_chunks(queryset, columns):
            for row in chunk:
                sheet.append([xlsx_cell(value) for value in row])
        last_change = queryset.order_by().aggregate(last=Max("updated_at"))["last"]
        stamp = utc(last_change) if last_change else EPOCH
        workbook.properties.created = stamp.replace(tzinfo=None)  # openpyxl: naive UTC
        handle, path = tempfile.mkstemp(suffix=".xlsx")
        os.close(handle)
        try:
            workbook.save(path)
            file = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
            stamped(path, file, stamp)
            file.seek(0)
        finally:
            os.unlink(path)
        return FileResponse(file, content_type=MEDIA_TYPE)


MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def stamped(path: str, target, stamp: dt.datetime) -> None:
    """The workbook at `path` copied into `target` with its save time replaced by `stamp` (the
    events' latest change), in the document properties and the ZIP entries alike: the same
    events give the same bytes, as the CSV does. openpyxl stamps both with the time of saving."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            if entry.filename == CORE_PROPERTIES:
                text = MODIFIED.sub(
                    rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    source.read(entry),
                )
                copy.writestr(info, text)
                continue
            with source.open(entry) as reader, copy.open(info, "w") as writer:
                shutil.copyfileobj(reader, writer)
