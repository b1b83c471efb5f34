from django.conf import settings
from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from places import geocoding, services
from places.models import Place, PlaceName
from project.admin_mixins import (
    DeletedRecordsAdminMixin,
    HiddenRelatedAdminMixin,
    StaleSaveGuardMixin,
)

# How many candidates the admin names when a geocoded name could mean several places.
AMBIGUOUS_SHOWN = 5


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    extra = 1


@admin.register(Place)
class PlaceAdmin(
    HiddenRelatedAdminMixin, StaleSaveGuardMixin, DeletedRecordsAdminMixin, SimpleHistoryAdmin
):
    list_display = [
        "name",
        "kind",
        "admin1",
        "country_code",
        "latitude",
        "longitude",
        "precision",
        "geonames_id",
    ]
    list_filter = ["kind", "precision", "country_code", "admin1", "geocode_provider"]
    search_fields = ["name", "names__name", "admin1"]
    autocomplete_fields = ["parent"]
    inlines = [PlaceNameInline]
    actions = ["geocode_selected"]
    readonly_fields = [
        "geocode_provider",
        "geocode_query",
        "geocode_matched_name",
        "geocoded_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["name", "kind", "parent", "country_code", "admin1", "notes"]}),
        ("Location", {"fields": ["latitude", "longitude", "precision", "geometry", "geonames_id"]}),
        (
            "Geocoding provenance",
            {
                "fields": [
                    "geocode_provider",
                    "geocode_query",
                    "geocode_matched_name",
                    "geocoded_at",
                ]
            },
        ),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]

    def render_change_form(self, request, context, *args, **kwargs):
        context.update(
            map_tile_url=settings.MAP_TILE_URL, map_tile_attribution=settings.MAP_TILE_ATTRIBUTION
        )
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        """The form has validated the place; one saved without a point is geocoded first, and
        the editor is told when the name could mean several places."""
        geocoded = services.geocode_into(obj)
        super().save_model(request, obj, form, change)
        if geocoded:
            self._warn_if_ambiguous(request, obj)

    def _warn_if_ambiguous(self, request, place):
        try:
            results, ambiguous = geocoding.lookup(place.geocode_query, limit=AMBIGUOUS_SHOWN)
        except (geocoding.GeocodingError, ValueError):
            return
        if not ambiguous:
            return

        def label(result):
            region = ", ".join(part for part in (result["admin1"], result["country_code"]) if part)
            return (
                f"{result['name']} ({region}; {result['latitude']:.4f}, {result['longitude']:.4f})"
            )

        others = [label(result) for result in results[1:]]
        self.message_user(
            request,
            f"“{place.geocode_query}” could be several places: took {label(results[0])}. "
            f"Others: {'; '.join(others)}. If it is one of those, set its point on the map or "
            "add its region or country to the name and geocode again.",
            level=messages.WARNING,
        )

    @admin.action(description="Geocode selected places (replaces their point)")
    def geocode_selected(self, request, queryset):
        matched, unmatched = [], []
        for place in queryset:
            (matched if services.place_geocode(place) else unmatched).append(place.name)
        if matched:
            self.message_user(request, f"Geocoded {len(matched)}: {', '.join(matched)}.")
        if unmatched:
            self.message_user(
                request,
                f"No match for {len(unmatched)}: {', '.join(unmatched)}.",
                level=messages.WARNING,
            )


@admin.register(PlaceName)
class PlaceNameAdmin(HiddenRelatedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "place", "language", "kind"]
    list_filter = ["kind", "language"]
    search_fields = ["name", "place__name"]
    autocomplete_fields = ["place"]
