"""MkDocs hooks: validate the catalog, build the navigation, render pattern pages.

Registered in mkdocs.yml under `hooks:`. Each event delegates to a module with
one job; this file only wires them to MkDocs. Any CatalogError becomes a
PluginError, so `mkdocs build` stops with the offending file named.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from sitebuild import bundle, offline, patterns_json, redirects, search_index, snippets_zip, vendor
from sitebuild.catalog import Catalog, CatalogError, load_site
from sitebuild.directives import PageContext, expand, pattern_footer, pattern_header

# The template every pattern page follows, in this order. Copying a reference
# page is the intended way to start a new one; this list keeps copies honest.
PATTERN_SECTIONS = (
    "The problem",
    "The pattern",
    "Python",
    "Go",
    "Go and Python side by side",
    "When to use it, and when not",
    "Review checklist",
    "How to test it",
    "Related patterns",
)
H2 = re.compile(r"^## (.+?)\s*$", re.MULTILINE)
FENCED_BLOCK = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)

_state: dict[str, Catalog] = {}


def _catalog() -> Catalog:
    return _state["catalog"]


def _site_url(config: MkDocsConfig) -> str:
    url = config.site_url or "http://127.0.0.1:8000/"
    return url if url.endswith("/") else url + "/"


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = _root(config)
    try:
        catalog = load_site(root)
        _check_stray_pages(catalog, Path(config.docs_dir), root)
    except CatalogError as exc:
        raise PluginError(str(exc)) from exc
    _state["catalog"] = catalog
    config.nav = navigation(catalog, config.nav or [])
    return config


def _check_stray_pages(catalog: Catalog, docs: Path, root: Path) -> None:
    """A page under patterns/ or parts/ that the catalog does not know is a typo, not a draft."""
    expected = {p.page for p in catalog.patterns.values()} | {
        p.page for p in catalog.parts.values()
    }
    for folder in ("patterns", "parts"):
        for page in sorted((docs / folder).rglob("*.md")):
            if page.relative_to(docs).as_posix() not in expected:
                raise CatalogError(
                    page.relative_to(root),
                    "not a page of the catalog: check the file name against catalog/catalog.yml",
                )


def navigation(catalog: Catalog, static_nav: list[Any]) -> list[Any]:
    """Home first, then one section per part listing its published patterns, then the rest."""
    parts: list[Any] = []
    for part in catalog.parts.values():
        entries: list[Any] = [part.page]
        entries += [
            {pattern.heading: pattern.page}
            for pattern in catalog.part_patterns(part)
            if pattern.id in catalog.pages
        ]
        parts.append({f"{part.numeral} · {part.title}": entries})
    return static_nav[:1] + parts + static_nav[1:]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, content in patterns_json.generated_files(_catalog(), _root(config)).items():
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    try:
        return render_markdown(_catalog(), page.file.src_uri, markdown, _site_url(config))
    except CatalogError as exc:
        raise PluginError(str(exc)) from exc


def render_markdown(catalog: Catalog, src: str, markdown: str, site_url: str) -> str:
    """A docs page's Markdown with its title, header, footer and directives filled in.

    MkDocs calls this through on_page_markdown; sitebuild/zensical_export.py
    calls it to hand Zensical, which runs no MkDocs hooks, the same Markdown.
    """
    meta = next((m for m in catalog.pages.values() if m.pattern.page == src), None)
    part = next((p for p in catalog.parts.values() if p.page == src), None)
    src_path = f"docs/{src}"
    try:
        ctx = PageContext(src_path=src, catalog=catalog, site_url=site_url, meta=meta, part=part)
        if meta is not None:
            _check_sections(src_path, markdown)
            markdown = pattern_header(ctx, meta) + markdown + pattern_footer(ctx, meta)
        return expand(markdown, ctx)
    except CatalogError as exc:
        if str(exc).startswith(src_path):
            raise
        raise CatalogError(src_path, str(exc)) from exc


# Code listings and the generated API reference are most of a page's text but
# not what readers search for; leaving them out of the search index keeps the
# index (which every page downloads) small.
SEARCH_EXCLUDED = re.compile(r'<(div class="language-[^"]*highlight"|details class="abstract")')


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return SEARCH_EXCLUDED.sub(lambda m: f"<{m.group(1)} data-search-exclude", html)


def _check_sections(src_path: str, markdown: str) -> None:
    without_code = FENCED_BLOCK.sub("", markdown)
    found = tuple(H2.findall(without_code))
    if found != PATTERN_SECTIONS:
        raise CatalogError(
            src_path,
            "sections must be exactly, in order: "
            + " / ".join(PATTERN_SECTIONS)
            + "; found: "
            + " / ".join(found),
        )
    if re.search(r"^# ", without_code, re.MULTILINE):
        raise CatalogError(src_path, "do not write a '# ' title: it is generated from the catalog")


def on_post_build(config: MkDocsConfig) -> None:
    try:
        finish_site(_catalog(), _root(config), Path(config.site_dir))
    except CatalogError as exc:
        raise PluginError(str(exc)) from exc


def finish_site(catalog: Catalog, root: Path, site: Path) -> None:
    """What the site needs beyond the pages: redirects, vendored and bundled files, offline."""
    redirects.write(catalog, site)
    vendor.copy_assets(root, site)
    snippets_zip.write(root, site / "assets" / "runner" / "snippets.zip")
    bundle.build_editor(root, site)
    search_index.trim(site)  # runs after Material's search plugin wrote it
    # Last: the service worker hashes everything written before it.
    offline.write_service_worker(root, site)
