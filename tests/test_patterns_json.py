"""patterns.json is a public format: it matches its published JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator

from sitebuild.catalog import load_site

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "catalog" / "patterns.schema.json").read_text(encoding="utf-8"))


def test_the_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


def test_the_built_file_matches_the_schema(built_site: Path) -> None:
    document = json.loads((built_site / "patterns.json").read_text(encoding="utf-8"))
    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(document), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_it_lists_every_published_pattern_in_catalog_order(built_site: Path) -> None:
    document = json.loads((built_site / "patterns.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in document["patterns"]] == list(load_site(ROOT).pages)


def test_the_schema_rejects_a_broken_entry() -> None:
    broken = {"version": 1, "patterns": [{"id": "P41", "number": 41}]}
    assert list(Draft202012Validator(SCHEMA).iter_errors(broken))
