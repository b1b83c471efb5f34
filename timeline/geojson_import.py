"""Import of our own GeoJSON exports (events.geojson, places.geojson): creates or updates events
and places by feature id, idempotently, all or nothing.

What round-trips: every exported property of a place (its alternate names without their
language and kind), and an event's title, summary, type, date, place, location note,
confidence, (when the exporter could see them) visibility and status, actors and sources.
`actors` names them as the exports do ('Yuri (pseudonym); Russian armed forces') and `sources`
gives their ids ('1; 3'), or names them by title or as 'outlet: title': each is matched by name (exact,
case and spacing aside), or created when no record has the name; a name two records share is
a bad row. A property that is absent leaves the event's actors or citations as they are;
`source_count` and `url` are read-only. Import places.geojson before (or with) events.geojson
to get full place records; an event whose place is missing gets a place made from its
place_name, place_precision and geometry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import orjson
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from places import geometry as geometry_checks
from places.models import Place, PlaceName
from timeline import record_names
from timeline.models import (
    Actor,
    Citation,
    Event,
    EventActor,
    EventType,
    Source,
    gate_conditions,
)
from timeline.services import _set_unsourced as set_unsourced
from timeline.services import (
    check_status_write,
    check_visible_after_write,
    default_status,
    events_writable_by,
    publish_problems,
)

MAX_ERRORS = 50

ERROR_JSON = "The file is not valid JSON: {reason}."
ERROR_NOT_COLLECTION = "The file is not a GeoJSON FeatureCollection (its type is {kind!r})."
ERROR_FEATURES = "A FeatureCollection needs a 'features' list."
ERROR_NOT_FEATURE = "not a GeoJSON Feature."
ERROR_PROPERTIES = "'properties' must be an object."
MAX_ID = 2**31 - 1  # an id near 2**63 would move the sequence to its end: no insert after it
ERROR_ID = f"'id' must be a whole number from 1 to {MAX_ID} (the id as exported), or absent."
ERROR_UNSEEN_ID = (
    "id: you may give the id only of an event you can see, to update it; leave the id out to "
    "create a new event."
)
ERROR_NUL = "{name}: must not contain NUL characters."
ERROR_KIND = "neither an event (properties title, type, date) nor a place (properties name, kind)."
ERROR_TYPE = "type: unknown event type {slug!r}; known types: {known}."
ERROR_PLACE_NAME = "place_name: needed to create a place for this location."
ERROR_PARENT = "parent_id: no place {parent_id} in the database or the file."
ERROR_TEXT = "{name}: must be text."
ERROR_NUMBER = "{name}: must be a number."
ERROR_WHOLE_NUMBER = "{name}: must be a whole number (an id), or null."
ERROR_TOO_MANY = "… stopped after {maximum} errors."
ERROR_AMBIGUOUS = (
    "{column}: {name!r} could be any of {count} {plural} (ids {ids}); make their names differ, "
    "or give the id."
)
ERROR_NO_SOURCE = "sources: no source {source_id}."
ERROR_MAY_NOT_CREATE = (
    "{column}: no {kind} is named {name!r}, and you may not create {kind}s "
    "(permission timeline.add_{kind})."
)
ERROR_UNKNOWN_SOURCE = (
    "sources: no source is named {name!r}; write it as 'outlet: title' to create one."
)
# The part of an actor an import links but cannot know: its role in the event.
IMPORTED_ROLE = "unspecified"
ERROR_REPEATED_ID = "id: another row of this file already creates an event with this id."
BATCH = 2000

EVENT_TEXT = (
    "title",
    "summary",
    "type",
    "date",
    "date_as_reported",
    "location_note",
    "confidence",
    "visibility",
    "status",
    "actors",
    "sources",
)
PLACE_TEXT = ("name", "kind", "country_code", "admin1", "precision", "place_name")
IDS = ("place_id", "parent_id", "geonames_id")


class GeoJSONImportError(ValueError):
    """A file that cannot be imported; `errors` name each feature (index and id) and problem."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=lambda: {"event": 0, "place": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"event": 0, "place": 0})
    unchanged: dict[str, int] = field(default_factory=lambda: {"event": 0, "place": 0})
    # Actors and sources the rows name: how many names matched a record, and the names of
    # the records made, in order.
    matched: dict[str, int] = field(default_factory=lambda: {"actor": 0, "source": 0})
    created_names: dict[str, list[str]] = field(default_factory=lambda: {"actor": [], "source": []})

    def count(self, kind: str, outcome: str, notes: tuple[str, ...] = ()) -> None:
        """Count one record's outcome; `notes` say what else its row made (actors, sources)."""
        getattr(self, outcome)[kind] += 1

    def named(self, kind: str, name: str, *, created: bool) -> None:
        """Count an actor or source a row named: matched, or created under `name`."""
        if created:
            self.created_names[kind].append(name)
        else:
            self.matched[kind] += 1

    def named_summary(self) -> list[str]:
        """What became of the actors and sources the rows name, a line per kind: how many
        names matched a record, and the names of the records created."""
        lines = []
        for kind in ("actor", "source"):
            matched, made = self.matched[kind], self.created_names[kind]
            if matched or made:
                created = f": {', '.join(made)}" if made else ""
                lines.append(f"{kind}s named: {matched} matched, {len(made)} created{created}")
        return lines

    def __str__(self) -> str:
        parts = [
            f"{kind}s: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.unchanged[kind]} unchanged"
            for kind in ("place", "event")
        ]
        return "; ".join(parts + self.named_summary())


