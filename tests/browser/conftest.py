"""Serve the built site on localhost and drive the system Chromium with Playwright."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Playwright, sync_playwright

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def site_url(built_site: Path, site_server: tuple[str, Path]) -> str:
    return site_server[0]


def chromium_path() -> str | None:
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None  # elsewhere: Playwright's own browser, if installed


# Module scope, not session: while Playwright's sync API is active it keeps an
# event loop running in this thread, and every later asyncio.run() would fail.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    # Playwright starts Chromium headless with a fresh, temporary profile.
    browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
    yield browser
    browser.close()


class PageWatch:
    """What a page did that it should not: console errors, requests to other hosts."""

    def __init__(self, page: Page, site_url: str) -> None:
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        self.requests: list[str] = []
        host = urlparse(site_url).netloc

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                self.console_errors.append(message.text)

        def on_page_error(error: Error) -> None:
            self.console_errors.append(str(error))

        page.on("console", on_console)
        page.on("pageerror", on_page_error)

        def on_request(request: Any) -> None:
            self.requests.append(request.url)
            parsed = urlparse(request.url)
            if parsed.scheme in ("http", "https") and parsed.netloc != host:
                self.foreign_requests.append(request.url)

        page.context.on("request", on_request)


@pytest.fixture
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=site_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(30_000)
    watch = PageWatch(page, site_url)
    page.watch = watch  # type: ignore[attr-defined]
    yield page
    context.close()
    assert watch.foreign_requests == [], f"requests to other hosts: {watch.foreign_requests}"
    assert watch.console_errors == [], f"console errors: {watch.console_errors}"
