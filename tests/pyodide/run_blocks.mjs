// CI's Node pass: run code blocks in one Pyodide instance, from the npm package.
// Input (stdin): JSON [{id, code}]. Output (stdout): JSON {jspi, version, results:[{id, ok, stdout, stderr}]}.
// Run it with and without --experimental-wasm-stack-switching; the pytest side compares outputs.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSession } from "../../docs/assets/runner/session.js";

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
  current.ok = await session.run(block.code);
  results.push(current);
}
current = null;
const jspi = await session.stackSwitching();
process.stdout.write(
  JSON.stringify({ jspi, version: session.version, seconds: (performance.now() - started) / 1000, results }),
);
