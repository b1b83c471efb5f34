"""The FilterSet every endpoint's filters derive from."""

import copy

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from django_filters.constants import EMPTY_VALUES
from django_filters.filters import FilterMethod


class FilterSet(filters.FilterSet):
    """django-filter's FilterSet, with the per-request work it repeats for nothing taken out.

    Measured on the event list (bench/RESULTS.md), these were most of a request's fixed cost:

    - **The form class.** django-filter builds a new one on every request, one form field per
      filter. The fields depend only on the filters' declarations here, so one class serves
      every request. A filter whose queryset is a callable (django-filter calls it with the
      request) makes fields per request, and such a FilterSet builds its class each time.
    - **Deep copies.** Each request deep-copies every declared filter, and each form every
      field. A filter's or field's queryset is deep-copied down to its SQL tree: 600 copies
      per event request. The copies keep what a request changes on its filters and fields to
      that request; `_Filters` and `_Fields` copy just those parts.
    - **Empty values.** Every filter here returns the queryset unchanged for an empty value,
      but django-filter still calls each one, and a multiple-choice filter then evaluates the
      empty queryset its field returns (a compiled query, to learn it is empty).
    """

    def __init__(self, *args, **kwargs):
        cls = type(self)
        if not isinstance(cls.__dict__.get("base_filters"), _Filters):
            cls.base_filters = _Filters(cls.base_filters)
        super().__init__(*args, **kwargs)

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = _Fields(form_class.base_fields)
            if not any(callable(getattr(f, "queryset", None)) for f in self.filters.values()):
                cls._form_class = form_class
        return form_class

    def filter_queryset(self, queryset):
        for name, value in self.form.cleaned_data.items():
            if not is_empty(value):
                queryset = self.filters[name].filter(queryset, value)
                if not isinstance(queryset, QuerySet):  # as django-filter checks
                    raise TypeError(f"{type(self).__name__}.{name} returned {queryset!r}")
        return queryset


def is_empty(value) -> bool:
    """A filter value that asks for no filtering: django-filter's empty values, or the empty
    queryset a multiple-choice field cleans nothing to (tested without a query)."""
    if isinstance(value, QuerySet):
        return value.query.is_empty()
    return value in EMPTY_VALUES


class _Filters(dict):
    """A FilterSet's declared filters, which each request copies as django-filter does, but
    shallowly: each copy gets its own attributes (django-filter sets `parent` and `model`) and
    its own `extra` dict (django-filter writes the request's queryset into it for a filter
    whose queryset is a callable, and an AllValuesFilter its choices). A filter given
    `method=` holds a FilterMethod pointing back at the filter; the copy gets its own, or it
    would find its method on the declaration's parent rather than on this request's FilterSet.
    Everything else a filter holds is set when it is declared and only read afterwards."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, declared in self.items():
            filter_ = copy.copy(declared)
            filter_.extra = dict(declared.extra)
            if isinstance(declared.__dict__.get("filter"), FilterMethod):
                filter_.filter = FilterMethod(filter_)
            copies[name] = filter_
        return copies


class _Fields(dict):
    """A filter form's fields, which each form copies as every Django form does, so that what a
    form changes on its fields stays its own. A field with a queryset (a model choice) gets
    Django's own deep copy: its own queryset, whose cache a form may fill, and its own widget.
    Any other field is copied shallowly and shares its widget: validating and rendering a
    filter form only read a widget (nothing installed here, such as crispy-forms, writes to
    one)."""

    def __deepcopy__(self, memo):
        return {
            name: copy.deepcopy(field, memo) if hasattr(field, "queryset") else copy.copy(field)
            for name, field in self.items()
        }
