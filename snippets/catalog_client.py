"""A review bot's core: turn bare pattern IDs in a comment into cited links.

The site publishes `patterns.json` at its root (schema:
catalog/patterns.schema.json). A bot or an editor snippet downloads it once,
builds an index, and expands every `P041` or `P041.2` in a review comment into
a link to the exact rule, with the rule's text quoted under the comment.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

SUPPORTED_VERSION = 1

# An ID on its own: not inside a word, a URL, or a link that is already there.
CITATION = re.compile(r"(?<![\w/#\[.-])P\d{3}(?:\.\d+)?(?![\w-])")


@dataclass(frozen=True)
class Citation:
    id: str
    url: str
    text: str


def load_index(document: str, site_url: str) -> dict[str, Citation]:
    """Index every pattern and review point of a patterns.json document by ID."""
    data: dict[str, Any] = json.loads(document)
    if data.get("version") != SUPPORTED_VERSION:
        raise ValueError(
            f"patterns.json version {data.get('version')!r} is not supported; "
            f"this client reads version {SUPPORTED_VERSION}"
        )
    index: dict[str, Citation] = {}
    for pattern in data["patterns"]:
        short_url = site_url + pattern["short_url"]
        index[pattern["id"]] = Citation(
            pattern["id"], short_url, f"{pattern['title']}: {pattern['summary']}"
        )
        for point in pattern["review_points"]:
            anchor = point["url"].partition("#")[2]
            text = point["text"]
            if "retired" in point:
                text += f" (retired: {point['retired']})"
            index[point["id"]] = Citation(point["id"], f"{short_url}#{anchor}", text)
    return index


def expand(comment: str, index: dict[str, Citation]) -> str:
    """Link each known ID in `comment` and quote its rule underneath; leave unknown IDs alone."""
    cited: dict[str, Citation] = {}

    def link(match: re.Match[str]) -> str:
        citation = index.get(match.group(0))
        if citation is None:
            return match.group(0)
        cited[citation.id] = citation
        return f"[{citation.id}]({citation.url})"

    linked = CITATION.sub(link, comment)
    quotes = [f"> **{c.id}**: {c.text}" for c in cited.values()]
    return "\n\n".join([linked, "\n".join(quotes)]) if quotes else linked


# A trimmed patterns.json with one pattern, so the demo runs without a network.
# tests/snippets/test_catalog_client.py checks it against the real file.
SAMPLE = json.dumps(
    {
        "version": 1,
        "patterns": [
            {
                "id": "P041",
                "title": "Circuit Breaker Pattern",
                "summary": "Wrap every call to a dependency that can fail in a breaker that "
                "stops calling it after repeated failures, and lets a single probe "
                "through to test recovery.",
                "short_url": "p/41/",
                "review_points": [
                    {
                        "id": "P041.2",
                        "text": "A half-open breaker lets exactly one probe call through; "
                        "every other caller is rejected until the probe ends.",
                        "url": "patterns/p041-circuit-breaker/#p041-2",
                    }
                ],
            }
        ],
    }
)


def main() -> None:
    index = load_index(SAMPLE, "https://patterns.example.org/")
    comment = "Two callers can probe at once here, see P041.2 (and P999, which is not in the index)."
    print(expand(comment, index))
    #> Two callers can probe at once here, see [P041.2](https://patterns.example.org/p/41/#p041-2) (and P999, which is not in the index).
    #>
    #> > **P041.2**: A half-open breaker lets exactly one probe call through; every other caller is rejected until the probe ends.


if __name__ == "__main__":
    main()
