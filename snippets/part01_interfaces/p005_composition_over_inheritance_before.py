"""P005 before: counting writes by subclassing the store, and the fragile base class problem.

A subclass that overrides methods depends on how its base class calls its own
methods, which the base class never promised. Whether `set_many` calls `set`
decides whether the subclass double-counts or counts nothing, and the base
class's authors can change that in any release without breaking anything of
their own. Built-in types make the same trap: `dict.update` does not call an
overridden `__setitem__`.
"""

from __future__ import annotations

from collections.abc import Iterable


class MemoryStore:
    """Release 1 of a library store: `set_many` loops over `set`."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    def set(self, key: str, value: str) -> None:
        self.data[key] = value

    def set_many(self, items: Iterable[tuple[str, str]]) -> None:
        for key, value in items:
            self.set(key, value)


class MemoryStoreRelease2(MemoryStore):
    """Release 2: `set_many` is optimised to one update; it no longer calls `set`."""

    def set_many(self, items: Iterable[tuple[str, str]]) -> None:
        self.data.update(items)


class CountingBoth(MemoryStore):
    """Overrides both write methods, as anyone reading only the signatures would."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def set(self, key: str, value: str) -> None:
        self.writes += 1
        super().set(key, value)

    def set_many(self, items: Iterable[tuple[str, str]]) -> None:
        batch = list(items)
        self.writes += len(batch)
        super().set_many(batch)  # which calls self.set: every item counted twice


class CountingSetOnly(MemoryStore):
    """Fixed by reading the base class's source: count in `set` only."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def set(self, key: str, value: str) -> None:
        self.writes += 1
        super().set(key, value)


class CountingSetOnlyOnRelease2(MemoryStoreRelease2):
    """The same fix, unchanged, after upgrading the library to release 2."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def set(self, key: str, value: str) -> None:
        self.writes += 1
        super().set(key, value)


class AuditedDict(dict[str, str]):
    """Records every key written, or so its author believed."""

    def __init__(self) -> None:
        super().__init__()
        self.audit: list[str] = []

    def __setitem__(self, key: str, value: str) -> None:
        self.audit.append(key)
        super().__setitem__(key, value)


def main() -> None:
    items = [("a", "1"), ("b", "2"), ("c", "3")]
    for store in (CountingBoth(), CountingSetOnly(), CountingSetOnlyOnRelease2()):
        store.set_many(items)
        print(f"{type(store).__name__}: 3 items written, {store.writes} counted")
    #> CountingBoth: 3 items written, 6 counted
    #> CountingSetOnly: 3 items written, 3 counted
    #> CountingSetOnlyOnRelease2: 3 items written, 0 counted

    audited = AuditedDict()
    audited["a"] = "1"
    audited.update(b="2", c="3")
    audited.setdefault("d", "4")
    print(f"keys: {sorted(audited)}, audited: {audited.audit}")
    #> keys: ['a', 'b', 'c', 'd'], audited: ['a']


if __name__ == "__main__":
    main()
