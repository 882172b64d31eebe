"""P026 before: one task per job, so every job is in flight at the same moment.

`asyncio.gather` wraps each coroutine it is given in a task and schedules them
all before any has finished. With 10,000 jobs that is 10,000 jobs in flight,
and 10,000 connection attempts against a database that accepts 100. Nothing
in the code says how many may run at once, so the input size decides.
"""

from __future__ import annotations

import asyncio


class Database:
    """A stand-in database server that accepts at most `max_connections` clients."""

    def __init__(self, max_connections: int) -> None:
        self.max_connections = max_connections
        self.connections = 0
        self.refused = 0

    async def fetch_order(self, order_id: int) -> str:
        await asyncio.sleep(0)  # the connection handshake: every other task runs meanwhile
        if self.connections >= self.max_connections:
            self.refused += 1
            raise ConnectionRefusedError("too many connections")
        self.connections += 1
        try:
            await asyncio.sleep(0)  # the query's round trip
            return f"order {order_id}: paid"
        finally:
            self.connections -= 1


class InFlight:
    """Counts the jobs that have started and not finished, and the highest count seen."""

    def __init__(self) -> None:
        self.now = 0
        self.peak = 0

    def __enter__(self) -> None:
        self.now += 1
        self.peak = max(self.peak, self.now)

    def __exit__(self, *exc_info: object) -> None:
        self.now -= 1


async def handle_all(database: Database, order_ids: range, in_flight: InFlight) -> list[str]:
    """Process every order at once: the number of jobs is the concurrency."""

    async def handle(order_id: int) -> str:
        with in_flight:
            try:
                return await database.fetch_order(order_id)
            except ConnectionRefusedError as exc:
                return f"order {order_id}: failed, {exc}"

    return await asyncio.gather(*(handle(order_id) for order_id in order_ids))


async def main() -> None:
    database = Database(max_connections=100)
    in_flight = InFlight()
    results = await handle_all(database, range(10_000), in_flight)
    print(f"jobs: {len(results)}, peak in flight: {in_flight.peak}")
    #> jobs: 10000, peak in flight: 10000
    print(f"refused by a database that accepts 100 connections: {database.refused}")
    #> refused by a database that accepts 100 connections: 9900
    print(results[99])
    #> order 99: paid
    print(results[100])
    #> order 100: failed, too many connections


if __name__ == "__main__":
    asyncio.run(main())
