"""Lighthouse (npm) on the home page and two pattern pages, with the system Chromium.

Accessibility, best practices and SEO must each score at least 95. The
performance score is computed from timings, and timings are not asserted in
tests on shared machines: `tools/benchmark` runs the same audit with the
performance category and reports it on docs/performance.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import lighthouse

pytestmark = pytest.mark.audit

ASSERTED = ("accessibility", "best-practices", "seo")


@pytest.mark.parametrize("path", lighthouse.AUDITED_PAGES, ids=["home", "p041", "p026"])
def test_lighthouse_scores_at_least_95(
    path: str, built_site: Path, site_server: tuple[str, Path], tmp_path: Path
) -> None:
    report = lighthouse.run(site_server[0] + path, tmp_path, ASSERTED)
    assert report.get("runtimeError") is None, report["runtimeError"]
    low = {
        name: (score, lighthouse.failing_audits(report, name))
        for name, score in lighthouse.scores(report).items()
        if score < 0.95
    }
    assert low == {}