class _FeatureError(Exception):
    pass


def geojson_import(
    *, data: bytes | str, user=None, result: ImportResult | None = None
) -> ImportResult:
    """Import one FeatureCollection in one transaction; raise GeoJSONImportError, changing
    nothing, if any feature is bad.

    `user` goes through the services' write gate: events are found among those they may see, an
    id they may not see is refused exactly as an id that does not exist (nothing tells the two
    apart), and an event they could not see afterwards is refused. None is the operator on the
    command line, who sees every event."""
    features = _features(data)
    result = result or ImportResult()
    errors: list[str] = []
    with transaction.atomic():
        importer = _Importer(result, user)
        places = [(i, f) for i, f in features if f[0] == "place"]
        events = [(i, f) for i, f in features if f[0] == "event"]
        for index, (_, feature_id, properties, geometry) in places:
            _collect(errors, index, feature_id, importer.place, feature_id, properties, geometry)
        for index, (_, feature_id, properties, _geometry) in places:
            _collect(errors, index, feature_id, importer.parent, feature_id, properties)
        for start in range(0, len(events), BATCH):
            block = events[start : start + BATCH]
            importer.read_existing(
                [feature[1] for _, feature in block],
                [feature[2].get("place_id") for _, feature in block],
            )
            for index, (_, feature_id, properties, geometry) in block:
                importer.index = index
                _collect(
                    errors, index, feature_id, importer.event, feature_id, properties, geometry
                )
            # A block's events go in even when a row is bad, so that the gate's refusals are
            # reported with every other problem; a bad row rolls it all back below. Written
            # block by block, an import holds one block of records, not the whole file's.
            errors.extend(importer.write_events())
        errors.extend(f"Feature {i} (id {f[1]}): {f[2]}" for i, f in features if f[0] == "error")
        if errors:
            errors.sort(key=_feature_index)
            if len(errors) > MAX_ERRORS:
                errors = errors[:MAX_ERRORS] + [ERROR_TOO_MANY.format(maximum=MAX_ERRORS)]
            raise GeoJSONImportError(errors)
        _reset_sequences()
    return result


def _feature_index(message: str) -> int:
    return int(message.split(" ", 2)[1])


def _collect(errors, index, feature_id, handler, *args):
    # No savepoint per row: any bad row rolls the whole import back, so what a bad row wrote
    # before it failed is never kept. (A database error still ends the import at once.)
    try:
        handler(*args)
    except _FeatureError as error:
        errors.append(f"Feature {index} (id {feature_id}): {error}")
    except ValidationError as error:
        details = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
        errors.append(f"Feature {index} (id {feature_id}): {details}")


def _features(data) -> list[tuple[int, tuple]]:
    """Parse and check the structure; per-feature problems become ("error", id, message)."""
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise GeoJSONImportError([ERROR_JSON.format(reason=error)]) from error
    kind = document.get("type") if isinstance(document, dict) else type(document).__name__
    if kind != "FeatureCollection":
        raise GeoJSONImportError([ERROR_NOT_COLLECTION.format(kind=kind)])
    if not isinstance(document.get("features"), list):
        raise GeoJSONImportError([ERROR_FEATURES])
    return [(index, _feature(feature)) for index, feature in enumerate(document["features"])]


