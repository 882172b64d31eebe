"""No broken link or anchor in the built site.

LinkChecker (PyPI) crawls the served site from the home page and fetches every
page and asset it reaches. Fragments (`page/#anchor`) are checked here over
the built files: every internal link's fragment must be an id on its target.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.audit

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "tests" / "audits" / "linkchecker.ini"


def test_linkchecker_finds_no_broken_link(built_site: Path, site_server: tuple[str, Path]) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "linkcheck",
            "--config",
            str(CONFIG),
            "--no-robots",
            "--output",
            "text",
            site_server[0],
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={**os.environ, "HOME": str(built_site.parent)},
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-6000:]
    assert "0 errors found" in report, report[-6000:]


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value and (name == "id" or tag == "a"):
                self.ids.add(value)
            if name == "href" and tag == "a" and value:
                self.hrefs.append(value)


def broken_fragments(site: Path) -> tuple[int, list[str]]:
    """How many internal #fragment links there are, and `page: href` for each broken one."""
    pages = {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}
    parsed: dict[str, _Anchors] = {}

    def anchors(rel: str) -> _Anchors:
        if rel not in parsed:
            parser = _Anchors()
            parser.feed(pages[rel].read_text(encoding="utf-8"))
            parsed[rel] = parser
        return parsed[rel]

    checked = 0
    broken = []
    for rel in sorted(pages):
        for href in anchors(rel).hrefs:
            url = urlsplit(href)
            if url.scheme or url.netloc or not url.fragment:
                continue
            path = unquote(url.path)
            target = (
                posixpath.normpath(posixpath.join(posixpath.dirname(rel), path)) if path else rel
            )
            if path.endswith("/") or (path and target in ("", ".")):
                target = posixpath.join(target, "index.html") if target != "." else "index.html"
            elif target not in pages and target + "/index.html" in pages:
                target += "/index.html"
            if target not in pages:
                continue  # a missing page is LinkChecker's finding
            checked += 1
            if unquote(url.fragment) not in anchors(target).ids:
                broken.append(f"{rel}: {href}")
    return checked, broken


def test_every_fragment_names_an_id_on_its_target(built_site: Path) -> None:
    checked, broken = broken_fragments(built_site)
    assert broken == []
    assert checked > 1000  # the nav and tables of contents link to headings on every page


def test_the_fragment_check_finds_a_broken_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2><a href="#here">ok</a>')
    (tmp_path / "index.html").write_text(
        '<a href="a/#here">ok</a> <a href="a/#gone">broken</a> <a href="#top">broken</a>'
        '<a href="https://example.org/#x">other host</a>'
    )
    assert broken_fragments(tmp_path) == (4, ["index.html: a/#gone", "index.html: #top"])
