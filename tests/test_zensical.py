"""The same sources build with Zensical, the successor of Material for MkDocs.

`sitebuild.zensical_export` renders the pages through the hooks' own function
and has Zensical build them from a config that inherits mkdocs.yml. Every
pattern page must come out with its generated title, review points and Python
runner; docs/zensical.md lists what else differs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitebuild.catalog import load_site
from sitebuild.zensical_export import build

pytestmark = pytest.mark.audit

ROOT = Path(__file__).resolve().parent.parent
UNEXPANDED = re.compile(r"<p>\[\[[a-z-]+\]\]</p>")
RUNNER_FILES = (
    "assets/runner/snippets.zip",
    "assets/runner/editor.bundle.js",
    "assets/vendor/pyodide/pyodide.mjs",
    "sw.js",
    "p/41/index.html",
)


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("zensical"))


def test_every_pattern_page_is_built_with_its_generated_parts(zensical_site: Path) -> None:
    catalog = load_site(ROOT)
    assert len(catalog.pages) == 100
    for meta in catalog.pages.values():
        page = zensical_site / meta.pattern.page.removesuffix(".md") / "index.html"
        assert page.is_file(), page
        html = page.read_text(encoding="utf-8")
        assert f"{meta.pattern.id} · " in html, f"{page}: no generated title"
        for point in meta.review_points:
            assert f'id="{point.anchor}"' in html, f"{page}: no anchor for {point.id}"
        assert 'class="language-python' in html, f"{page}: no Python block"
        assert UNEXPANDED.search(html) is None, f"{page}: a [[directive]] was not expanded"


def test_every_docs_page_and_the_runner_files_are_built(zensical_site: Path) -> None:
    for source in sorted((ROOT / "docs").rglob("*.md")):
        rel = source.relative_to(ROOT / "docs").with_suffix("")
        folder = rel.parent if rel.name == "index" else rel
        assert (zensical_site / folder / "index.html").is_file(), f"{source} was not built"
    for asset in RUNNER_FILES:
        assert (zensical_site / asset).is_file(), asset
