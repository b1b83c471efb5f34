"""A real browser opens a place's admin page: finds, then drags, the Leaflet marker; picks
another candidate of an ambiguous name."""

from contextlib import contextmanager

import pytest

from places import services
from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, session_cookie
from tests.dataset import PLACE

pytestmark = pytest.mark.browser


@contextmanager
def admin_page(sync_playwright, cookie):
    """A Chromium page logged in with `cookie` (made before: Playwright's sync API runs an
    event loop in this thread, where no database work may happen)."""
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1400})
            context.add_cookies([cookie])
            yield context.new_page()
        finally:
            browser.close()


def test_place_admin_shows_a_draggable_marker(sync_playwright, live_server, dataset, superuser):
    with admin_page(sync_playwright, session_cookie(superuser, live_server)) as page:
        page.goto(f"{live_server.url}/admin/places/place/{PLACE['Izium']}/change/")
        marker = page.locator("#place-map .leaflet-marker-icon")
        marker.wait_for(state="visible", timeout=15_000)
        assert page.locator("#id_name").input_value() == "Izium"
        page.locator("#place-map").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "place_admin_map.png"), full_page=True)

        before = (
            page.locator("#id_latitude").input_value(),
            page.locator("#id_longitude").input_value(),
        )
        box = marker.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] - 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 40, y + 30, steps=8)
        page.mouse.move(x + 80, y + 60, steps=8)
        page.mouse.up()
        after = (
            page.locator("#id_latitude").input_value(),
            page.locator("#id_longitude").input_value(),
        )
        assert after != before
        assert float(after[0]) < float(before[0])  # dragged south
        assert float(after[1]) > float(before[1])  # and east


def test_place_admin_offers_the_other_candidates_of_an_ambiguous_name(
    sync_playwright, live_server, superuser, gazetteer_index, settings
):
    settings.GEOCODER = "offline"
    place = services.place_create(name="Novoselivka")
    candidates, ambiguous = services.place_candidates(place)
    assert ambiguous
    other = candidates[1]
    with admin_page(sync_playwright, session_cookie(superuser, live_server)) as page:
        page.goto(f"{live_server.url}/admin/places/place/{place.pk}/change/")
        choices = page.locator('input[name="geocode_candidate"]')
        assert choices.count() == len(candidates)
        assert page.locator('input[name="geocode_candidate"]:checked').input_value() == str(
            place.geonames_id
        )
        picker = page.locator("fieldset", has=choices.first)
        picker.scroll_into_view_if_needed()
        picker.screenshot(path=str(ARTIFACTS / "place_admin_picker.png"))
        page.locator(f'input[name="geocode_candidate"][value="{other["geonames_id"]}"]').check()
        with page.expect_navigation():
            page.locator('input[name="_continue"]').click()
        assert "Moved to Novoselivka" in page.locator(".messagelist").inner_text()
        assert page.locator('input[name="geocode_candidate"]:checked').input_value() == str(
            other["geonames_id"]
        )
    place.refresh_from_db()
    assert (place.latitude, place.longitude) == (other["latitude"], other["longitude"])
