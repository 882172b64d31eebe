"""The permalink registry: every URL the site has ever published, kept in a file.

`catalog/permalinks.txt` lists pages, short URLs and review-point anchors, one
per line. A URL enters the registry when its page is published and never
leaves it: tests/test_permalinks.py fails when any listed URL stops resolving
in the built site. Renaming a slug therefore needs `renamed_from` in the
catalog (a redirect), and retiring a review point keeps its anchor.

Run `python -m sitebuild.permalinks` after publishing a page to add its URLs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sitebuild.catalog import Catalog, load_site
from sitebuild.citations import short_paths

REGISTRY = Path("catalog/permalinks.txt")
HEADER = (
    "# Every URL the site has published. Lines are added, never removed:\n"
    "# tests/test_permalinks.py checks that each one still resolves.\n"
    "# Add new ones with: python -m sitebuild.permalinks\n"
)


def published_urls(catalog: Catalog) -> list[str]:
    """Site-relative URLs the current catalog publishes, in catalog order."""
    urls: list[str] = []
    for meta in catalog.pages.values():
        pattern = meta.pattern
        urls.append(pattern.url)
        urls += short_paths(pattern)
        urls += [f"{pattern.url}#{point.anchor}" for point in meta.review_points]
        urls += [f"{short_paths(pattern)[0]}#{point.anchor}" for point in meta.review_points]
    return urls


def read(path: Path) -> list[str]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def update(root: Path, catalog: Catalog) -> list[str]:
    """Append the URLs the registry lacks; return them."""
    path = root / REGISTRY
    known = read(path)
    added = [url for url in published_urls(catalog) if url not in set(known)]
    path.write_text(HEADER + "".join(f"{url}\n" for url in known + added), encoding="utf-8")
    return added


def main() -> int:
    root = Path.cwd()
    added = update(root, load_site(root))
    print(f"{len(added)} URLs added to {REGISTRY}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
