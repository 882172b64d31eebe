"""The review-bot client of patterns.json: linking, quoting, and a sample that stays true."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from snippets import catalog_client
from snippets.catalog_client import expand, load_index

DemoCheck = Callable[[ModuleType], None]
SITE = "https://example.org/"


def document(**point_extra: str) -> str:
    return json.dumps(
        {
            "version": 1,
            "patterns": [
                {
                    "id": "P026",
                    "title": "Worker Pool Pattern",
                    "summary": "Bound the jobs in flight.",
                    "short_url": "p/26/",
                    "review_points": [
                        {
                            "id": "P026.1",
                            "text": "Cap it.",
                            "url": "patterns/p026-x/#p026-1",
                            **point_extra,
                        }
                    ],
                }
            ],
        }
    )


def test_ids_become_links_and_rules_are_quoted_once() -> None:
    index = load_index(document(), SITE)
    result = expand("P026.1 again: P026.1, and the page P026.", index)
    assert result == (
        "[P026.1](https://example.org/p/26/#p026-1) again: [P026.1](https://example.org/p/26/#p026-1),"
        " and the page [P026](https://example.org/p/26/).\n\n"
        "> **P026.1**: Cap it.\n> **P026**: Worker Pool Pattern: Bound the jobs in flight."
    )


def test_unknown_ids_existing_links_and_lookalikes_are_left_alone() -> None:
    index = load_index(document(), SITE)
    comment = "[P026.1](https://x/p/26/) P999 XP026 P026x p/P026/ P0261"
    assert expand(comment, index) == comment


def test_retired_points_say_so() -> None:
    index = load_index(document(retired="superseded by P026.4"), SITE)
    assert index["P026.1"].text == "Cap it. (retired: superseded by P026.4)"


def test_an_unknown_format_version_is_refused() -> None:
    with pytest.raises(ValueError, match="version 2 is not supported"):
        load_index(json.dumps({"version": 2, "patterns": []}), SITE)


def test_the_sample_matches_the_published_patterns_json(built_site: Path) -> None:
    published = {
        p["id"]: p for p in json.loads((built_site / "patterns.json").read_text())["patterns"]
    }
    for pattern in json.loads(catalog_client.SAMPLE)["patterns"]:
        real = published[pattern["id"]]
        for key in ("title", "summary", "short_url"):
            assert pattern[key] == real[key], key
        real_points = {p["id"]: p for p in real["review_points"]}
        for point in pattern["review_points"]:
            assert point == real_points[point["id"]]


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(catalog_client)
