"""The explorer (/explore/) in headless Chromium, with every request to another host refused.

It must draw the shipped dataset, ask nothing of any other host, log no console error, keep its
filters in the address so that a reload restores the same list, and never let an anonymous
visitor see a restricted event: not in any response the page receives, not in its DOM.
Screenshots at desktop and phone width are saved in tests/artifacts/.
"""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client

from places.models import Place
from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, session_cookie
from tests.dataset import EVENT, PLACE
from timeline.models import Event, EventType

pytestmark = pytest.mark.browser

SECRET_TITLE = "Restricted: a witness's name that must never reach a visitor"
READY = '#explorer[data-ready="true"]'


def public_count() -> int:
    """The shipped dataset's public events."""
    return Event.objects.filter(visibility=Event.Visibility.PUBLIC).count()


def public_in_first_view() -> int:
    """The public events the first view fits: those at places finer than a country, whose
    point is only the country's centre (Russia's is in Siberia)."""
    public = Event.objects.filter(visibility=Event.Visibility.PUBLIC, place__isnull=False)
    return public.exclude(place__precision="country").count()


# The events the API counts on the map; with `finer`, those at places finer than a country.
COUNTED_BY_THE_API = """([query, finer]) => fetch('/api/v1/events/places.geojson?' + query)
    .then(response => response.json())
    .then(body => body.features
        .filter(f => !finer || f.properties.place_precision !== 'country')
        .reduce((sum, f) => sum + f.properties.count, 0))"""
LISTED_BY_THE_API = """query => fetch('/api/v1/events/?' + query)
    .then(response => response.json()).then(body => body.count)"""


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
        self.asked: list[str] = []
        self.bodies: list[bytes] = []
        self.errors: list[str] = []

    def route(self, route):
        url = route.request.url
        if not url.startswith(self.origin + "/"):
            self.outside.append(url)
            route.abort()
            return
        self.asked.append(url)
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
    events_in_dataset = public_count()
    in_first_view = public_in_first_view()
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

            # The map is fitted to the located events (but a country's centre), the list has all.
            root = page.locator("#explorer")
            assert root.get_attribute("data-events-in-view") == str(in_first_view)
            assert len(listed_ids(page)) == events_in_dataset
            assert page.locator("#list").get_by_text("7 March – 1 April 2022").is_visible()
            assert page.locator("#spans .span.interval").count() >= 1  # a known span: a bar
            page.screenshot(path=str(ARTIFACTS / "explorer_desktop.png"), full_page=True)

            # The event panel: its sources' provenance, and a place's precision.
            page.locator("#list .event", has_text="Putin denies").click()
            panel = page.locator("#panel")
            panel.get_by_text("Contradicts").wait_for(timeout=15_000)
            assert "derived from BBC News" in panel.inner_text()
            assert urlsplit(page.url).fragment == f"event={EVENT['Putin denies']}"
            page.locator("#list .event", has_text="partial mobilisation").click()
            panel.get_by_text("country's centre").wait_for(timeout=15_000)
            assert "the point is the country's centre, not a site" in panel.inner_text()

            # A brush sets a window of whole months; the map counts it from the months it holds,
            # as the API counts the same window.
            page.wait_for_selector('#explorer[data-months-ready="true"]', timeout=60_000)
            box = page.locator("#histogram svg").bounding_box()
            page.mouse.move(box["x"] + 0.7 * box["width"], box["y"] + 50)
            page.mouse.down()
            page.mouse.move(box["x"] + 0.95 * box["width"], box["y"] + 50, steps=4)
            page.mouse.up()
            page.wait_for_url("**to=**")
            page.wait_for_selector(READY, timeout=60_000)
            window = dict(parse_qsl(urlsplit(page.url).query))
            assert window["from"].endswith("-01")
            query = f"from={window['from']}&to={window['to']}"
            in_window = page.evaluate(COUNTED_BY_THE_API, [query, True])  # the view: the first
            assert 0 < in_window < in_first_view
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
    in_first_view = public_in_first_view()  # and the restricted one, at Izium
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
                in_first_view + 1
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


def documented_parameters() -> dict[str, set[str]]:
    """Each GET path of the API's OpenAPI schema, as a pattern, with the parameters it takes."""
    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    return {
        "^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$": {
            p["name"] for p in ops["get"].get("parameters", [])
        }
        for path, ops in schema["paths"].items()
        if "get" in ops
    }


def undocumented(asked: list[str], documented: dict[str, set[str]]) -> list[str]:
    """The API requests that name a parameter their path does not document."""
    found = []
    for url in asked:
        parts = urlsplit(url)
        if not parts.path.startswith("/api/"):
            continue
        taken = [names for pattern, names in documented.items() if re.match(pattern, parts.path)]
        names = {name for name, _ in parse_qsl(parts.query, keep_blank_values=True)}
        if not taken or names - taken[0]:
            found.append(url)
    return found


# Each axis label's box in its chart: [text, left, right, the chart's width].
TICKS = """() => [...document.querySelectorAll('svg text.tick')].map(tick => {
    const box = tick.getBoundingClientRect(), chart = tick.closest('svg').getBoundingClientRect();
    return [tick.textContent, box.left - chart.left, box.right - chart.left, chart.width];
})"""
# Each filter's placeholder, as wide as it is drawn, and the room its field has for it.
PLACEHOLDERS = """() => [...document.querySelectorAll('#filters input[placeholder]')].map(input => {
    const style = getComputedStyle(input), context = document.createElement('canvas').getContext('2d');
    context.font = style.fontSize + ' ' + style.fontFamily;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return [input.placeholder, context.measureText(input.placeholder).width, room];
})"""


