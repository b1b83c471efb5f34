"""project.filtering.FilterSet: one form class per FilterSet, unless a filter needs the request."""

from django_filters import rest_framework as filters

from places.filters import PlaceFilter
from places.models import Place
from project.filtering import FilterSet
from timeline.filters import ActorFilter, EventFilter


def test_each_filterset_builds_its_form_class_once():
    first, second = EventFilter({}), EventFilter({"bbox": "1,2,3,4"})
    assert first.get_form_class() is second.get_form_class()
    assert EventFilter({}).get_form_class() is not ActorFilter({}).get_form_class()
    assert PlaceFilter({}).get_form_class() is PlaceFilter({}).get_form_class()


def test_the_cached_form_still_validates_each_request_on_its_own(db):
    assert EventFilter({"bbox": "1,2,3,4"}).is_valid()
    invalid = EventFilter({"bbox": "nonsense"})
    assert not invalid.is_valid()
    assert "bbox" in invalid.errors
    assert EventFilter({"bbox": "1,2,3,4"}).is_valid()


def test_a_filter_that_needs_the_request_keeps_a_form_class_per_request():
    class PerRequest(FilterSet):
        parent = filters.ModelChoiceFilter(queryset=lambda request: Place.objects.all())

        class Meta:
            model = Place
            fields = []

    assert PerRequest({}).get_form_class() is not PerRequest({}).get_form_class()
