"""The Nu HTML Checker (npm vnu-jar) on every page of the built site.

Errors fail the test unless tests/audits/html-allowlist.yml explains them as
Material's markup; warnings are not checked.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.audit

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ALLOWLIST = ROOT / "tests" / "audits" / "html-allowlist.yml"


def allowed(message: dict[str, Any], entry: dict[str, str]) -> bool:
    return entry["message"] in message.get("message", "") and entry["extract"] in message.get(
        "extract", ""
    )


def test_every_page_is_valid_html(built_site: Path) -> None:
    java = shutil.which("java")
    assert java, "the Nu HTML Checker needs Java (Debian: default-jre-headless)"
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(built_site),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    pages = len(list(built_site.rglob("*.html")))
    assert pages > 100
    entries = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8"))
    used = [False] * len(entries)
    unexplained = []
    for message in messages:
        hits = [i for i, entry in enumerate(entries) if allowed(message, entry)]
        for i in hits:
            used[i] = True
        if not hits:
            where = re.sub(r"^.*?/site[^/]*/", "", message.get("url", ""))
            unexplained.append(f"{where}:{message.get('lastLine')}: {message.get('message')}")
    assert unexplained == []
    stale = [entries[i]["message"] for i, hit in enumerate(used) if not hit]
    assert stale == [], f"allow-list entries that match nothing any more: {stale}"
