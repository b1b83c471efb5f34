"""A real browser opens a place's admin page and finds, then drags, the Leaflet marker."""

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, session_cookie
from tests.dataset import PLACE

pytestmark = pytest.mark.browser


def test_place_admin_shows_a_draggable_marker(sync_playwright, live_server, dataset, superuser):
    # Database work first: Playwright's sync API runs an event loop in this thread.
    cookie = session_cookie(superuser, live_server)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1400})
            context.add_cookies([cookie])
            page = context.new_page()
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
        finally:
            browser.close()