def _feature(feature) -> tuple:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return ("error", None, ERROR_NOT_FEATURE)
    feature_id = feature.get("id")
    if isinstance(feature_id, str) and feature_id.isdigit():
        feature_id = int(feature_id)
    if feature_id is not None and (
        isinstance(feature_id, bool)
        or not isinstance(feature_id, int)
        or not 1 <= feature_id <= MAX_ID
    ):
        return ("error", feature_id, ERROR_ID)
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        return ("error", feature_id, ERROR_PROPERTIES)
    if "title" in properties:
        kind, text_fields = "event", EVENT_TEXT
    elif "name" in properties:
        kind, text_fields = "place", PLACE_TEXT
    else:
        return ("error", feature_id, ERROR_KIND)
    for name in text_fields:
        value = properties.get(name)
        if value is not None and not isinstance(value, str):
            return ("error", feature_id, ERROR_TEXT.format(name=name))
    for name, value in properties.items():
        if isinstance(value, str) and "\x00" in value:
            return ("error", feature_id, ERROR_NUL.format(name=name))
    for name in IDS:
        value = properties.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            return ("error", feature_id, ERROR_WHOLE_NUMBER.format(name=name))
    geometry = feature.get("geometry")
    if geometry is not None:
        try:
            geometry = geometry_checks.normalize(geometry)
        except geometry_checks.GeometryError as error:
            return ("error", feature_id, f"geometry: {error}")
    return (kind, feature_id, properties, geometry)


def _point_of(geometry, properties) -> tuple[float | None, float | None]:
    if "longitude" in properties or "latitude" in properties:
        longitude, latitude = properties.get("longitude"), properties.get("latitude")
        for name, value in (("longitude", longitude), ("latitude", latitude)):
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                raise _FeatureError(ERROR_NUMBER.format(name=name))
        return longitude, latitude
    if geometry is not None and geometry["type"] == "Point":
        return tuple(geometry["coordinates"][:2])
    return None, None


