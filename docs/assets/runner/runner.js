// Turns every Python snippet on a pattern page into a runnable editor.
//
// Contract (the browser tests rely on it): each block's root has
// `data-runnable`; inside are buttons named "Run", "Stop", "Reset" and "Copy"
// and an output element with role="log". The root's data-state is "idle",
// "loading", "running", then "ok" or "error".
//
// Nothing of Pyodide is downloaded until the reader shows intent (pointer,
// focus or touch on a block). Once a boot has succeeded, the files are in the
// HTTP cache and later pages boot the worker at idle time.
import { documentedOutput } from "./documented.js";

const BLOCK_SELECTOR = "article div.language-python.highlight:not(.doc-signature)";
const TIME_LIMIT_MS = 10_000;
const CACHED_KEY = "catalog.pyodide-booted";
const HERE = new URL(".", import.meta.url);

// ------------------------------------------------------------- runtime ---
// One worker for the whole visit: it survives instant navigation, so a new
// page never starts a second one, and Stop replaces it rather than adding one.
const runtime = {
  worker: null,
  ready: null,
  booted: false,
  current: null, // { id, onStarted, onOutput, resolve, timer }
  nextId: 1,

  warm() {
    if (this.worker) return this.ready;
    this.worker = new Worker(new URL("worker.js", HERE), { type: "module", name: "python" });
    this.ready = new Promise((resolve) => {
      this.worker.addEventListener("message", ({ data }) => {
        if (data.type === "ready") {
          this.booted = true;
          // For the benchmark (tools/benchmark.py) and anyone curious.
          document.dispatchEvent(new CustomEvent("catalog:python-ready", { detail: data }));
          try {
            localStorage.setItem(CACHED_KEY, data.version);
          } catch {
            // Storage may be disabled; idle boot is only an optimisation.
          }
          resolve(data);
        } else this.onMessage(data);
      });
    });
    this.worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.finish({ ok: false, crashed: true, message: event.message || "the Python runtime crashed" });
    });
    this.worker.postMessage({ type: "boot" });
    return this.ready;
  },

  onMessage(data) {
    const run = this.current;
    if (!run || (data.id !== undefined && data.id !== run.id)) return;
    if (data.type === "started") {
      // The time limit counts the snippet's own time, not Pyodide's boot.
      run.timer = setTimeout(() => this.stop("timeout"), TIME_LIMIT_MS);
      run.onStarted();
    } else if (data.type === "output") run.onOutput(data.chunks);
    else if (data.type === "done") this.finish({ ok: data.ok, ms: data.ms, truncated: data.truncated });
    else if (data.type === "failed") this.finish({ ok: false, crashed: true, message: data.message });
  },

  run(code, { onStarted, onOutput }) {
    if (this.current) this.stop("replaced");
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.current = { id, onStarted, onOutput, resolve, timer: null };
      this.warm();
      this.worker.postMessage({ type: "run", id, code });
    });
  },

  finish(result) {
    const run = this.current;
    if (!run) return;
    clearTimeout(run.timer);
    this.current = null;
    if (result.crashed) this.restart();
    run.resolve(result);
  },

  // The only way to interrupt Python in a worker without cross-origin
  // isolation: end the worker. A fresh one boots from the HTTP cache.
  stop(reason) {
    const run = this.current;
    this.restart();
    if (run) {
      clearTimeout(run.timer);
      this.current = null;
      run.resolve({ ok: false, stopped: reason });
    }
  },

  restart() {
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    this.booted = false;
    this.warm();
  },
};

// -------------------------------------------------------------- editor ---
let editorModule = null;
function loadEditor() {
  editorModule ??= import(new URL("editor.bundle.js", HERE).href);
  return editorModule;
}

// --------------------------------------------------------------- block ---
function button(label, title, onClick) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "runner__button";
  element.textContent = label;
  element.title = title;
  element.addEventListener("click", onClick);
  return element;
}

