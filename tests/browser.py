"""What the browser and interop tests need: Debian's Chromium, started as this offline machine
allows, and the one rule for a missing tool."""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# Without the background-networking flags Chromium keeps dialling out of a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# CI services set CI=true; there a missing tool must not lose its tests silently.
IN_CI = os.environ.get("CI", "").lower() in {"true", "1", "yes"}


def require_tool(available: bool, reason: str) -> None:
    """Skip the test, saying why, when a tool it needs is missing on a laptop; fail it in CI."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the tool must be installed)", pytrace=False)
    pytest.skip(reason)


def session_cookie(user, live_server) -> dict:
    """A logged-in session for `user`, as a Playwright cookie for the live server. Made with
    Django's test client before Playwright starts: no database work inside its event loop."""
    client = Client()
    client.force_login(user)
    return {
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }
