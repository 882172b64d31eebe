"""Run Lighthouse (npm) with the system Chromium; shared by the audit test and the benchmark."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The home page and two pattern pages: the reference page with diagrams and
# the longest-running Python, and one with three Python modules.
AUDITED_PAGES = ("", "patterns/p041-circuit-breaker/", "patterns/p026-worker-pool/")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run"
)


def run(url: str, scratch: Path, categories: tuple[str, ...] = CATEGORIES) -> dict[str, Any]:
    """Lighthouse's JSON report for `url` (mobile preset), in a fresh browser profile."""
    report = scratch / "lighthouse.json"
    profile = scratch / "lighthouse-profile"
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(categories)}",
            f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}",
        ],
        env={**os.environ, "CHROME_PATH": chrome},
        check=True,
        timeout=300,
        capture_output=True,
    )
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return result


def scores(report: dict[str, Any]) -> dict[str, float]:
    return {name: category["score"] for name, category in report["categories"].items()}


def failing_audits(report: dict[str, Any], category: str) -> list[str]:
    """The weighted audits of `category` that did not pass, with their titles."""
    audits = report["audits"]
    return [
        f"{ref['id']}: {audits[ref['id']]['title']}"
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] and audits[ref["id"]]["score"] not in (None, 1)
    ]
