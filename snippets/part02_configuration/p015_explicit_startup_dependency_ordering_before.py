"""P015 before: every component starts at once, so the order is whatever the timing gives.

`start_all` runs the three start-ups concurrently with `asyncio.gather`. The
server is listening before the cache it serves from has warmed; the cache
reads from a database that is still connecting and fails; and `gather` does not
stop the others, so the database finishes connecting after the cache has
failed, and nothing will ever close it or the server.
"""

from __future__ import annotations

import asyncio


class Component:
    def __init__(self, name: str, events: list[str], *, connect_rounds: int = 0) -> None:
        self.name = name
        self.events = events
        self.connect_rounds = connect_rounds
        self.running = False

    async def start(self) -> None:
        for _ in range(self.connect_rounds):
            await asyncio.sleep(0)  # one network round trip
        self.running = True
        self.events.append(f"{self.name}: up")


class Cache(Component):
    def __init__(self, database: Component, events: list[str]) -> None:
        super().__init__("cache", events, connect_rounds=1)
        self.database = database

    async def start(self) -> None:
        await asyncio.sleep(0)
        if not self.database.running:
            self.events.append("cache: warm-up failed, database not connected")
            raise RuntimeError("database not connected")
        await super().start()


async def main() -> None:
    events: list[str] = []
    database = Component("database", events, connect_rounds=2)
    cache = Cache(database, events)
    server = Component("server", events)

    tasks = [asyncio.create_task(c.start()) for c in (database, cache, server)]
    try:
        await asyncio.gather(*tasks)
    except RuntimeError as exc:
        print(f"startup failed: {exc}")
        #> startup failed: database not connected
    await asyncio.wait(tasks)  # gather did not cancel the others: they carry on
    for event in events:
        print(event)
    #> server: up
    #> cache: warm-up failed, database not connected
    #> database: up
    running = [c.name for c in (database, cache, server) if c.running]
    print("still running, and nobody will stop them:", ", ".join(running))
    #> still running, and nobody will stop them: database, server


if __name__ == "__main__":
    asyncio.run(main())
