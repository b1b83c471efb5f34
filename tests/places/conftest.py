import pytest
from django.conf import settings

from places import gazetteer, geonames
from places.matching import GazetteerEntry, GazetteerIndex

# Where the world index lives in tests: where `make setup` puts it.
TEST_GAZETTEER_DIR = settings.GAZETTEER_DIR


@pytest.fixture(scope="session")
def gazetteer_index():
    """The world index (every GeoNames place of 500+ people, regions, countries), installed as
    the process's index so that geocoding in tests does not open it again. It lives where
    `make setup` puts it (GAZETTEER_DIR), in a directory named by a fingerprint of the code and
    data that built it: built once per machine and version, then memory-mapped by every
    session, and never a stale one."""
    index = geonames.world_index(TEST_GAZETTEER_DIR)
    gazetteer.set_index(index)
    return index


# A handful of places, regions and countries for unit tests of the matcher, in our own words:
# two namesakes in different countries, a renamed town, a region named after no town.
SMALL = [
    GazetteerEntry(1, "Testivka", 48.0, 38.0, "UA", "14", 900, ("Тестівка", "Testowka")),
    GazetteerEntry(2, "Portville", 33.0, 35.0, "LB", "09", 200_000, ("Bur Villa",)),
    GazetteerEntry(3, "Portville", 32.9, 13.2, "LY", "77", 1_000_000, ("Bur Villa",)),
    GazetteerEntry(4, "Dayr al-Qamar", 35.3, 40.1, "SY", "07", 250_000, ("Deir el-Qamar",)),
    GazetteerEntry(
        5,
        "Newtown",
        16.8,
        96.2,
        "MM",
        "17",
        4_000_000,
        ("Nyutaun", "Oldport"),
        former_names=("Oldport",),
    ),
    GazetteerEntry(6, "Newtown", 50.0, 30.0, "UA", "13", 3_000_000),
    GazetteerEntry(
        0,
        "Luhansk Oblast",
        48.5,
        39.3,
        "UA",
        "14",
        2_000_000,
        ("Lugansk",),
        "region",
        "Luhansk Oblast",
    ),
    GazetteerEntry(
        0,
        "North Hill",
        -1.7,
        29.2,
        "CD",
        "11",
        1_400_000,
        ("Nord-Colline",),
        "region",
        "North Hill",
    ),
    GazetteerEntry(0, "Lebanon", 33.9, 35.5, "LB", "", 6_800_000, ("Liban",), "country"),
    GazetteerEntry(0, "Libya", 32.9, 13.2, "LY", "", 6_700_000, ("Libye",), "country"),
    GazetteerEntry(0, "Ukraine", 50.4, 30.5, "UA", "", 41_000_000, ("Україна",), "country"),
]


@pytest.fixture(scope="session")
def small_index():
    """An index of a handful of made-up entries, built in memory in milliseconds."""
    return GazetteerIndex(SMALL)
