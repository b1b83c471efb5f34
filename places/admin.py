from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from places.models import Place, PlaceName
from project.admin_mixins import DeletedRecordsAdminMixin, StaleSaveGuardMixin


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    extra = 1


@admin.register(Place)
class PlaceAdmin(StaleSaveGuardMixin, DeletedRecordsAdminMixin, SimpleHistoryAdmin):
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


@admin.register(PlaceName)
class PlaceNameAdmin(SimpleHistoryAdmin):
    list_display = ["name", "place", "language", "kind"]
    list_filter = ["kind", "language"]
    search_fields = ["name", "place__name"]
    autocomplete_fields = ["place"]
