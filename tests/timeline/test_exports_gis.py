"""Events as a GeoPackage and as KML (timeline/exports/gis.py, kml.py), read back by GDAL
through pyogrio, which ships it, and by the system's ogrinfo when it is installed."""

import re
import shutil
import subprocess
from xml.etree import ElementTree

import pytest
import shapely
from pyogrio import list_layers, read_info
from pyogrio.raw import read

from places.models import Place
from tests.dataset import EVENT, PLACE
from tests.timeline.hidden_events import hidden_events
from tests.timeline.known_event import KNOWN, make_known_event
from timeline.exports import kml
from timeline.exports.table import COLUMNS
from timeline.models import Event

BRIANKA = EVENT["held in Brianka"]

LOCATED = {"place__longitude__isnull": False}


def export(client, url, tmp_path, **params):
    response = client.get(url, params)
    assert response.status_code == 200, getattr(response, "content", b"")
    path = tmp_path / url.rsplit("/", 1)[-1]
    path.write_bytes(b"".join(response.streaming_content))
    return response, path


def read_layer(path):
    meta, fids, geometry, values = read(path, return_fids=True)
    values = dict(zip(meta["fields"], values, strict=True))
    if str(path).endswith(".kml"):
        # GDAL's LIBKML driver (pyogrio's) reads the Placemark's id as the field id and renames
        # the attribute id to id2; GDAL's KML driver reads the attribute as id (see below).
        assert all(value.startswith("event-") for value in values["id"])
        assert [int(value[len("event-") :]) for value in values["id"]] == list(values["id2"])
        values["id"] = values.pop("id2")
        # The same for KML's own visibility element and the attribute visibility.
        values["visibility"] = values.pop("visibility2", None)
        if values["visibility"] is None:
            del values["visibility"]
    return meta, fids, geometry, values


def test_geopackage_fids_and_the_id_attribute_are_the_event_ids(dataset, api_client, tmp_path):
    response, path = export(api_client, "/api/v1/events.gpkg", tmp_path, download="1")
    assert response["Content-Type"] == "application/geopackage+sqlite3"
    assert response["Content-Disposition"] == 'attachment; filename="events.gpkg"'
    meta, fids, geometry, values = read_layer(path)
    expected = sorted(Event.objects.filter(**LOCATED).values_list("pk", flat=True))
    assert sorted(fids) == expected
    assert list(values["id"]) == list(fids)
    assert response["X-Feature-Count"] == str(len(expected))
    assert meta["crs"] == "EPSG:4326"
    assert list(meta["fields"]) == [*COLUMNS, "start", "end"]
    info = read_info(path)
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert types["id"] == "int64" and types["latitude"] == "float64"
    assert types["earliest"].startswith("datetime64") and types["start"].startswith("datetime64")


def test_the_same_events_give_the_same_geopackage_bytes(dataset, api_client):
    # GDAL's own file counts the transactions that wrote it, which varied from one write to
    # the next; a copy (VACUUM INTO) does not, so a checksum tells a changed export.
    bodies = {b"".join(api_client.get("/api/v1/events.gpkg").streaming_content) for _ in range(6)}
    assert len(bodies) == 1


def test_geopackage_values_are_the_tables(dataset, api_client, tmp_path):
    event = make_known_event()
    _, path = export(api_client, "/api/v1/events.gpkg", tmp_path)
    _, fids, geometry, values = read_layer(path)
    known = list(fids).index(event.pk)
    assert values["title"][known] == KNOWN["title"]
    assert values["label"][known] == "before 3 August 2022"
    assert values["actors"][known] == "Yuri (pseudonym); Test brigade"
    assert values["iso"][known] == 804
    assert str(values["event_date"][known])[:10] == "2022-08-03"
    assert str(values["end"][known]) == "2022-08-03T23:59:59.000"
    assert shapely.from_wkb(geometry[known]).coords[0] == (38.67222, 48.511)


