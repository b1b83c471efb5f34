"""factory_boy factories for the records a test makes itself, beside the shipped dataset.

Every test database already holds the dataset (tests/conftest.py), so a factory's record is
new among others: a test finds it by the object the factory returns, never by an id or a count
from an empty database.
"""

import factory
from factory.django import DjangoModelFactory

from places.models import Place, PlaceName
from timeline.models import Actor, Citation, Event, EventActor, EventType, Figure, Source


class PlaceFactory(DjangoModelFactory):
    """A located settlement; pass latitude=None, longitude=None for one without a point."""

    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Place {n}")
    country_code = "UA"
    latitude = 49.2
    longitude = 37.3


class PlaceNameFactory(DjangoModelFactory):
    class Meta:
        model = PlaceName

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Other name {n}")


class EventTypeFactory(DjangoModelFactory):
    """One of the seeded types (the data migration made them), or a new one by its slug."""

    class Meta:
        model = EventType
        django_get_or_create = ("slug",)

    slug = "detention"
    label = factory.LazyAttribute(lambda event_type: event_type.slug.replace("_", " "))


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    outlet = "Test Outlet"
    title = factory.Sequence(lambda n: f"Report {n}")


class ActorFactory(DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    kind = Actor.Kind.PERSON


class EventFactory(DjangoModelFactory):
    """A public, placed event; `EventFactory(cited=[source], actors=[(actor, "witness")],
    figures=[{"counted": "people", "value_min": 3}])` adds its nested rows."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Event {n}")
    type = factory.SubFactory(EventTypeFactory)
    date = "2022-06"
    place = factory.SubFactory(PlaceFactory)

    @factory.post_generation
    def cited(self, create, sources, **kwargs):
        for source in sources or ():
            CitationFactory(event=self, source=source)

    @factory.post_generation
    def actors(self, create, actors, **kwargs):
        for actor, role in actors or ():
            EventActorFactory(event=self, actor=actor, role=role)

    @factory.post_generation
    def figures(self, create, figures, **kwargs):
        for fields in figures or ():
            FigureFactory(event=self, **fields)


class CitationFactory(DjangoModelFactory):
    class Meta:
        model = Citation

    event = factory.SubFactory(EventFactory)
    source = factory.SubFactory(SourceFactory)
    supports = "says so"


class EventActorFactory(DjangoModelFactory):
    class Meta:
        model = EventActor

    event = factory.SubFactory(EventFactory)
    actor = factory.SubFactory(ActorFactory)
    role = "witness"


class FigureFactory(DjangoModelFactory):
    class Meta:
        model = Figure

    event = factory.SubFactory(EventFactory)
    counted = "people detained"
    value_min = 1
    source = factory.SubFactory(SourceFactory)
