"""The explorer page (/explore/): a map, a timeline and a list of the events, read-only.

The page holds no event: its script reads everything from the API (/api/v1/), with the
visitor's session, so it shows exactly what the API would show them and nothing more; the
visibility gate and the filters stay where they are (Event.objects.visible_to, EventFilter).
The view only renders the shell: the filter vocabulary, where the API and the basemap are, and
whether the visitor may see restricted events (to mark them, never to fetch them).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.views.generic import TemplateView

from timeline.models import EventType, can_see_restricted


class ExplorerView(TemplateView):
    template_name = "timeline/explorer.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            api_root=reverse("api-root"),
            event_types=EventType.objects.order_by("label"),
            sees_restricted=can_see_restricted(self.request.user),
            map_tile_url=settings.MAP_TILE_URL,
            map_tile_attribution=settings.MAP_TILE_ATTRIBUTION,
        )
        return context
