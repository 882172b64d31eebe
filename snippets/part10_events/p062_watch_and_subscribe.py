"""P062 Watch and Subscribe: list once, then watch for changes after the version of that list.

`Store` is the source of truth. Every change gets the next resource version,
and the store remembers the last `history` changes. A `Watch` streams the
changes after a version: first the ones already in the history, then the new
ones as they happen.

`Informer` keeps a local copy of the store and calls a handler on every add,
update and delete. It lists the store (the items and the version they were
read at), then watches from exactly that version, so a change made between the
list and the watch is replayed instead of lost. When a watch ends (the store
dropped it, the connection broke), the informer resumes from the last version
it applied. When the store no longer remembers that far back, the informer
lists again and reports the difference, deletions included.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
from collections import deque
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

V = TypeVar("V")
V_contra = TypeVar("V_contra", contravariant=True)


class EventType(enum.Enum):
    ADDED = "added"
    MODIFIED = "modified"
    DELETED = "deleted"


@dataclass(frozen=True)
class Event(Generic[V]):
    """One change. For DELETED, `value` is the last value the key had."""

    type: EventType
    key: str
    value: V
    version: int


class VersionExpiredError(Exception):
    """The store no longer remembers the changes after this version: list again.

    Kubernetes answers such a watch with HTTP 410 Gone.
    """


class Watch(Generic[V]):
    """The changes after one version, read with `async for`.

    The iteration ends when the store drops the watch: it fell `buffer` events
    behind, or the connection was lost. Events received before that are still
    delivered. `close()` ends it from the reading side and unsubscribes.
    """

    def __init__(self, store: Store[V], replay: list[Event[V]], buffer: int) -> None:
        self._store = store
        self._events: deque[Event[V]] = deque(replay)
        self._buffer = buffer
        self._ended = False
        self._wakeup = asyncio.Event()

    def _offer(self, event: Event[V]) -> bool:
        """Called by the store; False means the reader is too far behind and is dropped."""
        if len(self._events) >= self._buffer:
            self._end()
            return False
        self._events.append(event)
        self._wakeup.set()
        return True

    def _end(self) -> None:
        self._ended = True
        self._wakeup.set()

    def close(self) -> None:
        """Stop the watch and unsubscribe, so the store keeps nothing for a reader that left."""
        self._events.clear()
        self._store._unsubscribe(self)
        self._end()

    def __aiter__(self) -> Watch[V]:
        return self

    async def __anext__(self) -> Event[V]:
        while not self._events:
            if self._ended:
                raise StopAsyncIteration
            self._wakeup.clear()
            await self._wakeup.wait()
        return self._events.popleft()


class Store(Generic[V]):
    """Keyed values with a resource version per change and a bounded history of changes."""

    def __init__(self, *, history: int = 100, watch_buffer: int = 100) -> None:
        if history < 0:
            raise ValueError(f"history must not be negative, got {history}")
        if watch_buffer < 1:
            raise ValueError(f"watch_buffer must be at least 1, got {watch_buffer}")
        self._items: dict[str, V] = {}
        self._version = 0
        self._history: deque[Event[V]] = deque()
        self._history_size = history
        self._forgotten = 0  # every change up to this version has left the history
        self._watch_buffer = watch_buffer
        self._watches: list[Watch[V]] = []

    @property
    def version(self) -> int:
        """The version of the latest change; 0 before the first one."""
        return self._version

    @property
    def watch_count(self) -> int:
        """Watches the store is still sending to."""
        return len(self._watches)

    def put(self, key: str, value: V) -> int:
        """Add or replace `key`; returns the new version."""
        kind = EventType.MODIFIED if key in self._items else EventType.ADDED
        self._items[key] = value
        return self._publish(kind, key, value)

    def delete(self, key: str) -> int:
        """Remove `key` (KeyError if absent); returns the new version."""
        value = self._items.pop(key)
        return self._publish(EventType.DELETED, key, value)

    def list(self) -> tuple[dict[str, V], int]:
        """A copy of every item, and the version this copy is exact at."""
        return dict(self._items), self._version

    def watch(self, since: int) -> Watch[V]:
        """Stream every change with a version greater than `since`.

        Raises:
            VersionExpiredError: some of those changes have left the history.
        """
        if not 0 <= since <= self._version:
            raise ValueError(f"since must be between 0 and {self._version}, got {since}")
        if since < self._forgotten:
            raise VersionExpiredError(f"changes after version {since} are no longer kept")
        replay = [event for event in self._history if event.version > since]
        watch = Watch(self, replay, self._watch_buffer)
        self._watches.append(watch)
        return watch

    def drop_watches(self) -> None:
        """End every watch, as a restart of the store or a network cut does."""
        for watch in self._watches:
            watch._end()
        self._watches.clear()

    def _unsubscribe(self, watch: Watch[V]) -> None:
        if watch in self._watches:
            self._watches.remove(watch)

    def _publish(self, kind: EventType, key: str, value: V) -> int:
        self._version += 1
        event = Event(kind, key, value, self._version)
        self._history.append(event)
        while len(self._history) > self._history_size:
            self._forgotten = self._history.popleft().version
        if self._history_size == 0:
            self._forgotten = self._version
        self._watches = [watch for watch in self._watches if watch._offer(event)]
        return self._version


class Handler(Protocol[V_contra]):
    """What an informer calls. Keep these quick: hand real work to a queue (P064)."""

    def on_add(self, key: str, value: V_contra) -> None: ...

    def on_update(self, key: str, old: V_contra, new: V_contra) -> None: ...

    def on_delete(self, key: str, old: V_contra) -> None: ...


class Informer(Generic[V]):
    """A local copy of a store, kept current by list-then-watch, that reports each change."""

    def __init__(self, store: Store[V], handler: Handler[V]) -> None:
        self._store = store
        self._handler = handler
        self._cache: dict[str, V] = {}
        self.version = 0  # the last version applied to the cache
        self.lists = 0
        self.watches = 0
        self.synced = asyncio.Event()  # set once the first list is in the cache

    def snapshot(self) -> dict[str, V]:
        """A copy of the cache; read from it instead of asking the store."""
        return dict(self._cache)

    async def run(self) -> None:
        """List, then watch and resume for as long as the task runs; cancel it to stop."""
        self._relist()
        self.synced.set()
        while True:
            try:
                watch = self._store.watch(self.version)
            except VersionExpiredError:
                self._relist()
                continue
            self.watches += 1
            with contextlib.closing(watch):  # unsubscribes when the task is cancelled too
                async for event in watch:
                    self._apply(event)
            # The watch ended: go round and resume from self.version.

    def _relist(self) -> None:
        items, version = self._store.list()
        old = self._cache
        self._cache, self.version = items, version
        self.lists += 1
        for key in sorted(items):
            if key not in old:
                self._handler.on_add(key, items[key])
            elif old[key] != items[key]:
                self._handler.on_update(key, old[key], items[key])
        for key in sorted(old.keys() - items.keys()):
            self._handler.on_delete(key, old[key])  # deleted while we were not watching

    def _apply(self, event: Event[V]) -> None:
        self.version = event.version
        key = event.key
        if event.type is EventType.DELETED:
            self._handler.on_delete(key, self._cache.pop(key))
        elif key in self._cache:
            old, self._cache[key] = self._cache[key], event.value
            self._handler.on_update(key, old, event.value)
        else:
            self._cache[key] = event.value
            self._handler.on_add(key, event.value)


class PrintingHandler:
    """Prints each change; a real handler would add the key to a work queue."""

    def on_add(self, key: str, value: int) -> None:
        print(f"  added {key}={value}")

    def on_update(self, key: str, old: int, new: int) -> None:
        print(f"  updated {key}: {old} -> {new}")

    def on_delete(self, key: str, old: int) -> None:
        print(f"  deleted {key} (was {old})")


async def steps(n: int) -> None:
    """Let every other ready task run `n` times."""
    for _ in range(n):
        await asyncio.sleep(0)


async def main() -> None:
    store: Store[int] = Store(history=4)
    store.put("web", 2)
    store.put("api", 1)

    print("informer starts late, after two changes:")
    #> informer starts late, after two changes:
    informer = Informer(store, PrintingHandler())
    task = asyncio.create_task(informer.run())
    await informer.synced.wait()
    #>   added api=1
    #>   added web=2

    print("live changes:")
    #> live changes:
    store.put("db", 1)
    store.put("web", 3)
    await steps(2)
    #>   added db=1
    #>   updated web: 2 -> 3

    print("connection lost; two changes happen before the informer is back:")
    #> connection lost; two changes happen before the informer is back:
    store.drop_watches()
    store.put("web", 4)
    store.delete("api")
    await steps(2)  # it resumes from its version: the store still has both changes
    #>   updated web: 3 -> 4
    #>   deleted api (was 1)

    print("long outage: six changes, more than the store's history of four:")
    #> long outage: six changes, more than the store's history of four:
    store.drop_watches()
    for replicas in range(5, 10):
        store.put("web", replicas)
    store.delete("db")
    await steps(2)  # resuming fails with VersionExpiredError, so it lists again and reports the difference
    #>   updated web: 4 -> 9
    #>   deleted db (was 1)

    print(f"lists: {informer.lists}, watches: {informer.watches}")
    #> lists: 2, watches: 3
    print("cache matches the store:", (informer.snapshot(), informer.version) == store.list())
    #> cache matches the store: True
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    print("watches the store still feeds:", store.watch_count)
    #> watches the store still feeds: 0


if __name__ == "__main__":
    asyncio.run(main())
