"""Diagrams: self-hosted Mermaid, loaded only when a diagram comes near the viewport."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_a_diagram_draws_when_scrolled_to_and_not_before(page: Page) -> None:
    page.goto("patterns/p041-circuit-breaker/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in page.watch.requests if "/vendor/mermaid/" in u]  # type: ignore[attr-defined]
    diagram = page.locator(".mermaid-diagram").first
    diagram.scroll_into_view_if_needed()
    expect(diagram.locator("svg")).to_be_visible(timeout=30_000)
    expect(diagram).to_have_attribute("role", "img")
