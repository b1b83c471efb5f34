"""Places as CSV, streamed, filtered as the place list. (The GeoJSON export is in
places/geojson_views.py.)"""

from __future__ import annotations

from places.models import Place
from places.views import PlaceViewSet
from project.tabular import CSV_MEDIA_TYPE, ModelTableExportView, documented_table

PLACE_FIELDS = {
    name: name
    for name in (
        "id",
        "name",
        "kind",
        "parent_id",
        "country_code",
        "admin1",
        "latitude",
        "longitude",
        "precision",
        "geonames_id",
        "notes",
        "updated_at",
    )
}


@documented_table(CSV_MEDIA_TYPE, summary="Places as CSV", columns=tuple(PLACE_FIELDS))
class PlacesCSVView(ModelTableExportView):
    # The place list's own filters, whatever they are, so both outputs filter alike.
    filter_backends = PlaceViewSet.filter_backends
    filterset_class = getattr(PlaceViewSet, "filterset_class", None)
    filename = "places"
    fields = PLACE_FIELDS
    queryset = Place.objects.order_by("name", "id")
