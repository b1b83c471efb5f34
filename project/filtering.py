"""The FilterSet every endpoint's filters derive from."""

from django_filters import rest_framework as filters


class FilterSet(filters.FilterSet):
    """django-filter's FilterSet, with its form class built once per FilterSet class.

    django-filter builds a new form class on every request, one form field per filter, which
    took about a third of an event page's fixed cost (bench/RESULTS.md). The fields depend only
    on the filters' declarations here, never on the request, so one class serves every request;
    each form still deep-copies its fields, as every Django form does.
    """

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            cls._form_class = form_class
        return form_class
