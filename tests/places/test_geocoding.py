import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from geopy.location import Location

from places import geocoding
from places.gazetteer import Gazetteer
from places.models import GeocodeCacheEntry
from places.services import place_create

NOMINATIM_IZIUM = [
    {
        "place_id": 1,
        "lat": "49.2082",
        "lon": "37.2689",
        "name": "Izium",
        "display_name": "Izium, Izium Raion, Kharkiv Oblast, Ukraine",
        "importance": 0.61,
        "address": {"town": "Izium", "state": "Kharkiv Oblast", "country_code": "ua"},
    }
]
PHOTON_IZIUM = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [37.2689, 49.2082]},
            "properties": {"name": "Izium", "state": "Kharkiv Oblast", "countrycode": "UA"},
        }
    ],
}
PELIAS_IZIUM = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [37.2689, 49.2082]},
            "properties": {
                "name": "Izium",
                "label": "Izium, Ukraine",
                "region": "Kharkiv Oblast",
                "country_code": "UA",
                "confidence": 0.9,
            },
        }
    ],
}


class StubGeocoder(BaseHTTPRequestHandler):
    """Answers like Nominatim (/search), Photon (/api) and Pelias (/v1/search)."""

    requests: list[str] = []
    fail = False

    def do_GET(self):
        url = urlparse(self.path)
        type(self).requests.append(self.path)
        if type(self).fail:
            self.send_response(500)
            self.end_headers()
            return
        query = parse_qs(url.query).get("q", parse_qs(url.query).get("text", [""]))[0]
        known = query.startswith("Izium")
        body = {
            "/search": NOMINATIM_IZIUM if known else [],
            "/api": PHOTON_IZIUM if known else {"type": "FeatureCollection", "features": []},
            "/v1/search": PELIAS_IZIUM if known else {"type": "FeatureCollection", "features": []},
        }[url.path]
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub_server():
    StubGeocoder.requests = []
    StubGeocoder.fail = False
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubGeocoder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def online(settings, stub_server):
    def use(provider):
        settings.GEOCODER = provider
        settings.GEOCODER_DOMAIN = f"127.0.0.1:{stub_server.server_address[1]}"
        settings.GEOCODER_SCHEME = "http"
        settings.GEOCODER_MIN_DELAY = 0
        settings.GEOCODER_TIMEOUT = 5
        return StubGeocoder.requests

    return use


@pytest.mark.parametrize(
    ("provider", "path", "admin1", "score"),
    [
        ("nominatim", "/search", "Kharkiv Oblast", 0.61),
        ("photon", "/api", "Kharkiv Oblast", None),
        ("pelias", "/v1/search", "Kharkiv Oblast", 0.9),
    ],
)
def test_online_provider_through_geopy_is_cached(online, db, provider, path, admin1, score):
    requests = online(provider)
    expected = [
        {
            "geonames_id": None,
            "name": "Izium",
            "matched_name": "Izium",
            "match": None,
            "kind": None,
            "precision": None,
            "distance_km": None,
            "latitude": 49.2082,
            "longitude": 37.2689,
            "country_code": "UA",
            "admin1": admin1,
            "population": None,
            "score": score,
            "provider": provider,
            "place_id": None,
        }
    ]
    assert geocoding.geocode("Izium", limit=3) == expected
    assert geocoding.geocode("  Izium ", limit=3) == expected  # same query: from the cache
    assert len(requests) == 1 and urlparse(requests[0]).path == path
    assert GeocodeCacheEntry.objects.filter(provider=provider, query="Izium").count() == 1
    assert geocoding.attribution() != geocoding.ATTRIBUTIONS["offline"]


def test_online_no_match_is_cached_too(online, db):
    requests = online("nominatim")
    assert geocoding.geocode("Nowhere at all") == []
    assert geocoding.geocode("Nowhere at all") == []
    assert len(requests) == 1


def test_online_failure_is_an_error_and_not_cached(online, db, api_client):
    requests = online("photon")
    StubGeocoder.fail = True
    with pytest.raises(geocoding.GeocodingError, match="photon geocoder could not be reached"):
        geocoding.geocode("Izium")
    response = api_client.get("/api/v1/geocode/", {"q": "Izium"})
    assert response.status_code == 503
    assert "could not be reached" in response.json()["detail"]
    assert not GeocodeCacheEntry.objects.exists()
    StubGeocoder.fail = False
    assert geocoding.geocode("Izium")[0]["name"] == "Izium"
    assert len(requests) >= 3


def test_api_online_payload(online, db, api_client):
    online("nominatim")
    body = api_client.get("/api/v1/geocode/", {"q": "Izium"}).json()
    assert body["results"][0]["provider"] == "nominatim"
    assert "OpenStreetMap" in body["attribution"]


def test_gazetteer_is_a_geopy_geocoder(gazetteer_index):
    location = Gazetteer(index=gazetteer_index).geocode("Ізюм")
    assert isinstance(location, Location)
    assert location.address == "Izyum, Kharkiv Oblast, UA"
    assert (location.latitude, location.longitude) == (49.20697, 37.27679)
    assert location.raw["geonames_id"] == 707292
    several = Gazetteer(index=gazetteer_index).geocode("Oleksandrivka", exactly_one=False, limit=3)
    assert len(several) == 3 and all(isinstance(item, Location) for item in several)
    assert Gazetteer(index=gazetteer_index).geocode("Qqqqzzzxxx") is None
    assert Gazetteer(index=gazetteer_index).geocode("Qqqqzzzxxx", exactly_one=False) is None


def test_the_gazetteer_knows_no_model():
    """places.gazetteer is handed its entries, so that no import circle runs through models."""
    code = "import sys, places.gazetteer; print(sorted(m for m in sys.modules if 'django' in m))"
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("query", "limit", "message"),
    [
        ("", 5, geocoding.ERROR_QUERY_EMPTY),
        ("   ", 5, geocoding.ERROR_QUERY_EMPTY),
        ("x" * 201, 5, geocoding.ERROR_QUERY_TOO_LONG),
        ("Izium", 0, geocoding.ERROR_LIMIT),
        ("Izium", 21, geocoding.ERROR_LIMIT),
    ],
)
def test_geocode_rejects_bad_input(query, limit, message):
    with pytest.raises(ValueError) as error:
        geocoding.geocode(query, limit=limit)
    assert str(error.value) == message


# A place written while the online geocoder is down ----------------------------------------


def test_unreachable_online_geocoder_never_fails_a_write(online, db):
    online("nominatim")
    StubGeocoder.fail = True
    place = place_create(name="Izium")
    assert place.pk is not None and not place.has_point
