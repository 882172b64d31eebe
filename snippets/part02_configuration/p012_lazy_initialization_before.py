"""P012 before: check, await, set. Every task that checks during the await connects.

`get_pool` tests whether the pool exists and, if not, awaits the connection.
In asyncio nothing can interrupt the test itself, but the `await` hands control
to every other task, and each of them finds the attribute still empty and
starts its own connection. The last one to finish wins the attribute; the
others are left open, unreferenced, holding their connections.
"""

from __future__ import annotations

import asyncio


class Database:
    """Counts the pools opened against it."""

    def __init__(self) -> None:
        self.pools_opened = 0

    async def open_pool(self) -> str:
        self.pools_opened += 1
        number = self.pools_opened
        await asyncio.sleep(0)  # the TCP and TLS handshakes
        return f"pool-{number}"


class Repository:
    def __init__(self, database: Database) -> None:
        self._database = database
        self._pool: str | None = None

    async def get_pool(self) -> str:
        if self._pool is None:
            self._pool = await self._database.open_pool()
        return self._pool


async def main() -> None:
    database = Database()
    repository = Repository(database)
    pools = await asyncio.gather(*(repository.get_pool() for _ in range(20)))
    print("pools opened:", database.pools_opened)
    #> pools opened: 20
    print("distinct pools handed out:", len(set(pools)))
    #> distinct pools handed out: 20


if __name__ == "__main__":
    asyncio.run(main())
