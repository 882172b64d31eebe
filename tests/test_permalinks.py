"""Published URLs never break: the registry is complete, and every entry resolves."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from sitebuild.catalog import load_site
from sitebuild.permalinks import REGISTRY, published_urls, read

ROOT = Path(__file__).resolve().parent.parent
REDIRECT_TARGET = re.compile(r'<a href="([^"]+)" data-redirect-target>')


def resolve(site: Path, url: str) -> tuple[Path, str]:
    """The built file a site-relative URL ends on (following redirects) and its fragment."""
    path, _, fragment = url.partition("#")
    for _ in range(3):
        page = site / path / "index.html"
        assert page.is_file(), f"{url}: {path} does not exist in the built site"
        target = REDIRECT_TARGET.search(page.read_text(encoding="utf-8"))
        if target is None:
            return page, fragment
        path = posixpath.normpath(posixpath.join(path, target.group(1))) + "/"
    raise AssertionError(f"{url}: redirect loop")


def test_every_published_url_is_registered() -> None:
    registered = set(read(ROOT / REGISTRY))
    missing = [url for url in published_urls(load_site(ROOT)) if url not in registered]
    assert not missing, f"run `python -m sitebuild.permalinks` to register: {missing[:5]}"


def test_every_registered_url_resolves(built_site: Path) -> None:
    urls = read(ROOT / REGISTRY)
    assert urls, "the registry is empty"
    for url in urls:
        page, fragment = resolve(built_site, url)
        if fragment:
            assert f'id="{fragment}"' in page.read_text(encoding="utf-8"), (
                f"{url}: no anchor #{fragment}"
            )


@pytest.mark.parametrize(
    ("url", "page"),
    [
        ("p/41/", "patterns/p041-circuit-breaker/index.html"),
        ("p/P041/#p041-2", "patterns/p041-circuit-breaker/index.html"),
    ],
)
def test_short_urls_lead_to_the_page(built_site: Path, url: str, page: str) -> None:
    assert resolve(built_site, url)[0] == built_site / page


def test_resolve_notices_a_missing_anchor(built_site: Path) -> None:
    page, fragment = resolve(built_site, "p/41/#p041-99")
    assert f'id="{fragment}"' not in page.read_text(encoding="utf-8")
