"""The TimelineJS export, loaded into TimelineJS3 itself in headless Chromium.

TimelineJS comes from the npm registry (`npm ci --prefix tests/js`, run by `make test`) and is
served from local files: Playwright answers every request under /__timelinejs/ on the live
server's origin from tests/js/node_modules, so the page fetches the export from the same origin
and nothing leaves the machine (any other request is aborted and fails the test).
"""

import json
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, require_tool

pytestmark = pytest.mark.browser

TIMELINEJS = (
    Path(__file__).resolve().parents[1] / "js" / "node_modules" / "@knight-lab" / "timelinejs"
)
LOCAL_PREFIX = "/__timelinejs/"

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Chronotope timeline</title>
  <link rel="stylesheet" href="/__timelinejs/dist/css/timeline.css">
  <script src="/__timelinejs/dist/js/timeline.js"></script>
</head>
<body style="margin:0">
  <div id="timeline" style="width:1200px;height:700px"></div>
  <script>
    fetch(%(export_url)s)
      .then((response) => response.json())
      .then((data) => {
        window.exported = data;
        window.timeline = new TL.Timeline("timeline", data, {
          script_path: "/__timelinejs/dist/js/",
          font: null,
          initial_zoom: 1,
        });
        window.timeline.on("loaded", () => { window.timelineLoaded = true; });
        window.timeline.on("dataloaded", () => { window.timelineDataLoaded = true; });
      })
      .catch((error) => console.error("export could not be loaded: " + error));
  </script>
</body>
</html>
"""


@pytest.mark.django_db(transaction=True)
def test_timelinejs_renders_every_exported_event(sync_playwright, live_server, dataset):
    require_tool(
        (TIMELINEJS / "dist" / "js" / "timeline.js").exists(),
        "TimelineJS is not installed: run `npm ci --prefix tests/js` (make test does)",
    )
    export_path = "/api/v1/timeline/?format=timelinejs"
    page_html = PAGE % {"export_url": json.dumps(export_path)}
    stray_requests, console_errors = [], []

    def answer_locally(route):
        url = route.request.url
        relative = url.split(LOCAL_PREFIX, 1)[1].split("?", 1)[0]
        if relative == "index.html":
            route.fulfill(status=200, content_type="text/html", body=page_html)
            return
        path = (TIMELINEJS / relative).resolve()
        if TIMELINEJS not in path.parents or not path.is_file():
            route.fulfill(status=404, body="not found")
            return
        route.fulfill(path=str(path))

    def only_local(route):
        if not route.request.url.startswith(live_server.url):
            stray_requests.append(route.request.url)
            route.abort()
            return
        route.fallback()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.on(
                "console",
                lambda message: message.type == "error" and console_errors.append(message.text),
            )
            page.on("pageerror", lambda error: console_errors.append(str(error)))
            page.route("**/*", only_local)
            page.route(f"{live_server.url}{LOCAL_PREFIX}**", answer_locally)
            page.goto(f"{live_server.url}{LOCAL_PREFIX}index.html")
            page.wait_for_function("window.exported && document.querySelector('.tl-timemarker')")
            page.wait_for_timeout(500)  # let the slides settle before counting and the shot
            exported = page.evaluate("window.exported")
            markers = page.locator(".tl-timenav .tl-timemarker").count()
            slides = page.locator(".tl-storyslider .tl-slide").count()
            marker_headlines = page.locator(".tl-timemarker .tl-headline").all_inner_texts()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "timelinejs.png"))
        finally:
            browser.close()

    assert len(exported["events"]) == 34
    assert markers == len(exported["events"])
    assert slides == len(exported["events"]) + 1  # the title slide comes first
    assert "Battle of Izium, with Yuri's battalion taking part" in marker_headlines
    assert console_errors == []
    assert stray_requests == []