class _Importer:
    def __init__(self, result: ImportResult, user):
        self.result = result
        self.user = user
        self.events = events_writable_by(user)
        # Who may not see every event may not choose a new event's id either: whether an id is
        # free would tell them whether a hidden event has it.
        self.may_choose_ids = user is None or not gate_conditions(user)
        self.types = set(EventType.objects.values_list("slug", flat=True))
        self.names = _NameIndex(result, user)
        # Links written together once every row is read, a bulk insert (and delete) per kind
        # instead of queries per event: new events' links, and per existing event the links
        # to remove (by id) and to make. A later row for the same event replaces its plan.
        self.new_links: dict[type, list] = {EventActor: [], Citation: []}
        self.link_plans: dict[type, dict[int, tuple[list[int], list]]] = {
            EventActor: {},
            Citation: {},
        }
        # The block of rows being read: its events that exist; and the links of every existing
        # event read so far, {link id: actor or source id} by event id, one query per block.
        self.existing: dict[int, Event] = {}
        self.links: dict[type, dict[int, dict[int, int]]] = {EventActor: {}, Citation: {}}
        # Existing events the file changes, by id, with their rows: updated together at the
        # end, with their history; `changed_fields` is every field any of them changes.
        self.changed_events: dict[int, tuple[int, int, Event]] = {}
        self.changed_fields: set[str] = set()
        self.known_places: set[int] = set()
        # Places made for a location without a place_id, by (name, longitude, latitude): the
        # events at the same location share one, found once.
        self.twins: dict[tuple, int | None] = {}
        # New events, validated row by row and inserted together (with their history) once
        # every row is read: one INSERT per batch instead of two per event.
        self.new_events: list[tuple[int, int | None, Event]] = []
        self.new_ids: set[int] = set()
        self.index = 0

    def read_existing(self, ids: list[int | None], place_ids: list[int | None]) -> None:
        """Read a block of rows' events, those the writer may change, and their links; and
        which of the places they name exist."""
        named = {pk for pk in place_ids if pk is not None} - self.known_places
        if named:
            self.known_places.update(
                Place.objects.filter(pk__in=named).values_list("pk", flat=True)
            )
        wanted = [pk for pk in ids if pk is not None]
        self.existing = self.events.in_bulk(wanted) if wanted else {}
        for model, (key, _) in LINKS.items():
            links = {pk: {} for pk in self.existing if pk not in self.links[model]}
            if links:
                rows = model.objects.filter(event_id__in=list(links)).order_by("pk")
                for pk, event_id, linked in rows.values_list("pk", "event_id", key):
                    links[event_id][pk] = linked
            self.links[model].update(links)

    def write_events(self) -> list[str]:
        """Insert the new events, update the changed ones, replace the links, each in bulk
        with their history; return the write gate's refusals."""
        events = [event for _, _, event in self.new_events]
        if events:
            bulk_create_with_history(events, Event, batch_size=BATCH, default_user=self.user)
        changed = [event for _, _, event in self.changed_events.values()]
        now = timezone.now()  # as late as can be: a copy syncs by updated_at (docs/api/exports)
        for event in changed:
            event.updated_at = now  # bulk_update() leaves auto_now fields alone
        if changed:
            bulk_update_with_history(
                changed,
                Event,
                self._update_fields(),
                batch_size=BATCH,
                default_user=self.user,
            )
        for model, plans in self.link_plans.items():
            stale = [pk for remove, _ in plans.values() for pk in remove]
            for start in range(0, len(stale), BATCH):
                # A queryset's delete() still sends each row's signals: each deletion keeps
                # its history record.
                model.objects.filter(pk__in=stale[start : start + BATCH]).delete()
            links = [*self.new_links[model], *(link for _, make in plans.values() for link in make)]
            if links:
                bulk_create_with_history(links, model, batch_size=BATCH, default_user=self.user)
        written = [*self.new_events, *self.changed_events.values()]
        self._forget_written()
        if self.user is None:
            return []
        # The write gate, for all of them at once: none may leave the writer's sight.
        errors = []
        for start in range(0, len(written), BATCH):
            block = written[start : start + BATCH]
            visible = set(
                events_writable_by(self.user)
                .filter(pk__in=[event.pk for _, _, event in block])
                .values_list("pk", flat=True)
            )
            for index, feature_id, event in block:
                if event.pk not in visible:
                    try:
                        check_visible_after_write(self.user, event)
                    except PermissionDenied as error:
                        errors.append(f"Feature {index} (id {feature_id}): visibility: {error}")
        return errors

    def _forget_written(self) -> None:
        """Drop what write_events() has written; a later row for a changed event reads it
        again, links included."""
        for model in LINKS:
            for pk in self.changed_events:
                self.links[model].pop(pk, None)
            self.link_plans[model].clear()
            self.new_links[model].clear()
        self.new_events.clear()
        self.changed_events.clear()
        self.changed_fields.clear()

    def _update_fields(self) -> list[str]:
        """The fields the changed events' bulk update writes: those any of them changes, and
        what follows from them (the bounds from the date, the reviewer from the status)."""
        fields = {name.removesuffix("_id") for name in self.changed_fields}
        if "date" in fields:
            fields |= {"earliest", "latest", "precision", "precision_rank"}
            fields |= {"approximate", "uncertain"}
        if "status" in fields:
            fields |= {"reviewed_by", "reviewed_at"}
        return sorted(fields | {"updated_at"})

    def _save(self, kind, instance, created, before, after) -> None:
        """Validate and save unless nothing changed. Derived fields are left out of the
        validation, as the services' clean_and_save() leaves them: clean() sets them."""
        outcome = "created" if created else "updated"
        if not created and before == after:
            outcome = "unchanged"
        else:
            _full_clean(instance)
            instance.save()
        self.result.count(kind, outcome)

    def place(self, feature_id, properties, geometry):
        place, created = _get_or_new(Place, feature_id)
        before = _values(place, PLACE_FIELDS)
        longitude, latitude = _point_of(geometry, properties)
        place.name = properties.get("name") or ""
        for name in ("kind", "country_code", "admin1", "precision"):
            if properties.get(name) is not None:
                setattr(place, name, properties[name])
        place.geonames_id = properties.get("geonames_id")
        place.longitude, place.latitude = longitude, latitude
        is_point = geometry is not None and geometry["type"] == "Point"
        place.geometry = None if geometry is None or is_point else geometry
        self._save("place", place, created, before, _values(place, PLACE_FIELDS))
        names = [n for n in (properties.get("alternate_names") or "").split("; ") if n.strip()]
        known = set(place.names.values_list("name", flat=True))
        PlaceName.objects.bulk_create(
            PlaceName(place=place, name=name.strip(), language="")
            for name in dict.fromkeys(names)
            if name.strip() not in known
        )

    def parent(self, feature_id, properties):
        parent_id = properties.get("parent_id")
        place = Place.objects.filter(pk=feature_id).first() if feature_id else None
        if place is None or place.parent_id == parent_id:
            return
        if parent_id is not None and not Place.objects.filter(pk=parent_id).exists():
            raise _FeatureError(ERROR_PARENT.format(parent_id=parent_id))
        place.parent_id = parent_id
        place.full_clean()
        place.save()

    def event(self, feature_id, properties, geometry):
        slug = properties.get("type")
        if slug not in self.types:
            known = ", ".join(sorted(self.types))
            raise _FeatureError(ERROR_TYPE.format(slug=slug, known=known))
        if feature_id in self.new_ids:
            raise _FeatureError(ERROR_REPEATED_ID)
        if feature_id in self.changed_events:  # a second row in the block starts from the first
            event = self.changed_events[feature_id][2]
        else:
            event = self.existing.get(feature_id) if feature_id else None
        created = event is None
        if created and feature_id is not None and not self.may_choose_ids:
            raise _FeatureError(ERROR_UNSEEN_ID)
        if created:
            # A new event of someone who may not publish is a draft, as through the API.
            event = Event(pk=feature_id, status=default_status(self.user))
        before = _values(event, EVENT_FIELDS)
        event.title = properties.get("title") or ""
        event.type_id = slug
        event.date = properties.get("date") or ""
        for name in ("summary", "date_as_reported", "location_note", "confidence", "visibility"):
            if properties.get(name) is not None:
                setattr(event, name, properties[name])
        event.place_id = self.event_place(properties, geometry)
        self.event_status(event, properties.get("status"), created=created)
        notes: list[str] = []
        actor_ids = (
            self.names.actors(properties["actors"], notes) if "actors" in properties else None
        )
        source_ids = (
            self.names.sources(properties["sources"], notes) if "sources" in properties else None
        )
        if source_ids is not None:
            citing = len(source_ids)
        else:
            citing = 0 if created else len(self.links[Citation][event.pk])
        set_unsourced(event, citing=citing)
        after = _values(event, EVENT_FIELDS)
        changed = [
            name for name, old, new in zip(EVENT_FIELDS, before, after, strict=True) if old != new
        ]
        if created or changed:
            # The type is one of self.types, the place exists or was just made by
            # event_place(); the id, an event's only unique field, is new or the event's own:
            # who may choose an id sees every event (self.existing), and new_ids holds the
            # file's.
            _full_clean(event, ("type", "place"), new_or_own_id=True)
        if created:
            self.new_events.append((self.index, feature_id, event))
            if feature_id is not None:
                self.new_ids.add(feature_id)
        links = {EventActor: actor_ids, Citation: source_ids}
        for model, wanted in links.items():
            if wanted is not None and self.relink(event, model, wanted, created=created):
                changed.append("actors" if model is EventActor else "sources")
        if created:
            outcome = "created"
        elif changed:
            outcome = "updated"
            notes.insert(0, f"changed: {', '.join(name.removesuffix('_id') for name in changed)}")
            self.changed_events[event.pk] = (self.index, feature_id, event)
            self.changed_fields.update(name for name in changed if name in EVENT_FIELDS)
        else:
            outcome = "unchanged"
        self.result.count("event", outcome, tuple(notes))

    def relink(self, event, model, wanted: list[int], *, created: bool) -> bool:
        """Make the event's actors (or sources) the ones wanted, in the file's order: links to
        others go, links kept keep their roles (or what the citation supports); True if any
        changed. Written with the events, in write_events()."""
        key, fields = LINKS[model]
        have = {} if created else self.links[model][event.pk]
        keep = set(wanted)
        stale = [pk for pk, linked in have.items() if linked not in keep]
        linked = set(have.values())
        new = [
            model(event=event, **{key: wanted_id}, **fields)
            for wanted_id in wanted
            if wanted_id not in linked
        ]
        if created:
            self.new_links[model].extend(new)
        else:
            self.link_plans[model][event.pk] = (stale, new)
        return bool(stale or new)

    def event_status(self, event, status: str | None, *, created: bool) -> None:
        """The file's status, if it gives one, by the services' rules: a column left out
        leaves the status alone (a draft stays a draft); publishing, taking a published event
        back to draft or creating one published takes the permission to publish; a draft
        published needs a place and a date, and records who published it and when."""
        if status is None:
            return
        before = None if created else event.status
        try:
            check_status_write(self.user, before=before, after=status)
        except PermissionDenied as error:
            raise _FeatureError(f"status: {error}") from error
        if before == Event.Status.DRAFT and status == Event.Status.PUBLISHED:
            problems = publish_problems(event)
            if problems:
                raise ValidationError(problems)
            event.reviewed_by, event.reviewed_at = self.user, timezone.now()
        event.status = status

    def event_place(self, properties, geometry) -> int | None:
        """The event's place: by place_id if it exists, else one made from the feature."""
        place_id = properties.get("place_id")
        if place_id in self.known_places:
            return place_id
        if place_id is not None and Place.objects.filter(pk=place_id).exists():
            self.known_places.add(place_id)  # places are never deleted during an import
            return place_id
        if place_id is None and geometry is None:
            return None
        if not properties.get("place_name"):
            raise _FeatureError(ERROR_PLACE_NAME)
        is_point = geometry is not None and geometry["type"] == "Point"
        longitude, latitude = geometry["coordinates"] if is_point else (None, None)
        place = Place(
            pk=place_id,
            name=properties["place_name"],
            longitude=longitude,
            latitude=latitude,
            geometry=None if geometry is None or is_point else geometry,
        )
        if properties.get("place_precision"):
            place.precision = properties["place_precision"]
        if place_id is None:
            key = (place.name, longitude, latitude)
            if key not in self.twins:
                twin = Place.objects.filter(
                    name=place.name, longitude=longitude, latitude=latitude
                ).first()
                self.twins[key] = None if twin is None else twin.pk
            if self.twins[key] is not None:
                return self.twins[key]
        place.full_clean()
        place.save()
        self.result.count("place", "created")
        if place_id is None:
            self.twins[(place.name, longitude, latitude)] = place.pk
        return place.pk


