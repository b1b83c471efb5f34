import pytest

from places import gazetteer, geonames
from tests.places.conftest import TEST_GAZETTEER_DIR


@pytest.fixture(scope="session")
def gazetteer_index():
    """The world index the places tests use, installed as the process's index, so that the
    report endpoints and pages in these tests read it instead of building GAZETTEER_DIR's."""
    index = geonames.world_index(TEST_GAZETTEER_DIR)
    gazetteer.set_index(index)
    return index
