// One Pyodide instance with the harness and the `snippets` package loaded.
// Used by the browser's worker (worker.js) and by CI's Node pass
// (tests/pyodide/run_blocks.mjs), so both run snippets the same way.

const PACKAGE_DIR = "/home/pyodide/catalog";

export async function createSession({ loadPyodide, indexURL, harnessSource, snippetsZip, write }) {
  const pyodide = await loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} });
  for (const stream of ["stdout", "stderr"]) {
    const decoder = new TextDecoder();
    const setter = stream === "stdout" ? pyodide.setStdout : pyodide.setStderr;
    setter({
      write(buffer) {
        write(stream, decoder.decode(buffer, { stream: true }));
        return buffer.length;
      },
    });
  }
  // There is no terminal: input() is replaced by the harness with a clear error.
  pyodide.setStdin({ error: true });

  pyodide.FS.mkdirTree(PACKAGE_DIR);
  pyodide.unpackArchive(snippetsZip, "zip", { extractDir: PACKAGE_DIR });
  pyodide.FS.writeFile(`${PACKAGE_DIR}/catalog_runner.py`, harnessSource);
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(PACKAGE_DIR)})`);
  const globals = pyodide.toPy({});

  return {
    version: pyodide.version,
    // Whether asyncio.run can block here (JSPI), or is awaited by the harness instead.
    async stackSwitching() {
      return await pyodide.runPythonAsync(
        "from catalog_runner import stack_switching_available\nstack_switching_available()",
      );
    },
    // Entered through runPythonAsync, so JSPI stack switching works where the runtime has it.
    async run(source) {
      globals.set("source", source);
      return await pyodide.runPythonAsync(
        "from catalog_runner import run_snippet\nawait run_snippet(source)",
        { globals },
      );
    },
  };
}
