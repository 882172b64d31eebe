// The Python runtime, in a dedicated worker so the page never blocks while
// Pyodide boots or a snippet runs. The page owns the time limit: to stop a
// run it terminates this worker and starts a fresh one.
import { createSession } from "./session.js";

const VENDOR = new URL("../vendor/pyodide/", import.meta.url);
const OUTPUT_LIMIT = 100_000; // characters per run; a flood is cut with a notice
const FLUSH_MS = 40; // batch output so a print loop cannot flood the page with messages

let sessionPromise = null;
let pending = [];
let flushTimer = null;
let written = 0;
let truncated = false;
let lastFlush = 0;

function flush() {
  clearTimeout(flushTimer);
  flushTimer = null;
  lastFlush = performance.now();
  if (pending.length) postMessage({ type: "output", chunks: pending });
  pending = [];
}

function write(stream, text) {
  if (truncated || !text) return;
  if (written + text.length > OUTPUT_LIMIT) {
    text = text.slice(0, OUTPUT_LIMIT - written);
    truncated = true;
  }
  written += text.length;
  const last = pending[pending.length - 1];
  if (last && last[0] === stream) last[1] += text;
  else pending.push([stream, text]);
  // Timers cannot fire while Python holds this thread (say, in an endless
  // loop), so output is sent at once when the last batch is old enough.
  if (performance.now() - lastFlush >= FLUSH_MS) flush();
  else flushTimer ??= setTimeout(flush, FLUSH_MS);
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function boot() {
  sessionPromise ??= (async () => {
    const started = performance.now();
    const [{ loadPyodide }, harnessSource, snippetsZip] = await Promise.all([
      import(new URL("pyodide.mjs", VENDOR).href),
      fetch(new URL("harness.py", import.meta.url)).then((r) => r.text()),
      fetchBytes(new URL("snippets.zip", import.meta.url)),
    ]);
    const session = await createSession({ loadPyodide, indexURL: VENDOR.href, harnessSource, snippetsZip, write });
    postMessage({ type: "ready", version: session.version, bootMs: performance.now() - started });
    return session;
  })();
  return sessionPromise;
}

self.onmessage = async ({ data }) => {
  try {
    const session = await boot();
    if (data.type !== "run") return;
    written = 0;
    truncated = false;
    postMessage({ type: "started", id: data.id });
    const started = performance.now();
    const ok = await session.run(data.code);
    flush();
    postMessage({ type: "done", id: data.id, ok, ms: performance.now() - started, truncated });
  } catch (error) {
    flush();
    postMessage({ type: "failed", id: data.id, message: String(error?.message ?? error) });
  }
};
