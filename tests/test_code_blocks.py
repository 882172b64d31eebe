"""Every code block on every built pattern page, as the reader sees it.

Python blocks run in a fresh CPython process as `__main__`, and their output
must equal their `#>` comments. Go blocks must be files of the Go module,
which tests/test_go.py vets and tests. Any other block must use a language
that says it is not a program (text, console, tree), and is counted.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from sitebuild.documented import documented_output
from sitebuild.pages import CodeBlock, code_blocks

ROOT = Path(__file__).resolve().parent.parent
NOT_PROGRAMS = {"text", "console", "tree"}
PATTERN_PAGES = sorted(
    f"patterns/{p.stem}" for p in (ROOT / "docs" / "patterns").glob("p[0-9][0-9][0-9]-*.md")
)
# Other pages that show runnable Python.
OTHER_PAGES = ["patterns-json"]


def run_python(block: CodeBlock) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-"],
        input=block.code,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


@pytest.mark.parametrize("page", PATTERN_PAGES + OTHER_PAGES)
def test_every_block_on_the_page_is_checked(
    page: str, built_site: Path, block_counts: Counter[str]
) -> None:
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    blocks = code_blocks(html, page)
    assert any(b.language == "python" for b in blocks), f"{page} shows no Python block"
    if page in PATTERN_PAGES:
        assert any(b.language == "go" for b in blocks), f"{page} shows no Go block"
    for block in blocks:
        where = f"{page}: {block.language} block {block.title or '(untitled)'}"
        if block.language == "python":
            expected = documented_output(block.code)
            assert expected, f"{where} documents no output with #> comments"
            result = run_python(block)
            assert result.returncode == 0, f"{where} failed:\n{result.stderr}"
            assert result.stdout == expected, f"{where}: output differs from its #> comments"
            block_counts["Python run in CPython"] += 1
        elif block.language == "go":
            assert block.title.startswith("snippets/go/"), (
                f"{where} must be included from snippets/go/"
            )
            assert (ROOT / block.title).is_file(), f"{where}: no such file"
            block_counts["Go (checked by go vet and go test)"] += 1
        else:
            assert block.language in NOT_PROGRAMS, (
                f"{where}: mark blocks that are not programs as one of {sorted(NOT_PROGRAMS)}"
            )
            block_counts[f"{block.language} (not run)"] += 1
