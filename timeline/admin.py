from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from project.admin_mixins import (
    DeletedRecordsAdminMixin,
    HiddenRelatedAdminMixin,
    StaleSaveGuardMixin,
)
from timeline import reports, services
from timeline.admin_forms import EventAdminForm
from timeline.history import NESTED, event_history_visible_to
from timeline.import_admin import EventImportMixin
from timeline.models import (
    Actor,
    Citation,
    Event,
    EventActor,
    EventType,
    Figure,
    Source,
    can_publish,
    can_see_restricted,
)
from timeline.report_admin import PasteReportMixin


class CappedInline:
    """An event's list, capped as the API caps it (EVENT_MAX_NESTED_ITEMS)."""

    max_num = settings.EVENT_MAX_NESTED_ITEMS
    validate_max = True


class EventActorInline(CappedInline, admin.TabularInline):
    model = EventActor
    extra = 1
    autocomplete_fields = ["actor"]


class CitationInline(CappedInline, admin.StackedInline):
    model = Citation
    fk_name = "event"
    extra = 1
    autocomplete_fields = ["source", "contradicts"]


class FigureInline(CappedInline, admin.StackedInline):
    model = Figure
    extra = 0
    autocomplete_fields = ["claimed_by", "source"]


class GatedHistoryMixin:
    """For SimpleHistoryAdmin: its history page and revert form answer 404 to a user who may
    not see the record. django-simple-history falls back to the latest historical version of
    a record that get_queryset() hides, so the change list's filter alone does not guard them."""

    def history_visible_to(self, request, object_id) -> bool:
        raise NotImplementedError

    def history_view(self, request, object_id, extra_context=None):
        if not self.history_visible_to(request, unquote(object_id)):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.history_visible_to(request, unquote(object_id)):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Event)
class EventAdmin(
    HiddenRelatedAdminMixin,
    StaleSaveGuardMixin,
    DeletedRecordsAdminMixin,
    EventImportMixin,
    PasteReportMixin,
    GatedHistoryMixin,
    SimpleHistoryAdmin,
):
    restore_nested = tuple(NESTED.values())
    form = EventAdminForm  # the date field takes a phrase too

    # One template with the mixins' buttons: each sets its own change_list_template.
    change_list_template = "admin/timeline/event/change_list.html"
    list_display = [
        "title",
        "date",
        "earliest",
        "latest",
        "precision",
        "type",
        "place",
        "confidence",
        "visibility",
        "status",
    ]
    list_filter = [
        "status",
        "type",
        "precision",
        "confidence",
        "visibility",
        "approximate",
        "uncertain",
    ]
    search_fields = ["title", "summary", "place__name", "place__names__name", "location_note"]
    date_hierarchy = "earliest"
    autocomplete_fields = ["place"]
    readonly_fields = [
        "status",
        "reviewed_by",
        "reviewed_at",
        "earliest",
        "latest",
        "precision",
        "approximate",
        "uncertain",
        "created_at",
        "updated_at",
    ]
    inlines = [EventActorInline, CitationInline, FigureInline]
    actions = ["publish"]
    fieldsets = [
        (None, {"fields": ["title", "summary", "type", "confidence", "visibility"]}),
        ("Review", {"fields": ["status", "reviewed_by", "reviewed_at"]}),
        (
            "When",
            {
                "fields": [
                    "date",
                    "date_reference",
                    "date_as_reported",
                    "earliest",
                    "latest",
                    "precision",
                    "approximate",
                    "uncertain",
                ],
                "description": "A date as the report writes it, or EDTF: 2022-06 (a month), "
                "2022-03-07/2022-04-01 (an interval), 2022-03~ (about), 2022? (uncertain), "
                "2022-22 (summer), [..2022-08-03] (on or before). What it will store shows "
                "below the field as you type.",
            },
        ),
        ("Where", {"fields": ["place", "location_note"]}),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        # Staff without the permission do not see restricted events in the admin either.
        return (
            super().get_queryset(request).visible_to(request.user).select_related("place", "type")
        )

    def get_readonly_fields(self, request, obj=None):
        # Who may not see restricted events may not make one (the API refuses it too).
        fields = super().get_readonly_fields(request, obj)
        if not can_see_restricted(request.user):
            fields = [*fields, "visibility"]
        if obj is not None:
            fields = [*fields, self._duplicates_field(request)]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, ("Possible duplicates", {"fields": [self._duplicates_field(request)]})]

    @staticmethod
    def _duplicates_field(request):
        """A read-only field listing the events this one may repeat, among those the user may
        see (a display callable gets no request, so it is made per request and kept on it)."""
        if not hasattr(request, "_possible_duplicates_field"):

            def possible_duplicates(event):
                ids = reports.event_duplicates(request.user, event)
                if not ids:
                    return "None found."
                events = Event.objects.visible_to(request.user).in_bulk(ids)
                return format_html_join(
                    mark_safe("<br>"),
                    '<a href="{}">{}</a> ({})',
                    (
                        (
                            reverse("admin:timeline_event_change", args=[pk]),
                            events[pk],
                            events[pk].date,
                        )
                        for pk in ids
                        if pk in events
                    ),
                )

            possible_duplicates.short_description = "May repeat"
            request._possible_duplicates_field = possible_duplicates
        return request._possible_duplicates_field

    def save_model(self, request, obj, form, change):
        if not change:
            obj.status = services.default_status(request.user)  # a new event of a non-reviewer
        super().save_model(request, obj, form, change)
        services.check_visible_after_write(request.user, obj)  # rolled back with the request

    @admin.action(description="Publish the selected drafts")
    def publish(self, request, queryset):
        """Publish each selected draft that may be, through the same service as the API; the
        others are named with the reason."""
        published = 0
        for event in queryset.filter(status=Event.Status.DRAFT):
            try:
                with transaction.atomic():
                    services.event_publish(event, user=request.user)
            except ValidationError as error:
                reasons = " ".join(
                    message for messages in error.message_dict.values() for message in messages
                )
                self.message_user(
                    request, f"“{event}” was not published: {reasons}", messages.ERROR
                )
            else:
                published += 1
        if published:
            self.message_user(request, f"{published} event(s) published.", messages.SUCCESS)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_publish(request.user):
            actions.pop("publish", None)
        return actions

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.event_sources_changed(form.instance)  # an event citing nothing is unsourced

    def deleted_visible_to(self, request, object_id):
        return event_history_visible_to(request.user, object_id)

    def history_visible_to(self, request, object_id) -> bool:
        return event_history_visible_to(request.user, object_id)


