"""P037 before: components started by hand, watched by nobody, stopped in the wrong order.

`main` starts each part of the service and launches its loop as a loose task.
When the API's loop dies, nothing notices: the process stays up, with a
database and a cache that serve nobody. At shutdown the parts are stopped in
the order they were written down, so the database closes before the cache
that still has to write to it.
"""

from __future__ import annotations

import asyncio


class Database:
    def __init__(self) -> None:
        self.is_open = False

    async def start(self) -> None:
        self.is_open = True
        print("db: open")

    async def stop(self) -> None:
        self.is_open = False
        print("db: closed")

    def write(self, what: str) -> None:
        if not self.is_open:
            raise ConnectionError("database is closed")


class Cache:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def start(self) -> None:
        print("cache: ready")

    async def stop(self) -> None:
        try:
            self.db.write("cache snapshot")
        except ConnectionError as exc:
            print(f"cache: snapshot lost: {exc}")
            return
        print("cache: flushed to db")


class Api:
    def __init__(self) -> None:
        self.crashed = asyncio.Event()

    async def start(self) -> None:
        print("api: listening")

    async def serve(self) -> None:
        await self.crashed.wait()
        raise ConnectionError("listener closed")

    async def stop(self) -> None:
        print("api: stopped")


async def main() -> None:
    db = Database()
    cache = Cache(db)
    api = Api()
    for part in (db, cache, api):
        await part.start()
    #> db: open
    #> cache: ready
    #> api: listening
    serving = asyncio.create_task(api.serve())  # launched, and never looked at again

    api.crashed.set()
    await asyncio.sleep(0)
    print("api loop finished:", serving.done(), "| process still up, serving nobody")
    #> api loop finished: True | process still up, serving nobody

    for part in (db, cache, api):  # stopped in the order they were written down
        await part.stop()
    #> db: closed
    #> cache: snapshot lost: database is closed
    #> api: stopped
    serving.exception()  # retrieved only so Python does not warn about it at exit


if __name__ == "__main__":
    asyncio.run(main())
