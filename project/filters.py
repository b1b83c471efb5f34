"""Filter building blocks that know no app: strict booleans, ids, text search. Each turns bad
input into a form error, which DjangoFilterBackend answers with a 400 naming the parameter."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django_filters import rest_framework as filters

ERROR_BOOLEAN = "Use true or false."
ERROR_MOMENT_RANGE = "This moment is out of range."


def user_error(error: Exception) -> ValidationError:
    """A ValidationError for a message that may quote the user's input: a '%' in it must not be
    read as a format directive (django-filter formats messages with their params)."""
    return ValidationError("%(message)s", params={"message": str(error)})


class StrictBooleanField(forms.NullBooleanField):
    """true/false/1/0/yes/no; anything else is an error, not silently 'unset'."""

    TRUE, FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValidationError(ERROR_BOOLEAN)

    def validate(self, value):
        pass


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)  # the default widget turns junk into None
        super().__init__(*args, **kwargs)


class IdFilter(filters.ModelChoiceFilter):
    """A related record by id; an unknown id is a 400, not an empty list."""


class TextSearchFilter(filters.CharFilter):
    """Case-insensitive text in any of the record's own `fields`."""

    def __init__(self, *args, fields: tuple[str, ...], **kwargs):
        kwargs.setdefault("max_length", settings.SEARCH_MAX_LENGTH)
        super().__init__(*args, **kwargs)
        self.fields = fields

    def condition(self, value: str) -> Q:
        condition = Q()
        for field in self.fields:
            condition |= Q(**{f"{field}__icontains": value})
        return condition

    def filter(self, qs, value):
        return qs.filter(self.condition(value)) if value else qs


class UtcDateTimeField(filters.IsoDateTimeFilter.field_class):
    """An ISO 8601 date-time, turned to UTC before any query: an offset Python accepts (up to
    ±23:59) may be one PostgreSQL refuses (beyond ±15:59), which would fail the query itself."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(dt.UTC)
        except OverflowError:  # 0001-01-01T00:00+01:00 is before year 1 in UTC
            raise ValidationError(ERROR_MOMENT_RANGE, code="invalid") from None


class UpdatedSinceFilter(filters.IsoDateTimeFilter):
    """Records changed at or after a moment: with the deletions feed, what a copy of the data
    needs to stay in sync without downloading everything again."""

    field_class = UtcDateTimeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "updated_at")
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault(
            "label",
            "Only records changed at or after this moment, an ISO 8601 date-time such as "
            "2024-05-01T00:00:00Z (UTC when it has no offset): for keeping a copy in sync",
        )
        super().__init__(*args, **kwargs)
