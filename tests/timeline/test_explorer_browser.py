"""The explorer (/explore/) in headless Chromium, with every request to another host refused.

It must draw the shipped dataset, ask nothing of any other host, log no console error, keep its
filters in the address so that a reload restores the same list, and never let an anonymous
visitor see a restricted event: not in any response the page receives, not in its DOM.
Screenshots at desktop and phone width are saved in tests/artifacts/.
"""

import pytest

from places.models import Place
from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, session_cookie
from tests.dataset import EVENT
from timeline.models import Event, EventType

pytestmark = pytest.mark.browser

SECRET_TITLE = "Restricted: a witness's name that must never reach a visitor"
READY = '#explorer[data-ready="true"]'


def public_counts() -> tuple[int, int]:
    """The shipped dataset's public events, and those of them with a place."""
    public = Event.objects.filter(visibility=Event.Visibility.PUBLIC)
    return public.count(), public.filter(place__isnull=False).count()


COUNTED_BY_THE_API = """query => fetch('/api/v1/events/places.geojson?' + query)
    .then(response => response.json())
    .then(body => body.features.reduce((sum, f) => sum + f.properties.count, 0))"""


def add_restricted_event() -> Event:
    event = Event(
        title=SECRET_TITLE,
        type=EventType.objects.get(slug="detention"),
        date="2022-06",
        place=Place.objects.get(name="Izium"),
        visibility=Event.Visibility.RESTRICTED,
    )
    event.set_dates()
    event.save()
    return event


class Watcher:
    """Serves the page's requests to its own origin and records them; refuses any other host."""

    def __init__(self, origin: str):
        self.origin = origin
        self.outside: list[str] = []
        self.bodies: list[bytes] = []
        self.errors: list[str] = []

    def route(self, route):
        url = route.request.url
        if not url.startswith(self.origin + "/"):
            self.outside.append(url)
            route.abort()
            return
        response = route.fetch(max_redirects=0)  # a redirect is the browser's to follow
        self.bodies.append(response.body())
        route.fulfill(response=response)

    def attach(self, page):
        page.route("**/*", self.route)
        page.on(
            "console", lambda message: message.type == "error" and self.errors.append(message.text)
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))


def listed_ids(page) -> list[str]:
    return page.locator("#list .event").evaluate_all("nodes => nodes.map(n => n.dataset.id)")


@pytest.mark.django_db(transaction=True)
def test_anonymous_visitor_sees_the_dataset_offline_and_never_a_restricted_event(
    sync_playwright, live_server, dataset
):
    add_restricted_event()  # database work first: Playwright's sync API runs an event loop
    events_in_dataset, located_in_dataset = public_counts()
    ARTIFACTS.mkdir(exist_ok=True)
    watcher = Watcher(live_server.url)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            watcher.attach(page)
            page.goto(f"{live_server.url}/")
            page.wait_for_selector(READY, timeout=60_000)
            assert page.url == f"{live_server.url}/explore/"

            # Every located event is on the map (fitted to them), every event in the list.
            root = page.locator("#explorer")
            assert root.get_attribute("data-events-in-view") == str(located_in_dataset)
            assert len(listed_ids(page)) == events_in_dataset
            assert page.locator("#list").get_by_text("7 March – 1 April 2022").is_visible()
            assert page.locator("#spans .span.interval").count() >= 1  # a known span: a bar
            page.screenshot(path=str(ARTIFACTS / "explorer_desktop.png"), full_page=True)

            # The event panel: its sources' provenance, and a place's precision.
            page.locator("#list .event", has_text="Putin denies").click()
            panel = page.locator("#panel")
            panel.get_by_text("Contradicts").wait_for(timeout=15_000)
            assert "derived from BBC News" in panel.inner_text()
            assert f"event={EVENT['Putin denies']}" in page.url
            page.locator("#list .event", has_text="partial mobilisation").click()
            panel.get_by_text("country's centre").wait_for(timeout=15_000)
            assert "the point is the country's centre, not a site" in panel.inner_text()

            # A brush sets a window of whole months; the map counts it from the months it holds,
            # as the API counts the same window.
            page.wait_for_selector('#explorer[data-months-ready="true"]', timeout=60_000)
            box = page.locator("#histogram svg").bounding_box()
            page.mouse.move(box["x"] + 0.2 * box["width"], box["y"] + 50)
            page.mouse.down()
            page.mouse.move(box["x"] + 0.45 * box["width"], box["y"] + 50, steps=4)
            page.mouse.up()
            page.wait_for_url("**to=**")
            page.wait_for_selector(READY, timeout=60_000)
            window = dict(part.split("=") for part in page.url.split("?")[1].split("&"))
            assert window["from"].endswith("-01")
            query = f"from={window['from']}&to={window['to']}"
            in_window = page.evaluate(COUNTED_BY_THE_API, query)
            assert 0 < in_window < located_in_dataset
            assert root.get_attribute("data-events-in-view") == str(in_window)
            page.go_back()
            page.wait_for_selector(READY, timeout=60_000)

            # A filter goes into the address; reloading it restores the same list.
            page.fill("#filters [data-lookup=type]", "detention")
            page.locator("#filters button[type=submit]").click()
            page.wait_for_url("**type=detention**")
            page.wait_for_selector(READY, timeout=60_000)
            filtered = listed_ids(page)
            assert 0 < len(filtered) < events_in_dataset
            page.reload()
            page.wait_for_selector(READY, timeout=60_000)
            assert page.input_value("#filters input[name=type]") == "detention"
            assert page.input_value("#filters [data-lookup=type]") == "detention"
            assert listed_ids(page) == filtered

            # A place is found by typing part of its name: the API suggests, the id filters.
            page.locator("#filters [data-lookup=place]").press_sequentially("Iziu")
            page.wait_for_selector("#place-options option", state="attached", timeout=30_000)
            suggestion = page.locator("#place-options option").first.get_attribute("value")
            assert suggestion.startswith("Izium")
            page.fill("#filters [data-lookup=place]", suggestion)
            page.fill("#filters [data-lookup=type]", "")
            page.locator("#filters button[type=submit]").click()
            page.wait_for_url("**place=**")
            page.wait_for_selector(READY, timeout=60_000)
            assert page.locator("#list .event .meta", has_text="Izium").count() >= 1

            assert SECRET_TITLE not in page.content()
            page.set_viewport_size({"width": 360, "height": 780})
            page.goto(f"{live_server.url}/explore/")
            page.wait_for_selector(READY, timeout=60_000)
            page.wait_for_timeout(300)  # the charts redraw to the new width
            page.screenshot(path=str(ARTIFACTS / "explorer_phone.png"), full_page=True)
            assert SECRET_TITLE not in page.content()
        finally:
            browser.close()

    assert watcher.outside == []
    assert watcher.errors == []
    assert len(watcher.bodies) > 10
    assert not any(SECRET_TITLE.encode() in body for body in watcher.bodies)


