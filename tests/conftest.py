"""Shared fixtures: run a snippet's demo and compare it with its `#>` comments."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

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
