"""Bundle the code editor (CodeMirror 6 from npm) with esbuild into the built site.

The bundle is the only JavaScript the site builds; everything else is served
as written. It is rebuilt only when its source or the lock file changed, so
`mkdocs serve` stays fast.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from sitebuild.catalog import CatalogError

SOURCE = Path("docs/assets/runner/editor.js")
TARGET = Path("assets/runner/editor.bundle.js")


def build_editor(root: Path, site: Path) -> None:
    esbuild = root / "node_modules" / ".bin" / "esbuild"
    if not esbuild.exists():
        raise CatalogError(esbuild, "missing: run `npm ci` (the README's commands do it for you)")
    source, target = root / SOURCE, site / TARGET
    inputs = (source, root / "package-lock.json")
    if target.exists() and all(target.stat().st_mtime >= i.stat().st_mtime for i in inputs):
        return
    result = subprocess.run(
        [
            str(esbuild),
            str(source),
            "--bundle",
            "--format=esm",
            "--minify",
            "--target=es2020",
            "--log-level=warning",
            f"--outfile={target}",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise CatalogError(SOURCE, f"esbuild failed:\n{result.stderr}")
