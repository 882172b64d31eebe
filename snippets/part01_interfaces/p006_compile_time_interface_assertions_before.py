"""P006 before: a capability that nothing checks until shutdown.

`shutdown` flushes any store that buffers writes, finding such stores with
`isinstance(store, Flusher)`. Two buffering stores drifted from `Flusher` in
later changes: one's `flush` gained a required parameter, the other's was
renamed. `mypy --strict` passes this file without a word, because no line says
that either class must be a Flusher, so there is nothing to compare.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Store(Protocol):
    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, value: bytes) -> None: ...


@runtime_checkable
class Flusher(Protocol):
    def flush(self) -> int:
        """Write every buffered value through; return how many were written."""
        ...


class MemoryStore:
    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.data.get(key)

    def put(self, key: str, value: bytes) -> None:
        self.data[key] = value


class WriteBuffer:
    """Holds writes in memory until they are written through to the backend."""

    def __init__(self, backend: Store) -> None:
        self.backend = backend
        self.pending: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.pending.get(key, self.backend.get(key))

    def put(self, key: str, value: bytes) -> None:
        self.pending[key] = value

    def write_through(self) -> int:
        for key, value in self.pending.items():
            self.backend.put(key, value)
        written = len(self.pending)
        self.pending.clear()
        return written


class TimedStore(WriteBuffer):
    """Meant to be a Flusher. A later change made `flush` take a timeout (unused here)."""

    def flush(self, timeout: float) -> int:
        return self.write_through()


class SyncedStore(WriteBuffer):
    """Meant to be a Flusher. A later change renamed `flush` to `sync`."""

    def sync(self) -> int:
        return self.write_through()


def shutdown(store: Store) -> int:
    """Flush `store` if it buffers writes; return how many values were written."""
    if isinstance(store, Flusher):
        return store.flush()
    return 0


def report(name: str, store: WriteBuffer) -> None:
    print(f"{name}: isinstance(store, Flusher) is {isinstance(store, Flusher)}")
    try:
        written = shutdown(store)
    except TypeError:
        print(f"  shutdown raised TypeError; {len(store.pending)} writes lost")
    else:
        print(f"  shutdown wrote {written}; {len(store.pending)} writes lost")


def main() -> None:
    timed = TimedStore(MemoryStore())
    timed.put("user:1", b"ada")
    timed.put("user:2", b"grace")
    report("TimedStore", timed)
    #> TimedStore: isinstance(store, Flusher) is True
    #>   shutdown raised TypeError; 2 writes lost

    synced = SyncedStore(MemoryStore())
    synced.put("user:1", b"ada")
    synced.put("user:2", b"grace")
    report("SyncedStore", synced)
    #> SyncedStore: isinstance(store, Flusher) is False
    #>   shutdown wrote 0; 2 writes lost


if __name__ == "__main__":
    main()
