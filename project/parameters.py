"""Every query parameter must be one the view reads. A misspelt name (`typ=detention`) would
otherwise be ignored, and the whole unfiltered list would look like the filtered answer.

What a view reads is derived from what already validates it, never listed a second time: its
FilterSet's filters, its paginator's parameters (as the schema documents them), DRF's `format`,
and the fields of the form or serializer its `options_class` names, the one it validates its
own options with."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping

from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

ERROR_UNKNOWN_PARAMETER = "Unknown parameter. Did you mean {suggestion}?"
ERROR_UNKNOWN_PARAMETER_KNOWN = "Unknown parameter. This endpoint takes: {known}."
# difflib's default, 0.6, offered near for search and format for from_date.
SIMILARITY = 0.7


def declared_parameters(declaration) -> set[str]:
    """The query parameters a form or serializer class reads: its fields' names."""
    if declaration is None:
        return set()
    if issubclass(declaration, forms.BaseForm):
        return set(declaration.base_fields)
    return set(declaration().fields)  # a serializer builds its fields per instance


def filterset_parameters(filterset_class) -> set[str]:
    """The query parameters a FilterSet reads; a range filter's widget reads one per suffix.
    Read from the filters' declarations: building their fields here would cache them on the
    class's filters, which every request's FilterSet copies."""
    names = set()
    for name, declared in filterset_class.base_filters.items():
        widget = declared.extra.get("widget") or declared.field_class.widget
        suffixes = getattr(widget, "suffixes", None)
        if suffixes:
            names.update(f"{name}_{suffix}" if suffix else name for suffix in suffixes)
        else:
            names.add(name)
    return names


def known_parameters(view, filterset_class=None) -> set[str]:
    """Every query parameter `view` reads, with `filterset_class`'s filters if it has one."""
    known = {api_settings.URL_FORMAT_OVERRIDE} - {None}
    known |= declared_parameters(getattr(view, "options_class", None))
    if filterset_class is not None:
        known |= filterset_parameters(filterset_class)
    paginator = getattr(view, "paginator", None)
    if paginator is not None:
        known |= {
            parameter["name"] for parameter in paginator.get_schema_operation_parameters(view)
        }
    return known


def unknown_parameter_message(name: str, known: Iterable[str]) -> str:
    """Why `name` was refused: the known name it most likely misspells, or all of them."""
    known = sorted(known)
    close = difflib.get_close_matches(name, known, n=1, cutoff=SIMILARITY) or (
        difflib.get_close_matches(name.lower(), known, n=1, cutoff=SIMILARITY)
    )
    if close:
        return ERROR_UNKNOWN_PARAMETER.format(suggestion=close[0])
    return ERROR_UNKNOWN_PARAMETER_KNOWN.format(known=", ".join(known))


def check_parameters(request, known: Iterable[str]) -> None:
    """A 400 naming every query parameter of `request` that is not in `known`."""
    check_names(request.query_params, known)


def check_names(names: Iterable[str], known: Iterable[str]) -> None:
    """A 400 naming every one of `names` (parameters, or a JSON body's keys) not in `known`."""
    known = set(known)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValidationError({name: [unknown_parameter_message(name, known)] for name in unknown})


class KnownParametersFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that first refuses a query parameter the view does not read."""

    def filter_queryset(self, request, queryset, view):
        check_parameters(request, known_parameters(view, self.get_filterset_class(view, queryset)))
        return super().filter_queryset(request, queryset, view)


class KnownParametersMixin:
    """The same check for a view that filters nothing but reads query parameters (the fields of
    its `options_class`), made once the request is authenticated and allowed."""

    options_class = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_parameters(request, known_parameters(self))


def form_data(body: Mapping) -> dict:
    """A JSON body's filters as a query string would give them to a form: numbers and booleans
    as their JSON text (so that `"from": 20220101` is refused as a day, not a crash in a field
    that reads text), a list item by item; strings, nulls and objects (a GeoJSON polygon) as
    they are."""
    return {name: _form_value(value) for name, value in body.items()}


def _form_value(value):
    if isinstance(value, list):
        return [_form_value(item) for item in value]
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return value
