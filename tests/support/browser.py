"""A real browser for the end-to-end tests of the web app: Debian's Chromium driven by
Playwright (never a downloaded browser), screenshots as test artefacts, and axe-core checks."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Without the background-networking flags Chromium keeps dialling Google, which the closed
# network here refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Git-ignored; `SCREENSHOT_DIR` moves it.
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "test-artifacts" / "screenshots"))
TIMEOUT_MS = 20_000
# Assertions wait as long as actions: a mutation may wait up to READ_YOUR_WRITES_TIMEOUT (5 s)
# for the read model before the page shows it, longer than expect's 5 s default.
expect.set_options(timeout=TIMEOUT_MS)


class BrowserUnavailable(RuntimeError):
    """Chromium is missing: the browser tests fail (they never skip)."""


@contextmanager
def chromium() -> Iterator[Browser]:
    """Starts headless Chromium from `CHROMIUM_PATH` (default /usr/bin/chromium)."""
    if not CHROMIUM.exists():
        raise BrowserUnavailable(
            f"{CHROMIUM} not found: install Debian's chromium (`apt-get install -y chromium`, "
            "as scripts/test does when run as root) or set CHROMIUM_PATH"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Browser) -> tuple[BrowserContext, Page]:
    """Returns a fresh browser context (its own session storage: another user) and a page."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 900}, accept_downloads=True, locale="en-GB"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.errors = errors  # type: ignore[attr-defined]
    return context, page


def screenshot(page: Page, name: str) -> Path:
    """Saves a full-page screenshot as a test artefact (and its first 1400 pixels as
    `NAME-top.png`, the size the README shows) and returns the full page's path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    top = {"x": 0, "y": 0, "width": 1400, "height": 1400}
    page.screenshot(path=str(SCREENSHOTS / f"{name}-top.png"), full_page=True, clip=top)
    return path


def assert_accessible(page: Page, name: str) -> None:
    """Runs axe-core on the page (WCAG 2.x A/AA rules) and fails on any violation."""
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{name}: {results.generate_report()}"


def assert_no_page_errors(page: Page) -> None:
    """Fails when the page threw or the browser refused something under the CSP."""
    errors: list[str] = page.errors  # type: ignore[attr-defined]
    assert not errors, errors


def sign_in(page: Page, base_url: str, user: str, roles: list[str], *, check: bool = False) -> None:
    """Signs in through the development sign-in page (with `check`: axe-core and a screenshot
    of that page first)."""
    page.goto(f"{base_url}/")
    expect(page).to_have_url(re.compile(r"/signin\?returnTo="))
    if check:
        expect(page.get_by_label("User id")).to_be_visible()
        assert_accessible(page, "00-sign-in-development")
        screenshot(page, "00-sign-in-development")
    page.get_by_label("User id").fill(user)
    for role in ("author", "reviewer", "compliance", "admin"):
        box = page.get_by_role("checkbox", name=re.compile(rf"^{role}\b"))
        box.set_checked(role in roles)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text(f"Signed in as {user}")).to_be_visible()
