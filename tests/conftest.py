"""Shared fixtures: run a snippet's demo and compare it with its `#>` comments."""

from __future__ import annotations

import asyncio
import inspect
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from sitebuild.devserver import serve
from sitebuild.documented import documented_output

ROOT = Path(__file__).resolve().parent.parent

DemoCheck = Callable[[ModuleType], None]


@pytest.fixture
def check_demo(capsys: pytest.CaptureFixture[str]) -> DemoCheck:
    """Run `module.main()` and assert it prints exactly what its `#>` comments say."""

    def check(module: ModuleType) -> None:
        source = Path(inspect.getfile(module)).read_text(encoding="utf-8")
        expected = documented_output(source)
        assert expected, f"{module.__name__} documents no output (#> lines)"
        capsys.readouterr()
        result = module.main()
        if inspect.iscoroutine(result):
            asyncio.run(result)
        assert capsys.readouterr().out == expected

    return check


@pytest.fixture(scope="session")
def site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A localhost server for the site folder, bound before the build.

    The site is built for this exact address: Material's instant navigation
    only intercepts links under the configured site_url.
    """
    site = tmp_path_factory.mktemp("site")
    with serve(site) as url:
        yield url, site


@pytest.fixture(scope="session")
def built_site(site_server: tuple[str, Path]) -> Path:
    """The whole site, built once per test session with `mkdocs build --strict`."""
    url, site = site_server
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": url},
        check=False,
    )
    assert result.returncode == 0, (
        f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    )
    return site


BLOCK_COUNTS = pytest.StashKey[Counter[str]]()


@pytest.fixture(scope="session")
def block_counts(request: pytest.FixtureRequest) -> Counter[str]:
    """Tally of code blocks by how they were checked, reported at the end of the run."""
    return request.config.stash.setdefault(BLOCK_COUNTS, Counter())


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    counts = config.stash.get(BLOCK_COUNTS, None)
    if counts:
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
        terminalreporter.write_line(f"code blocks on built pages: {summary}")
