"""Every Python block of the built site, run in Pyodide under Node from the npm package.

Two passes, one Pyodide instance each: with JSPI stack switching (where
`asyncio.run` blocks as in CPython) and without it (as in Safari, where the
harness awaits the coroutine itself). Each block's output must equal its
`#>` comments, as in CPython.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sitebuild.documented import documented_output
from sitebuild.pages import code_blocks

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "pyodide" / "run_blocks.mjs"
PASSES = {"with JSPI": ["--experimental-wasm-stack-switching"], "without JSPI": []}

# Behaviour of the harness itself, checked in the same Pyodide as the pages.
HARNESS_CASES = [
    {
        "id": "harness: traceback lines match the editor",
        "code": "def divide(a, b):\n    return a / b\n\nprint('before')\ndivide(1, 0)\n",
    },
    {"id": "harness: input explains itself", "code": "name = input('name? ')\n"},
    {
        "id": "harness: the snippets package imports",
        "code": "from snippets.part07_resilience.p041_circuit_breaker import State\nprint(State.HALF_OPEN.value)\n",
    },
    {
        "id": "harness: asyncio.run runs main",
        "code": "import asyncio\n\nasync def main() -> None:\n    await asyncio.sleep(0)\n    print('ran')\n\nasyncio.run(main())\n",
    },
]


def site_blocks(site: Path) -> list[dict[str, str]]:
    blocks = []
    for page in sorted(site.rglob("index.html")):
        for index, block in enumerate(code_blocks(page.read_text(encoding="utf-8"))):
            if block.language == "python":
                blocks.append(
                    {"id": f"{page.parent.name} block {index}: {block.title}", "code": block.code}
                )
    return blocks


@pytest.fixture(scope="module", params=list(PASSES))
def node_pass(request: pytest.FixtureRequest, built_site: Path) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "node (>= 20) is required"
    blocks = site_blocks(built_site) + HARNESS_CASES
    result = subprocess.run(
        [node, *PASSES[request.param], str(SCRIPT), str(built_site / "assets/runner/snippets.zip")],
        input=json.dumps(blocks),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report: dict[str, Any] = json.loads(result.stdout)
    report["pass"] = request.param
    report["blocks"] = {b["id"]: b["code"] for b in blocks}
    report["by_id"] = {r["id"]: r for r in report["results"]}
    return report


def test_the_pass_runs_in_the_mode_it_claims(node_pass: dict[str, Any]) -> None:
    assert node_pass["jspi"] is (node_pass["pass"] == "with JSPI")


def test_every_page_block_prints_its_documented_output(
    node_pass: dict[str, Any], built_site: Path
) -> None:
    page_blocks = site_blocks(built_site)
    assert page_blocks
    for block in page_blocks:
        result = node_pass["by_id"][block["id"]]
        assert result["ok"], f"{block['id']} ({node_pass['pass']}):\n{result['stderr']}"
        assert result["stdout"] == documented_output(block["code"]), block["id"]


def test_traceback_shows_only_snippet_frames_with_editor_lines(node_pass: dict[str, Any]) -> None:
    result = node_pass["by_id"]["harness: traceback lines match the editor"]
    assert not result["ok"]
    assert result["stdout"] == "before\n"
    assert 'File "<snippet>", line 5, in <module>' in result["stderr"]
    assert 'File "<snippet>", line 2, in divide' in result["stderr"]
    assert result["stderr"].rstrip().endswith("ZeroDivisionError: division by zero")
    assert "/lib/python" not in result["stderr"], "Pyodide-internal frames leaked"


def test_input_fails_with_an_explanation(node_pass: dict[str, Any]) -> None:
    result = node_pass["by_id"]["harness: input explains itself"]
    assert not result["ok"]
    assert "InputUnavailableError: input() cannot read the keyboard" in result["stderr"]


def test_snippets_package_and_asyncio_work(node_pass: dict[str, Any]) -> None:
    assert node_pass["by_id"]["harness: the snippets package imports"]["stdout"] == "half-open\n"
    assert node_pass["by_id"]["harness: asyncio.run runs main"]["stdout"] == "ran\n"
