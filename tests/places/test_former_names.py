"""The table of renamings and ISO 3166-3's former country names, checked against the index."""

import pytest

from places import former_names, names
from places.former_names import TOWNS


def test_every_former_country_name_is_a_renaming():
    renamed = dict(former_names.former_country_names())
    assert renamed == {
        "DJ": "French Afars and Issas",
        "MM": "Burma, Socialist Republic of the Union of",
        "BJ": "Dahomey",
        "BF": "Upper Volta, Republic of",
        "VU": "New Hebrides",
        "ZW": "Southern Rhodesia",
        "TL": "East Timor",
        "CD": "Zaire, Republic of",
    }  # not Sikkim (now part of India), the GDR, the Gilbert and Ellice Islands (split)


def test_spellings_of_a_former_name_are_former_and_missing_ones_added():
    rest, former = former_names.marked_former(
        ["Bakhmut", "Artemovsk", "Artemowsk", "Bachmut"], ["Artemovsk", "Artemivsk"], names.skeleton
    )
    assert rest == ("Bakhmut", "Bachmut")
    assert former == ("Artemovsk", "Artemowsk", "Artemivsk")


def test_the_table_names_each_town_once():
    assert len({row.geonames_id for row in TOWNS}) == len(TOWNS)
    assert all(row.former and row.source and 1900 < row.year < 2030 for row in TOWNS)


@pytest.mark.parametrize("row", TOWNS, ids=lambda row: row.name)
def test_each_former_name_finds_its_town(gazetteer_index, row):
    """The id names the town the row says, and each of its former names finds it (among the
    namesakes: "Sverdlovsk" is Yekaterinburg's and Dovzhansk's) with match `former`."""
    for former in row.former:
        found = {match.entry.geonames_id: match for match in gazetteer_index.search(former, 10)}
        assert row.geonames_id in found, former
        match = found[row.geonames_id]
        assert (match.entry.name, match.how) == (row.name, "former")