@pytest.mark.django_db(transaction=True)
def test_a_reader_who_may_see_restricted_events_sees_them_marked(
    sync_playwright, live_server, dataset, reader
):
    event = add_restricted_event()
    Event.objects.filter(pk=event.pk).update(date_as_reported="sometime in June, a witness said")
    located_in_dataset = public_counts()[1]
    cookie = session_cookie(reader, live_server)
    watcher = Watcher(live_server.url)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies([cookie])
            page = context.new_page()
            watcher.attach(page)
            page.goto(f"{live_server.url}/explore/")
            page.wait_for_selector(READY, timeout=60_000)
            item = page.locator(f'#list .event[data-id="{event.pk}"]')
            assert SECRET_TITLE in item.inner_text()
            assert item.locator(".badge.restricted").is_visible()
            item.click()  # the panel shows the report's own wording of the date
            page.locator("#panel .as-reported").wait_for(timeout=15_000)
            assert page.locator("#panel .as-reported").inner_text() == (
                "As the report puts it: \u201csometime in June, a witness said\u201d"
            )
            assert page.locator("#explorer").get_attribute("data-events-in-view") == str(
                located_in_dataset + 1
            )
        finally:
            browser.close()
    assert watcher.outside == []
    assert watcher.errors == []


# Each pair of map marks (clusters, in the DOM) and permanent place labels whose boxes overlap
# by more than a pixel of rounding.
OVERLAPS = """() => {
    const boxes = [...document.querySelectorAll('.leaflet-marker-icon.cluster, .place-label')]
        .map(node => [node.className, node.getBoundingClientRect()]);
    const found = [];
    boxes.forEach(([oneClass, one], i) => boxes.slice(i + 1).forEach(([otherClass, other]) => {
        const wide = Math.min(one.right, other.right) - Math.max(one.left, other.left);
        const high = Math.min(one.bottom, other.bottom) - Math.max(one.top, other.top);
        if (wide > 1 && high > 1) { found.push([oneClass, otherClass]); }
    }));
    return found;
}"""


@pytest.mark.django_db(transaction=True)
def test_map_marks_and_place_labels_never_cover_each_other(sync_playwright, live_server, dataset):
    watcher = Watcher(live_server.url)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for width, height in ((1920, 1080), (360, 780)):
                page = browser.new_page(viewport={"width": width, "height": height})
                watcher.attach(page)
                # Zoomed in on Donbas, where places close together are clustered and labelled.
                page.goto(f"{live_server.url}/explore/?from=2022-03-01&to=2022-08-31")
                page.wait_for_selector(READY, timeout=60_000)
                assert page.locator(".leaflet-marker-icon.cluster").count() >= 1
                if width > 700:
                    assert page.locator(".place-label").count() >= 3
                assert page.evaluate(OVERLAPS) == []
                page.close()
        finally:
            browser.close()
    assert watcher.outside == []
    assert watcher.errors == []
