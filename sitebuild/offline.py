"""Fill in the service worker (docs/sw.js) after the build.

BUILD is a hash of every file the worker precaches, so a build that changes
anything gets a new cache and the old one is dropped; a build that changes
nothing keeps readers' caches. PRECACHE lists the pages and the site's own
files, not the vendored Pyodide and Mermaid (those are cached as they are
fetched, under their npm version).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

SKIPPED = ("assets/vendor/", "bench/", "sw.js")
CACHED_SUFFIXES = {
    ".html",
    ".css",
    ".js",
    ".json",
    ".py",
    ".zip",
    ".svg",
    ".png",
    ".ico",
    ".webmanifest",
}


def precache_list(site: Path) -> list[str]:
    urls: list[str] = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or relative.startswith(SKIPPED) or path.suffix not in CACHED_SUFFIXES:
            continue
        if path.name == "index.html":
            urls.append(relative.removesuffix("index.html") or "./")
        elif path.suffix != ".html":
            urls.append(relative)
    return urls


MERMAID = "assets/vendor/mermaid/"
DIAGRAM = re.compile(r'class="mermaid-diagram"><code>\s*([\w-]+)')
# The first word of a diagram names the Mermaid chunk that draws it.
DIAGRAM_CHUNKS = {
    "flowchart": "flowDiagram-",
    "graph": "flowDiagram-",
    "stateDiagram-v2": "stateDiagram-v2-",
    "stateDiagram": "stateDiagram-",
    "sequenceDiagram": "sequenceDiagram-",
    "classDiagram": "classDiagram-v2-",
    "erDiagram": "erDiagram-",
    "gantt": "ganttDiagram-",
    "mindmap": "mindmap-definition-",
    "timeline": "timeline-definition-",
}
STATIC_IMPORT = re.compile(r'(?:from|import)\s*"(\./[^"]+\.mjs)"')
DYNAMIC_IMPORT = re.compile(r'import\("(\./[^"]+\.mjs)"\)')


def diagram_files(site: Path) -> list[str]:
    """The Mermaid modules that draw the kinds of diagram this site uses.

    Precached with the pages, so a diagram still draws offline on a page the
    reader never opened. The entry module pulls in every diagram type on
    demand; only the types in use, and what they import, are listed.
    """
    kinds = {
        html.unescape(kind)
        for page in site.rglob("index.html")
        for kind in DIAGRAM.findall(page.read_text(encoding="utf-8"))
    }
    chunks = site / MERMAID / "chunks" / "mermaid.esm.min"
    entry = site / MERMAID / "mermaid.esm.min.mjs"
    if not entry.exists():
        return []
    pending = [entry] + [
        chunk
        for kind in sorted(kinds)
        if kind in DIAGRAM_CHUNKS
        for chunk in sorted(chunks.glob(DIAGRAM_CHUNKS[kind] + "*.mjs"))
    ]
    seen: set[Path] = set()
    while pending:
        module = pending.pop()
        if module in seen or not module.exists():
            continue
        seen.add(module)
        text = module.read_text(encoding="utf-8")
        imports = STATIC_IMPORT.findall(text)
        if module != entry:  # the entry imports every diagram type dynamically
            imports += DYNAMIC_IMPORT.findall(text)
        pending += [(module.parent / name).resolve() for name in imports]
    return sorted(path.relative_to(site.resolve()).as_posix() for path in seen)


def write_service_worker(root: Path, site: Path) -> None:
    worker = site / "sw.js"
    urls = precache_list(site) + diagram_files(site)
    digest = hashlib.sha256()
    for url in urls:
        target = site / (url + "index.html" if url.endswith("/") else url)
        if url == "./":
            target = site / "index.html"
        digest.update(url.encode())
        digest.update(target.read_bytes())
    vendor = json.loads(
        (root / "node_modules" / "pyodide" / "package.json").read_text(encoding="utf-8")
    )
    text = worker.read_text(encoding="utf-8")
    text = text.replace("__BUILD__", digest.hexdigest()[:16])
    text = text.replace('["__PRECACHE__"]', json.dumps(urls))
    text = text.replace("__VENDOR__", f"pyodide-{vendor['version']}")
    worker.write_text(text, encoding="utf-8")
