"""Citations never break: renamed slugs redirect, retired points keep their anchors,
and the checklist page lists every review point in force."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from sitebuild.catalog import Catalog, load_site, parse_page_meta
from sitebuild.directives import PageContext, expand
from sitebuild.redirects import redirect_paths

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://example.org/"


def catalog_with_p041(**changes: object) -> Catalog:
    catalog = load_site(ROOT)
    meta = {
        "id": "P041",
        "summary": "Rule.",
        "review_points": [
            {"id": "P041.1", "text": "One."},
            {"id": "P041.2", "text": "Two.", "retired": "superseded by P041.4"},
            {"id": "P041.3", "text": "Three."},
            {"id": "P041.4", "text": "Four."},
        ],
        "related": [],
        "tags": ["resilience"],
        **changes,
    }
    catalog.pages = {
        "P041": parse_page_meta(catalog, Path("docs/patterns/p041-circuit-breaker.md"), meta)
    }
    return catalog


def test_a_renamed_slug_gets_a_redirect_to_the_new_page() -> None:
    catalog = catalog_with_p041()
    renamed = replace(catalog.patterns["P041"], renamed_from=("breaker",))
    catalog.pages["P041"] = replace(catalog.pages["P041"], pattern=renamed)
    paths = redirect_paths(catalog)
    assert paths["patterns/p041-breaker/"] == "patterns/p041-circuit-breaker/"
    assert paths["p/41/"] == paths["p/P041/"] == "patterns/p041-circuit-breaker/"


def test_a_retired_point_keeps_its_anchor_and_says_why() -> None:
    catalog = catalog_with_p041()
    ctx = PageContext("patterns/p041-circuit-breaker.md", catalog, SITE, meta=catalog.pages["P041"])
    html = expand("[[review-checklist]]", ctx)
    retired = html[html.index('id="p041-2"') :].split("</div>")[0]
    assert "review-point--retired" in html[: html.index('id="p041-2"') + 20]
    assert "Retired: superseded by P041.4" in retired
    assert "never reused" in retired


def test_the_checklist_leaves_out_retired_points_only() -> None:
    catalog = catalog_with_p041()
    ctx = PageContext("checklist.md", catalog, SITE)
    listed = re.findall(r"\[(P\d{3}\.\d+)\]", expand("[[all-review-points]]", ctx))
    assert listed == ["P041.1", "P041.3", "P041.4"]


def test_the_built_checklist_page_lists_every_point_in_force(built_site: Path) -> None:
    html = (built_site / "checklist" / "index.html").read_text(encoding="utf-8")
    listed = set(re.findall(r'href="[^"]*#(p\d{3}-\d+)"', html))
    expected = {
        point.anchor
        for meta in load_site(ROOT).pages.values()
        for point in meta.review_points
        if not point.retired
    }
    assert listed == expected


def test_the_trimmed_search_index_still_finds_ids_numbers_aliases_and_points(
    built_site: Path,
) -> None:
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    catalog = load_site(ROOT)
    for meta in catalog.pages.values():
        assert meta.pattern.id in index
        assert f"Pattern {meta.pattern.number} of" in index
        for alias in meta.aliases:
            assert alias in index, alias
        for point in meta.review_points:
            assert point.id in index, point.id


def test_shortened_search_sections_hold_no_markup(built_site: Path) -> None:
    """A section cut short is plain text: half a list would render broken in the results."""
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    shortened = [doc for doc in docs["docs"] if doc["text"].endswith(" …")]
    assert len(shortened) > 100
    assert [doc["location"] for doc in shortened if "<" in doc["text"]] == []
