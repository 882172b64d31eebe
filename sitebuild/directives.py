"""Expand the `[[name]]` directives that pages use for generated content.

A directive stands alone on a line. Generated content (the catalog table, a
page's review checklist, its related links) comes from the catalog data, so the
text a reviewer cites is written once. An unknown directive, or one used on a
page where it means nothing, fails the build with the file named.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from sitebuild.catalog import Catalog, CatalogError, PageMeta, Part, Pattern
from sitebuild.citations import page_citation, review_comment

DIRECTIVE = re.compile(r"^\[\[([a-z][a-z-]*)\]\]$", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~)")

RELATION_LABELS = {
    "prerequisite": "Prerequisite",
    "complements": "Complements",
    "alternative": "Alternative",
}


@dataclass(frozen=True)
class PageContext:
    """What a directive may need to know about the page it expands on."""

    src_path: str
    catalog: Catalog
    site_url: str
    meta: PageMeta | None = None
    part: Part | None = None


# Characters Markdown would read as syntax even inside an attribute value.
MARKDOWN_SAFE = str.maketrans({c: f"&#{ord(c)};" for c in "[]()`*_\\<>&\"'"})


CODE_SPAN = re.compile(r"(`[^`]*`)")


def prose(text: str) -> str:
    """Front-matter text made safe to drop into Markdown: `<` and `>` outside
    code spans are shown as written instead of being read as HTML tags."""
    parts = CODE_SPAN.split(text)
    return "".join(
        part if part.startswith("`") else part.replace("<", "&lt;").replace(">", "&gt;")
        for part in parts
    )


def copy_button(label: str, text: str, context: str) -> str:
    """A button whose click copies `text` (see docs/assets/javascripts/catalog.js).

    Its accessible name starts with the visible label (WCAG 2.5.3, so a voice
    user can say what they see) and adds which pattern or review point it cites.
    """
    return (
        f'<button type="button" class="cite-button" data-cite="{text.translate(MARKDOWN_SAFE)}" '
        f'aria-label="{html.escape(f"{label} ({context})")}">{html.escape(label)}</button>'
    )


def pattern_header(ctx: PageContext, meta: PageMeta) -> str:
    """The title, the quotable rule and the line that says where the pattern sits."""
    pattern = meta.pattern
    total = len(ctx.catalog.patterns)
    part_link = posixpath.relpath(pattern.part.page, posixpath.dirname(ctx.src_path))
    aliases = f" · also known as: {', '.join(meta.aliases)}" if meta.aliases else ""
    cite = copy_button("Cite this page", page_citation(ctx.site_url, pattern), pattern.id)
    return (
        f"# {pattern.heading}\n\n"
        f"Pattern {pattern.number} of {total} · [Part {pattern.part.numeral} · {pattern.part.title}]({part_link})"
        f"{html.escape(aliases)} {cite}\n{{ .pattern-meta }}\n\n"
        f"{prose(meta.summary)}\n{{ .pattern-rule }}\n\n"
    )


def pattern_footer(ctx: PageContext, meta: PageMeta) -> str:
    """Links to the previous and next published patterns; the arrow keys follow them."""
    published = list(ctx.catalog.pages)
    index = published.index(meta.pattern.id)
    links = []
    if index > 0:
        previous = ctx.catalog.patterns[published[index - 1]]
        links.append(
            f"[← {previous.heading}]({link(ctx.src_path, previous)}){{ .pattern-nav__prev }}"
        )
    if index + 1 < len(published):
        following = ctx.catalog.patterns[published[index + 1]]
        links.append(
            f"[{following.heading} →]({link(ctx.src_path, following)}){{ .pattern-nav__next }}"
        )
    if not links:
        return ""
    return (
        '\n\n<nav class="pattern-nav" aria-label="Previous and next pattern" markdown>\n'
        + "\n".join(links)
        + "\n</nav>\n"
    )


def link(from_page: str, pattern: Pattern, anchor: str = "") -> str:
    """Relative Markdown link target from one docs page to a pattern page."""
    target = posixpath.relpath(pattern.page, posixpath.dirname(from_page))
    return f"{target}#{anchor}" if anchor else target


def pattern_label(ctx: PageContext, pattern: Pattern) -> str:
    """The pattern's ID and title, linked when its page exists."""
    if pattern.id in ctx.catalog.pages:
        return f"[{pattern.heading}]({link(ctx.src_path, pattern)})"
    return f"{pattern.heading} *(not yet published)*"


def _catalog_table(ctx: PageContext) -> str:
    # Each part is a section that docs/assets/javascripts/catalog.js can filter.
    blocks: list[str] = ['<div class="catalog" data-catalog markdown>\n']
    for part in ctx.catalog.parts.values():
        part_link = posixpath.relpath(part.page, posixpath.dirname(ctx.src_path))
        title = html.escape(f"Part {part.numeral} · {part.title}")
        blocks.append(f'<section data-part="{part.numeral}" data-part-title="{title}" markdown>\n')
        blocks.append(f"### [Part {part.numeral} · {part.title}]({part_link})\n")
        blocks.append(_pattern_table(ctx, ctx.catalog.part_patterns(part)))
        blocks.append("</section>\n")
    blocks.append("</div>\n")
    return "\n".join(blocks)


