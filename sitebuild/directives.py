"""Expand the `[[name]]` directives that pages use for generated content.

A directive stands alone on a line. Generated content (the catalog table, a
page's review checklist, its related links) comes from the catalog data, so the
text a reviewer cites is written once. An unknown directive, or one used on a
page where it means nothing, fails the build with the file named.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from sitebuild.catalog import Catalog, CatalogError, PageMeta, Part, Pattern

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
    meta: PageMeta | None = None
    part: Part | None = None


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
    blocks: list[str] = []
    for part in ctx.catalog.parts.values():
        part_link = posixpath.relpath(part.page, posixpath.dirname(ctx.src_path))
        blocks.append(f"### [Part {part.numeral} · {part.title}]({part_link})\n")
        blocks.append(_pattern_table(ctx, ctx.catalog.part_patterns(part)))
    return "\n".join(blocks)


def _pattern_table(ctx: PageContext, patterns: list[Pattern]) -> str:
    rows = ["| ID | Pattern | Rule |", "|---|---|---|"]
    for pattern in patterns:
        meta = ctx.catalog.pages.get(pattern.id)
        if meta is None:
            rows.append(f"| {pattern.id} | {pattern.title} | *not yet published* |")
        else:
            rows.append(
                f"| {pattern.id} | [{pattern.title}]({link(ctx.src_path, pattern)}) | {meta.summary} |"
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
            f"\n\n    *Retired: {point.retired}* The ID keeps this meaning; it is never reused."
            if point.retired
            else ""
        )
        css = "review-point review-point--retired" if point.retired else "review-point"
        items.append(
            f'<div class="{css}" id="{point.anchor}" markdown>\n'
            f'<a class="review-point__id" href="#{point.anchor}">{point.id}</a>\n'
            f"{point.text}{retired}\n"
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
