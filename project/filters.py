"""Filter building blocks that know no app: strict booleans, ids, text search. Each turns bad
input into a form error, which DjangoFilterBackend answers with a 400 naming the parameter."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.text import format_lazy
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


ERROR_ISO_DAY = "Enter a day as YYYY-MM-DD (ISO 8601), e.g. 2022-06-01."
ERROR_ID = (
    "Give the id of one {name}, a whole number, as {list_url} lists them "
    "(search by name there with ?q=)."
)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ERROR_SLUG = "{value} is not one of the {name}s: {choices}."


class IsoDateField(forms.DateField):
    """A day written YYYY-MM-DD, and only so. Django's default input formats also read
    01/06/2022, month first, as 6 January: a European reader meaning 1 June would get another
    window without a word. (strptime alone would also take 2022-6-1.)"""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": ERROR_ISO_DAY}

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not ISO_DAY.fullmatch(value.strip()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IsoDateFilter(filters.DateFilter):
    field_class = IsoDateField


class IdFilter(filters.ModelChoiceFilter):
    """A related record by id; an unknown id is a 400 that says what to give, not an empty
    list. The message never tells whether a record with that id exists."""

    def __init__(self, *args, **kwargs):
        meta = kwargs["queryset"].model._meta
        list_url = reverse_lazy(f"{meta.model_name}-list")  # the router's name for the list
        message = format_lazy(ERROR_ID, name=meta.verbose_name, list_url=list_url)
        kwargs.setdefault("error_messages", {"invalid_choice": message})
        super().__init__(*args, **kwargs)


class SlugChoiceField(filters.ModelMultipleChoiceFilter.field_class):
    """Records by slug: an unknown one is an error that lists the slugs there are."""

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
            slugs = self.queryset.values_list(self.to_field_name, flat=True)
            message = ERROR_SLUG.format(
                value=error.params["value"],
                name=self.queryset.model._meta.verbose_name,
                choices=", ".join(slugs),
            )
            raise user_error(message) from None


class SlugChoicesFilter(filters.ModelMultipleChoiceFilter):
    field_class = SlugChoiceField


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
