"""The citation formats: short URLs, a page citation, a review comment.

One definition serves the copy buttons on the pages, the redirect pages,
patterns.json and the permalink registry, so they can never disagree.
"""

from __future__ import annotations

from sitebuild.catalog import Pattern, ReviewPoint


def short_paths(pattern: Pattern) -> tuple[str, ...]:
    """Site-relative short URLs of a pattern: p/41/, p/P041/ and p/p041/."""
    return (f"p/{pattern.number}/", f"p/{pattern.id}/", f"p/{pattern.id.lower()}/")


def short_url(site_url: str, pattern: Pattern) -> str:
    """The canonical short URL, the one citations use."""
    return f"{site_url}{short_paths(pattern)[0]}"


def page_citation(site_url: str, pattern: Pattern) -> str:
    return f"[{pattern.heading}]({short_url(site_url, pattern)})"


def review_comment(site_url: str, pattern: Pattern, point: ReviewPoint) -> str:
    return f"[{point.id}]({short_url(site_url, pattern)}#{point.anchor}): {point.text}"
