"""The documented-output convention shared by the tests and the site.

Under each print in a snippet, the lines it must produce are written as
comments starting with `#>` (as Pydantic's docs do). A snippet's documented
output is all those lines, in file order. The browser runner applies the same
rule in docs/assets/javascripts/runner/documented.js.
"""

from __future__ import annotations

import re

OUTPUT_LINE = re.compile(r"^\s*#>(?: (.*)|)$")


def documented_output(source: str) -> str:
    """The output a snippet promises, one line per `#>` comment, newline-terminated."""
    lines = [match.group(1) or "" for match in map(OUTPUT_LINE.match, source.splitlines()) if match]
    return "".join(f"{line}\n" for line in lines)
