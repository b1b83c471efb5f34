"""The shipped dataset says what the five reports say, no more and no less.

Every expectation below is written from the brief (`../shared/dataset-brief.md`, issue #16), not
read from the fixtures: a fixture edit that drifts from the reports fails here.
"""

import datetime as dt

import pytest

from places.models import Place
from timeline.models import Actor, Citation, Event, Figure, Source

R1, R2, R3, R4, R5 = 1, 2, 3, 4, 5
NOT_BEFORE = dt.date(2022, 1, 1)  # no report speaks of anything earlier
OPEN = None  # the report bounds the start only: the stored date must leave the end open

# Event id -> (the sources it cites, the earliest day they allow, the latest day they allow).
# R4 (3 August 2022) bounds its undated facts by the first refusals at the end of March 2022;
# R1 (no date printed, on or before 13 December 2022) bounds its own by the invasion (February
# 2022) or the mobilisation (September 2022); R5 gives starts and no ends.
R4_WINDOW = (dt.date(2022, 3, 1), dt.date(2022, 8, 3))
EVENT_WINDOWS = {
    1: ({R1}, dt.date(2022, 2, 1), dt.date(2022, 2, 28)),  # E1: February 2022
    2: ({R5}, dt.date(2022, 3, 7), dt.date(2022, 4, 1)),  # E2: battle of Izium
    3: ({R4}, dt.date(2022, 3, 1), dt.date(2022, 3, 31)),  # E3: end of March 2022
    4: ({R5}, dt.date(2022, 6, 1), dt.date(2022, 6, 30)),  # E4: June 2022
    5: ({R5}, dt.date(2022, 6, 1), OPEN),  # E5: from June 2022, end unknown
    6: ({R5}, dt.date(2022, 6, 1), OPEN),  # E6: after E5, no date given
    7: ({R5}, dt.date(2022, 6, 1), dt.date(2022, 7, 31)),  # E7: June-July 2022
    8: ({R4}, dt.date(2022, 7, 1), dt.date(2022, 7, 31)),  # E8: early July 2022
    9: ({R4}, *R4_WINDOW),  # E9: the complaint
    10: ({R4}, *R4_WINDOW),  # E10: Brianka
    11: ({R1, R3}, dt.date(2022, 7, 1), dt.date(2022, 12, 13)),  # E11: deployed in July
    12: ({R1, R3}, dt.date(2022, 2, 1), dt.date(2022, 12, 31)),  # E12: 2022-02/2022-12
    13: ({R1}, dt.date(2022, 9, 1), dt.date(2022, 9, 30)),  # E13: September 2022
    14: ({R1, R3}, dt.date(2022, 12, 1), dt.date(2022, 12, 13)),  # E14: early December
    15: ({R4}, *R4_WINDOW),  # the complaint's sites (E9)
    16: ({R4}, *R4_WINDOW),
    17: ({R4}, *R4_WINDOW),
    18: ({R4}, *R4_WINDOW),
    19: ({R4}, *R4_WINDOW),
    20: ({R1}, dt.date(2022, 2, 1), dt.date(2022, 12, 13)),  # Popova: before R1
    21: ({R1}, dt.date(2022, 7, 1), dt.date(2022, 12, 13)),  # Andrei's disappearance
    22: ({R4}, *R4_WINDOW),  # parents travel to Donbas
    23: ({R4}, *R4_WINDOW),  # Krivenko on Luhansk prisons
    24: ({R4}, *R4_WINDOW),  # refusers kept from leaving, held in the LPR
    25: ({R4}, *R4_WINDOW),  # refusers withdraw under pressure
    26: ({R4}, *R4_WINDOW),  # publishing can be punished
    27: ({R5}, dt.date(2022, 6, 1), OPEN),  # Yuri's call
    28: ({R5}, dt.date(2022, 6, 1), OPEN),  # transfers to special units
    29: ({R5}, dt.date(2022, 6, 1), OPEN),  # Maxime's search
    30: ({R5}, dt.date(2022, 7, 1), OPEN),  # R5's army-wide estimate
    31: ({R1}, dt.date(2022, 2, 1), dt.date(2022, 12, 31)),  # Stas's battle
    32: ({R1}, dt.date(2022, 9, 1), dt.date(2022, 12, 13)),  # cellars and basements
    33: ({R1}, dt.date(2022, 9, 1), dt.date(2022, 12, 13)),  # no equipment or training
    34: ({R1}, dt.date(2022, 2, 1), dt.date(2022, 9, 30)),  # Putin's earlier promise
}

