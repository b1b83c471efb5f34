"""The exports as the mapping tools themselves read them: GDAL's ogrinfo and Leaflet in headless
Chromium. Without its tool a test skips, saying why; in CI (CI=true) it fails."""

import re
import subprocess
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from timeline.models import Event

EXPECTED_EVENT_FIELDS = {
    "id": "Integer",
    "title": "String",
    "summary": "String",
    "type": "String",
    "date": "String",
    "earliest": "Date",
    "latest": "Date",
    "start": "DateTime",
    "end": "DateTime",
    "label": "String",
    "precision": "String",
    "place_id": "Integer",
    "place_name": "String",
    "place_precision": "String",
    "location_note": "String",
    "confidence": "String",
    "actors": "String",
    "sources": "String",
    "source_count": "Integer",
    "url": "String",
}


def ogrinfo_summary(ogrinfo: str, path: Path) -> dict:
    """Driver, geometry type, feature count and field types, from `ogrinfo -ro -al -so`."""
    output = subprocess.run(
        [ogrinfo, "-ro", "-al", "-so", str(path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    return {
        "driver": re.search(r"using driver `(\w+)'", output).group(1),
        "geometry": re.search(r"^Geometry: (.+)$", output, re.M).group(1),
        "count": int(re.search(r"^Feature Count: (\d+)$", output, re.M).group(1)),
        "fields": dict(re.findall(r"^(\w+): (\w+) \(", output, re.M)),
    }


def _export(client, url, **extra) -> bytes:
    response = client.get(url, **extra)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.gdal
@pytest.mark.parametrize(
    ("url", "accept", "filename", "driver"),
    [
        ("/api/v1/events.geojson", "*/*", "events.geojson", "GeoJSON"),
        ("/api/v1/events.geojsonl", "*/*", "events.geojsonl", "GeoJSONSeq"),
        ("/api/v1/events.geojsonl", "application/geo+json-seq", "events.geojsons", "GeoJSONSeq"),
    ],
)
def test_ogrinfo_reads_event_exports(
    ogrinfo, dataset, api_client, tmp_path, url, accept, filename, driver
):
    path = tmp_path / filename
    path.write_bytes(_export(api_client, url, HTTP_ACCEPT=accept))
    summary = ogrinfo_summary(ogrinfo, path)
    assert summary == {
        "driver": driver,
        "geometry": "Point",
        "count": Event.objects.filter(place__longitude__isnull=False).count(),
        "fields": EXPECTED_EVENT_FIELDS,
    }


@pytest.mark.gdal
def test_ogrinfo_reads_places(ogrinfo, dataset, api_client, tmp_path):
    path = tmp_path / "places.geojson"
    path.write_bytes(_export(api_client, "/api/v1/places.geojson"))
    summary = ogrinfo_summary(ogrinfo, path)
    assert (summary["driver"], summary["geometry"], summary["count"]) == ("GeoJSON", "Point", 20)
    assert summary["fields"] == {
        "name": "String",
        "kind": "String",
        "country_code": "String",
        "admin1": "String",
        "precision": "String",
        "geonames_id": "Integer",
        "parent_id": "Integer",
        "alternate_names": "String",
        "longitude": "Real",
        "latitude": "Real",
        "url": "String",
    }


LEAFLET_PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="/static/places/leaflet/leaflet.css">
<script src="/static/places/leaflet/leaflet.js"></script>
<style>html, body, #map { height: 100%; margin: 0 }</style>
</head><body><div id="map"></div>
<script>
const map = L.map("map");
window.loaded = fetch("/api/v1/events.geojson")
  .then((response) => response.json())
  .then((data) => {
    const layer = L.geoJSON(data).addTo(map);
    const [west, south, east, north] = data.bbox;
    map.fitBounds([[south, west], [north, east]]);
    return {
      features: data.features.length,
      located: data.features.filter((f) => f.geometry).length,
      markers: layer.getLayers().filter((l) => l instanceof L.Marker).length,
    };
  });
</script></body></html>
"""


@pytest.mark.browser
def test_leaflet_shows_one_marker_per_located_event(sync_playwright, dataset, live_server):
    located = Event.objects.filter(place__longitude__isnull=False).count()
    page_url = f"{live_server.url}/leaflet-check.html"  # served by the route below, same origin
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 700})
            page.route(
                page_url, lambda route: route.fulfill(body=LEAFLET_PAGE, content_type="text/html")
            )
            page.goto(page_url)
            counts = page.evaluate("window.loaded")
            page.wait_for_function(
                "n => document.querySelectorAll('.leaflet-marker-icon').length === n", arg=located
            )
            icons = page.locator(".leaflet-marker-icon").count()
            page.screenshot(path=str(ARTIFACTS / "leaflet-events.png"))
        finally:
            browser.close()
    assert counts == {"features": located, "located": located, "markers": located}
    assert icons == located > 0


def test_leaflet_page_uses_the_vendored_files():
    static = Path(__file__).resolve().parents[2] / "places" / "static" / "places" / "leaflet"
    for name in re.findall(r'/static/places/leaflet/([\w.]+)"', LEAFLET_PAGE):
        assert (static / name).is_file()
