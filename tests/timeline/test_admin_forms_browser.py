"""The event form's date preview in headless Chromium: as the editor types, the EDTF, span and
label the parse endpoint gives appear under the field, and a phrase it cannot anchor says why.
The screenshot is saved in tests/artifacts/."""

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, session_cookie

pytestmark = pytest.mark.browser


def test_the_date_field_shows_what_it_will_store(sync_playwright, live_server, superuser):
    cookie = session_cookie(superuser, live_server)  # database work before Playwright's loop
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            context.add_cookies([cookie])
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda error: errors.append(error))  # 400s are expected
            page.goto(f"{live_server.url}/admin/timeline/event/add/")
            preview = page.locator(".date-preview")

            page.locator("#id_date").fill("yesterday")
            page.wait_for_selector(".date-preview-error")
            assert "give the reference date" in preview.inner_text()

            page.locator("#id_date_reference").fill("2022-08-03")
            page.locator("#id_date").fill("end of March 2022")
            page.wait_for_function(
                "document.querySelector('.date-preview').textContent.includes('2022-03-21/')"
            )
            text = preview.inner_text()
            assert "2022-03-21/2022-03-31" in text
            assert "2022-03-21 – 2022-03-31" in text
            assert "21–31 March 2022 (month)" in text
            page.locator("fieldset:has(#id_date)").screenshot(
                path=str(ARTIFACTS / "admin_date_preview.png")
            )
            assert errors == []
        finally:
            browser.close()
