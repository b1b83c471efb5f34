"""project.filtering.FilterSet: one form class per FilterSet (unless a filter needs the request),\nshallow copies of filters and fields per request, and no filtering on empty values."""

from datetime import date
from types import SimpleNamespace

import pytest
from django_filters import rest_framework as filters

from places.filters import PlaceFilter
from places.models import Place
from project.filtering import FilterSet, is_empty
from timeline.filters import ActorFilter, BBoxFilter, EventFilter
from timeline.models import Actor, Event, EventType


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


def test_each_request_gets_its_own_filters_bound_to_it():
    first, second = EventFilter({}), EventFilter({})
    for name, declared in EventFilter.base_filters.items():
        mine, theirs = first.filters[name], second.filters[name]
        assert mine is not declared and mine is not theirs
        assert mine.parent is first and theirs.parent is second
    assert not hasattr(EventFilter.base_filters["bbox"], "parent")


def test_a_method_filter_calls_the_method_of_its_own_request(db):
    seen = []

    class Spy(EventFilter):
        def filter_actor(self, queryset, name, value):
            seen.append(self)
            return queryset

    actor = Actor.objects.create(name="spy", kind="person")
    for data in ({"actor": actor.pk}, {"actor": actor.pk}):
        filterset = Spy(data, queryset=Event.objects.all())
        assert filterset.is_valid(), filterset.errors
        assert not filterset.qs.exists()
        assert seen[-1] is filterset
    assert len(seen) == 2


def test_a_form_may_change_its_fields_without_touching_the_next_form():
    first = EventFilter({}).form
    first.fields["bbox"].required = True
    first.fields["bbox"].label = "changed"
    second = EventFilter({}).form
    assert second.fields["bbox"] is not first.fields["bbox"]
    assert not second.fields["bbox"].required
    assert second.fields["bbox"].label != "changed"


def test_empty_values_are_not_filtered(db, monkeypatch):
    def refuse(self, qs, value):
        raise AssertionError(f"{self.field_name} filtered with {value!r}")

    monkeypatch.setattr(filters.ModelMultipleChoiceFilter, "filter", refuse)
    monkeypatch.setattr(BBoxFilter, "filter", refuse)
    filterset = EventFilter({"bbox": "", "type": []}, queryset=Event.objects.all())
    assert filterset.is_valid(), filterset.errors
    assert str(filterset.qs.query) == str(Event.objects.all().query)


def test_values_are_filtered(db):
    EventType.objects.get_or_create(slug="arrest", defaults={"label": "Arrest"})
    filterset = EventFilter({"type": ["arrest"], "bbox": "1,2,3,4"}, queryset=Event.objects.all())
    assert filterset.is_valid(), filterset.errors
    sql = str(filterset.qs.query)
    assert "type_id" in sql and "longitude" in sql


@pytest.mark.parametrize(
    ("value", "empty"),
    [
        (None, True),
        ("", True),
        ([], True),
        ((), True),
        ({}, True),
        (False, False),
        (0, False),
        ("x", False),
        ([1], False),
        (date(2022, 1, 1), False),
    ],
)
def test_is_empty(value, empty):
    assert is_empty(value) is empty


def test_an_empty_queryset_is_empty_without_a_query(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        assert is_empty(EventType.objects.none())
        assert not is_empty(EventType.objects.filter(slug="arrest"))


def test_each_request_writes_into_its_own_filters_extra():
    """django-filter writes a callable queryset's answer for the request into the filter's
    `extra`: the declaration and the other requests must not see it."""

    class PerRequest(FilterSet):
        parent = filters.ModelChoiceFilter(
            queryset=lambda request: Place.objects.filter(name=request.name)
        )

        class Meta:
            model = Place
            fields = []

    first = PerRequest({}, request=SimpleNamespace(name="first"))
    second = PerRequest({}, request=SimpleNamespace(name="second"))
    assert first.form.fields["parent"].queryset.query.where is not None
    second.form  # noqa: B018 (building the form is what writes into extra)
    assert "first" in str(first.filters["parent"].extra["queryset"].query)
    assert "second" in str(second.filters["parent"].extra["queryset"].query)
    assert callable(PerRequest.base_filters["parent"].extra["queryset"])


def test_each_form_has_its_own_model_choice_queryset(db):
    first, second = EventFilter({}).form, EventFilter({}).form
    for name in ("type", "place", "actor", "source"):
        assert first.fields[name].queryset is not second.fields[name].queryset
    list(first.fields["actor"].queryset)
    assert second.fields["actor"].queryset._result_cache is None
    assert EventFilter({}).form.fields["actor"].queryset._result_cache is None


def test_a_filter_that_returns_no_queryset_is_an_error(db):
    class Broken(EventFilter):
        def filter_actor(self, queryset, name, value):
            return None

    actor = Actor.objects.create(name="spy", kind="person")
    filterset = Broken({"actor": actor.pk}, queryset=Event.objects.all())
    assert filterset.is_valid(), filterset.errors
    with pytest.raises(TypeError, match="Broken.actor returned None"):
        filterset.qs  # noqa: B018
