"""Go tool output quoted on pattern pages is re-checked against the real tools.

A page may quote `go build -gcflags=-m` (escape analysis) or a benchmark run
with `-benchmem`. The compiler's decisions are exact, so every quoted line
must appear in today's output. Benchmark times belong to the machine that
printed them, but allocations per operation are a count and must match;
bytes per operation must match within 10% (the runtime's own background
allocations land in the average). Times are never compared.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GO_MODULE = ROOT / "snippets" / "go"
CONSOLE_BLOCK = re.compile(r"^```console\n(\$ go .*?)^```", re.MULTILINE | re.DOTALL)
BENCH_LINE = re.compile(
    r"^(Benchmark\w+?)(?:-\d+)?\s+\d+\s+[\d.]+ ns/op\s+(\d+) B/op\s+(\d+) allocs/op$"
)


def quoted_go_sessions() -> list[tuple[str, str, list[str]]]:
    """(page, command, output lines) for each console block that runs a checkable go command."""
    sessions = []
    for page in sorted((ROOT / "docs" / "patterns").glob("p[0-9][0-9][0-9]-*.md")):
        for block in CONSOLE_BLOCK.findall(page.read_text(encoding="utf-8")):
            command, *output = block.rstrip("\n").split("\n")
            if "-gcflags=-m" in command or "-benchmem" in command:
                sessions.append((page.name, command.removeprefix("$ "), output))
    return sessions


SESSIONS = quoted_go_sessions()


def run(command: list[str]) -> str:
    result = subprocess.run(
        command, cwd=GO_MODULE, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_the_escape_analysis_quote_is_found() -> None:
    assert any("-gcflags=-m" in command for _, command, _ in SESSIONS)


@pytest.mark.parametrize(("page", "command", "quoted"), SESSIONS, ids=[s[0] for s in SESSIONS])
def test_quoted_go_output_matches_the_tools(page: str, command: str, quoted: list[str]) -> None:
    args = shlex.split(command)
    if "-gcflags=-m" in command:
        printed = run(args).splitlines()
        missing = [line for line in quoted if line not in printed]
        assert missing == [], f"{page}: the compiler no longer prints these lines"
        return
    # Enough iterations that one-off warm-up growth averages out to zero.
    output = run([*args, "-benchtime=2000x"])
    counts = {m[1]: (int(m[2]), int(m[3])) for m in map(BENCH_LINE.match, output.splitlines()) if m}
    for line in quoted:
        match = BENCH_LINE.match(line)
        assert match, f"{page}: not a benchmark line: {line!r}"
        name, quoted_bytes, quoted_allocs = match[1], int(match[2]), int(match[3])
        assert name in counts, f"{page}: {name} no longer exists"
        measured_bytes, measured_allocs = counts[name]
        assert measured_allocs == quoted_allocs, (
            f"{page}: {name} quoted {quoted_allocs} allocs/op, measured {measured_allocs}"
        )
        assert abs(measured_bytes - quoted_bytes) <= quoted_bytes // 10, (
            f"{page}: {name} quoted {quoted_bytes} B/op, measured {measured_bytes}"
        )
