"""P062 before: copy the data, then subscribe to live changes, with no version between the two.

The cache copies the store and then subscribes. Subscribing is a round trip,
and a change made during it goes to the subscribers the store has at that
moment, which do not include the cache yet. A lost connection is worse: the
changes made while it was down are sent to nobody, and subscribing again does
not bring them back. Nothing fails; the cache is simply wrong, and stays wrong
until that key changes again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

Listener = Callable[[str, int | None], None]  # key, new value (None: deleted)


class Store:
    """Values by key, and the listeners that get each change as it happens."""

    def __init__(self) -> None:
        self.items: dict[str, int] = {}
        self.listeners: list[Listener] = []

    def put(self, key: str, value: int) -> None:
        self.items[key] = value
        for listener in self.listeners:
            listener(key, value)

    def delete(self, key: str) -> None:
        del self.items[key]
        for listener in self.listeners:
            listener(key, None)


class Cache:
    """A local copy that is filled once and then kept up to date by live changes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.items: dict[str, int] = {}

    def on_change(self, key: str, value: int | None) -> None:
        if value is None:
            self.items.pop(key, None)
        else:
            self.items[key] = value

    async def start(self) -> None:
        self.items = dict(self.store.items)
        await self.subscribe()

    async def subscribe(self) -> None:
        await asyncio.sleep(0)  # the subscribe request travels to the store
        self.store.listeners.append(self.on_change)

    def disconnect(self) -> None:
        self.store.listeners.remove(self.on_change)


async def main() -> None:
    store = Store()
    store.put("web", 2)
    store.put("api", 1)
    cache = Cache(store)

    starting = asyncio.create_task(cache.start())
    await asyncio.sleep(0)  # the copy is taken; the subscription is on its way
    store.put("web", 3)  # sent to the listeners of this moment: not the cache
    await starting

    cache.disconnect()  # the connection drops for a moment
    store.delete("api")  # sent to nobody
    await cache.subscribe()
    store.put("db", 1)  # the first change the cache hears about after the drop

    print("store:", dict(sorted(store.items.items())))
    #> store: {'db': 1, 'web': 3}
    print("cache:", dict(sorted(cache.items.items())))
    #> cache: {'api': 1, 'db': 1, 'web': 2}


if __name__ == "__main__":
    asyncio.run(main())
