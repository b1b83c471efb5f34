"""The admin's "Paste a report" page on the event list: paste a report's text, see its places and
dates highlighted and the draft events proposed beside it, correct them, and create the drafts.

The page is a shell, like the explorer: its script calls POST /api/v1/reports/extract/ to read
the text and POST /api/v1/reports/ to create the source and the drafts, with the editor's
session, so the admin gets no write path or permission check of its own.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse

from timeline.models import EventType, Source

# The newest sources offered in the "existing source" list; an older one is found by its id.
SOURCE_CHOICES = 500


class PasteReportMixin:
    """The "Paste a report" button and page, for an admin of events."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_paste_report"
        view = self.admin_site.admin_view(self.paste_report_view)
        return [path("paste-report/", view, name=name), *super().get_urls()]

    def has_paste_report_permission(self, request) -> bool:
        """Return True for who may add events: the permission POST /api/v1/reports/ asks."""
        return self.has_add_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_paste_report": self.has_paste_report_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def paste_report_view(self, request):
        if not self.has_paste_report_permission(request):
            raise PermissionDenied
        sources = Source.objects.order_by("-published_latest", "-id").values_list(
            "id", "outlet", "title", "published"
        )[:SOURCE_CHOICES]
        return TemplateResponse(
            request,
            "admin/timeline/paste_report.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Paste a report",
                "sources": sources,
                "event_types": EventType.objects.order_by("label").values_list("slug", "label"),
                "can_add_source": request.user.has_perm("timeline.add_source"),
                "extract_url": reverse("reports-extract"),
                "reports_url": reverse("reports"),
                "change_url": reverse("admin:timeline_event_change", args=[0]),
            },
        )
