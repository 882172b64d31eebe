"""Measure the site on this machine and print a table (tools/benchmark runs it).

Figures: strict build time; how long `mkdocs serve` takes to show an edited
page; each page's transferred weight before any Run; Pyodide's boot time in
the worker and on a bare page; click-to-output cold and warm (median of 5);
main-thread long tasks while Pyodide boots; the Node Pyodide passes; Lighthouse's
performance score (mobile preset) on the home page and two pattern pages.

Timings come from here, never from timed assertions in tests: machines are
shared and noisy, so read the figures as this machine on this day.
`--write docs/performance.md` replaces the figures block of that page.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, Request, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitebuild import lighthouse  # noqa: E402
from sitebuild.devserver import serve  # noqa: E402
from sitebuild.pages import code_blocks  # noqa: E402

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
MARK_START = "<!-- benchmark:start -->"
MARK_END = "<!-- benchmark:end -->"
PATTERN_PAGE = "patterns/p041-circuit-breaker/"
RUNNER_TITLE = "snippets/part07_resilience/p041_circuit_breaker.py"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

BARE_PAGE = """<!doctype html><meta charset="utf-8"><title>bare Pyodide</title>
<script type="module">
const started = performance.now();
const worker = new Worker(new URL("bare-worker.js", location.href), { type: "module" });
worker.onmessage = () => { window.bootMs = performance.now() - started; };
</script>"""
BARE_WORKER = """import { loadPyodide } from "../assets/vendor/pyodide/pyodide.mjs";
await loadPyodide({ indexURL: new URL("../assets/vendor/pyodide/", import.meta.url).href });
postMessage("ready");"""


def build(site: Path, site_url: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=ROOT,
        env={**ENV, "SITE_URL": site_url},
        check=True,
    )
    return time.perf_counter() - started


def serve_reload_seconds(workdir: Path) -> float:
    """Time from saving an edited page to `mkdocs serve` serving the new text."""
    for name in ("mkdocs.yml", "docs", "catalog", "snippets", "overrides", "sitebuild"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, workdir / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, workdir / name)
    (workdir / "node_modules").symlink_to(ROOT / "node_modules")
    port = 8765
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=workdir,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/{PATTERN_PAGE}"
    try:
        fetch_until(url, lambda body: "Circuit Breaker" in body, timeout=120)
        page = workdir / "docs" / "patterns" / "p041-circuit-breaker.md"
        marker = f"benchmark-edit-{time.time_ns()}"
        page.write_text(page.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
        started = time.perf_counter()
        fetch_until(url, lambda body: marker in body, timeout=120)
        return time.perf_counter() - started
    finally:
        server.terminate()
        server.wait()


def fetch_until(url: str, ready: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8", "replace")):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(url)


def page_weights(browser: Browser, base: str, site: Path) -> dict[str, int]:
    """Bytes transferred by each page on a first visit, before any Run (network idle)."""
    weights: dict[str, int] = {}
    for html in sorted(site.rglob("index.html")):
        if "data-redirect-target" in html.read_text(encoding="utf-8"):
            continue
        path = html.parent.relative_to(site).as_posix()
        path = "" if path == "." else path + "/"
        context = browser.new_context()
        page = context.new_page()
        sizes: list[int] = []
        page.on("requestfinished", functools.partial(record_size, sizes))
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(300)
        weights[path or "/"] = sum(sizes)
        context.close()
    return weights


def record_size(sizes: list[int], request: Request) -> None:
    transfer = request.sizes()
    sizes.append(transfer["responseBodySize"] + transfer["responseHeadersSize"])


def click_to_output(page: Page) -> float:
    """Milliseconds from clicking Run to the run's end (all output shown)."""
    ms: float = page.evaluate(
        """(title) => new Promise((resolve) => {
            const root = [...document.querySelectorAll("[data-runnable]")]
                .find((r) => r.querySelector(".runner__title")?.textContent === title);
            const started = performance.now();
            const observer = new MutationObserver(() => {
                if (root.dataset.state === "ok" || root.dataset.state === "error") {
                    observer.disconnect();
                    resolve(performance.now() - started);
                }
            });
            observer.observe(root, { attributes: true, attributeFilter: ["data-state"] });
            root.querySelector(".runner__button--primary").click();
        })""",
        RUNNER_TITLE,
    )
    return ms


