"""Copy the npm packages the site serves itself (Pyodide, Mermaid) into the built site.

Nothing is fetched from another host when a page is viewed, so these files
ship with the site. Copies are skipped when the target is already current, so
`mkdocs serve` rebuilds stay fast.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sitebuild.catalog import CatalogError

# (package folder under node_modules, files or folders to copy, target under site/assets/vendor)
VENDORED: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "pyodide",
        (
            "pyodide.mjs",
            "pyodide.asm.mjs",
            "pyodide.asm.wasm",
            "python_stdlib.zip",
            "pyodide-lock.json",
        ),
        "pyodide",
    ),
    ("mermaid/dist", ("mermaid.esm.min.mjs", "chunks/mermaid.esm.min"), "mermaid"),
)


def _copy_file(source: Path, target: Path) -> None:
    if (
        target.exists()
        and target.stat().st_size == source.stat().st_size
        and target.stat().st_mtime >= source.stat().st_mtime
    ):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def copy_assets(root: Path, site: Path) -> None:
    modules = root / "node_modules"
    for package, names, target_name in VENDORED:
        source_dir = modules / package
        for name in names:
            source = source_dir / name
            if not source.exists():
                raise CatalogError(
                    source, "missing: run `npm ci` (the README's commands do it for you)"
                )
            target = site / "assets" / "vendor" / target_name / name
            if source.is_dir():
                for item in source.rglob("*"):
                    if item.is_file():
                        _copy_file(item, target / item.relative_to(source))
            else:
                _copy_file(source, target)
