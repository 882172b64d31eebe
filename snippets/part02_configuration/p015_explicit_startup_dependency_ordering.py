"""P015 Explicit Startup Dependency Ordering: start in the order of need, stop in reverse.

`running_app` is the composition root. It starts the database, then the cache
(which warms itself from the database), then the server (which uses both), one
after the other, each in the `AsyncExitStack` as soon as it is up. Leaving the
block, for any reason, stops them in the reverse order: the server stops taking
requests before the cache flushes, and the cache flushes before the database
closes. If a step fails, or startup is cancelled, only what already started is
stopped, and the original error propagates.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self


@dataclass
class Trace:
    """Records each lifecycle step in order, and plays the faults a test asks for.

    A step named in `fail` raises ConnectionError; the step named `hang` never
    finishes (a dependency that does not answer) and sets `hanging` when reached.
    """

    fail: set[str] = field(default_factory=set)
    hang: str | None = None
    events: list[str] = field(default_factory=list)
    hanging: asyncio.Event = field(default_factory=asyncio.Event)

    async def step(self, name: str) -> None:
        await asyncio.sleep(0)  # a real step waits on the network
        if name == self.hang:
            self.hanging.set()
            await asyncio.Event().wait()
        if name in self.fail:
            self.events.append(f"{name}: failed")
            raise ConnectionError(f"{name} failed")
        self.events.append(name)


class Component:
    """Base for the parts of the app: `async with` starts it and stops it."""

    name = "component"

    def __init__(self, trace: Trace) -> None:
        self.trace = trace
        self.running = False

    async def __aenter__(self) -> Self:
        await self.trace.step(f"start {self.name}")
        self.running = True
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.running = False
        await self.trace.step(f"stop {self.name}")


class Database(Component):
    name = "database"

    def query(self, sql: str) -> str:
        if not self.running:
            raise RuntimeError(f"database not connected: {sql}")
        return f"rows for {sql}"


class Cache(Component):
    """Warms itself from the database when it starts, and writes back when it stops."""

    name = "cache"

    def __init__(self, database: Database, trace: Trace) -> None:
        super().__init__(trace)
        self.database = database
        self.entries: list[str] = []

    async def __aenter__(self) -> Self:
        self.entries = [self.database.query("popular products")]
        await super().__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.database.query("save hit counters")  # needs the database still open
        await super().__aexit__(exc_type, exc, tb)


class Server(Component):
    """Serves requests from the cache and the database."""

    name = "server"

    def __init__(self, database: Database, cache: Cache, trace: Trace) -> None:
        super().__init__(trace)
        self.database = database
        self.cache = cache

    def handle(self, path: str) -> str:
        return f"{path}: {self.cache.entries[0]}, {self.database.query('stock')}"


@asynccontextmanager
async def running_app(trace: Trace) -> AsyncIterator[Server]:
    """Start database, cache and server in that order; stop them in reverse, whatever happens.

    Each component is handed the ones it needs, which are already running, so
    the order is written once and a reader sees it. A component enters the
    stack only after it started: one that failed to start is not stopped.
    """
    async with AsyncExitStack() as stack:
        database = await stack.enter_async_context(Database(trace))
        cache = await stack.enter_async_context(Cache(database, trace))
        server = await stack.enter_async_context(Server(database, cache, trace))
        yield server


async def serve(trace: Trace) -> None:
    """The program's main: start everything, handle a request, stop everything."""
    async with running_app(trace) as server:
        print(server.handle("/home"))


async def main() -> None:
    trace = Trace()
    await serve(trace)
    #> /home: rows for popular products, rows for stock
    print(" -> ".join(trace.events))
    #> start database -> start cache -> start server -> stop server -> stop cache -> stop database

    # The server cannot bind: only the two started components are stopped, newest first.
    trace = Trace(fail={"start server"})
    try:
        await serve(trace)
    except ConnectionError as exc:
        print(f"startup failed: {exc}")
        #> startup failed: start server failed
    print(" -> ".join(trace.events))
    #> start database -> start cache -> start server: failed -> stop cache -> stop database

    # The cache never answers and the operator presses Ctrl-C (the task is
    # cancelled) while it waits: the database, already started, is still closed.
    trace = Trace(hang="start cache")
    task = asyncio.create_task(serve(trace))
    await trace.hanging.wait()
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print(" -> ".join(trace.events))
    #> start database -> stop database


if __name__ == "__main__":
    asyncio.run(main())
