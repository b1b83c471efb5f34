import random

import pytest
from django.db.models import Count

from bench import synthetic
from places.models import Place
from timeline.models import Actor, Citation, Event, EventActor, Figure, Source

EVENTS = 400


@pytest.fixture
def generated(db):
    return synthetic.generate(events=EVENTS, seed=11)


def synthetic_events():
    return Event.objects.filter(title__startswith=synthetic.TITLE_PREFIX)


def fingerprint() -> list[tuple]:
    """The synthetic events by content (ids differ between runs)."""
    rows = synthetic_events().order_by("title")
    return list(rows.values_list("title", "date", "place__geonames_id", "visibility", "summary"))


def test_counts(generated):
    events = synthetic_events()
    rows = (
        events.count()
        + Citation.objects.filter(event__in=events).count()
        + EventActor.objects.filter(event__in=events).count()
        + Figure.objects.filter(event__in=events).count()
    )
    assert events.count() == EVENTS
    assert rows == generated
    per_event = events.annotate(
        n_citations=Count("citations", distinct=True), n_actors=Count("event_actors", distinct=True)
    )
    assert {row.n_citations for row in per_event} == {1, 2, 3, 4}
    assert {row.n_actors for row in per_event} == {1, 2, 3}
    assert 0 < Figure.objects.filter(event__in=events).count() < EVENTS
    sources = Source.objects.filter(outlet=synthetic.OUTLET)
    assert sources.count() == synthetic.source_pool_size(EVENTS)


def test_mix_of_precisions_places_and_visibility(generated):
    events = synthetic_events()
    assert set(events.values_list("precision", flat=True)) >= {
        "day",
        "week",
        "month",
        "season",
        "year",
        "open",
    }
    assert events.filter(approximate=True).exists()
    assert events.filter(uncertain=True).exists()
    assert events.filter(date__startswith="[..").exists()
    assert 0 < events.filter(place__isnull=True).count() < EVENTS * 0.2
    restricted = events.filter(visibility=Event.Visibility.RESTRICTED).count()
    assert 0 < restricted < EVENTS * 0.12
    assert events.filter(confidence=Event.Confidence.CORROBORATED).exists()
    assert events.filter(earliest__year__lt=2022).exists()  # "[..date]" reaches 10 years back
    assert events.filter(latest__year__gt=2026).exists()  # "date/" reaches 10 years on
    assert not events.filter(earliest__year__gt=2026).exists()


def test_derived_dates_match_what_save_derives(generated):
    for event in synthetic_events()[:200]:
        derived = Event(date=event.date)
        derived.set_dates()
        for field in synthetic.DATE_FIELDS:
            assert getattr(event, field) == getattr(derived, field)


def test_sample_passes_full_clean(generated):
    rng = random.Random(0)
    ids = list(synthetic_events().values_list("id", flat=True))
    for event in Event.objects.filter(id__in=rng.sample(ids, 60)):
        event.full_clean()
        for citation in event.citations.all():
            citation.full_clean()
        for role in event.event_actors.all():
            role.full_clean()
        for figure in event.figures.all():
            figure.full_clean()
    for source in Source.objects.filter(outlet=synthetic.OUTLET)[:20]:
        source.full_clean()
    for place in Place.objects.filter(geocode_query=synthetic.PLACE_QUERY)[:50]:
        place.full_clean()
        assert place.country_code == "UA" and place.geonames_id
        assert place.admin1 in synthetic.UA_ADMIN1.values()


def test_provenance_links_and_contradictions_are_consistent(db):
    synthetic.generate(events=EVENTS, seed=5)
    sources = Source.objects.filter(outlet=synthetic.OUTLET)
    assert sources.filter(copy_of__isnull=False).exists()
    contradicting = Citation.objects.filter(contradicts__isnull=False, event__in=synthetic_events())
    assert contradicting.exists()
    for citation in contradicting:
        assert citation.contradicts_id != citation.source_id
        assert citation.event.citations.filter(source_id=citation.contradicts_id).exists()
        assert citation.event.confidence == Event.Confidence.DISPUTED


def test_same_seed_same_data_and_reset_removes_only_synthetic_rows(dataset):
    before = {model: model.objects.count() for model in (Event, Source, Actor, Citation, Place)}
    synthetic.generate(events=150, seed=3)
    first = fingerprint()
    assert synthetic.reset() == 150
    assert {model: model.objects.count() for model in before} == before
    synthetic.generate(events=150, seed=3, batch_size=40)
    assert fingerprint() == first
    synthetic.reset()
    synthetic.generate(events=150, seed=4)
    assert fingerprint() != first


def test_ensure_reuses_the_same_size_and_replaces_another(db):
    messages = []
    assert synthetic.ensure(30, seed=1, say=messages.append)
    assert not synthetic.ensure(30, seed=1, say=messages.append)
    assert synthetic.ensure(10, seed=1, say=messages.append)
    assert synthetic_events().count() == 10
    assert "replacing 30 synthetic events" in messages
    assert messages[0].startswith("events 30/30, ")


def test_no_events_is_refused(db):
    with pytest.raises(ValueError, match="at least 1"):
        synthetic.generate(events=0)


def test_copies_repeat_every_event_with_its_rows_under_new_ids(db):
    assert synthetic.ensure(90, seed=2, generated=30, say=lambda text: None)
    events = synthetic_events()
    originals = events.exclude(title__contains="(copy ")
    assert (events.count(), originals.count()) == (90, 30)
    for copy in (1, 2):
        copies = events.filter(title__endswith=f"(copy {copy})")
        assert sorted(copies.values_list("date", "place_id")) == sorted(
            originals.values_list("date", "place_id")
        )
        assert Citation.objects.filter(event__in=copies).count() == (
            Citation.objects.filter(event__in=originals).count()
        )
        assert EventActor.objects.filter(event__in=copies).count() == (
            EventActor.objects.filter(event__in=originals).count()
        )
    after = Event(title="after the copies", date="2024", type_id="other")
    after.set_dates()
    after.save()  # the id sequence was moved past the copies
    assert not synthetic.ensure(90, seed=2, generated=30)
