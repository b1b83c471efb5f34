import orjson
import pytest
from django.core.management import CommandError, call_command

from places.models import Place, PlaceName
from tests.dataset import EVENT, MISSING_ID, PLACE
from timeline.geojson_import import GeoJSONImportError, geojson_import
from timeline.models import Event

STAS = EVENT["Officer 'Stas' refuses to fight"]
BRIGADES = EVENT["Two brigades record hundreds"]
IZIUM, IZIUM_BATTLE = PLACE["Izium"], EVENT["Battle of Izium"]
INVASION = EVENT["full-scale invasion"]


def _export_bytes(client, url, **params) -> bytes:
    response = client.get(url, params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _export(client, url, **params) -> dict:
    return orjson.loads(_export_bytes(client, url, **params))


def _empty_events_and_places():
    Event.objects.all().delete()
    Place.objects.update(parent=None)
    Place.objects.all().delete()


def _counts():
    return Event.objects.count(), Place.objects.count(), PlaceName.objects.count()


def test_export_import_export_gives_the_same_files(dataset, superuser_client, tmp_path):
    """Byte for byte, actors and sources included: the sources stay, so their ids hold, and
    the actors are found again by name. A restricted event stays restricted, a draft a draft."""
    reader_client = superuser_client  # sees restricted events and drafts, and which they are
    Event.objects.filter(pk=STAS).update(visibility="restricted")
    Event.objects.filter(pk=BRIGADES).update(status="draft")
    params = {"include_unlocated": "true"}
    places = _export_bytes(reader_client, "/api/v1/places.geojson", **params)
    events = _export_bytes(reader_client, "/api/v1/events.geojson", **params)
    (tmp_path / "places.geojson").write_bytes(places)
    (tmp_path / "events.geojson").write_bytes(events)

    _empty_events_and_places()
    call_command("import_geojson", tmp_path / "places.geojson", tmp_path / "events.geojson")

    assert _export_bytes(reader_client, "/api/v1/places.geojson", **params) == places
    assert _export_bytes(reader_client, "/api/v1/events.geojson", **params) == events
    again = orjson.loads(events)["features"]
    assert next(f for f in again if f["id"] == STAS)["properties"]["visibility"] == "restricted"
    assert next(f for f in again if f["id"] == BRIGADES)["properties"]["status"] == "draft"
    assert Event.objects.get(pk=BRIGADES).status == "draft"
    assert max(f["properties"]["source_count"] for f in again) > 0


def test_events_alone_make_the_places_they_need(dataset, api_client):
    events = _export(api_client, "/api/v1/events.geojson")
    _empty_events_and_places()
    result = geojson_import(data=orjson.dumps(events))
    assert result.created == {
        "event": 19,
        "place": len({f["properties"]["place_id"] for f in events["features"]}),
    }
    assert _export(api_client, "/api/v1/events.geojson") == events


def test_import_is_idempotent_and_keeps_actors(dataset, api_client):
    events = _export(api_client, "/api/v1/events.geojson", include_unlocated="1")
    places = _export(api_client, "/api/v1/places.geojson")
    counts = _counts()
    for _ in range(2):
        result = geojson_import(data=orjson.dumps(places))
        result = geojson_import(data=orjson.dumps(events), result=result)
        assert result.unchanged == {"event": 34, "place": 20}
        assert result.created == result.updated == {"event": 0, "place": 0}
    assert _counts() == counts
    assert _export(api_client, "/api/v1/events.geojson", include_unlocated="1") == events


def test_import_updates_by_id_and_creates_without_id(dataset):
    feature = {
        "type": "Feature",
        "id": IZIUM_BATTLE,
        "geometry": {"type": "Point", "coordinates": [37.27679, 49.20697]},
        "properties": {
            "title": "Battle of Izium (renamed)",
            "type": "battle",
            "date": "2022-03",
            "place_id": IZIUM,
        },
    }
    new = {**feature, "properties": {**feature["properties"], "title": "Another"}}
    del new["id"]
    result = geojson_import(
        data=orjson.dumps({"type": "FeatureCollection", "features": [feature, new]})
    )
    assert (result.updated["event"], result.created["event"]) == (1, 1)
    izium = Event.objects.get(pk=IZIUM_BATTLE)
    assert (izium.title, izium.date, izium.precision, izium.place_id) == (
        "Battle of Izium (renamed)",
        "2022-03",
        "month",
        IZIUM,
    )
    assert izium.event_actors.exists()  # kept: the import never touches actors
    created = Event.objects.get(title="Another")
    assert created.place_id == IZIUM  # the same name and point: the existing place, no duplicate
    assert created.pk > 20


GOOD = {
    "type": "Feature",
    "id": INVASION,
    "geometry": {"type": "Point", "coordinates": [32, 49]},
    "properties": {
        "title": "x",
        "type": "offensive",
        "date": "2022-02",
        "place_id": PLACE["Ukraine"],
    },
}


def _with(**changes):
    feature = {**GOOD, **{k: v for k, v in changes.items() if k != "properties"}}
    feature["properties"] = {**GOOD["properties"], **changes.get("properties", {})}
    return orjson.dumps({"type": "FeatureCollection", "features": [GOOD, feature]})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "The file is not valid JSON: "),
        (
            b'{"type": "Feature"}',
            "The file is not a GeoJSON FeatureCollection (its type is 'Feature').",
        ),
        (b"[]", "The file is not a GeoJSON FeatureCollection (its type is 'list')."),
        (b'{"type": "FeatureCollection"}', "A FeatureCollection needs a 'features' list."),
        (
            _with(properties={"date": "2022-13-45"}),
            f"Feature 1 (id {INVASION}): date: '2022-13-45' is not a valid EDTF date.",
        ),
        (
            _with(properties={"type": "picnic"}),
            f"Feature 1 (id {INVASION}): type: unknown event type 'picnic'; known types: abuse,",
        ),
        (
            _with(geometry={"type": "Point", "coordinates": [49, 200]}),
            f"Feature 1 (id {INVASION}): geometry: Coordinates must be longitude -180..180 and latitude -90..90",
        ),
        (
            _with(geometry={"type": "Point"}),
            f"Feature 1 (id {INVASION}): geometry: The geometry could not be read",
        ),
        (_with(id="event-1"), "Feature 1 (id event-1): 'id' must be a whole number from 1 to"),
        (_with(type="Point"), "Feature 1 (id None): not a GeoJSON Feature."),
        (_with(properties={"title": 5}), f"Feature 1 (id {INVASION}): title: must be text."),
        (
            _with(properties={"place_id": "Kyiv"}),
            f"Feature 1 (id {INVASION}): place_id: must be a whole number (an id), or null.",
        ),
        (
            _with(properties={"confidence": "sure"}),
            f"Feature 1 (id {INVASION}): confidence: Value 'sure' is not a valid choice.",
        ),
        (
            _with(properties={"place_id": MISSING_ID}),
            f"Feature 1 (id {INVASION}): place_name: needed to create a place",
        ),
        (
            orjson.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "id": PLACE["Luhansk Oblast"],
                            "geometry": None,
                            "properties": {"name": "Luhansk Oblast", "parent_id": MISSING_ID},
                        }
                    ],
                }
            ),
            f"Feature 0 (id {PLACE['Luhansk Oblast']}): parent_id: no place {MISSING_ID} in the "
            "database or the file.",
        ),
        (
            orjson.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {"type": "Feature", "geometry": None, "properties": {"colour": "red"}}
                    ],
                }
            ),
            "Feature 0 (id None): neither an event",
        ),
    ],
)
def test_bad_files_change_nothing_and_say_which_feature(dataset, data, message):
    counts = _counts()
    titles = list(Event.objects.values_list("title", flat=True))
    with pytest.raises(GeoJSONImportError) as caught:
        geojson_import(data=data)
    assert caught.value.errors[0].startswith(message), caught.value.errors
    assert _counts() == counts
    assert list(Event.objects.values_list("title", flat=True)) == titles  # GOOD was not applied


