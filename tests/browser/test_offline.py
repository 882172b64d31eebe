"""Offline: after one Run, other pages, search and the runner work without a network."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

BOOT_TIMEOUT = 60_000


def run_first_block(page: Page) -> None:
    block = page.locator("[data-runnable]").last
    block.hover()
    block.get_by_role("button", name="Run").click()
    expect(block).to_have_attribute("data-state", "ok", timeout=BOOT_TIMEOUT)


def test_a_reader_who_ran_one_snippet_can_keep_reading_and_running_offline(page: Page) -> None:
    page.goto("patterns/p041-circuit-breaker/")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30_000)
    page.evaluate(
        """() => navigator.serviceWorker.addEventListener("message", (event) => {
            if (event.data.type === "precached") window.precached = event.data.count;
        })"""
    )
    run_first_block(page)
    page.wait_for_function("window.precached !== undefined", timeout=60_000)
    assert page.evaluate("window.precached") > 50

    page.context.set_offline(True)
    page.goto("patterns/p026-worker-pool/")
    expect(page.locator("h1")).to_contain_text("P026")
    run_first_block(page)

    page.goto("./")
    page.locator("body").press("/")
    search = page.locator(".md-search__input")
    expect(page.locator(".md-search-result__meta")).to_have_text(
        "Type to start searching", timeout=30_000
    )
    search.press_sequentially("worker pool")
    expect(page.locator(".md-search-result__item").first).to_contain_text("Worker Pool")


def test_nothing_is_precached_before_a_run(page: Page) -> None:
    page.goto("patterns/p041-circuit-breaker/")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30_000)
    page.wait_for_timeout(1000)
    cached = page.evaluate(
        """async () => {
            let urls = [];
            for (const name of await caches.keys()) {
                urls = urls.concat((await (await caches.open(name)).keys()).map((r) => r.url));
            }
            return urls;
        }"""
    )
    assert not [u for u in cached if "/vendor/pyodide/" in u]
    assert not [u for u in cached if "/patterns/p026-worker-pool/" in u]
