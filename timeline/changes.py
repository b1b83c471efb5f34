"""The deletions feed: which events left a reader's view since a moment, so that a copy kept with
`?updated_since=` can drop them too (ACLED publishes its deletions for the same reason).

An event leaves a reader's view when it is deleted, or, for readers who may not see restricted
events (or drafts), when it is made restricted (or put back to draft). The history
(django-simple-history) records both. An event the reader could never see is never listed, so
the feed tells no one of a restricted record or a draft.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from project.filters import UtcDateTimeField
from project.parameters import KnownParametersMixin
from timeline.models import Event, gate_conditions

CREATED, DELETED = "+", "-"


class SinceForm(forms.Form):
    since = UtcDateTimeField()


def removed_since(user, since: dt.datetime) -> list[tuple[int, dt.datetime]]:
    """(id, when it left the user's view), by id, for every event the user could see at some
    moment from `since` on and cannot see now."""
    history = Event.history.model
    # The gate's fields, and the values a version needs in them for the user to see it.
    conditions = gate_conditions(user)
    gated, required = tuple(conditions), tuple(conditions.values())
    changed = set(history.objects.filter(history_date__gt=since).values_list("id", flat=True))
    visible_now = set(
        Event.objects.visible_to(user).filter(pk__in=changed).values_list("pk", flat=True)
    )
    records = (
        history.objects.filter(id__in=changed - visible_now)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "history_type", *gated)
    )

    def visible(record) -> bool:
        return record[2] != DELETED and record[3:] == required

    removed = []
    for event_id, group in groupby(records, key=lambda record: record[0]):
        group = list(group)
        before = [record for record in group if record[1] <= since][-1:]  # the state at since
        after = [record for record in group if record[1] > since]
        if not before and after[0][2] != CREATED:
            # Older than its history (loaded as a fixture): the first change after `since`
            # stands for the state before it. A deletion's record is exactly that state.
            before = [(after[0][0], since, "~", *after[0][3:])]
        states = before + after
        seen = [index for index, record in enumerate(states) if visible(record)]
        # It left the view with the first change after the last state the user could see.
        if seen and seen[-1] + 1 < len(states):
            removed.append((event_id, states[seen[-1] + 1][1]))
    return removed


class DeletedEventsView(KnownParametersMixin, APIView):
    """Events removed, or made restricted, since a moment."""

    permission_classes = [AllowAny]  # a read, open like the lists; the answer is per user
    options_class = SinceForm

    @extend_schema(
        operation_id="events_deleted",
        summary="Events that left your view since a moment",
        description=(
            "The ids of events deleted since `since`, and, if you may not see restricted "
            "events, of those made restricted: with `?updated_since=` on the lists and "
            "exports, what a copy needs to stay in sync. An event you could never see is "
            "never listed."
        ),
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                required=True,
                description="An ISO 8601 date-time such as 2024-05-01T00:00:00Z (UTC when "
                "it has no offset): the moment of your last sync",
            )
        ],
        responses={
            200: inline_serializer(
                "DeletedEvents",
                {
                    "since": serializers.DateTimeField(),
                    "results": inline_serializer(
                        "DeletedEvent",
                        {
                            "id": serializers.IntegerField(),
                            "removed_at": serializers.DateTimeField(),
                        },
                        many=True,
                    ),
                },
            ),
            400: OpenApiTypes.OBJECT,
        },
    )
    def get(self, request):
        form = self.options_class(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        since = form.cleaned_data["since"]
        field = serializers.DateTimeField()
        return Response(
            {
                "since": field.to_representation(since),
                "results": [
                    {"id": event_id, "removed_at": field.to_representation(removed_at)}
                    for event_id, removed_at in removed_since(request.user, since)
                ],
            }
        )
