"""Writes for events, sources and actors. Each function validates with full_clean() before
saving and runs in one transaction, so that an event and its nested citations, actors and
figures are written together or not at all. The API and scripts call these, never .save()."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from places.models import Place
from project.writes import assign, clean_and_save, replace_items
from timeline.models import Actor, Event, EventType, Source, can_publish, can_see_restricted

EVENT_FIELDS = (
    "title",
    "summary",
    "type",
    "date",
    "date_as_reported",
    "place",
    "location_note",
    "confidence",
    "visibility",
    "status",
)
SOURCE_FIELDS = (
    "outlet",
    "title",
    "authors",
    "url",
    "published",
    "language",
    "kind",
    "copy_of",
    "derived_from",
    "notes",
)
ACTOR_FIELDS = ("name", "kind", "is_pseudonym", "aliases", "description")

Items = Iterable[Mapping] | None

ERROR_UNSOURCED_WITH_SOURCES = (
    "'unsourced' is the confidence of an event that cites no source; this one cites {count}."
)
ERROR_TOO_MANY_ITEMS = "An event holds at most {limit} {path}; this gives {count}."

ERROR_RESTRICTED_WRITE = (
    "Only users who may view restricted events (permission timeline.view_restricted_event) "
    "may make an event restricted."
)
ERROR_DRAFT_WRITE = (
    "Only users who may view drafts (permission timeline.add_event, timeline.change_event or "
    "timeline.publish_event) may make an event a draft."
)
ERROR_STATUS_PERMISSION = (
    "Publishing is a review: only users with the permission timeline.publish_event may make an "
    "event published or put a published event back to draft. Save it as a draft instead."
)
ERROR_PUBLISH_NO_PLACE = "A draft needs a place before it is published."
ERROR_PUBLISH_NO_DATE = "A draft needs a date before it is published."
ERROR_NOT_A_DRAFT = "This event is already published."


# --- the write gate -----------------------------------------------------------------------
# Nobody writes, imports or restores an event they could not then see, and nobody learns of
# one they may not see. `user=None` is the operator (a management command): every event.


def events_writable_by(user):
    """The events `user` may change: the ones they may see."""
    return Event.objects.all() if user is None else Event.objects.visible_to(user)


def check_visible_after_write(user, event: Event) -> None:
    """Refuse a write that leaves the event out of the writer's sight (made restricted by
    someone who may not see restricted events, or a draft by someone who may not see drafts);
    the caller's transaction rolls it back."""
    if user is not None and not events_writable_by(user).filter(pk=event.pk).exists():
        restricted = event.visibility == Event.Visibility.RESTRICTED
        hidden_by_visibility = restricted and not can_see_restricted(user)
        raise PermissionDenied(
            ERROR_RESTRICTED_WRITE if hidden_by_visibility else ERROR_DRAFT_WRITE
        )


def check_status_write(user, *, before: str | None, after: str) -> None:
    """Refuse a change of status by someone who may not publish: publishing, and taking a
    published event back to draft, are reviewers' decisions. Anyone who may write may create a
    draft (`before` is None for a new event)."""
    new_draft = before is None and after == Event.Status.DRAFT
    if after != before and not new_draft and not can_publish(user):
        raise PermissionDenied(ERROR_STATUS_PERMISSION)


def default_status(user) -> str:
    """A new event is published when its writer may publish, and a draft otherwise."""
    return Event.Status.PUBLISHED if can_publish(user) else Event.Status.DRAFT


def publish_problems(event: Event) -> dict[str, list[str]]:
    """What keeps a draft from being published, by field: it needs a place and a date."""
    problems = {}
    if event.place_id is None:
        problems["place"] = [ERROR_PUBLISH_NO_PLACE]
    if not event.date:
        problems["date"] = [ERROR_PUBLISH_NO_DATE]
    return problems


def _review(event: Event, *, before: str | None, reviewer) -> None:
    """When a draft becomes published: check it may be, and record who published it and when."""
    if before != Event.Status.DRAFT or event.status != Event.Status.PUBLISHED:
        return
    problems = publish_problems(event)
    if problems:
        raise ValidationError(problems)
    event.reviewed_by = reviewer
    event.reviewed_at = timezone.now()