# Only the Buryatia counts disagree between claimants; R3 is a derivative of R1, so its errors
# are no independent dispute.
DISPUTED = {8}

# (event, the figure as stated, who claims it (None: the reporting source's own), who reports it)
FIGURES = {
    (8, "about 500", "Free Buryatia Foundation", R4),
    (8, "1,793", "Verstka", R4),
    (7, "more than 378", "205th Motorized Rifle Brigade", R5),
    (7, "more than 378", "11th Airborne Assault Brigade", R5),
    (30, "several hundred, maybe several thousand", None, R5),
    (21, "five", "Oxana", R1),
    (13, "hundreds of thousands", None, R1),
}

PSEUDONYMS = {"Sergei", "Stas", "Andrei", "Oxana", "Yuri", "Maxime"}
PUBLIC_FIGURES = {
    "Elena Popova",
    "Sergei Krivenko",
    "Alexander Sokurov",
    "Nikolai Svanidze",
    "Vladimir Putin",
}
ORGANISATIONS = {
    "Russian armed forces",
    "Wagner group",
    "205th Motorized Rifle Brigade",
    "11th Airborne Assault Brigade",
    "Free Buryatia Foundation",
    "Verstka",
    "Movement of Conscientious Objectors",
    "Citizens and the Army",
    "Russian Council for Human Rights",
    "Lugansk People's Republic",
}
# Spellings the reports use for a person, kept so a search by either finds them.
ALIASES = {"Yuri": "Youri", "Sergei Krivenko": "Serguei"}

# (event, citing source, the source it contradicts): R3 against R1, three times.
CONTRADICTIONS = {(14, R3, R1), (11, R3, R1), (12, R3, R1)}

# Words the reports do not support, in the events the review found them in.
NOT_IN_THE_REPORTS = {
    4: ["commander", "at the front"],
    6: ["summer"],
    12: ["locked", "officers"],
    20: ["help"],
}
# Facts from outside the reports, in any record.
OUTSIDE_FACTS = ["Presidential", "PMC", "anti-war"]


@pytest.mark.parametrize(("pk", "window"), EVENT_WINDOWS.items())
def test_event_dates_stay_within_what_their_sources_allow(dataset, pk, window):
    sources, earliest, latest = window
    event = Event.objects.get(pk=pk)
    assert set(event.citations.values_list("source_id", flat=True)) == sources
    assert event.earliest >= max(earliest, NOT_BEFORE)
    if latest is OPEN:
        assert event.precision == "open", "the report gives no end; the date must not invent one"
    else:
        assert event.latest <= latest


def test_every_event_is_in_the_table(dataset):
    assert set(Event.objects.values_list("pk", flat=True)) == set(EVENT_WINDOWS)


def test_no_event_or_source_starts_before_2022(dataset):
    assert not Event.objects.filter(earliest__lt=NOT_BEFORE).exists()
    assert not Source.objects.filter(published_earliest__lt=NOT_BEFORE).exists()


def test_every_event_cites_what_supports_it(dataset):
    assert not Event.objects.filter(citations__isnull=True).exists()
    assert not Citation.objects.filter(supports="").exists()


def test_confidence_follows_the_sources(dataset):
    disputed = set(Event.objects.filter(confidence="disputed").values_list("pk", flat=True))
    assert disputed == DISPUTED
    others = Event.objects.exclude(pk__in=DISPUTED)
    assert set(others.values_list("confidence", flat=True)) == {"single_source"}


