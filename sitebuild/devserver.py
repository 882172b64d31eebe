"""A static server for the built site, used by the browser tests and the benchmark.

It compresses text and WebAssembly with gzip and sends the same cache header
as GitHub Pages (max-age=600), so page weights and cache behaviour measured
locally are those readers get from the hosted site.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import mimetypes
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

COMPRESSIBLE = {
    ".html",
    ".js",
    ".mjs",
    ".css",
    ".json",
    ".svg",
    ".wasm",
    ".py",
    ".txt",
    ".xml",
    ".map",
}
TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm"}


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    _gzipped: dict[tuple[str, float], bytes] = {}  # noqa: RUF012 (a cache shared by all requests)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "public, max-age=600")
        super().end_headers()

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return (
            TYPES.get(Path(path).suffix)
            or mimetypes.guess_type(str(path))[0]
            or "application/octet-stream"
        )

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                super().do_GET()  # answers with a redirect to the slashed URL
                return
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.suffix in COMPRESSIBLE and path.is_file()):
            super().do_GET()
            return
        key = (str(path), path.stat().st_mtime)
        body = self._gzipped.get(key)
        if body is None:
            body = self._gzipped[key] = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test and benchmark output quiet."""


@contextmanager
def serve(site: Path, port: int = 0) -> Iterator[str]:
    """Serve `site` on localhost in a background thread; yield its base URL."""
    handler = functools.partial(SiteHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
