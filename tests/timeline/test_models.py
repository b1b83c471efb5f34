import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from places.models import Place
from tests.factories import EventFactory, PlaceFactory, SourceFactory
from timeline.models import Citation, Event, Figure, Source


def test_saving_an_event_derives_its_bounds(db):
    event = EventFactory(date="2022-03-07/2022-04-01")
    event.refresh_from_db()
    assert (str(event.earliest), str(event.latest), event.precision) == (
        "2022-03-07",
        "2022-04-01",
        "month",
    )
    assert event.label == "7 March – 1 April 2022"


def test_full_clean_names_the_date_field(db):
    event = Event(title="x", type_id="detention", date="end of March")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "date" in error.value.message_dict
    assert "not a valid EDTF date" in error.value.message_dict["date"][0]


def test_database_refuses_earliest_after_latest(db):
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(earliest="2023-01-01")


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(91, 0), (-91, 0), (0, 181), (0, -181)],
)
def test_database_refuses_coordinates_out_of_range(db, latitude, longitude):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlaceFactory(latitude=latitude, longitude=longitude)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"latitude": 95, "longitude": 10}, "latitude", "latitude -90..90"),
        ({"latitude": 45}, "latitude", "both latitude and longitude"),
        (
            {
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]],
                }
            },
            "geometry",
            "not valid",
        ),
        (
            {"geometry": {"type": "Point", "coordinates": [200, 0]}},
            "geometry",
            "longitude -180..180",
        ),
        ({"geometry": {"type": "Circle"}}, "geometry", "Geometry type must be"),
    ],
)
def test_place_validation_names_the_field(db, fields, field, message):
    place = Place(name="Somewhere", **fields)
    with pytest.raises(ValidationError) as error:
        place.full_clean()
    assert message in " ".join(error.value.message_dict[field])


def test_place_geometry_is_stored_right_hand_wound(db):
    clockwise = [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]
    place = Place(name="Area", kind="area", geometry={"type": "Polygon", "coordinates": clockwise})
    place.full_clean()
    ring = place.geometry["coordinates"][0]
    signed_area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))
    assert signed_area > 0  # counter-clockwise exterior


def test_place_cannot_be_inside_its_own_child(db):
    town = PlaceFactory()
    prison = PlaceFactory(kind="facility", parent=town)
    town.parent = prison
    with pytest.raises(ValidationError, match="own children"):
        town.full_clean()


def test_source_is_never_its_own_copy(db):
    source = SourceFactory()
    source.copy_of = source
    with pytest.raises(ValidationError, match="copy of itself"):
        source.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(copy_of=source.pk)


def test_source_published_bounds(db):
    source = SourceFactory(published="2022-08-03")
    assert str(source.published_earliest) == str(source.published_latest) == "2022-08-03"
    assert source.published_label == "3 August 2022"
    assert SourceFactory(published="").published_label == ""
    source.published = "August"
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "published" in error.value.message_dict


def test_figure_range_is_checked_in_python_and_database(db):
    event, source = EventFactory(), SourceFactory()
    figure = Figure(event=event, source=source, counted="soldiers", value_min=10, value_max=5)
    with pytest.raises(ValidationError, match="smallest value"):
        figure.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        figure.save()


def test_citation_cannot_contradict_its_own_source(db):
    event, source = EventFactory(), SourceFactory()
    citation = Citation(event=event, source=source, contradicts=source)
    with pytest.raises(ValidationError, match="contradict"):
        citation.full_clean()


def test_visible_to_hides_restricted_events_from_anonymous(db, reader):
    public = EventFactory()
    restricted = EventFactory(visibility="restricted")
    made = Event.objects.filter(pk__in=[public.pk, restricted.pk])
    assert list(made.visible_to(AnonymousUser())) == [public]
    assert set(made.visible_to(reader)) == {public, restricted}


def test_overlapping_matches_any_possible_day(db):
    june, august = EventFactory(date="2022-06"), EventFactory(date="2022-08")
    made = Event.objects.filter(pk__in=[june.pk, august.pk])
    assert list(made.overlapping("2022-06-30", "2022-07-15")) == [june]
    assert list(made.overlapping(None, "2022-05-31")) == []


def test_in_bbox(db):
    inside = EventFactory(place=PlaceFactory(latitude=49.20697, longitude=37.27679))
    outside = EventFactory(place=PlaceFactory(latitude=-33.9, longitude=18.4))
    made = Event.objects.filter(pk__in=[inside.pk, outside.pk])
    assert list(made.in_bbox((37, 49, 38, 50))) == [inside]
