"""Load and validate the catalog: `catalog/catalog.yml` plus each pattern page's front matter.

Everything about a pattern is written once. The catalog file holds what every
pattern has from day one (ID, title, part, slug); a page's front matter holds
what only a written page has (its rule, review points, related links). Every
problem is reported as a CatalogError that names the file, because a build
that fails with "KeyError: 'id'" wastes the author's afternoon.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.meta import get_data

PATTERN_ID = re.compile(r"^P(\d{3})$")
REVIEW_POINT_ID = re.compile(r"^(P\d{3})\.(\d+)$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RELATION_KINDS = ("prerequisite", "complements", "alternative")

CATALOG_PART_KEYS = {"numeral", "number", "title", "slug"}
CATALOG_PATTERN_KEYS = {"id", "title", "part", "slug", "languages", "renamed_from"}
PAGE_KEYS = {"id", "summary", "review_points", "related", "tags", "aliases"}
PAGE_REQUIRED_KEYS = {"id", "summary", "review_points", "related", "tags"}
REVIEW_POINT_KEYS = {"id", "text", "retired"}
RELATED_KEYS = {"id", "kind", "note"}


class CatalogError(Exception):
    """A problem in the catalog data, always reported with the file it is in."""

    def __init__(self, path: str | Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)


@dataclass(frozen=True)
class Part:
    numeral: str
    number: int
    title: str
    slug: str

    @property
    def page(self) -> str:
        """Docs-relative path of the part's introduction page."""
        return f"parts/{self.number:02d}-{self.slug}/index.md"

    @property
    def package(self) -> str:
        """Name of the `snippets` subpackage that holds this part's modules."""
        return f"part{self.number:02d}_{self.slug}"


@dataclass(frozen=True)
class Pattern:
    id: str
    number: int
    title: str
    part: Part
    slug: str
    languages: str
    renamed_from: tuple[str, ...] = ()

    @property
    def page(self) -> str:
        """Docs-relative path of the pattern's page."""
        return f"patterns/{self.id.lower()}-{self.slug}.md"

    @property
    def url(self) -> str:
        """Site-relative URL of the pattern's page."""
        return f"patterns/{self.id.lower()}-{self.slug}/"

    @property
    def heading(self) -> str:
        return f"{self.id} · {self.title}"

    @property
    def module(self) -> str:
        """Dotted name of the pattern's Python module in the `snippets` package."""
        return f"snippets.{self.part.package}.{self.id.lower()}_{self.slug.replace('-', '_')}"


@dataclass(frozen=True)
class ReviewPoint:
    id: str
    text: str
    retired: str | None = None

    @property
    def anchor(self) -> str:
        """HTML id of the point: P041.2 becomes p041-2."""
        return self.id.lower().replace(".", "-")


@dataclass(frozen=True)
class Relation:
    id: str
    kind: str
    note: str


@dataclass(frozen=True)
class PageMeta:
    """The validated front matter of one pattern page."""

    pattern: Pattern
    summary: str
    review_points: tuple[ReviewPoint, ...]
    related: tuple[Relation, ...]
    tags: tuple[str, ...]
    aliases: tuple[str, ...] = ()


@dataclass
class Catalog:
    parts: dict[str, Part]
    patterns: dict[str, Pattern]
    pages: dict[str, PageMeta] = field(default_factory=dict)

    def part_patterns(self, part: Part) -> list[Pattern]:
        return [p for p in self.patterns.values() if p.part == part]

    def referenced_by(self, pattern_id: str) -> list[tuple[PageMeta, Relation]]:
        """Pages whose related list names `pattern_id`, in catalog order."""
        return [
            (meta, relation)
            for meta in self.pages.values()
            for relation in meta.related
            if relation.id == pattern_id
        ]


def _check_keys(path: Path, where: str, data: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise CatalogError(
            path,
            f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}",
        )


def _require(path: Path, where: str, data: Mapping[str, Any], required: Iterable[str]) -> None:
    missing = sorted(set(required) - set(data))
    if missing:
        raise CatalogError(path, f"{where}: missing key(s) {', '.join(missing)}")


