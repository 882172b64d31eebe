"""Citing and finding patterns in Chromium: copy controls, short URLs, the filter, shortcuts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PAGE = "patterns/p041-circuit-breaker/"


def clipboard(page: Page) -> str:
    text: str = page.evaluate("navigator.clipboard.readText()")
    return text


def site(page: Page) -> str:
    base: str = page.evaluate("new URL('.', document.baseURI).href")
    return base


def test_copy_review_comment_puts_a_markdown_citation_on_the_clipboard(
    page: Page, site_url: str
) -> None:
    page.goto(PAGE)
    point = page.locator("#p041-2")
    point.get_by_role("button", name="Copy comment (P041.2)").click()
    assert clipboard(page) == (
        f"[P041.2]({site_url}p/41/#p041-2): A half-open breaker lets exactly one probe call "
        "through; every other caller is rejected until the probe ends."
    )


def test_cite_this_page_from_the_keyboard(page: Page, site_url: str) -> None:
    page.goto(PAGE)
    button = page.get_by_role("button", name="Cite this page (P041)")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_text("Copied")
    assert clipboard(page) == f"[P041 · Circuit Breaker Pattern]({site_url}p/41/)"


@pytest.mark.parametrize("short", ["p/41/", "p/P041/", "p/p041/"])
def test_short_urls_land_on_the_page(page: Page, short: str) -> None:
    page.goto(short)
    expect(page).to_have_url(re.compile(re.escape(PAGE) + "$"))
    expect(page.locator("h1")).to_have_text(re.compile("P041 · Circuit Breaker"))


def test_a_short_url_with_an_anchor_lands_on_the_review_point(page: Page) -> None:
    page.goto("p/41/#p041-3")
    expect(page).to_have_url(re.compile(re.escape(PAGE) + "#p041-3$"))
    point = page.locator("#p041-3")
    expect(point).to_be_in_viewport()
    expect(point).to_contain_text("P041.3")


def test_the_home_page_filter_narrows_as_you_type(page: Page) -> None:
    page.goto("./")
    rows = page.locator("[data-catalog] tbody tr:visible")
    expect(rows).to_have_count(100)
    search = page.get_by_role("searchbox", name="Filter patterns by ID, title or rule")
    search.fill("breaker")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("P041")
    search.fill("41")
    expect(rows.filter(has_text="P041")).to_have_count(1)
    search.fill("")
    page.get_by_role("combobox", name="Filter patterns by part").select_option("VII")
    expect(rows).to_have_count(8)
    expect(page.locator("[data-catalog] output")).to_have_text("8 patterns")


def test_arrow_keys_move_between_patterns(page: Page) -> None:
    page.goto(PAGE)
    page.locator("body").press("ArrowRight")
    expect(page.locator("h1")).not_to_have_text(re.compile("P041"))
    page.locator("body").press("ArrowLeft")
    expect(page.locator("h1")).to_have_text(re.compile("P041"))


def test_slash_opens_search_and_an_id_finds_its_page(page: Page) -> None:
    page.goto("./")
    page.locator("body").press("/")
    search = page.locator(".md-search__input")
    expect(search).to_be_focused()
    # The index loads in a worker; a query typed before it is ready is dropped.
    expect(page.locator(".md-search-result__meta")).to_have_text(
        "Type to start searching", timeout=30_000
    )
    search.press_sequentially("P041")
    result = page.locator(".md-search-result__item").first
    expect(result).to_contain_text("Circuit Breaker")


def test_related_links_work_both_ways(page: Page) -> None:
    page.goto("patterns/p026-worker-pool/")
    related = page.locator("#related-patterns ~ ul").first
    expect(related).to_contain_text("P030")