def browser_figures(browser: Browser, base: str, site: Path) -> dict[str, Any]:
    (site / "bench").mkdir(exist_ok=True)
    (site / "bench" / "index.html").write_text(BARE_PAGE, encoding="utf-8")
    (site / "bench" / "bare-worker.js").write_text(BARE_WORKER, encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()

    # First visit: nothing cached. Intent, then Run; record the worker's boot time.
    page.goto(base + PATTERN_PAGE, wait_until="networkidle")
    page.evaluate("""() => {
        window.longTasks = [];
        new PerformanceObserver((list) => list.getEntries().forEach((e) => window.longTasks.push(e.duration)))
            .observe({ type: "longtask" });
        document.addEventListener("catalog:python-ready", (e) => (window.bootMs = e.detail.bootMs));
    }""")
    first_run = click_to_output(page)
    boot_first = page.evaluate("window.bootMs")
    long_tasks = page.evaluate("window.longTasks")

    # Cold: files in the HTTP cache, runtime not booted (a new page, idle boot disabled).
    cold = []
    for _ in range(3):
        page.evaluate("localStorage.clear()")
        page.goto(base + PATTERN_PAGE, wait_until="networkidle")
        page.evaluate(
            "document.addEventListener('catalog:python-ready', (e) => (window.bootMs = e.detail.bootMs))"
        )
        cold.append(click_to_output(page))
    boot_cached = page.evaluate("window.bootMs")
    warm = [click_to_output(page) for _ in range(5)]

    bare = []
    for _ in range(3):
        page.goto(base + "bench/")
        page.wait_for_function("window.bootMs !== undefined", timeout=60_000)
        bare.append(page.evaluate("window.bootMs"))
    context.close()
    return {
        "first_run_ms": first_run,
        "boot_first_ms": boot_first,
        "boot_cached_ms": boot_cached,
        "cold_ms": statistics.median(cold),
        "warm_ms": statistics.median(warm),
        "bare_boot_ms": statistics.median(bare),
        "longest_task_ms": max(long_tasks, default=0.0),
    }


def node_passes(site: Path) -> dict[str, float]:
    blocks = []
    for page in sorted(site.rglob("index.html")):
        for index, block in enumerate(code_blocks(page.read_text(encoding="utf-8"))):
            if block.language == "python":
                blocks.append({"id": f"{page.parent.name}#{index}", "code": block.code})
    figures = {"blocks": float(len(blocks))}
    for name, flags in (
        ("with JSPI", ["--experimental-wasm-stack-switching"]),
        ("without JSPI", []),
    ):
        started = time.perf_counter()
        subprocess.run(
            [
                "node",
                *flags,
                "tests/pyodide/run_blocks.mjs",
                str(site / "assets/runner/snippets.zip"),
            ],
            input=json.dumps(blocks),
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        figures[name] = time.perf_counter() - started
    return figures


def lighthouse_performance(base: str) -> dict[str, float]:
    """Lighthouse's performance score (0-100) per audited page."""
    found = {}
    for path in lighthouse.AUDITED_PAGES:
        with tempfile.TemporaryDirectory() as scratch:
            report = lighthouse.run(base + path, Path(scratch), ("performance",))
        found[path or "home page"] = lighthouse.scores(report)["performance"] * 100
    return found


def report(figures: dict[str, Any], weights: dict[str, int]) -> str:
    heaviest = sorted(weights.items(), key=lambda item: -item[1])[:3]
    pattern_weights = [w for p, w in weights.items() if p.startswith("patterns/")]
    b = figures["browser"]
    rows = [
        ("Strict build of the whole site", f"{figures['build_s']:.1f} s", "≤ 15 s"),
        ("`mkdocs serve` shows an edited page", f"{figures['serve_reload_s']:.1f} s", "≤ 3 s"),
        (
            "Heaviest page before any Run",
            f"{heaviest[0][1] / 1024:.0f} KB (`{heaviest[0][0]}`)",
            "≤ 400 KB",
        ),
        (
            "Median pattern page before any Run",
            f"{statistics.median(pattern_weights) / 1024:.0f} KB",
            "≤ 400 KB",
        ),
        ("Pyodide boot in the worker, first visit", f"{b['boot_first_ms']:.0f} ms", ""),
        ("Pyodide boot in the worker, files cached", f"{b['boot_cached_ms']:.0f} ms", ""),
        ("Pyodide boot on a bare page, files cached", f"{b['bare_boot_ms']:.0f} ms", ""),
        ("Click-to-output, first visit (download + boot + run)", f"{b['first_run_ms']:.0f} ms", ""),
        (
            "Click-to-output cold (cached files, no runtime), median of 3",
            f"{b['cold_ms']:.0f} ms",
            f"≤ bare boot + 300 ms = {b['bare_boot_ms'] + 300:.0f} ms",
        ),
        ("Click-to-output warm, median of 5", f"{b['warm_ms']:.0f} ms", "≤ 100 ms"),
        (
            "Longest main-thread task while Pyodide boots",
            f"{b['longest_task_ms']:.0f} ms",
            "≤ 200 ms",
        ),
        (
            f"Node Pyodide pass, {figures['node']['blocks']:.0f} blocks, with JSPI",
            f"{figures['node']['with JSPI']:.1f} s",
            "≤ 120 s",
        ),
        (
            f"Node Pyodide pass, {figures['node']['blocks']:.0f} blocks, without JSPI",
            f"{figures['node']['without JSPI']:.1f} s",
            "≤ 120 s",
        ),
        *[
            (f"Lighthouse performance, `{page}`", f"{score:.0f}", "≥ 95")
            for page, score in figures["lighthouse"].items()
        ],
    ]
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [
        f"Measured {datetime.date.today().isoformat()} on {machine}, with `tools/benchmark`.",
        "",
        "| Figure | Value | Target |",
        "|---|---|---|",
        *[f"| {name} | {value} | {target} |" for name, value, target in rows],
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--write", type=Path, help="replace the figures block of this Markdown page"
    )
    args = parser.parse_args()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        site.mkdir()
        with serve(site) as base:
            figures: dict[str, Any] = {"build_s": build(site, base)}
            print(f"build: {figures['build_s']:.1f} s", file=sys.stderr)
            with tempfile.TemporaryDirectory() as workdir:
                figures["serve_reload_s"] = serve_reload_seconds(Path(workdir))
            print(f"serve reload: {figures['serve_reload_s']:.1f} s", file=sys.stderr)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
                weights = page_weights(browser, base, site)
                print(f"weighed {len(weights)} pages", file=sys.stderr)
                figures["browser"] = browser_figures(browser, base, site)
                browser.close()
            figures["lighthouse"] = lighthouse_performance(base)
            print(f"lighthouse: {figures['lighthouse']}", file=sys.stderr)
            figures["node"] = node_passes(site)
    table = report(figures, weights)
    print(table)
    if args.write:
        text = args.write.read_text(encoding="utf-8")
        head, _, rest = text.partition(MARK_START)
        _, _, tail = rest.partition(MARK_END)
        args.write.write_text(f"{head}{MARK_START}\n{table}{MARK_END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
