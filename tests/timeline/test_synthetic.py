import random

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from places.models import Place
from timeline import dates, synthetic
from timeline.models import Actor, Citation, Event, EventActor, Figure, Source

EVENTS = 400


@pytest.fixture
def generated(db):
    return synthetic.generate(events=EVENTS, seed=11)


def synthetic_events():
    return Event.objects.filter(title__startswith=synthetic.TITLE_PREFIX)


def test_counts(generated):
    events = synthetic_events()
    assert events.count() == EVENTS == generated.events
    assert Citation.objects.filter(event__in=events).count() == generated.citations
    assert EventActor.objects.filter(event__in=events).count() == generated.event_actors
    assert Figure.objects.filter(event__in=events).count() == generated.figures
    per_event = events.annotate(
        n_citations=Count("citations", distinct=True), n_actors=Count("event_actors", distinct=True)
    )
    assert {row.n_citations for row in per_event} == {1, 2, 3, 4}
    assert {row.n_actors for row in per_event} == {1, 2, 3}
    assert 0 < generated.figures < EVENTS
    assert Source.objects.filter(outlet=synthetic.OUTLET).count() == synthetic.source_pool_size(
        EVENTS
    )


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
        info = dates.parse(event.date)
        assert (event.earliest, event.latest, event.precision) == (
            info.earliest,
            info.latest,
            info.precision,
        )
        assert event.precision_rank == dates.PRECISION_RANK[info.precision]
        assert (event.approximate, event.uncertain) == (info.approximate, info.uncertain)


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
    for citation in Citation.objects.filter(contradicts__isnull=False):
        assert citation.contradicts_id != citation.source_id
        assert citation.event.citations.filter(source_id=citation.contradicts_id).exists()
        assert citation.event.confidence == Event.Confidence.DISPUTED


def test_same_seed_same_data_and_reset_removes_only_synthetic_rows(dataset):
    before = {model: model.objects.count() for model in (Event, Source, Actor, Citation, Place)}
    synthetic.generate(events=150, seed=3)
    first = synthetic.digest()
    deleted = synthetic.reset()
    assert deleted["event"] == 150
    assert {model: model.objects.count() for model in before} == before
    synthetic.generate(events=150, seed=3, batch_size=40)
    assert synthetic.digest() == first
    synthetic.reset()
    synthetic.generate(events=150, seed=4)
    assert synthetic.digest() != first


def test_command_refuses_to_mix_runs_unless_told(db):
    call_command("generate_synthetic", events=30, seed=1, verbosity=0)
    with pytest.raises(CommandError, match="already holds synthetic data \\(30 events\\)"):
        call_command("generate_synthetic", events=30, seed=1, verbosity=0)
    call_command("generate_synthetic", events=20, seed=1, append=True, verbosity=0)
    assert synthetic.synthetic_event_count() == 50
    assert synthetic_events().values("title").distinct().count() == 50
    call_command("generate_synthetic", events=10, seed=1, reset=True, verbosity=0)
    assert synthetic.synthetic_event_count() == 10


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"events": 0}, synthetic.ERROR_EVENTS),
        ({"events": 5, "append": True, "reset": True}, "Give --append or --reset, not both."),
    ],
)
def test_command_rejects_bad_options(db, options, message):
    with pytest.raises(CommandError, match=message.replace(".", "\\.")):
        call_command("generate_synthetic", verbosity=0, **options)


def test_command_reports_progress_and_totals(db, capsys):
    call_command("generate_synthetic", events=25, seed=2, batch_size=10)
    out = capsys.readouterr().out
    assert "events 10/25 (40%)" in out
    assert "events 25/25 (100%)" in out
    assert "25 events," in out
