"""Events, sources and actors as CSV, streamed: what pandas, R and spreadsheets read.

Events write the event table (timeline/exports/table.py): our columns and ACLED's. Sources and
actors write their own fields. Each filters exactly as its JSON list.
"""

from __future__ import annotations

from django.urls import reverse

from project.tabular import CSV_MEDIA_TYPE, ModelTableExportView, TableExportView, documented_table
from timeline.exports import table
from timeline.filters import ActorFilter, EventFilter, SourceFilter
from timeline.models import Actor, Event, Source
from timeline.serializers import ActorSerializer, SourceSerializer


class EventTableView(TableExportView):
    """The event table; CSV here, other formats override respond()."""

    filterset_class = EventFilter
    filename = "events"
    columns = table.COLUMNS

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user).chronological()

    def available_columns(self):
        return table.columns_for(self.request.user)

    def row_chunks(self, queryset, columns):
        url_prefix = self.request.build_absolute_uri(reverse("event-list"))
        return table.table_chunks(queryset, columns, url_prefix=url_prefix)


@documented_table(CSV_MEDIA_TYPE, summary="Events as CSV", columns=table.COLUMNS)
class EventsCSVView(EventTableView):
    pass


# A source's and an actor's columns are their serializers' fields, less created_at (and the
# source's published_label, which is words for the published column, not a stored value).
SOURCE_FIELDS = {
    name: name
    for name in SourceSerializer.Meta.fields
    if name not in ("created_at", "published_label")
}
ACTOR_FIELDS = {name: name for name in ActorSerializer.Meta.fields if name != "created_at"}


@documented_table(CSV_MEDIA_TYPE, summary="Sources as CSV", columns=tuple(SOURCE_FIELDS))
class SourcesCSVView(ModelTableExportView):
    filterset_class = SourceFilter
    filename = "sources"
    fields = SOURCE_FIELDS
    queryset = Source.objects.order_by("published_earliest", "id")


@documented_table(CSV_MEDIA_TYPE, summary="Actors as CSV", columns=tuple(ACTOR_FIELDS))
class ActorsCSVView(ModelTableExportView):
    filterset_class = ActorFilter
    filename = "actors"
    fields = ACTOR_FIELDS
    queryset = Actor.objects.order_by("name", "id")
