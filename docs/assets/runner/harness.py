"""Run a reader's snippet as a script, inside Pyodide (the browser, or Node in CI).

The same file is loaded by the browser's worker and by the Node test pass, so
what CI checks is what readers run. It is plain Python and is also tested
under CPython (tests/test_runner_harness.py).

What it guarantees:
- the snippet runs as `__main__` in a fresh module, like `python snippet.py`;
- `asyncio.run(main())` works even where the runtime cannot switch stacks
  (Safari, Node without JSPI): the coroutine is then awaited by the harness;
- a traceback shows only the snippet's own frames (and the `snippets`
  package's), with line numbers that match the editor;
- `input()` fails with a message that says what to do instead.
"""

from __future__ import annotations

import ast
import asyncio
import builtins
import importlib
import inspect
import linecache
import sys
import traceback
import types
from collections.abc import Callable, Coroutine
from typing import Any

FILENAME = "<snippet>"
INPUT_MESSAGE = (
    "input() cannot read the keyboard in this page's Python runner; "
    "assign the value in the code instead, e.g. name = 'Ada'"
)


class InputUnavailableError(RuntimeError):
    """Raised by input() in the runner, where there is no terminal to read from."""


# Shown as plain `InputUnavailableError` in tracebacks, not under the harness's module name.
InputUnavailableError.__module__ = "builtins"


def _no_input(prompt: object = "") -> str:
    raise InputUnavailableError(INPUT_MESSAGE)


def stack_switching_available() -> bool:
    """True where a nested `asyncio.run` can block on the running loop: Pyodide with JSPI.

    Under CPython the harness itself runs inside an event loop, where a nested
    `asyncio.run` is an error, so there too the coroutine is awaited afterwards.
    """
    try:
        ffi = importlib.import_module("pyodide.ffi")
    except ImportError:
        return False
    can_run_sync: Callable[[], bool] = ffi.can_run_sync
    return can_run_sync()


def _is_reader_frame(frame: traceback.FrameSummary) -> bool:
    return frame.filename == FILENAME or "/snippets/" in frame.filename


def format_exception(exc: BaseException) -> str:
    """The traceback a reader needs: their code and the snippets package, nothing else."""
    report = traceback.TracebackException.from_exception(exc)
    seen: set[int] = set()
    pending: list[traceback.TracebackException] = [report]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        kept = [frame for frame in current.stack if _is_reader_frame(frame)]
        current.stack = traceback.StackSummary.from_list(kept)
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]
        pending += list(current.exceptions or [])
    return "".join(report.format())


async def run_snippet(source: str) -> bool:
    """Run `source` as `__main__`; print its traceback to stderr on failure.

    Returns True when the snippet finished without an uncaught exception.
    """
    module = types.ModuleType("__main__")
    module.__dict__["__builtins__"] = builtins
    saved_main = sys.modules.get("__main__")
    saved_run = asyncio.run
    saved_input = builtins.input
    deferred: list[Coroutine[Any, Any, Any]] = []

    def run_later(main: Coroutine[Any, Any, Any], **_: object) -> None:
        # Without stack switching asyncio.run cannot block here; await it after the script body.
        deferred.append(main)

    # Register the source so tracebacks can show the offending lines.
    linecache.cache[FILENAME] = (len(source), None, source.splitlines(keepends=True), FILENAME)
    sys.modules["__main__"] = module
    builtins.input = _no_input
    if not stack_switching_available():
        asyncio.run = run_later  # type: ignore[assignment]
    try:
        code = compile(source, FILENAME, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        result = eval(code, module.__dict__)
        if inspect.iscoroutine(result):
            await result
        while deferred:
            await deferred.pop(0)
    except SystemExit as exit_request:
        return exit_request.code in (None, 0)
    except BaseException as exc:
        for coroutine in deferred:
            coroutine.close()
        sys.stderr.write(format_exception(exc))
        return False
    finally:
        asyncio.run = saved_run
        builtins.input = saved_input
        if saved_main is not None:
            sys.modules["__main__"] = saved_main
        sys.stdout.flush()
        sys.stderr.flush()
    return True
