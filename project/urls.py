from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.models import TokenProxy
from rest_framework.routers import DefaultRouter

from places.exports import PlacesCSVView
from places.geojson_views import PlacesGeoJSONView
from places.views import GeocodeReverseView, GeocodeView, PlaceViewSet
from project.tokens import ObtainTokenView
from timeline.changes import DeletedEventsView
from timeline.date_views import DateParseView
from timeline.explorer import ExplorerView
from timeline.exports.csv import ActorsCSVView, EventsCSVView, SourcesCSVView
from timeline.exports.event_places import EventPlacesGeoJSONView
from timeline.exports.geojson import EventsGeoJSONLinesView, EventsGeoJSONView
from timeline.exports.gis import EventsGeoPackageView, EventsKMLView
from timeline.exports.xlsx import EventsXLSXView
from timeline.extraction_views import ReportExtractView
from timeline.history_views import EventHistoryView, EventRestoreView
from timeline.report_views import ReportCreateView
from timeline.timeline_views import ActorTimelineView, PlaceTimelineView, TimelineView
from timeline.views import ActorViewSet, EventViewSet, SourceViewSet

# API tokens are knox's, stored hashed: DRF's admin would create tokens kept in clear.
admin.site.unregister(TokenProxy)
admin.site.site_header = admin.site.site_title = "Chronotope administration"

router = DefaultRouter()
router.register("events", EventViewSet, basename="event")
router.register("places", PlaceViewSet, basename="place")
router.register("sources", SourceViewSet, basename="source")
router.register("actors", ActorViewSet, basename="actor")

api_v1 = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("auth/token/", ObtainTokenView.as_view(), name="auth-token"),
    path("events/<int:pk>/history/", EventHistoryView.as_view(), name="event-history"),
    path("events/<int:pk>/restore/", EventRestoreView.as_view(), name="event-restore"),
    path("geocode/", GeocodeView.as_view(), name="geocode"),
    path("geocode/reverse/", GeocodeReverseView.as_view(), name="geocode-reverse"),
    path("dates/parse/", DateParseView.as_view(), name="dates-parse"),
    path("reports/", ReportCreateView.as_view(), name="reports"),
    path("reports/extract/", ReportExtractView.as_view(), name="reports-extract"),
    path("events/deleted/", DeletedEventsView.as_view(), name="events-deleted"),
    # Before the router: its format-suffix routes would take events.geojson as format=geojson.
    path("events.geojson", EventsGeoJSONView.as_view(), name="events-geojson"),
    path("events.geojsonl", EventsGeoJSONLinesView.as_view(), name="events-geojsonl"),
    path("events/places.geojson", EventPlacesGeoJSONView.as_view(), name="events-places"),
    path("places.geojson", PlacesGeoJSONView.as_view(), name="places-geojson"),
    path("events.csv", EventsCSVView.as_view(), name="events-csv"),
    path("places.csv", PlacesCSVView.as_view(), name="places-csv"),
    path("sources.csv", SourcesCSVView.as_view(), name="sources-csv"),
    path("actors.csv", ActorsCSVView.as_view(), name="actors-csv"),
    path("events.gpkg", EventsGeoPackageView.as_view(), name="events-gpkg"),
    path("events.kml", EventsKMLView.as_view(), name="events-kml"),
    path("events.xlsx", EventsXLSXView.as_view(), name="events-xlsx"),
    path("timeline/", TimelineView.as_view(), name="timeline"),
    path("places/<int:pk>/timeline/", PlaceTimelineView.as_view(), name="place-timeline"),
    path("actors/<int:pk>/timeline/", ActorTimelineView.as_view(), name="actor-timeline"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="explorer", permanent=False)),
    path("explore/", ExplorerView.as_view(), name="explorer"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
]

handler404 = "project.errors.not_found"
