"""/api/v1/events/{id}/history/ and /api/v1/events/{id}/restore/: staff only."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from project.errors import Conflict
from project.history import RestoreError
from project.parameters import KnownParametersMixin
from timeline.history import event_history, event_history_visible_to, event_restore
from timeline.models import Event
from timeline.serializers import EventSerializer


class CanRestoreEvents(permissions.BasePermission):
    message = "Restoring an event needs staff status and the permission to add events."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_staff and user.has_perm("timeline.add_event"))


ChangeSerializer = inline_serializer(
    "HistoryChange",
    {
        "field": serializers.CharField(),
        "old": serializers.JSONField(),
        "new": serializers.JSONField(),
    },
    many=True,
)
EntrySerializer = inline_serializer(
    "HistoryEntry",
    {
        "model": serializers.ChoiceField(["event", "citation", "actor", "figure"]),
        "object_id": serializers.IntegerField(),
        "history_id": serializers.IntegerField(),
        "history_date": serializers.DateTimeField(),
        "history_type": serializers.ChoiceField(["created", "changed", "deleted"]),
        "history_user": serializers.CharField(allow_null=True),
        "reason": serializers.CharField(allow_null=True),
        "changes": ChangeSerializer,
    },
    many=True,
)


class EventHistoryView(KnownParametersMixin, APIView):
    """Who changed what and when, for an event and its citations, actors and figures."""

    permission_classes = [permissions.IsAdminUser]

    @extend_schema(
        responses={
            200: inline_serializer(
                "EventHistory",
                {
                    "event_id": serializers.IntegerField(),
                    "results": EntrySerializer,
                },
            ),
            404: OpenApiResponse(description="No such event, or it is restricted"),
        }
    )
    def get(self, request, pk: int):
        if not event_history_visible_to(request.user, pk):
            raise Http404
        return Response({"event_id": pk, "results": event_history(pk)})


class EventRestoreView(APIView):
    """Bring a deleted event back, with the same id and the nested rows it had."""

    permission_classes = [CanRestoreEvents]

    @extend_schema(request=None, responses={201: EventSerializer, 404: None, 409: None})
    def post(self, request, pk: int):
        if not event_history_visible_to(request.user, pk):
            raise Http404
        try:
            event = event_restore(event_id=pk, user=request.user)
        except RestoreError as error:
            raise Conflict(str(error)) from error
        data = EventSerializer(Event.objects.get(pk=event.pk), context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)
