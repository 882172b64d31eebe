"""P095 Shared Informer Cache Patterns: one list+watch per resource kind feeds a cache that every reader shares.

A SharedInformer lists a kind once, then applies the watch events after that
list to an Indexer: a dict of objects plus secondary indexes (pods by node, by
label). Every controller in the process asks the InformerFactory for the kind
and gets the same informer, so ten readers cost one list and one watch, and
their reads never reach the API server. Reads return copies: a reader that
edits what it got cannot change what the other readers see.

Real controllers use client-go's SharedInformerFactory and cache.Indexer, or
controller-runtime's cache, in Go; in Python, kopf keeps its own watch per
resource and the official kubernetes client offers `watch.Watch`. FakeApi here
stands in for the API server: it stores objects, keeps an event log with
versions, serves list and watch, and counts every call.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections import Counter
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterable, Mapping
from dataclasses import dataclass, field


@dataclass
class Obj:
    """A namespaced API object; `version` is the resourceVersion of its last write."""

    kind: str
    namespace: str
    name: str
    labels: dict[str, str] = field(default_factory=dict)
    spec: dict[str, str] = field(default_factory=dict)
    version: int = 0

    @property
    def key(self) -> str:
        return f"{self.namespace}/{self.name}"

    def copy(self) -> Obj:
        """A copy that shares no mutable part with the original."""
        return dataclasses.replace(self, labels=dict(self.labels), spec=dict(self.spec))


@dataclass(frozen=True)
class Event:
    type: str  # "ADDED", "MODIFIED" or "DELETED"
    obj: Obj


class FakeApi:
    """An in-memory API server that counts its list and watch calls per kind."""

    def __init__(self) -> None:
        self._objects: dict[tuple[str, str], Obj] = {}
        self._log: list[Event] = []
        self._watchers: list[tuple[str, asyncio.Queue[Event]]] = []
        self._version = 0
        self.calls: Counter[str] = Counter()

    def apply(self, obj: Obj) -> int:
        """Create or replace an object; returns the new resource version."""
        self._version += 1
        stored = dataclasses.replace(obj.copy(), version=self._version)
        existed = (obj.kind, obj.key) in self._objects
        self._objects[obj.kind, obj.key] = stored
        self._publish(Event("MODIFIED" if existed else "ADDED", stored))
        return self._version

    def delete(self, kind: str, key: str) -> int:
        self._version += 1
        gone = dataclasses.replace(self._objects.pop((kind, key)), version=self._version)
        self._publish(Event("DELETED", gone))
        return self._version

    def _publish(self, event: Event) -> None:
        self._log.append(event)
        for kind, queue in self._watchers:
            if kind == event.obj.kind:
                queue.put_nowait(Event(event.type, event.obj.copy()))

    async def list(self, kind: str) -> tuple[list[Obj], int]:
        """All objects of a kind and the version the list was read at."""
        self.calls[f"list {kind}"] += 1
        await asyncio.sleep(0)
        found = [obj.copy() for (k, _), obj in sorted(self._objects.items()) if k == kind]
        return found, self._version

    async def watch(self, kind: str, since: int) -> AsyncGenerator[Event, None]:
        """Every change of `kind` after version `since`, then each new one as it happens."""
        self.calls[f"watch {kind}"] += 1
        queue: asyncio.Queue[Event] = asyncio.Queue()
        watcher = (kind, queue)
        self._watchers.append(watcher)
        backlog = [e for e in self._log if e.obj.kind == kind and e.obj.version > since]
        try:
            for event in backlog:
                yield Event(event.type, event.obj.copy())
            while True:
                yield await queue.get()
        finally:
            self._watchers.remove(watcher)


IndexFunc = Callable[[Obj], Iterable[str]]


class Indexer:
    """Objects by key, plus named indexes from a value to the keys that have it.

    Every read returns copies, so callers may edit them freely. (client-go's
    listers return shared pointers instead and rely on a rule: never mutate,
    DeepCopy first. controller-runtime's cache copies by default.)
    """

    def __init__(self) -> None:
        self._items: dict[str, Obj] = {}
        self._index_funcs: dict[str, IndexFunc] = {}
        self._indexes: dict[str, dict[str, set[str]]] = {}

    def add_indexes(self, funcs: Mapping[str, IndexFunc]) -> None:
        for name, func in funcs.items():
            if name in self._index_funcs:
                raise ValueError(f"index {name!r} already exists")
            self._index_funcs[name] = func
            self._indexes[name] = {}
            for obj in self._items.values():
                self._link(name, obj)

    def _link(self, name: str, obj: Obj) -> None:
        for value in self._index_funcs[name](obj):
            self._indexes[name].setdefault(value, set()).add(obj.key)

    def _unlink(self, obj: Obj) -> None:
        for name, func in self._index_funcs.items():
            for value in func(obj):
                keys = self._indexes[name][value]
                keys.discard(obj.key)
                if not keys:
                    del self._indexes[name][value]

    def upsert(self, obj: Obj) -> None:
        old = self._items.get(obj.key)
        if old is not None:
            self._unlink(old)  # a pod that moved node must leave the old node's entry
        self._items[obj.key] = obj
        for name in self._index_funcs:
            self._link(name, obj)

    def delete(self, key: str) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self._unlink(old)

    def get(self, key: str) -> Obj | None:
        obj = self._items.get(key)
        return None if obj is None else obj.copy()

    def list_all(self) -> list[Obj]:
        return [self._items[key].copy() for key in sorted(self._items)]

    def by_index(self, name: str, value: str) -> list[Obj]:
        if name not in self._indexes:
            raise KeyError(f"no index named {name!r}")
        return [self._items[key].copy() for key in sorted(self._indexes[name].get(value, ()))]


Handler = Callable[[Event], None]


class SharedInformer:
    """One list+watch of one kind, kept in an Indexer and fanned out to handlers."""

    def __init__(self, api: FakeApi, kind: str) -> None:
        self._api = api
        self.kind = kind
        self.cache = Indexer()
        self._handlers: list[Handler] = []
        self._synced = asyncio.Event()
        self._applied = asyncio.Condition()
        self.version = 0

    def add_indexes(self, funcs: Mapping[str, IndexFunc]) -> None:
        self.cache.add_indexes(funcs)

    def add_handler(self, handler: Handler) -> None:
        """Handlers should only enqueue keys: they run on the informer's task and get copies."""
        self._handlers.append(handler)
        for obj in self.cache.list_all():  # a late handler still hears about every object
            handler(Event("ADDED", obj))

    async def wait_for_sync(self) -> None:
        await self._synced.wait()

    async def wait_for_version(self, version: int) -> None:
        """Wait until the cache has applied every change up to `version` (tests and demos)."""
        async with self._applied:
            await self._applied.wait_for(lambda: self.version >= version)

    async def run(self) -> None:
        objects, self.version = await self._api.list(self.kind)
        for obj in objects:
            self._apply(Event("ADDED", obj))
        self._synced.set()
        async for event in self._api.watch(self.kind, since=self.version):
            self._apply(event)
            async with self._applied:
                self.version = event.obj.version
                self._applied.notify_all()

    def _apply(self, event: Event) -> None:
        if event.type == "DELETED":
            self.cache.delete(event.obj.key)
        else:
            self.cache.upsert(event.obj)
        for handler in self._handlers:
            handler(Event(event.type, event.obj.copy()))


class InformerFactory:
    """Hands every caller the same informer per kind, and runs them all."""

    def __init__(self, api: FakeApi) -> None:
        self._api = api
        self._informers: dict[str, SharedInformer] = {}

    def informer(self, kind: str) -> SharedInformer:
        if kind not in self._informers:
            self._informers[kind] = SharedInformer(self._api, kind)
        return self._informers[kind]

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Start every informer, wait until all caches are filled, stop them on exit."""
        tasks = [asyncio.create_task(inf.run()) for inf in self._informers.values()]
        try:
            for informer in self._informers.values():
                await informer.wait_for_sync()
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)


def by_node(obj: Obj) -> list[str]:
    node = obj.spec.get("node")
    return [node] if node else []


def pod(name: str, node: str, app: str) -> Obj:
    return Obj("pods", "shop", name, labels={"app": app}, spec={"node": node})


async def main() -> None:
    api = FakeApi()
    for name, node in [("web-0", "n1"), ("web-1", "n2"), ("db-0", "n1")]:
        api.apply(pod(name, node, name.split("-")[0]))

    factory = InformerFactory(api)
    drainer = factory.informer("pods")  # the node-drain controller
    autoscaler = factory.informer("pods")  # the autoscaler asks for the same kind
    print("same informer:", drainer is autoscaler)
    #> same informer: True
    drainer.add_indexes({"node": by_node})
    seen: list[str] = []
    autoscaler.add_handler(lambda event: seen.append(f"{event.type} {event.obj.key}"))

    async with factory.running():
        for _ in range(500):  # many reconciles, many reads
            drainer.cache.by_index("node", "n1")
            autoscaler.cache.list_all()
        print([obj.name for obj in drainer.cache.by_index("node", "n1")])
        #> ['db-0', 'web-0']
        print(dict(sorted(api.calls.items())))
        #> {'list pods': 1, 'watch pods': 1}

        version = api.apply(pod("web-0", "n3", "web"))  # web-0 moves to node n3
        print("right after the write:", [o.name for o in drainer.cache.by_index("node", "n3")])
        #> right after the write: []
        await drainer.wait_for_version(version)
        print("after the watch event:", [o.name for o in drainer.cache.by_index("node", "n3")])
        #> after the watch event: ['web-0']
        print("n1 now:", [o.name for o in drainer.cache.by_index("node", "n1")])
        #> n1 now: ['db-0']

        mine = autoscaler.cache.get("shop/web-1")
        assert mine is not None
        mine.labels["app"] = "oops"  # edits a copy only
        print("cache still says:", drainer.cache.get("shop/web-1"))
        #> cache still says: Obj(kind='pods', namespace='shop', name='web-1', labels={'app': 'web'}, spec={'node': 'n2'}, version=2)
    print(seen)
    #> ['ADDED shop/db-0', 'ADDED shop/web-0', 'ADDED shop/web-1', 'MODIFIED shop/web-0']


if __name__ == "__main__":
    asyncio.run(main())