function setUpBlock(block, index) {
  const published = block.querySelector("code").textContent;
  const title = block.querySelector(".filename")?.textContent.trim() || `Python snippet ${index + 1}`;
  const expected = documentedOutput(published);

  const root = document.createElement("div");
  root.className = "runner";
  root.dataset.runnable = "";
  root.dataset.state = "idle";
  root.setAttribute("role", "group");
  root.setAttribute("aria-label", `Runnable Python: ${title}`);
  block.replaceWith(root);

  const toolbar = document.createElement("div");
  toolbar.className = "runner__toolbar";
  const status = document.createElement("span");
  status.className = "runner__status";
  status.setAttribute("aria-live", "polite");
  status.textContent = "Python · runs in your browser";
  const source = document.createElement("div");
  source.className = "runner__source";
  source.append(block);
  const output = document.createElement("pre");
  output.className = "runner__output";
  output.setAttribute("role", "log");
  output.setAttribute("aria-label", `Output of ${title}`);
  output.tabIndex = 0;
  output.hidden = true;
  const verdict = document.createElement("p");
  verdict.className = "runner__verdict";
  verdict.hidden = true;

  let editor = null;
  const currentCode = () => (editor ? editor.getText() : published);

  const run = button("Run", "Run (Ctrl+Enter)", () => void start());
  const stop = button("Stop", "Stop the running snippet", () => runtime.stop("stopped"));
  const reset = button("Reset", "Restore the published code", () => {
    editor?.setText(published);
    output.replaceChildren();
    output.hidden = true;
    verdict.hidden = true;
    root.dataset.state = "idle";
    status.textContent = "Reset to the published code";
  });
  const copy = button("Copy", "Copy the code", async () => {
    try {
      await navigator.clipboard.writeText(currentCode());
      status.textContent = "Code copied";
    } catch {
      status.textContent = "Copy failed: select the code and copy it by hand";
    }
  });
  run.classList.add("runner__button--primary");
  stop.disabled = true;
  // The file name stays visible after the highlighted block becomes an editor.
  const label = document.createElement("span");
  label.className = "runner__title";
  label.textContent = title;
  toolbar.append(label, run, stop, reset, copy, status);
  root.append(toolbar, source, output, verdict);

  async function upgrade() {
    if (editor) return;
    const { createEditor } = await loadEditor();
    if (editor) return;
    const host = document.createElement("div");
    host.className = "runner__editor";
    editor = createEditor(host, published, { onRun: () => void start(), label: `Editable Python: ${title}` });
    source.replaceChildren(host);
  }

  function intent() {
    runtime.warm();
    void upgrade();
  }
  for (const event of ["pointerenter", "focusin", "touchstart"]) {
    root.addEventListener(event, intent, { once: true, passive: true });
  }

  function append(stream, text) {
    const span = document.createElement("span");
    span.className = `runner__${stream}`;
    span.textContent = text; // text, never HTML
    output.append(span);
  }

  async function start() {
    const code = currentCode();
    output.replaceChildren();
    output.hidden = false;
    verdict.hidden = true;
    stop.disabled = false;
    run.disabled = true;
    let stdout = "";
    root.dataset.state = "loading";
    status.textContent = runtime.booted ? "Running…" : "Loading Python…";
    const result = await runtime.run(code, {
      onStarted() {
        root.dataset.state = "running";
        status.textContent = "Running…";
      },
      onOutput(chunks) {
        for (const [stream, text] of chunks) {
          if (stream === "stdout") stdout += text;
          append(stream, text);
        }
      },
    });
    stop.disabled = true;
    run.disabled = false;
    if (result.truncated) append("notice", "\n[output cut at 100,000 characters]\n");
    if (result.stopped === "timeout") {
      append("notice", `\n[stopped: still running after ${TIME_LIMIT_MS / 1000} s]\n`);
      status.textContent = `Stopped after ${TIME_LIMIT_MS / 1000} s time limit`;
    } else if (result.stopped) {
      append("notice", "\n[stopped]\n");
      status.textContent = "Stopped";
    } else if (result.crashed) {
      append("notice", `\n[the Python runtime failed (${result.message}) and was restarted]\n`);
      status.textContent = "Runtime restarted";
    } else {
      status.textContent = `${result.ok ? "Done" : "Error"} in ${Math.max(1, Math.round(result.ms))} ms`;
    }
    root.dataset.state = result.ok ? "ok" : "error";
    // The reader uses the runner: cache the rest of the site for offline use (sw.js).
    navigator.serviceWorker?.controller?.postMessage({ type: "precache" });
    const documented = documentedOutput(code);
    if (result.ok && documented) {
      const matches = stdout === documented;
      verdict.hidden = false;
      verdict.dataset.matches = String(matches);
      verdict.textContent = matches
        ? "✓ Output matches the documented output (#> comments)."
        : "✗ Output differs from the documented output (#> comments).";
    }
  }
  return root;
}

// ---------------------------------------------------------------- page ---
function setUpPage() {
  const blocks = [...document.querySelectorAll(BLOCK_SELECTOR)].filter((b) => !b.closest("[data-runnable]"));
  blocks.forEach(setUpBlock);
  if (blocks.length && localStorage.getItem(CACHED_KEY)) {
    // Files are cached from an earlier run: booting costs no download, so do it while idle.
    (window.requestIdleCallback ?? ((f) => setTimeout(f, 500)))(() => runtime.warm());
  }
}

// Material's instant navigation swaps the page without reloading scripts;
// document$ emits once per page, including the first.
if (window.document$) window.document$.subscribe(setUpPage);
else setUpPage();