def test_a_failed_place_does_not_break_its_parent_pass(dataset):
    place = {"type": "Feature", "id": 500, "geometry": None, "properties": {"name": ""}}
    place["properties"]["parent_id"] = PLACE["Ukraine"]
    data = orjson.dumps({"type": "FeatureCollection", "features": [place]})
    with pytest.raises(GeoJSONImportError) as caught:
        geojson_import(data=data)
    assert caught.value.errors == ["Feature 0 (id 500): name: This field cannot be blank."]


def test_command_reports_errors_and_result(dataset, tmp_path, capsys):
    bad = tmp_path / "bad.geojson"
    bad.write_bytes(_with(properties={"date": "someday"}))
    with pytest.raises(
        CommandError,
        match=rf"bad.geojson: nothing was imported.\nFeature 1 \(id {INVASION}\): date:",
    ):
        call_command("import_geojson", bad)
    with pytest.raises(CommandError, match="missing.geojson: No such file"):
        call_command("import_geojson", tmp_path / "missing.geojson")
    good = tmp_path / "good.geojson"
    good.write_bytes(orjson.dumps({"type": "FeatureCollection", "features": [GOOD]}))
    call_command("import_geojson", good)
    assert "events: 0 created, 1 updated, 0 unchanged" in capsys.readouterr().out


def test_every_event_constraint_reads_a_derived_field():
    """The import leaves Event's constraints to the database: full_clean() skips a constraint
    on a field it leaves out (the derived bounds) anyway. A constraint on the fields a row
    gives would need checking in the import."""
    derived = {field.name for field in Event._meta.concrete_fields if not field.editable}
    assert Event._meta.constraints
    for constraint in Event._meta.constraints:
        assert constraint.condition.referenced_base_fields & derived, constraint.name
