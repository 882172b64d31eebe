"""P005 Composition Over Inheritance: add behaviour by wrapping an object, not by subclassing it.

`CountingStore` counts writes to any `Store`. It holds the store it wraps and
forwards each call through the store's public methods, so it depends only on
what those methods promise, never on how the wrapped class implements them. It
therefore counts correctly whether `set_many` calls `set` internally or not, and
wrappers stack in any order: counting, then key prefixing, then the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from typing import Protocol


class Store(Protocol):
    """A key-value store, as the wrappers see it."""

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...

    def set_many(self, items: Iterable[tuple[str, str]]) -> None: ...


class MemoryStore:
    """A store whose `set_many` calls its own `set` once per item."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.data.get(key)

    def set(self, key: str, value: str) -> None:
        self.data[key] = value

    def set_many(self, items: Iterable[tuple[str, str]]) -> None:
        for key, value in items:
            self.set(key, value)


class BulkMemoryStore:
    """The same store after an optimisation: `set_many` writes in one step, without `set`."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.data.get(key)

    def set(self, key: str, value: str) -> None:
        self.data[key] = value

    def set_many(self, items: Iterable[tuple[str, str]]) -> None:
        self.data.update(items)


class CountingStore:
    """Counts the writes made through it, whatever store it wraps."""

    def __init__(self, inner: Store) -> None:
        self._inner = inner
        self.writes = 0

    def get(self, key: str) -> str | None:
        return self._inner.get(key)

    def set(self, key: str, value: str) -> None:
        self._inner.set(key, value)
        self.writes += 1

    def set_many(self, items: Iterable[tuple[str, str]]) -> None:
        batch = list(items)  # an iterator can be read once: count the same items we pass on
        self._inner.set_many(batch)
        self.writes += len(batch)


class PrefixedStore:
    """Keeps one tenant's keys apart from another's in a shared store."""

    def __init__(self, inner: Store, prefix: str) -> None:
        self._inner = inner
        self._prefix = prefix

    def get(self, key: str) -> str | None:
        return self._inner.get(self._prefix + key)

    def set(self, key: str, value: str) -> None:
        self._inner.set(self._prefix + key, value)

    def set_many(self, items: Iterable[tuple[str, str]]) -> None:
        self._inner.set_many((self._prefix + key, value) for key, value in items)


class AuditedMapping(MutableMapping[str, str]):
    """A dict-like type that records every key written, through every method.

    MutableMapping is built to be extended: its mixin methods, `update` and
    `setdefault` among them, are written in terms of `__setitem__`, by contract.
    The data itself lives in a dict that the mapping holds.
    """

    def __init__(self) -> None:
        self._data: dict[str, str] = {}
        self.audit: list[str] = []

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __setitem__(self, key: str, value: str) -> None:
        self.audit.append(key)
        self._data[key] = value

    def __delitem__(self, key: str) -> None:
        del self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def main() -> None:
    items = [("a", "1"), ("b", "2"), ("c", "3")]
    inner: Store
    for inner in (MemoryStore(), BulkMemoryStore()):
        counting = CountingStore(inner)
        counting.set("z", "0")
        counting.set_many(items)
        name = type(inner).__name__
        print(f"{name}: {counting.writes} writes counted, get('b') = {counting.get('b')}")
    #> MemoryStore: 4 writes counted, get('b') = 2
    #> BulkMemoryStore: 4 writes counted, get('b') = 2

    # A generator is consumed once; the wrapper counts exactly what it passed on.
    counting = CountingStore(MemoryStore())
    counting.set_many((f"k{n}", str(n)) for n in range(5))
    print("from a generator:", counting.writes)
    #> from a generator: 5

    # Wrappers stack: each one adds one behaviour and knows only the Store protocol.
    shared = MemoryStore()
    tenant_a = CountingStore(PrefixedStore(shared, "tenant-a:"))
    tenant_b = CountingStore(PrefixedStore(shared, "tenant-b:"))
    tenant_a.set_many(items)
    tenant_b.set("a", "99")
    print(tenant_a.get("a"), tenant_b.get("a"), tenant_a.writes, tenant_b.writes)
    #> 1 99 3 1
    print(sorted(shared.data))
    #> ['tenant-a:a', 'tenant-a:b', 'tenant-a:c', 'tenant-b:a']

    # Where a dict-like type is needed: a base class designed for extension, holding a dict.
    audited = AuditedMapping()
    audited["a"] = "1"
    audited.update(b="2", c="3")
    audited.setdefault("d", "4")
    print(f"keys: {sorted(audited)}, audited: {audited.audit}")
    #> keys: ['a', 'b', 'c', 'd'], audited: ['a', 'b', 'c', 'd']


if __name__ == "__main__":
    main()