def _full_clean(instance, checked=(), *, new_or_own_id: bool = False) -> None:
    """full_clean() without the derived fields, as the services' clean_and_save() does (clean()
    sets them), nor the foreign keys in `checked`, which the import has just checked.

    `new_or_own_id` says the caller knows the id is free or the instance's own: then neither
    the id's uniqueness (a query) nor the constraints are checked. Event's constraints read
    only the derived bounds, which full_clean() leaves out of its checks, yet Django builds
    each check's query before it gives up (a millisecond a row); the database enforces them."""
    derived = [f.name for f in instance._meta.concrete_fields if not f.editable]
    instance.full_clean(
        exclude=[*derived, *checked],
        validate_unique=not new_or_own_id,
        validate_constraints=not new_or_own_id,
    )


class _NameIndex:
    """Actors and sources by the keys of their names, read once per import and kept up to
    date with the ones it creates."""

    def __init__(self, result: ImportResult, user):
        self.result = result
        # The API's rule: creating an actor or a source takes the permission to add one.
        self.may_create = {
            kind: user is None or user.has_perm(f"timeline.add_{kind}")
            for kind in ("actor", "source")
        }
        self._actors: dict[str, list[tuple[int, bool]]] | None = None
        self._sources: dict[str, set[int]] | None = None
        self._source_ids: set[int] = set()

    def actors(self, cell: str, notes: list[str]) -> list[int]:
        if self._actors is None:
            self._actors = {}
            for pk, name, is_pseudonym in Actor.objects.values_list("pk", "name", "is_pseudonym"):
                self._actors.setdefault(record_names.name_key(name), []).append((pk, is_pseudonym))
        found = []
        for text in record_names.split_cell(cell):
            reference = record_names.actor_reference(text)
            candidates = self._actors.get(record_names.name_key(reference.name), [])
            if len(candidates) > 1:  # the pseudonym mark tells apart Sergei from 'Sergei'
                marked = [c for c in candidates if c[1] == reference.is_pseudonym]
                candidates = marked if len(marked) == 1 else candidates
            if len(candidates) > 1:
                raise _FeatureError(_ambiguous("actors", text, "actors", candidates))
            if candidates:
                found.append(candidates[0][0])
                self.result.named("actor", text, created=False)
                continue
            if not self.may_create["actor"]:
                raise _FeatureError(
                    ERROR_MAY_NOT_CREATE.format(column="actors", kind="actor", name=text)
                )
            actor = Actor(
                name=reference.name,
                kind=Actor.Kind.UNCLASSIFIED,
                is_pseudonym=reference.is_pseudonym,
            )
            actor.full_clean()
            actor.save()
            key = record_names.name_key(reference.name)
            self._actors.setdefault(key, []).append((actor.pk, actor.is_pseudonym))
            self.result.named("actor", text, created=True)
            notes.append(f"actor {text!r} created")
            found.append(actor.pk)
        return list(dict.fromkeys(found))

    def sources(self, cell: str, notes: list[str]) -> list[int]:
        if self._sources is None:
            self._sources = {}
            for pk, outlet, title in Source.objects.values_list("pk", "outlet", "title"):
                self._index_source(pk, outlet, title)
        found = []
        for text in record_names.split_cell(cell):
            reference = record_names.source_reference(text)
            if reference.source_id is not None:
                if reference.source_id not in self._source_ids:
                    raise _FeatureError(ERROR_NO_SOURCE.format(source_id=reference.source_id))
                found.append(reference.source_id)
                self.result.named("source", text, created=False)
                continue
            candidates = sorted(self._sources.get(record_names.name_key(text), ()))
            if len(candidates) > 1:
                raise _FeatureError(_ambiguous("sources", text, "sources", candidates))
            if candidates:
                found.append(candidates[0])
                self.result.named("source", text, created=False)
                continue
            if reference.outlet is None:
                raise _FeatureError(ERROR_UNKNOWN_SOURCE.format(name=text))
            if not self.may_create["source"]:
                raise _FeatureError(
                    ERROR_MAY_NOT_CREATE.format(column="sources", kind="source", name=text)
                )
            source = Source(outlet=reference.outlet, title=reference.title)
            source.full_clean()
            source.save()
            self._index_source(source.pk, source.outlet, source.title)
            self.result.named("source", text, created=True)
            notes.append(f"source {text!r} created")
            found.append(source.pk)
        return list(dict.fromkeys(found))

    def _index_source(self, pk: int, outlet: str, title: str) -> None:
        """A source answers to its title and to 'outlet: title', as the admin names it."""
        self._source_ids.add(pk)
        full = f"{outlet}{record_names.OUTLET_SEPARATOR}{title}"
        for name in (title, full):
            self._sources.setdefault(record_names.name_key(name), set()).add(pk)