def event_publish(event: Event, *, user) -> Event:
    """Publish a draft on behalf of `user` (None: the operator): the permission, a place and a
    date are required; who and when are recorded, and the history keeps the change."""
    check_status_write(user, before=event.status, after=Event.Status.PUBLISHED)
    if event.status != Event.Status.DRAFT:
        raise ValidationError({"status": [ERROR_NOT_A_DRAFT]})
    return event_update(event, status=Event.Status.PUBLISHED, reviewer=user)


def event_create(
    *,
    title: str,
    type: EventType,
    date: str,
    place: Place | None = None,
    actors: Items = (),
    citations: Items = (),
    figures: Items = (),
    **fields,
) -> Event:
    """Create an event with its actors ({actor, role}), citations ({source, supports,
    contradicts, location}) and figures ({counted, value_min, ..., source}). Who may set its
    status is the caller's check (check_status_write)."""
    citations = list(citations or ())
    with transaction.atomic():
        event = assign(
            Event(),
            {"title": title, "type": type, "date": date, "place": place, **fields},
            EVENT_FIELDS,
        )
        _set_unsourced(event, citing=len(citations))
        clean_and_save(event)
        _replace_nested(event, actors=actors, citations=citations, figures=figures)
    return event


def event_update(
    event: Event,
    *,
    actors: Items = None,
    citations: Items = None,
    figures: Items = None,
    reviewer=None,
    **fields,
) -> Event:
    """Change an event's fields; a nested list that is given replaces the old one. A draft
    made published needs a place and a date, and records `reviewer` as who published it."""
    with transaction.atomic():
        before = event.status
        assign(event, fields, EVENT_FIELDS)
        _review(event, before=before, reviewer=reviewer)
        if citations is not None:
            citations = list(citations)
        _set_unsourced(
            event, citing=event.citations.count() if citations is None else len(citations)
        )
        clean_and_save(event)
        _replace_nested(event, actors=actors, citations=citations, figures=figures)
    return event


def _set_unsourced(event: Event, *, citing: int) -> None:
    """Confidence is a claim about sources: an event that cites none is 'unsourced', whatever
    else was asked, and one that cites a source cannot be."""
    if not citing:
        event.confidence = Event.Confidence.UNSOURCED
    elif event.confidence == Event.Confidence.UNSOURCED:
        message = ERROR_UNSOURCED_WITH_SOURCES.format(count=citing)
        raise ValidationError({"confidence": [message]})


def event_sources_changed(event: Event) -> Event:
    """Mark an event 'unsourced' when it cites nothing after its citations were written outside
    event_update (the admin saves its inlines after the event)."""
    if event.confidence != Event.Confidence.UNSOURCED and not event.citations.exists():
        event.confidence = Event.Confidence.UNSOURCED
        event.save(update_fields=["confidence", "updated_at"])
    return event


def _replace_nested(event: Event, *, actors: Items, citations: Items, figures: Items) -> None:
    errors = {}
    for path, related, items in (
        ("actors", event.event_actors, actors),
        ("citations", event.citations, citations),
        ("figures", event.figures, figures),
    ):
        if items is None:
            continue
        items = list(items)
        limit = settings.EVENT_MAX_NESTED_ITEMS
        if len(items) > limit:
            message = ERROR_TOO_MANY_ITEMS.format(limit=limit, path=path, count=len(items))
            errors[path] = [ValidationError(message)]
            continue
        try:
            replace_items(related, items, path=path)
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)


def source_create(*, outlet: str, title: str, **fields) -> Source:
    """Create a source; `copy_of` and `derived_from` are other Source instances."""
    with transaction.atomic():
        return clean_and_save(
            assign(Source(), {"outlet": outlet, "title": title, **fields}, SOURCE_FIELDS)
        )


def source_update(source: Source, **fields) -> Source:
    """Change a source; it can be neither a copy of nor derived from itself."""
    with transaction.atomic():
        return clean_and_save(assign(source, fields, SOURCE_FIELDS))


def actor_create(*, name: str, kind: str, **fields) -> Actor:
    """Create an actor; mark changed names with is_pseudonym."""
    with transaction.atomic():
        return clean_and_save(assign(Actor(), {"name": name, "kind": kind, **fields}, ACTOR_FIELDS))


def actor_update(actor: Actor, **fields) -> Actor:
    """Change an actor."""
    with transaction.atomic():
        return clean_and_save(assign(actor, fields, ACTOR_FIELDS))
