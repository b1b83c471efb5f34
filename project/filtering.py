"""The FilterSet every endpoint's filters derive from."""

from django_filters import rest_framework as filters


class FilterSet(filters.FilterSet):
    """django-filter's FilterSet, with its form class built once per FilterSet class.

    django-filter builds a new form class on every request, one form field per filter, which
    took about a third of an event page's fixed cost (bench/RESULTS.md). The fields depend only
    on the filters' declarations here, so one class serves every request; each form still
    deep-copies its fields, as every Django form does. A filter whose queryset is a callable
    (django-filter calls it with the request) makes fields per request, and such a FilterSet
    is left to build its class each time.
    """

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            if not any(callable(getattr(f, "queryset", None)) for f in self.filters.values()):
                cls._form_class = form_class
        return form_class
