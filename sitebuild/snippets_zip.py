"""Pack the `snippets` package into a zip the browser's Python runner unpacks.

Readers can then `import snippets...` in edited code, exactly as the tests do.
Only Python sources go in; the Go module stays out. Entries carry a fixed date
so the same sources always give the same bytes (and the same HTTP cache entry).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

FIXED_DATE = (2020, 1, 1, 0, 0, 0)


def write(root: Path, target: Path) -> None:
    package = root / "snippets"
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for source in sorted(package.rglob("*.py")):
            relative = source.relative_to(root)
            if "go" in relative.parts:
                continue
            info = zipfile.ZipInfo(relative.as_posix(), date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, source.read_bytes())