class OfVisibleEventsMixin(GatedHistoryMixin):
    """Rows that belong to an event are shown only when the event itself may be seen."""

    def get_queryset(self, request):
        visible = Event.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(event__in=visible)

    def history_visible_to(self, request, object_id) -> bool:
        """True if the row has existed and every event it has belonged to may be seen: its
        history and revert form show each version, whichever event it was on."""
        try:
            object_id = int(object_id)
        except (TypeError, ValueError):
            return False
        event_ids = set(self.model.history.filter(id=object_id).values_list("event_id", flat=True))
        event_ids.update(
            self.model._default_manager.filter(pk=object_id).values_list("event_id", flat=True)
        )
        return bool(event_ids) and all(
            event_history_visible_to(request.user, event_id) for event_id in event_ids
        )


@admin.register(Source)
class SourceAdmin(
    HiddenRelatedAdminMixin, StaleSaveGuardMixin, DeletedRecordsAdminMixin, SimpleHistoryAdmin
):
    list_display = ["title", "outlet", "published", "kind", "copy_of", "derived_from", "language"]
    list_filter = ["kind", "language", "outlet"]
    search_fields = ["title", "outlet", "authors", "notes"]
    autocomplete_fields = ["copy_of", "derived_from"]
    readonly_fields = ["published_earliest", "published_latest", "created_at", "updated_at"]


@admin.register(Actor)
class ActorAdmin(
    HiddenRelatedAdminMixin, StaleSaveGuardMixin, DeletedRecordsAdminMixin, SimpleHistoryAdmin
):
    list_display = ["name", "kind", "is_pseudonym"]
    list_filter = ["kind", "is_pseudonym"]
    search_fields = ["name", "description"]


@admin.register(EventType)
class EventTypeAdmin(HiddenRelatedAdminMixin, admin.ModelAdmin):
    list_display = ["slug", "label"]
    search_fields = ["slug", "label"]


@admin.register(Figure)
class FigureAdmin(HiddenRelatedAdminMixin, OfVisibleEventsMixin, SimpleHistoryAdmin):
    list_display = ["event", "stated", "value_min", "value_max", "counted", "claimed_by", "source"]
    list_filter = ["qualifier"]
    search_fields = ["counted", "stated", "event__title"]
    autocomplete_fields = ["event", "claimed_by", "source"]


@admin.register(Citation)
class CitationAdmin(HiddenRelatedAdminMixin, OfVisibleEventsMixin, SimpleHistoryAdmin):
    list_display = ["event", "source", "contradicts"]
    search_fields = ["event__title", "source__title", "supports"]
    autocomplete_fields = ["event", "source", "contradicts"]


@admin.register(EventActor)
class EventActorAdmin(HiddenRelatedAdminMixin, OfVisibleEventsMixin, SimpleHistoryAdmin):
    list_display = ["event", "actor", "role"]
    search_fields = ["event__title", "actor__name", "role"]
    autocomplete_fields = ["event", "actor"]
