"""Bad input fails the build with a message that names the file.

Each case copies the project's site sources to a temporary folder, breaks one
thing, runs `mkdocs build --strict` and checks both the failure and the message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sitebuild.documented import documented_output

ROOT = Path(__file__).resolve().parent.parent
PAGE = "docs/patterns/p041-circuit-breaker.md"
SOURCES = ("mkdocs.yml", "docs", "catalog", "snippets", "overrides", "sitebuild")


def edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test setup: {old!r} not found in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


CASES = {
    "unknown front-matter key": (
        edit(PAGE, "id: P041\n", "id: P041\nowner: payments\n"),
        [PAGE, "unknown key(s) owner"],
    ),
    "duplicate pattern id": (
        edit("catalog/catalog.yml", "- id: P002", "- id: P001"),
        ["catalog/catalog.yml", "duplicate pattern id 'P001'"],
    ),
    "related id that does not exist": (
        edit(PAGE, "  - id: P040\n", "  - id: P400\n"),
        [PAGE, "related id 'P400' is not in the catalog"],
    ),
    "review point numbered out of order": (
        edit(PAGE, "  - id: P041.2\n", "  - id: P041.7\n"),
        [PAGE, "should be 'P041.2'"],
    ),
    "missing include": (
        edit(
            PAGE,
            '--8<-- "snippets/part07_resilience/p041_circuit_breaker_before.py"',
            '--8<-- "snippets/part07_resilience/p041_missing.py"',
        ),
        ["p041_missing.py"],
    ),
    "unknown directive": (
        edit(PAGE, "[[related]]", "[[relate]]"),
        [PAGE, "unknown directive [[relate]]"],
    ),
    "sections out of template order": (
        edit(PAGE, "## How to test it", "## Testing"),
        [PAGE, "sections must be exactly"],
    ),
    "dangling link": (
        edit(PAGE, "## The problem\n", "## The problem\n\nSee [retries](p999-nowhere.md).\n"),
        ["patterns/p041-circuit-breaker.md", "p999-nowhere.md"],
    ),
    "stray page not in the catalog": (
        lambda project: (project / "docs/patterns/p041-breaker-draft.md").write_text("draft\n"),
        ["docs/patterns/p041-breaker-draft.md", "not a page of the catalog"],
    ),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / name)
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    return tmp_path


def build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )


def test_unbroken_copy_builds(project: Path) -> None:
    result = build(project)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("case", CASES)
def test_bad_input_fails_the_build_naming_the_file(case: str, project: Path) -> None:
    breakage, expected_messages = CASES[case]
    breakage(project)
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"build passed despite: {case}"
    for message in expected_messages:
        assert message in output, f"{case}: expected {message!r} in:\n{output[-2000:]}"


def test_documented_output_reads_every_marker_line_in_order() -> None:
    source = 'print("a")\n#> a\nprint()\n#>\nfor n in range(2):\n    print(n)\n    #> 0\n    #> 1\n'
    assert documented_output(source) == "a\n\n0\n1\n"


def test_documented_output_ignores_comments_that_merely_start_alike() -> None:
    assert documented_output("# > not a marker\n#>>> nor this\n") == ""