def test_every_figure_keeps_its_claimant_and_reporter(dataset):
    figures = Figure.objects.select_related("claimed_by")
    found = {
        (f.event_id, f.stated, f.claimed_by.name if f.claimed_by else None, f.source_id)
        for f in figures
    }
    assert found == FIGURES
    assert figures.count() == len(FIGURES)


def test_every_pseudonymous_person_is_flagged(dataset):
    flagged = set(Actor.objects.filter(is_pseudonym=True).values_list("name", flat=True))
    assert flagged == PSEUDONYMS
    named = set(Actor.objects.filter(is_pseudonym=False).values_list("name", flat=True))
    assert named >= PUBLIC_FIGURES | ORGANISATIONS


@pytest.mark.parametrize(("name", "spelling"), ALIASES.items())
def test_the_reports_spellings_are_aliases(dataset, name, spelling):
    aliases = Actor.objects.get(name=name).aliases
    assert any(spelling in alias for alias in aliases)


def test_sources_copies_and_derivations(dataset):
    assert Source.objects.get(pk=R2).copy_of_id == R1
    assert Source.objects.get(pk=R2).kind == "copy"
    assert Source.objects.get(pk=R3).derived_from_id == R1
    assert Source.objects.get(pk=R3).kind == "derivative"
    independent = Source.objects.filter(copy_of__isnull=True, derived_from__isnull=True)
    assert set(independent.values_list("pk", flat=True)) == {R1, R4, R5}
    assert set(independent.values_list("kind", flat=True)) == {"original"}


def test_contradictions_between_sources(dataset):
    found = Citation.objects.filter(contradicts__isnull=False)
    assert set(found.values_list("event_id", "source_id", "contradicts_id")) == CONTRADICTIONS


def test_sources_are_dated_as_the_reports_allow(dataset):
    r1, r2, r3, r4, r5 = (Source.objects.get(pk=pk) for pk in (R1, R2, R3, R4, R5))
    for undated in (r1, r2):  # no date printed: December 2022 is inferred, so uncertain
        assert "?" in undated.published
        assert undated.published_latest == dt.date(2022, 12, 13)
    assert r3.published_earliest == r3.published_latest == dt.date(2022, 12, 13)
    assert r4.published_earliest == r4.published_latest == dt.date(2022, 8, 3)
    assert r5.published_earliest == dt.date(2022, 7, 1)
    assert r5.published.endswith("/"), "R5's upper bound is unknown and stays open"


def test_every_source_has_its_url_or_says_why_not(dataset):
    for source in Source.objects.all():
        assert source.url or "no URL" in source.notes, source.pk


@pytest.mark.parametrize(("pk", "words"), NOT_IN_THE_REPORTS.items())
def test_events_add_nothing_the_report_does_not_say(dataset, pk, words):
    event = Event.objects.get(pk=pk)
    text = f"{event.title} {event.summary} {event.location_note}".lower()
    for word in words:
        assert word.lower() not in text


def test_no_facts_from_outside_the_reports(dataset):
    texts = [f"{a.name} {a.aliases} {a.description}" for a in Actor.objects.all()]
    texts += [f"{e.title} {e.summary} {e.location_note}" for e in Event.objects.all()]
    for text in texts:
        for outside in OUTSIDE_FACTS:
            assert outside not in text


def test_reading_krasnyi_as_krasnyi_luch_is_marked_as_ours(dataset):
    note = Event.objects.get(pk=18).location_note
    assert "interpretation" in note and "Valianivske" in note
    assert "interpretation" in Place.objects.get(name="Khrustalnyi").notes


def test_the_refusers_are_held_in_the_lugansk_peoples_republic(dataset):
    lpr = Actor.objects.get(name="Lugansk People's Republic")
    events = Event.objects.filter(event_actors__actor=lpr)
    assert events.exists()
    assert set(events.values_list("citations__source_id", flat=True)) == {R4}


def test_andreis_disappearance_is_its_own_event(dataset):
    event = Event.objects.get(type="disappearance")
    assert set(event.actors.values_list("name", flat=True)) >= {"Andrei", "Oxana"}
    assert event.figures.get().value_min == 5
