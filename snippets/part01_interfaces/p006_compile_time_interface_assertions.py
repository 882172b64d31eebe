"""P006 Interface assertions: state next to each class which protocols it must satisfy.

Go checks `var _ Flusher = (*BufferedStore)(nil)` on every build. Python has
no build step, so the same statement is an annotated assignment that a static
type checker (mypy, pyright) verifies in CI and that costs nothing at run time:
`_: type[Flusher] = BufferedStore`. A `runtime_checkable` protocol is no
substitute: `isinstance` with it checks that the method names exist, never
their parameters or return types.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Store(Protocol):
    """What the application's handlers need from storage."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, value: bytes) -> None: ...


@runtime_checkable
class Flusher(Protocol):
    """An optional capability of a Store that buffers writes; `shutdown` looks for it."""

    def flush(self) -> int:
        """Write every buffered value through; return how many were written."""
        ...


class MemoryStore:
    """Keeps values in a dict."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.data.get(key)

    def put(self, key: str, value: bytes) -> None:
        self.data[key] = value


class BufferedStore:
    """Holds writes in memory until `flush` sends them to the backend."""

    def __init__(self, backend: Store, *, timeout: float = 5.0) -> None:
        self.backend = backend
        self.timeout = timeout  # a setting of the store, so `flush` keeps the protocol's shape
        self.pending: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        if key in self.pending:
            return self.pending[key]
        return self.backend.get(key)

    def put(self, key: str, value: bytes) -> None:
        self.pending[key] = value

    def flush(self) -> int:
        for key, value in self.pending.items():
            self.backend.put(key, value)
        written = len(self.pending)
        self.pending.clear()
        return written


# The assertions: one line per (class, protocol) pair the program relies on,
# so an error names the exact pair. At run time each is a plain assignment of a
# class; mypy checks the class against the protocol on every CI run.
_MEMORY_STORE_IS_STORE: type[Store] = MemoryStore
_BUFFERED_STORE_IS_STORE: type[Store] = BufferedStore
_BUFFERED_STORE_IS_FLUSHER: type[Flusher] = BufferedStore


def shutdown(store: Store) -> int:
    """Flush `store` if it buffers writes; return how many values were written."""
    if isinstance(store, Flusher):
        return store.flush()
    return 0


class DriftedStore(MemoryStore):
    """A counter-example for the demo: its `flush` requires a timeout, so it is no Flusher."""

    def flush(self, timeout: float) -> int:
        return len(self.data)


# mypy --strict reports the next line: "Incompatible types in assignment
# (expression has type "type[DriftedStore]", variable has type
# "type[Flusher]")". The ignore comment only lets this demo pass CI, and
# --strict includes warn_unused_ignores, so mypy fails if the error ever vanishes.
_DRIFTED: type[Flusher] = DriftedStore  # type: ignore[assignment]


def main() -> None:
    backend = MemoryStore()
    store = BufferedStore(backend)
    store.put("user:1", b"ada")
    store.put("user:2", b"grace")
    print("before shutdown, backend holds", len(backend.data))
    #> before shutdown, backend holds 0
    print("shutdown wrote", shutdown(store), "| backend holds", len(backend.data))
    #> shutdown wrote 2 | backend holds 2
    print("shutdown of a MemoryStore wrote", shutdown(backend))
    #> shutdown of a MemoryStore wrote 0

    # The run-time check looks at names only, so it accepts what mypy rejects.
    drifted = DriftedStore()
    print("isinstance(drifted, Flusher):", isinstance(drifted, Flusher))
    #> isinstance(drifted, Flusher): True
    try:
        shutdown(drifted)
    except TypeError:
        print("shutdown(drifted) raised TypeError: flush() wants a timeout")
    #> shutdown(drifted) raised TypeError: flush() wants a timeout


if __name__ == "__main__":
    main()