def _text(path: Path, where: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(path, f"{where}: expected non-empty text, got {value!r}")
    return value.strip()


def _mapping_list(path: Path, where: str, value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise CatalogError(path, f"{where}: expected a list of mappings")
    return value


def _unique(path: Path, what: str, values: Iterable[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise CatalogError(path, f"duplicate {what} {value!r}")
        seen.add(value)


def load_catalog(path: Path) -> Catalog:
    """Read catalog.yml, refusing unknown keys, duplicates and broken references."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(path, f"cannot read catalog: {exc}") from exc
    if not isinstance(data, dict):
        raise CatalogError(path, "expected a mapping with 'parts' and 'patterns'")
    _check_keys(path, "top level", data, {"parts", "patterns"})

    parts: dict[str, Part] = {}
    for index, raw in enumerate(_mapping_list(path, "parts", data.get("parts")), start=1):
        where = f"parts[{index}]"
        _check_keys(path, where, raw, CATALOG_PART_KEYS)
        _require(path, where, raw, CATALOG_PART_KEYS)
        part = Part(
            str(raw["numeral"]),
            int(raw["number"]),
            _text(path, where, raw["title"]),
            str(raw["slug"]),
        )
        if part.number != index:
            raise CatalogError(
                path, f"{where}: number {part.number} out of order, expected {index}"
            )
        if part.numeral in parts:
            raise CatalogError(path, f"duplicate part numeral {part.numeral!r}")
        parts[part.numeral] = part
    _unique(path, "part slug", (p.slug for p in parts.values()))

    patterns: dict[str, Pattern] = {}
    for index, raw in enumerate(_mapping_list(path, "patterns", data.get("patterns")), start=1):
        where = f"patterns[{index}]"
        _check_keys(path, where, raw, CATALOG_PATTERN_KEYS)
        _require(path, where, raw, CATALOG_PATTERN_KEYS - {"renamed_from"})
        pattern_id = str(raw["id"])
        match = PATTERN_ID.match(pattern_id)
        if not match:
            raise CatalogError(path, f"{where}: id {pattern_id!r} is not of the form P001")
        if pattern_id in patterns:
            raise CatalogError(path, f"duplicate pattern id {pattern_id!r}")
        if int(match.group(1)) != index:
            raise CatalogError(
                path, f"{where}: {pattern_id} is out of order, expected P{index:03d}"
            )
        pattern_part = parts.get(str(raw["part"]))
        if pattern_part is None:
            raise CatalogError(path, f"{where}: {pattern_id} names unknown part {raw['part']!r}")
        slug = str(raw["slug"])
        if not SLUG.match(slug):
            raise CatalogError(
                path, f"{where}: slug {slug!r} must be lower-case words joined by '-'"
            )
        renamed = raw.get("renamed_from", [])
        if not isinstance(renamed, list):
            raise CatalogError(path, f"{where}: renamed_from must be a list of old slugs")
        patterns[pattern_id] = Pattern(
            id=pattern_id,
            number=index,
            title=_text(path, where, raw["title"]),
            part=pattern_part,
            slug=slug,
            languages=str(raw["languages"]),
            renamed_from=tuple(str(old) for old in renamed),
        )
    _unique(path, "pattern slug", (p.slug for p in patterns.values()))
    return Catalog(parts=parts, patterns=patterns)


def parse_page_meta(catalog: Catalog, path: Path, meta: Mapping[str, Any]) -> PageMeta:
    """Validate one pattern page's front matter against the catalog."""
    _check_keys(path, "front matter", meta, PAGE_KEYS)
    _require(path, "front matter", meta, PAGE_REQUIRED_KEYS)
    pattern = catalog.patterns.get(str(meta["id"]))
    if pattern is None:
        raise CatalogError(path, f"front matter id {meta['id']!r} is not in catalog/catalog.yml")
    if Path(pattern.page).name != path.name:
        raise CatalogError(path, f"{pattern.id}'s page must be named {Path(pattern.page).name}")

    points: list[ReviewPoint] = []
    for index, raw in enumerate(
        _mapping_list(path, "review_points", meta["review_points"]), start=1
    ):
        where = f"review_points[{index}]"
        _check_keys(path, where, raw, REVIEW_POINT_KEYS)
        _require(path, where, raw, {"id", "text"})
        expected = f"{pattern.id}.{index}"
        if raw["id"] != expected:
            # IDs are cited in reviews: they are numbered once and never reused.
            raise CatalogError(path, f"{where}: id {raw['id']!r} should be {expected!r}")
        retired = raw.get("retired")
        points.append(
            ReviewPoint(
                expected,
                _text(path, where, raw["text"]),
                None if retired is None else _text(path, where, retired),
            )
        )
    live = [p for p in points if p.retired is None]
    if not 3 <= len(live) <= 6:
        raise CatalogError(path, f"needs 3 to 6 review points in force, has {len(live)}")

    related: list[Relation] = []
    for index, raw in enumerate(_mapping_list(path, "related", meta["related"]), start=1):
        where = f"related[{index}]"
        _check_keys(path, where, raw, RELATED_KEYS)
        _require(path, where, raw, RELATED_KEYS)
        if raw["id"] not in catalog.patterns:
            raise CatalogError(path, f"{where}: related id {raw['id']!r} is not in the catalog")
        if raw["id"] == pattern.id:
            raise CatalogError(path, f"{where}: a pattern cannot relate to itself")
        if raw["kind"] not in RELATION_KINDS:
            raise CatalogError(
                path, f"{where}: kind {raw['kind']!r} is not one of {', '.join(RELATION_KINDS)}"
            )
        related.append(Relation(str(raw["id"]), str(raw["kind"]), _text(path, where, raw["note"])))
    _unique(path, "related id", (r.id for r in related))

    tags = meta["tags"]
    aliases = meta.get("aliases", [])
    for key, value in (("tags", tags), ("aliases", aliases)):
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise CatalogError(path, f"{key} must be a list of words")
    return PageMeta(
        pattern=pattern,
        summary=_text(path, "summary", meta["summary"]),
        review_points=tuple(points),
        related=tuple(related),
        tags=tuple(tags),
        aliases=tuple(aliases),
    )


def load_site(root: Path) -> Catalog:
    """The catalog with the front matter of every page written so far."""
    catalog = load_catalog(root / "catalog" / "catalog.yml")
    docs = root / "docs"
    for pattern in catalog.patterns.values():
        page = docs / pattern.page
        if page.exists():
            _, meta = get_data(page.read_text(encoding="utf-8"))
            catalog.pages[pattern.id] = parse_page_meta(catalog, page.relative_to(root), meta)
    return catalog