def assert_axis_readable(page):
    ticks = page.evaluate(TICKS)
    assert ticks and all(left >= 0 and right <= width + 0.5 for _, left, right, width in ticks)
    assert any(re.search(r"\b20\d\d\b", text) for text, *_ in ticks)  # a year, not only months


@pytest.mark.django_db(transaction=True)
def test_the_view_fits_its_results_and_its_address_is_the_apis_query(
    sync_playwright, live_server, dataset
):
    oblast = PLACE["Luhansk Oblast"]
    in_first_view = public_in_first_view()
    documented = documented_parameters()
    watcher = Watcher(live_server.url)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            watcher.attach(page)
            root = page.locator("#explorer")
            inside = page.locator("#filters [name=include_children]")

            # `place` alone is the events at the place, as in the API; the places inside it
            # only with include_children=true, which the address keeps.
            for query, ticked in (
                (
                    f"place={oblast}&include_children=true&type=detention",
                    True,
                ),
                (f"place={oblast}&type=detention", False),
            ):
                page.goto(f"{live_server.url}/explore/?{query}")
                page.wait_for_selector(READY, timeout=60_000)
                assert set(urlsplit(page.url).query.split("&")) == set(query.split("&"))
                assert len(listed_ids(page)) == page.evaluate(LISTED_BY_THE_API, query)
                assert inside.is_checked() is ticked
            assert len(listed_ids(page)) == 1  # the oblast's own event, not its towns'

            # The first view fits the located events, not the countries' centres; a filter
            # change through the form fits its results again.
            page.goto(f"{live_server.url}/explore/")
            page.wait_for_selector(READY, timeout=60_000)
            assert root.get_attribute("data-events-in-view") == str(in_first_view)
            first_zoom = int(root.get_attribute("data-zoom"))
            assert first_zoom >= 7  # Donbas, not Europe to Siberia
            assert_axis_readable(page)
            page.fill("#filters input[name=from]", "2022-06-01")
            page.fill("#filters input[name=to]", "2022-06-30")
            page.locator("#filters [data-lookup=place]").press_sequentially("Luhansk Obl")
            option = page.locator('#place-options option[value^="Luhansk Oblast"]')
            option.wait_for(state="attached", timeout=30_000)
            page.fill("#filters [data-lookup=place]", option.get_attribute("value"))
            page.locator("#filters button[type=submit]").click()
            page.wait_for_url("**include_children=true**")
            page.wait_for_selector(READY, timeout=60_000)
            query = urlsplit(page.url).query
            assert f"place={oblast}" in query
            assert root.get_attribute("data-events-in-view") == str(
                page.evaluate(COUNTED_BY_THE_API, [query, False])
            )
            assert int(root.get_attribute("data-zoom")) > first_zoom

            # A cluster's click zooms to where it splits; the status then counts the map's
            # view for the list and the map alike.
            cluster = page.locator(".leaflet-marker-icon.cluster").first
            marks = page.locator(".leaflet-marker-icon.cluster").count()
            zoom = int(root.get_attribute("data-zoom"))
            cluster.click()
            page.locator("#status", has_text="in the map's view").wait_for(timeout=60_000)
            page.wait_for_selector(READY, timeout=60_000)
            assert int(root.get_attribute("data-zoom")) > zoom
            assert page.locator(".leaflet-marker-icon.cluster").count() < marks or (
                int(root.get_attribute("data-zoom")) > 10  # past clustering: places alone
            )
            in_view = root.get_attribute("data-events-in-view")
            assert len(listed_ids(page)) == int(in_view)
            assert page.evaluate(LISTED_BY_THE_API, urlsplit(page.url).query) == int(in_view)
            assert page.inner_text("#status").startswith(f"{in_view} event")
            cited = page.url
            page.reload()  # a cited view keeps its map view
            page.wait_for_selector(READY, timeout=60_000)
            assert page.url == cited
            assert root.get_attribute("data-events-in-view") == in_view

            # The panel says the type and a source's publication date in words. An address
            # cited before the selected event went after the # still opens it.
            page.goto(f"{live_server.url}/explore/?event={EVENT['Elena Popova']}")
            page.wait_for_selector(READY, timeout=60_000)
            assert urlsplit(page.url).fragment == f"event={EVENT['Elena Popova']}"
            panel = page.locator("#panel")
            panel.get_by_text("original reporting").first.wait_for(timeout=15_000)
            assert "published possibly December 2022 – 13 December 2022" in panel.inner_text()
            page.locator("#list .event", has_text="full-scale invasion").click()
            panel.get_by_text("military offensive").wait_for(timeout=15_000)

            # At a phone's width the axis still names its years and no placeholder is cut.
            page.set_viewport_size({"width": 360, "height": 780})
            page.goto(f"{live_server.url}/explore/")
            page.wait_for_selector(READY, timeout=60_000)
            page.click("#filters-box summary")
            page.wait_for_timeout(300)  # the charts redraw to the new width
            assert_axis_readable(page)
            assert [cut for cut in page.evaluate(PLACEHOLDERS) if cut[1] > cut[2]] == []
            page.screenshot(path=str(ARTIFACTS / "explorer_phone_filters.png"), full_page=True)
        finally:
            browser.close()
    assert watcher.outside == []
    assert watcher.errors == []
    assert undocumented(watcher.asked, documented) == []
