// CI's Node pass: run code blocks in one Pyodide instance, from the npm package.
// Input (stdin): JSON [{id, code}]. Output (stdout): JSON {jspi, version, results:[{id, ok, stdout, stderr}]}.
// Run it with and without --experimental-wasm-stack-switching; the pytest side compares outputs.
import { readFileSync } from "node:fs";
import v8 from "node:v8";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSession } from "../../docs/assets/runner/session.js";

// Node 20's optimizing compiler (TurboFan) sometimes crashes in its deoptimizer
// ("Fatal error ... unreachable code") while Pyodide runs thousands of asyncio
// tasks; seen in about one run in three. Stopping at the Maglev tier avoids it
// and costs no measurable time here. Set before any code gets hot.
v8.setFlagsFromString("--max-opt=2");

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const [snippetsZipPath] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const indexURL = dirname(require.resolve("pyodide/package.json")) + "/";
const { loadPyodide } = await import("pyodide");

const blocks = JSON.parse(readFileSync(0, "utf8"));
let current = null;
const session = await createSession({
  loadPyodide,
  indexURL,
  harnessSource: readFileSync(join(root, "docs/assets/runner/harness.py"), "utf8"),
  snippetsZip: new Uint8Array(readFileSync(snippetsZipPath)),
  write: (stream, text) => {
    if (current) current[stream] += text;
  },
});

const results = [];
const started = performance.now();
for (const block of blocks) {
  current = { id: block.id, ok: false, stdout: "", stderr: "" };
  // TRACE_BLOCKS=1 names each block on stderr, to find one that crashes the runtime.
  if (process.env.TRACE_BLOCKS) process.stderr.write(`running ${block.id}\n`);
  current.ok = await session.run(block.code);
  results.push(current);
}
current = null;
const jspi = await session.stackSwitching();
process.stdout.write(
  JSON.stringify({ jspi, version: session.version, seconds: (performance.now() - started) / 1000, results }),
);