def _ambiguous(column: str, name: str, plural: str, candidates) -> str:
    ids = [c[0] if isinstance(c, tuple) else c for c in candidates]
    return ERROR_AMBIGUOUS.format(
        column=column,
        name=name,
        count=len(ids),
        plural=plural,
        ids=", ".join(map(str, sorted(ids))),
    )


PLACE_FIELDS = (
    "name",
    "kind",
    "country_code",
    "admin1",
    "precision",
    "geonames_id",
    "longitude",
    "latitude",
    "geometry",
)
EVENT_FIELDS = (
    "title",
    "summary",
    "type_id",
    "date",
    "date_as_reported",
    "location_note",
    "confidence",
    "visibility",
    "status",
    "place_id",
)


# What links an event to each kind of record the rows name, and what a new link holds besides.
LINKS = {EventActor: ("actor_id", {"role": IMPORTED_ROLE}), Citation: ("source_id", {})}


def _values(instance, names) -> tuple:
    return tuple(getattr(instance, name) for name in names)


def _get_or_new(model, pk):
    if pk is not None:
        existing = model.objects.filter(pk=pk).first()
        if existing is not None:
            return existing, False
    return model(pk=pk), True


def _reset_sequences() -> None:
    """Rows created with explicit ids leave PostgreSQL's sequences behind; move them on."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Place, PlaceName, Event])
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
