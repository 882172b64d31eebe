"""axe-core, a third-party accessibility auditor, on every page of the built site.

Every page is checked in the light scheme as it loads. Two pages are checked
again in both schemes in their interactive states (diagrams drawn, editor
open, a snippet run), since those parts of the DOM exist only after intent.
Serious and critical violations fail. Moderate ones are left: Material's
instant-navigation progress bar sits outside any landmark ("region") and its
search form repeats the search role ("landmark-unique"), both in its base
template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import Browser, Page, expect

from sitebuild.pages import content_pages

pytestmark = [pytest.mark.browser, pytest.mark.audit]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}
# Computing CSS selectors for every node is most of axe's time on long pages;
# the failure message names nodes by their HTML instead.
AXE_OPTIONS = "{resultTypes: ['violations'], selectors: false, iframes: false}"


def axe_violations(page: Page) -> list[dict[str, Any]]:
    if page.evaluate("typeof window.axe") == "undefined":
        page.add_script_tag(path=str(AXE))
    script = f"""async () => (await axe.run(document, {AXE_OPTIONS})).violations.map(v => ({{
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 120) + ' ' + (n.failureSummary || '').slice(-200)),
    }}))"""
    violations: list[dict[str, Any]] = page.evaluate(script)
    return violations


def serious(violations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{v['impact']} {v['id']}: {v['help']} {v['nodes']}"
        for v in violations
        if v["impact"] in FAILING_IMPACTS
    ]


def test_no_serious_violation_on_any_page(
    browser: Browser, site_url: str, built_site: Path
) -> None:
    pages = content_pages(built_site)
    assert len(pages) > 100, pages  # the catalog pages are all there
    context = browser.new_context(base_url=site_url, color_scheme="light")
    page = context.new_page()
    problems: dict[str, list[str]] = {}
    for url in pages:
        page.goto(url)
        found = serious(axe_violations(page))
        if found:
            problems[url] = found
    context.close()
    assert problems == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_interactive_states_have_no_serious_violation(
    browser: Browser, site_url: str, scheme: Literal["light", "dark"]
) -> None:
    context = browser.new_context(base_url=site_url, color_scheme=scheme)
    page = context.new_page()
    page.goto("patterns/p041-circuit-breaker/")
    for diagram in page.locator(".mermaid-diagram").all():
        diagram.scroll_into_view_if_needed()
        expect(diagram.locator("svg")).to_be_visible(timeout=30_000)
    block = page.locator("[data-runnable]").first
    block.hover()
    expect(block.locator(".cm-content")).to_be_visible(timeout=30_000)
    block.get_by_role("button", name="Run").click()
    expect(block).to_have_attribute("data-state", "ok", timeout=60_000)
    assert serious(axe_violations(page)) == []
    page.goto("")
    page.locator(".md-search__input").fill("circuit")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=30_000)
    assert serious(axe_violations(page)) == []
    context.close()
