"""GitHub Actions workflows: valid against the published schema, and clean under zizmor."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
USES = re.compile(r"uses:\s*([^\s#]+)")


def tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    binary = Path(sys.executable).parent / name
    return subprocess.run(
        [str(binary), *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_there_are_ci_and_pages_workflows() -> None:
    assert {w.name for w in WORKFLOWS} >= {"ci.yml", "pages.yml"}


def test_workflows_match_the_github_schema() -> None:
    result = tool(
        "check-jsonschema",
        "--builtin-schema",
        "vendor.github-workflows",
        *map(str, WORKFLOWS),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing() -> None:
    result = tool("zizmor", "--offline", "--no-progress", *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_third_party_actions_are_pinned_by_commit() -> None:
    for workflow in WORKFLOWS:
        for action in USES.findall(workflow.read_text(encoding="utf-8")):
            if action.startswith("./"):
                continue
            _, _, ref = action.partition("@")
            assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{workflow.name}: {action} is not pinned"
