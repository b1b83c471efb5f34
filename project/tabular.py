"""Tables as files, for pandas, R and spreadsheets: the options every table export takes, CSV
streamed in chunks, and OWASP's rule against CSV injection. App-agnostic: each app's export says
which columns its rows have and reads them; nothing here decides who sees what.

A table export filters exactly as its JSON list (the same FilterSet on the same queryset), and a
bad parameter is a 400 before the first byte of the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence

from django import forms
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import DefaultContentNegotiation

from project.filters import StrictBooleanField
from project.renderers import JSONRenderer

CSV_MEDIA_TYPE = "text/csv; charset=utf-8; header=present"
ROW_COUNT_HEADER = "X-Row-Count"
BOM = "\ufeff"
ERROR_UNKNOWN_COLUMNS = "Unknown column(s): {unknown}. Columns: {available}."
ERROR_REPEATED_COLUMNS = "Column(s) named twice: {repeated}."

# OWASP's CSV-injection rule: a cell beginning with one of these is run by spreadsheets as a
# formula (or a DDE command), so it is written with a leading apostrophe.
FORMULA_TRIGGERS = frozenset("=+-@\t\r")
QUOTE = "'"
LIST_SEPARATOR = "; "
CHUNK_SIZE = 2000


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula, prefixed with an apostrophe. Text that
    already begins with apostrophes before a trigger gets one more, so that restore() gives
    back exactly the text written, whatever it was."""
    if text[:1] in FORMULA_TRIGGERS or (
        text[:1] == QUOTE and text.lstrip(QUOTE)[:1] in FORMULA_TRIGGERS
    ):
        return QUOTE + text
    return text


def restore(text: str) -> str:
    """The text neutralise() was given: for imports of our own files."""
    if text[:1] == QUOTE and text.lstrip(QUOTE)[:1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


# What a text cell may begin with to need neutralise(): most text passes this test alone.
NEEDS_A_LOOK = FORMULA_TRIGGERS | {QUOTE}


def cell(value) -> str | int | float:
    """A value as a table cell: text neutralised, dates and times as ISO 8601 text (times in
    UTC, with Z), booleans as true/false (what pandas reads as bool), a list as one text
    separated by '; ', nothing as an empty cell."""
    # The common cases first, by exact type: an export calls this for every value it writes.
    kind = type(value)
    if kind is str:
        return neutralise(value) if value[:1] in NEEDS_A_LOOK else value
    if kind is int or kind is float:
        return value
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return neutralise(LIST_SEPARATOR.join(map(str, value)))
    return value


def csv_body(
    header: Sequence[str], chunks: Iterable[Sequence[Sequence]], *, excel: bool = False
) -> Iterator[bytes]:
    """The table as UTF-8 CSV (RFC 4180: CRLF, quotes only where needed), one bytes piece per
    chunk of rows; with `excel`, a byte order mark first, which Excel needs to read UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if excel:
        buffer.write(BOM)
    writer.writerow(header)
    yield buffer.getvalue().encode()
    for chunk in chunks:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([cell(value) for value in row] for row in chunk)
        yield buffer.getvalue().encode()


class ColumnsField(forms.CharField):
    """A comma-separated choice and order of columns, each one of `available`."""

    def __init__(self, *args, available: Sequence[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.available = tuple(available)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return []
        names = [name.strip() for name in text.split(",") if name.strip()]
        unknown = [name for name in names if name not in self.available]
        if unknown:
            raise forms.ValidationError(
                ERROR_UNKNOWN_COLUMNS.format(
                    unknown=", ".join(unknown), available=", ".join(self.available)
                )
            )
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise forms.ValidationError(ERROR_REPEATED_COLUMNS.format(repeated=", ".join(repeated)))
        return names


class TableOptionsForm(forms.Form):
    # TextInput: the default select widget turns unknown words into "unset" instead of an error.
    excel = StrictBooleanField(required=False, widget=forms.TextInput)
    download = StrictBooleanField(required=False, widget=forms.TextInput)
    columns = ColumnsField(required=False)

    def __init__(self, *args, available: Sequence[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["columns"].available = tuple(available)


class FirstRendererNegotiation(DefaultContentNegotiation):
    """Errors are always JSON; the export's own format is fixed by its URL."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def table_parameters(columns: Sequence[str]) -> list[OpenApiParameter]:
    return [
        OpenApiParameter(
            "columns",
            str,
            description="Comma-separated columns to write, in this order (default: all). "
            "Columns: " + ", ".join(columns),
        ),
        OpenApiParameter(
            "excel",
            bool,
            description="true: start with a UTF-8 byte order mark, so that Excel reads the "
            "text as UTF-8",
        ),
        OpenApiParameter("download", bool, description="Send Content-Disposition: attachment"),
    ]


def documented_table(media_type: str, *, summary: str, columns: Sequence[str]):
    """OpenAPI for a table export: the list's filters, the table options, the file's type."""
    return extend_schema_view(
        get=extend_schema(
            summary=summary,
            description="Columns, in their default order: " + ", ".join(columns),
            parameters=table_parameters(columns),
            responses={(200, media_type): OpenApiTypes.STR, 400: OpenApiTypes.OBJECT},
            filters=True,
        )
    )


class TableExportView(GenericAPIView):
    """One resource as a table file, filtered as its JSON list. Subclasses say which columns
    there are (`columns`, in their default order) and read them (`row_chunks`)."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = FirstRendererNegotiation
    pagination_class = None
    options_class = TableOptionsForm
    filename = "export"
    extension = "csv"
    columns: Sequence[str] = ()

    def get(self, request, *args, **kwargs):
        available = self.available_columns()
        options = self.options_class(request.query_params, available=available)
        if not options.is_valid():
            raise ValidationError(options.errors)
        columns = options.cleaned_data["columns"] or list(available)
        queryset = self.filter_queryset(self.get_queryset())
        count = queryset.order_by().count()
        response = self.respond(columns, queryset, options.cleaned_data)
        response[ROW_COUNT_HEADER] = str(count)
        if options.cleaned_data["download"]:
            response["Content-Disposition"] = (
                f'attachment; filename="{self.filename}.{self.extension}"'
            )
        return response

    def available_columns(self) -> Sequence[str]:
        """The columns this user may ask for, in their default order."""
        return self.columns

    def respond(self, columns: list[str], queryset, options: dict):
        """The file; CSV here, streamed. Another format overrides this."""
        body = csv_body(columns, self.row_chunks(queryset, columns), excel=options["excel"])
        return StreamingHttpResponse(body, content_type=CSV_MEDIA_TYPE)

    def row_chunks(self, queryset, columns: list[str]) -> Iterator[list[Sequence]]:
        """The rows, as sequences of the named columns' values, a chunk at a time."""
        raise NotImplementedError


class ModelTableExportView(TableExportView):
    """A table of one model's own fields: `fields` maps each column to a values_list() lookup.
    For the small resources (places, sources, actors); events have their read model."""

    fields: dict[str, str] = {}

    def available_columns(self) -> Sequence[str]:
        return tuple(self.fields)

    def row_chunks(self, queryset, columns):
        rows = queryset.values_list(*(self.fields[name] for name in columns))
        chunk = []
        for row in rows.iterator(chunk_size=CHUNK_SIZE):
            chunk.append(row)
            if len(chunk) == CHUNK_SIZE:
                yield chunk
                chunk = []
        if chunk:
            yield chunk
