"""One event whose every exported value the export tests know, whatever the shipped dataset
says (the dataset is corrected as the reports are re-read)."""

from places.models import Place
from timeline.models import Actor, Citation, Event, EventActor, Source

KNOWN = {
    "title": "A refusing soldier held in Testivka",
    "summary": "A soldier who refused to fight is held in Testivka.",
    "date": "[..2022-08-03]",
    "date_as_reported": "before 3 August",
}


def make_known_event() -> Event:
    """Held in Testivka before 3 August 2022, by Yuri (a pseudonym) and a unit, per one DW
    report."""
    place = Place.objects.create(
        name="Testivka",
        latitude=48.511,
        longitude=38.67222,
        precision="settlement",
        admin1="Luhansk Oblast",
        country_code="UA",
    )
    event = Event.objects.create(type_id="detention", place=place, **KNOWN)
    yuri = Actor.objects.create(name="Yuri", kind="person", is_pseudonym=True)
    unit = Actor.objects.create(name="Test brigade", kind="unit")
    EventActor.objects.create(event=event, actor=yuri, role="detained")
    EventActor.objects.create(event=event, actor=unit, role="detaining force")
    source = Source.objects.create(outlet="DW (Deutsche Welle)", title="Refusers held")
    Citation.objects.create(event=event, source=source, supports="says so")
    event.source_id = source.pk
    return event
