"""An event's audit trail and the way back from a deletion.

django-simple-history records every save and delete of events and of their citations, actors
and figures. Here those records become a readable list of who changed what and when, and a
deleted event comes back with the same id and the nested rows it had when it was deleted.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from project.history import cascade_reason, deleted_ids, record_restore
from timeline.models import Citation, Event, EventActor, Figure, gate_conditions

NESTED = {"citation": Citation, "actor": EventActor, "figure": Figure}
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


@receiver(pre_delete, sender=Citation)
@receiver(pre_delete, sender=EventActor)
@receiver(pre_delete, sender=Figure)
def _tag_cascade_deletion(sender, instance, origin=None, **kwargs):
    """Mark rows deleted together with their event, so a restore brings back exactly those."""
    from_event = isinstance(origin, Event) or (
        isinstance(origin, QuerySet) and origin.model is Event
    )
    if from_event:
        instance._change_reason = cascade_reason(Event, instance.event_id)


def event_history_visible_to(user, event_id: int) -> bool:
    """True if the event has existed and the user may read its history.

    A version that was ever restricted, or a draft, keeps the whole trail to those who may see
    such versions: earlier versions of a public event can name people that a later edit took
    out, and a draft's unreviewed guesses are not the published record.
    """
    try:
        event_id = int(event_id)
    except (TypeError, ValueError):
        return False
    records = Event.history.filter(id=event_id)
    exists_now = Event.objects.filter(pk=event_id).exists()
    if not exists_now and not records.exists():
        return False
    conditions = gate_conditions(user)
    if not conditions:
        return True
    ever_hidden = (
        records.exclude(**conditions).exists()
        or Event.objects.filter(pk=event_id).exclude(**conditions).exists()
    )
    return not ever_hidden


def event_history(event_id: int) -> list[dict]:
    """Every recorded change to the event and its nested rows, newest first. A nested row's
    versions are those in which it belonged to this event: a citation moved here from another
    event (or from here to another) never shows that event, which the reader may not see."""
    entries = _entries("event", Event.history.filter(id=event_id))
    for name, model in NESTED.items():
        entries += _entries(name, model.history.filter(event_id=event_id))
    _label_references(entries)
    entries.sort(key=lambda entry: (entry["history_date"], entry["history_id"]), reverse=True)
    return entries


def _entries(name: str, records) -> list[dict]:
    entries, previous = [], None
    for record in records.select_related("history_user").order_by(
        "id", "history_date", "history_id"
    ):
        if previous is not None and previous.id != record.id:
            previous = None
        entries.append(
            {
                "model": name,
                "object_id": record.id,
                "history_id": record.history_id,
                "history_date": record.history_date,
                "history_type": HISTORY_TYPES[record.history_type],
                "history_user": record.history_user.get_username() if record.history_user else None,
                "reason": record.history_change_reason,
                "changes": _changes(record, previous),
            }
        )
        previous = record
    return entries


def _changes(record, previous) -> list[dict]:
    if record.history_type == "-":
        return []
    if previous is None:
        fields = [f for f in record.tracked_fields if f.editable and not f.primary_key]
        return [
            _change(field, None, getattr(record, field.attname))
            for field in fields
            if getattr(record, field.attname) not in (None, "", [], {})
        ]
    delta = record.diff_against(previous)
    model_fields = {field.name: field for field in record.tracked_fields}
    return [_change(model_fields[change.field], change.old, change.new) for change in delta.changes]


def _change(field, old, new) -> dict:
    change = {"field": field.name, "old": old, "new": new}
    if field.is_relation:
        change["related_model"] = field.related_model
    return change


def _label_references(entries: list[dict]) -> None:
    """Foreign keys show as {id, label}; an actor's label says when the name is a pseudonym."""
    wanted: dict = {}
    for entry in entries:
        for change in entry["changes"]:
            model = change.get("related_model")
            if model is not None:
                wanted.setdefault(model, set()).update({change["old"], change["new"]} - {None})
    found = {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}
    for entry in entries:
        for change in entry["changes"]:
            model = change.pop("related_model", None)
            if model is None:
                continue
            for side in ("old", "new"):
                pk = change[side]
                if pk is not None:
                    obj = found[model].get(pk)
                    change[side] = {"id": pk, "label": str(obj) if obj is not None else None}


def deleted_event_ids() -> list[int]:
    return deleted_ids(Event)


def event_restore(*, event_id: int, user=None) -> Event:
    """Bring a deleted event back with its id, and the citations, actors and figures it had."""
    return record_restore(Event, event_id, user=user, nested=NESTED.values())