def test_an_area_is_the_geometry(dataset, api_client, tmp_path):
    area = {"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [31, 51], [30, 50]]]}
    place = Place.objects.create(name="Area", kind="area", precision="region", geometry=area)
    event = Event.objects.create(title="In the area", type_id="detention", date="2022", place=place)
    _, path = export(api_client, "/api/v1/events.gpkg", tmp_path)
    meta, fids, geometry, values = read_layer(path)
    assert shapely.from_wkb(geometry[list(fids).index(event.pk)]).geom_type == "Polygon"


@pytest.mark.parametrize("url", ["/api/v1/events.gpkg", "/api/v1/events.kml"])
def test_include_unlocated_adds_the_events_without_a_location(dataset, api_client, tmp_path, url):
    _, path = export(api_client, url, tmp_path, include_unlocated="true")
    _, _, _, values = read_layer(path)
    assert sorted(int(value) for value in values["id"]) == sorted(
        Event.objects.values_list("pk", flat=True)
    )


@pytest.mark.parametrize("url", ["/api/v1/events.gpkg", "/api/v1/events.kml"])
def test_an_empty_match_is_a_readable_file_without_features(dataset, api_client, tmp_path, url):
    response, path = export(api_client, url, tmp_path, **{"from": "9000-01-01"})
    assert response["X-Feature-Count"] == "0"
    # An empty KML Document is no layer at all to GDAL's LIBKML driver.
    assert all(read_info(path, layer=name)["features"] == 0 for name, _ in list_layers(path))
    if url.endswith(".kml"):
        assert ElementTree.parse(path).getroot().tag == "{http://www.opengis.net/kml/2.2}kml"


@pytest.mark.parametrize("url", ["/api/v1/events.gpkg", "/api/v1/events.kml"])
@pytest.mark.parametrize(
    ("query", "field"),
    [({"from": "June"}, "from"), ({"include_unlocated": "maybe"}, "include_unlocated")],
)
def test_bad_parameters_are_a_400(dataset, api_client, url, query, field):
    response = api_client.get(url, query)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("url", ["/api/v1/events.gpkg", "/api/v1/events.kml"])
@hidden_events
def test_hidden_events_and_the_field_that_says_so_only_for_those_who_may_see_them(
    dataset, api_client, request, tmp_path, url, hidden, column, who
):
    Event.objects.filter(pk=BRIANKA).update(**hidden)
    _, path = export(api_client, url, tmp_path)
    anonymous = read_layer(path)[3]
    _, path = export(request.getfixturevalue(who), url, tmp_path)
    fields = read_layer(path)[3]
    assert BRIANKA not in {int(value) for value in anonymous["id"]}
    assert column not in anonymous
    assert dict(zip(map(int, fields["id"]), fields[column], strict=True))[BRIANKA] == hidden[column]


def test_kml_has_a_time_span_per_placemark_and_its_id(dataset, api_client, tmp_path):
    event = make_known_event()
    response, path = export(api_client, "/api/v1/events.kml", tmp_path)
    assert response["Content-Type"] == "application/vnd.google-earth.kml+xml"
    text = path.read_text()
    assert f'<Placemark id="event-{event.pk}"><name>{KNOWN["title"]}</name>' in text
    assert "<TimeSpan><begin>2012-08-03T00:00:00Z</begin><end>2022-08-03T23:59:59Z</end>" in text
    assert "Yuri (pseudonym)" in text  # pseudonyms marked
    meta, fids, geometry, values = read_layer(path)
    expected = sorted(Event.objects.filter(**LOCATED).values_list("pk", flat=True))
    assert sorted(int(value) for value in values["id"]) == expected
    assert meta["crs"] == "EPSG:4326"
    assert len(fids) == len(expected)  # KML readers number features 1..n: the id is the attribute


def test_kml_is_well_formed_with_hostile_text(dataset, api_client, tmp_path):
    Event.objects.create(
        title='<b>&"x"</b>\x01\x0b',
        summary="]]>",
        type_id="detention",
        date="2022",
        place_id=PLACE["Brianka"],
    )
    _, path = export(api_client, "/api/v1/events.kml", tmp_path)
    _, _, _, values = read_layer(path)
    assert '<b>&"x"</b>' in set(values["Name"])


@pytest.mark.parametrize(
    ("geometry", "written"),
    [
        (None, ""),
        (
            {"type": "Point", "coordinates": [30.5, 50.25]},
            "<Point><coordinates>30.5,50.25</coordinates></Point>",
        ),
        (
            {"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]},
            "<MultiGeometry><Point><coordinates>1,2</coordinates></Point>"
            "<Point><coordinates>3,4</coordinates></Point></MultiGeometry>",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [
                    [[0, 0], [1, 0], [1, 1], [0, 0]],
                    [[0.1, 0.1], [0.2, 0.1], [0.2, 0.2], [0.1, 0.1]],
                ],
            },
            "<Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 1,0 1,1 0,0</coordinates>"
            "</LinearRing></outerBoundaryIs><innerBoundaryIs><LinearRing><coordinates>"
            "0.1,0.1 0.2,0.1 0.2,0.2 0.1,0.1</coordinates></LinearRing></innerBoundaryIs></Polygon>",
        ),
    ],
)
def test_kml_geometries(geometry, written):
    assert kml.geometry(geometry) == written


OGRINFO = shutil.which("ogrinfo")


@pytest.mark.gdal
@pytest.mark.skipif(OGRINFO is None, reason="GDAL's ogrinfo is not installed (gdal-bin)")
@pytest.mark.parametrize(
    ("url", "driver"), [("/api/v1/events.gpkg", "GPKG"), ("/api/v1/events.kml", "LIBKML")]
)
def test_the_systems_ogrinfo_reads_them(dataset, api_client, tmp_path, url, driver):
    _, path = export(api_client, url, tmp_path)
    output = subprocess.run(
        [OGRINFO, "-ro", "-al", str(path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert re.search(rf"using driver `{driver}'", output)
    expected = sorted(Event.objects.filter(**LOCATED).values_list("pk", flat=True))
    assert int(re.search(r"^Feature Count: (\d+)$", output, re.M).group(1)) == len(expected)
    ids = [int(value) for value in re.findall(r"^  id \(Integer(?:64)?\) = (\d+)$", output, re.M)]
    assert sorted(ids) == expected
    if driver == "GPKG":
        assert [
            int(fid) for fid in re.findall(r"^OGRFeature\(events\):(\d+)$", output, re.M)
        ] == ids
