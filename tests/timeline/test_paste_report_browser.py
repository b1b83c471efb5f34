"""A real browser pastes a report into the admin's "Paste a report" page, sees its places and
dates marked and the drafts proposed, corrects one, drops one and creates the others."""

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, session_cookie
from timeline.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("gazetteer_index")]

REPORT = (
    "Detentions in the Luhansk region\n\n"
    "At the end of March 2022 armed men detained at least four residents of Stakhanov and "
    "took them to an unknown location. Relatives were told nothing for weeks.\n\n"
    "In Stajánov and Krasnyi, searches targeted former miners in early July. One of them, "
    "Sergei, said that nobody explained why.\n\n"
    "Shelling destroyed the hospital in Popasna on 24.02.2022, according to the district "
    "administration."
)


def test_paste_a_report_review_and_create_drafts(sync_playwright, live_server, superuser):
    cookie = session_cookie(superuser, live_server)  # database work before Playwright starts
    drafts_before = Event.objects.filter(status=Event.Status.DRAFT).count()
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1100})
            context.add_cookies([cookie])
            page = context.new_page()
            page.goto(f"{live_server.url}/admin/timeline/event/")
            page.click("text=Paste a report")
            page.fill("#source-outlet", "Example Monitor")
            page.fill("#source-title", "Detentions in the Luhansk region")
            page.fill("#source-published", "2022-08-03")
            page.fill("#report-text", REPORT)
            page.click("#report-extract")
            page.locator("#report-events li").first.wait_for(timeout=60_000)

            marked = page.locator("#report-highlighted mark.place").all_inner_texts()
            assert marked == ["Luhansk", "Stakhanov", "Stajánov", "Krasnyi", "Popasna"]
            dates = page.locator("#report-highlighted mark.date").all_inner_texts()
            assert dates == ["end of March 2022", "early July", "24.02.2022"]
            cards = page.locator("#report-events li.report-event")
            assert cards.count() == 3
            assert page.locator("#event-0-date").input_value() == "2022-03-21/2022-03-31"
            assert "Kadiyivka" in page.locator("#event-0-place option:checked").inner_text()
            page.fill("#event-0-title", "Four residents of Stakhanov detained")
            page.uncheck("#event-2-accept")
            assert page.locator("#report-accepted").inner_text() == "2 of 3 accepted"
            page.screenshot(path=str(ARTIFACTS / "paste_report.png"), full_page=True)

            page.click("#report-create")
            page.locator("#report-created li").first.wait_for(timeout=30_000)
            created = page.locator("#report-created li").all_inner_texts()
            page.screenshot(path=str(ARTIFACTS / "paste_report_created.png"), full_page=True)
        finally:
            browser.close()
    assert len(created) == 2
    drafts = Event.objects.filter(status=Event.Status.DRAFT).order_by("id")
    assert drafts.count() == drafts_before + 2
    first = drafts.get(title="Four residents of Stakhanov detained")
    assert (first.date, first.date_as_reported, first.place.geonames_id) == (
        "2022-03-21/2022-03-31",
        "end of March 2022",
        692975,
    )
    [citation] = first.citations.all()
    assert citation.source.outlet == "Example Monitor"
    assert citation.supports.startswith("At the end of March 2022")
