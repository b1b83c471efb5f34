"""The explorer's page is a shell: it holds no event, only where the API is and what a visitor
may see, so that everything it shows comes through the API's own gate."""

import pytest

from timeline.models import Event


def test_the_root_leads_to_the_explorer(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/explore/"


def test_the_page_names_the_api_and_its_offline_libraries(client, db):
    response = client.get("/explore/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-ready="false"' in html
    assert 'data-api="/api/v1/"' in html
    for path in (
        "places/leaflet/leaflet.js",
        "places/basemap/countries-50m.json",
        "places/basemap/admin1.json",
        "places/basemap/countries-110m.json",
        "places/basemap/topojson-client.min.js",
        "timeline/vendor/supercluster.min.js",
        "timeline/explorer/explorer.js",
    ):
        assert f"/static/{path}" in html
    assert "://" not in html  # no other host, no CDN


@pytest.mark.parametrize("visibility", ["public", "restricted"])
def test_the_page_holds_no_event(client, dataset, visibility):
    event = Event.objects.filter(visibility=visibility).first() or Event.objects.first()
    Event.objects.filter(pk=event.pk).update(
        title="A title only the API may give", visibility=visibility
    )
    html = client.get("/explore/").content.decode()
    assert "A title only the API may give" not in html


@pytest.mark.parametrize(
    ("who", "sees"), [(None, "false"), ("reader", "true"), ("editor", "false")]
)
def test_the_page_knows_whether_to_mark_restricted_events(client, request, db, who, sees):
    if who:
        client.force_login(request.getfixturevalue(who))
    html = client.get("/explore/").content.decode()
    assert f'data-sees-restricted="{sees}"' in html
