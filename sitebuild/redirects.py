"""Write the redirect pages: short URLs (p/41/, p/P041/) and slugs a pattern had before.

A redirect page keeps the fragment, so /p/41/#p041-2 lands on review point
P041.2. Script first (it carries the hash), a meta refresh for readers without
JavaScript, and a canonical link for search engines.
"""

from __future__ import annotations

import html
import json
import posixpath
from pathlib import Path

from sitebuild.catalog import Catalog
from sitebuild.citations import short_paths

TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="canonical" href="{target}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}">
<script>location.replace({target_js} + location.hash)</script>
</head>
<body>
<p>This address moved to <a href="{target}" data-redirect-target>{title}</a>.</p>
</body>
</html>
"""


def redirect_paths(catalog: Catalog) -> dict[str, str]:
    """Site-relative redirect folder -> site-relative target page, for published patterns."""
    paths: dict[str, str] = {}
    for pattern_id, meta in catalog.pages.items():
        pattern = meta.pattern
        for path in short_paths(pattern):
            paths[path] = pattern.url
        for old_slug in pattern.renamed_from:
            paths[f"patterns/{pattern_id.lower()}-{old_slug}/"] = pattern.url
    return paths


def write(catalog: Catalog, site: Path) -> None:
    for path, target_url in redirect_paths(catalog).items():
        relative = posixpath.relpath(target_url, path) + "/"
        title = next(
            m.pattern.heading for m in catalog.pages.values() if m.pattern.url == target_url
        )
        page = site / path / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            TEMPLATE.format(
                title=html.escape(title),
                target=html.escape(relative),
                target_js=json.dumps(relative),
            ),
            encoding="utf-8",
        )