def _pattern_table(ctx: PageContext, patterns: list[Pattern]) -> str:
    rows = ["| ID | Pattern | Rule |", "|---|---|---|"]
    for pattern in patterns:
        meta = ctx.catalog.pages.get(pattern.id)
        if meta is None:
            rows.append(f"| {pattern.id} | {pattern.title} | *not yet published* |")
        else:
            rows.append(
                f"| {pattern.id} | [{pattern.title}]({link(ctx.src_path, pattern)}) | {prose(meta.summary)} |"
            )
    return "\n".join(rows) + "\n"


def _part_patterns(ctx: PageContext) -> str:
    if ctx.part is None:
        raise CatalogError(ctx.src_path, "[[part-patterns]] is only for part pages")
    return _pattern_table(ctx, ctx.catalog.part_patterns(ctx.part))


def _require_meta(ctx: PageContext, name: str) -> PageMeta:
    if ctx.meta is None:
        raise CatalogError(ctx.src_path, f"[[{name}]] is only for pattern pages")
    return ctx.meta


def _review_checklist(ctx: PageContext) -> str:
    meta = _require_meta(ctx, "review-checklist")
    items: list[str] = []
    for point in meta.review_points:
        # The anchor sits on the item itself so a cited link lands on the rule.
        retired = (
            f" *(Retired: {prose(point.retired)}. The ID keeps this meaning and is never reused.)*"
            if point.retired
            else ""
        )
        css = "review-point review-point--retired" if point.retired else "review-point"
        copy = copy_button(
            "Copy comment",
            review_comment(ctx.site_url, meta.pattern, point),
            point.id,
        )
        items.append(
            f'<div class="{css}" id="{point.anchor}" markdown>\n'
            f'<a class="review-point__id" href="#{point.anchor}">{point.id}</a>\n'
            f"{prose(point.text)}{retired}\n"
            f"{copy}\n"
            "</div>\n"
        )
    return "\n".join(items)


def _related(ctx: PageContext) -> str:
    meta = _require_meta(ctx, "related")
    lines = []
    for relation in meta.related:
        other = ctx.catalog.patterns[relation.id]
        lines.append(
            f"- **{RELATION_LABELS[relation.kind]}:** {pattern_label(ctx, other)}. {relation.note}"
        )
    backlinks = [
        f"- {pattern_label(ctx, source.pattern)} ({relation.kind})"
        for source, relation in ctx.catalog.referenced_by(meta.pattern.id)
    ]
    if backlinks:
        lines += ["", "**Referenced by**", "", *backlinks]
    return "\n".join(lines) + "\n"


def _all_review_points(ctx: PageContext) -> str:
    """Every review point of the catalog, by part: the page teams paste into a review template."""
    blocks: list[str] = []
    for part in ctx.catalog.parts.values():
        published = [p for p in ctx.catalog.part_patterns(part) if p.id in ctx.catalog.pages]
        if not published:
            continue
        blocks.append(f"## Part {part.numeral} · {part.title}\n")
        for pattern in published:
            blocks.append(f"### {pattern.heading}\n")
            for point in ctx.catalog.pages[pattern.id].review_points:
                if point.retired:
                    continue
                target = link(ctx.src_path, pattern, point.anchor)
                blocks.append(f"- **[{point.id}]({target})** {prose(point.text)}")
            blocks.append("")
    return "\n".join(blocks)


def _api(ctx: PageContext) -> str:
    meta = _require_meta(ctx, "api")
    module = meta.pattern.module
    return (
        '??? abstract "API of this snippet"\n\n'
        f"    ::: {module}\n"
        "        options:\n"
        "          show_root_heading: false\n"
        "          show_root_toc_entry: false\n"
        "          heading_level: 3\n"
        "          show_source: false\n"
        "          members_order: source\n"
    )


DIRECTIVES: dict[str, Callable[[PageContext], str]] = {
    "catalog": _catalog_table,
    "part-patterns": _part_patterns,
    "review-checklist": _review_checklist,
    "related": _related,
    "api": _api,
    "all-review-points": _all_review_points,
}


def expand(markdown: str, ctx: PageContext) -> str:
    """Replace every directive line outside code fences with its content."""
    out: list[str] = []
    in_fence = False
    for line_number, line in enumerate(markdown.split("\n"), start=1):
        if FENCE.match(line.strip()):
            in_fence = not in_fence
        match = None if in_fence else DIRECTIVE.match(line.strip())
        if match is None:
            if not in_fence and line.strip().startswith("[[") and line.strip().endswith("]]"):
                raise CatalogError(
                    ctx.src_path, f"line {line_number}: malformed directive {line.strip()!r}"
                )
            out.append(line)
            continue
        handler = DIRECTIVES.get(match.group(1))
        if handler is None:
            known = ", ".join(f"[[{name}]]" for name in DIRECTIVES)
            raise CatalogError(
                ctx.src_path,
                f"line {line_number}: unknown directive [[{match.group(1)}]]; known: {known}",
            )
        out.append(handler(ctx))
    return "\n".join(out)
