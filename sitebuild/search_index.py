"""Trim the search index every page downloads.

Material loads `search/search_index.json` on every page, and with a hundred
pattern pages of prose it outweighs everything else a reader fetches. Readers
search for an ID, a title, an alias, a review point or a section: so the index
keeps every title and location, the opening section of each page (title, the
"Pattern 41 of 100" line with aliases, the rule) and every review checklist in
full, and the first sentences of other sections.

A shortened section becomes plain text before it is cut: the index holds
HTML, and a cut inside a list or a tag would leave markup that the search
results render broken (axe-core found a `<ul>` holding bare text).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

SECTION_TEXT = 240  # characters kept of an ordinary section
KEPT_IN_FULL = ("#review-checklist",)
# Entities such as &lt; stay encoded, so the text is still safe to render as HTML.
TAG = re.compile(r"<[^>]*>")
SPACES = re.compile(r"\s+")


def trim(site: Path) -> None:
    path = site / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        location: str = doc["location"]
        opening = "#" not in location
        if opening or location.endswith(KEPT_IN_FULL) or len(doc["text"]) <= SECTION_TEXT:
            continue
        text = SPACES.sub(" ", TAG.sub(" ", doc["text"])).strip()
        if len(text) > SECTION_TEXT:
            cut = text.rfind(" ", 0, SECTION_TEXT)
            text = text[: cut if cut > 0 else SECTION_TEXT] + " …"
        doc["text"] = text
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
