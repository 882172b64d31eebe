"""Write `patterns.json`: the catalog as data, for editors, bots and the site's own scripts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sitebuild.catalog import Catalog, PageMeta
from sitebuild.citations import short_paths

# Bumped only when a field changes meaning or disappears; adding fields is compatible.
FORMAT_VERSION = 1


def entry(meta: PageMeta) -> dict[str, Any]:
    pattern = meta.pattern
    return {
        "number": pattern.number,
        "id": pattern.id,
        "title": pattern.title,
        "part": pattern.part.numeral,
        "part_title": pattern.part.title,
        "slug": pattern.slug,
        "summary": meta.summary,
        "url": pattern.url,
        "short_url": short_paths(pattern)[0],
        "tags": list(meta.tags),
        "aliases": list(meta.aliases),
        "review_points": [
            {
                "id": point.id,
                "text": point.text,
                "url": f"{pattern.url}#{point.anchor}",
                **({"retired": point.retired} if point.retired else {}),
            }
            for point in meta.review_points
        ],
        "related": [relation.id for relation in meta.related],
        "relations": [
            {"id": relation.id, "kind": relation.kind, "note": relation.note}
            for relation in meta.related
        ],
    }


def document(catalog: Catalog) -> dict[str, Any]:
    ordered = [catalog.pages[pid] for pid in catalog.patterns if pid in catalog.pages]
    return {"version": FORMAT_VERSION, "patterns": [entry(meta) for meta in ordered]}


def generated_files(catalog: Catalog, root: Path) -> dict[str, str]:
    """patterns.json and its schema, as site-relative path -> content.

    They are handed to MkDocs as generated files, so pages can link to them
    and the strict build checks those links like any other.
    """
    schema = root / "catalog" / "patterns.schema.json"
    return {
        "patterns.json": json.dumps(document(catalog), indent=2, ensure_ascii=False) + "\n",
        "patterns.schema.json": schema.read_text(encoding="utf-8"),
    }
