"""Read code blocks back out of built pages, exactly as a reader sees them.

Tests use this instead of the Markdown sources because includes are only
expanded at build time: the built page is the one place where the code a
reader runs and the code CI runs are guaranteed to be the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

LANGUAGE_CLASS = re.compile(r"\blanguage-([\w+-]+)\b")


@dataclass(frozen=True)
class CodeBlock:
    page: str
    language: str
    title: str
    code: str


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, str]] = []
        self._depth = 0  # div nesting inside the current highlighted block
        self._language: str | None = None
        self._title: list[str] = []
        self._code: list[str] = []
        self._in_title = False
        self._in_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if self._language is None:
            match = LANGUAGE_CLASS.search(classes)
            names = classes.split()
            # API signatures rendered by mkdocstrings are highlighted too, but are not programs.
            if tag == "div" and match and "highlight" in names and "doc-signature" not in names:
                self._language, self._depth = match.group(1), 1
                self._title, self._code = [], []
            return
        if tag == "div":
            self._depth += 1
        elif tag == "span" and "filename" in classes.split():
            self._in_title = True
        elif tag == "code":
            self._in_code = True

    def handle_endtag(self, tag: str) -> None:
        if self._language is None:
            return
        if tag == "span":
            self._in_title = False
        elif tag == "code":
            self._in_code = False
        elif tag == "div":
            self._depth -= 1
            if self._depth == 0:
                self.blocks.append(
                    (self._language, "".join(self._title).strip(), "".join(self._code))
                )
                self._language = None

    def handle_data(self, data: str) -> None:
        if self._in_code:
            self._code.append(data)
        elif self._in_title:
            self._title.append(data)


def code_blocks(html: str, page: str = "") -> list[CodeBlock]:
    """Every highlighted code block of a built page, in page order."""
    parser = _BlockParser()
    parser.feed(html)
    return [CodeBlock(page, language, title, code) for language, title, code in parser.blocks]


def pattern_pages(site: Path) -> list[Path]:
    """The built pattern pages, in catalog order."""
    return sorted((site / "patterns").glob("p[0-9][0-9][0-9]-*/index.html"))


REDIRECT = 'http-equiv="refresh"'


def content_pages(site: Path) -> list[str]:
    """Site-relative URLs of every built page a reader can land on, redirect stubs excluded."""
    urls = []
    for index in sorted(site.rglob("index.html")):
        if REDIRECT in index.read_text(encoding="utf-8")[:2000]:
            continue
        folder = index.parent.relative_to(site).as_posix()
        urls.append("" if folder == "." else folder + "/")
    return ["404.html", *urls] if (site / "404.html").is_file() else urls
