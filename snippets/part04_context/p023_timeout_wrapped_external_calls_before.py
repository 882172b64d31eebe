"""P023 before: a call with no limit waits as long as the other side keeps it waiting.

The handler awaits the inventory service directly. When that service accepts
requests and then never answers, each request holds a connection forever, the
client's pool runs dry, and requests that never touch the hung part of the
service queue behind them. Nothing in the code will ever end those waits.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


class ConnectionPool:
    """A client's pool of `size` connections; `waiting` counts requests queued for one."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.in_use = 0
        self.waiting = 0
        self._free = asyncio.Semaphore(size)

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[None]:
        self.waiting += 1
        try:
            await self._free.acquire()
        finally:
            self.waiting -= 1
        self.in_use += 1
        try:
            yield
        finally:
            self.in_use -= 1
            self._free.release()


class HungInventory:
    """An inventory service that accepts every request and never answers."""

    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool

    async def request(self, path: str) -> str:
        async with self.pool.connection():
            reply: asyncio.Future[str] = asyncio.get_running_loop().create_future()
            return await reply  # the reply that never comes


async def handle_order(inventory: HungInventory, sku: str) -> str:
    return await inventory.request(f"/reserve/{sku}")  # no limit: waits for ever


async def main() -> None:
    pool = ConnectionPool(size=10)
    inventory = HungInventory(pool)
    requests = [asyncio.create_task(handle_order(inventory, f"sku-{n}")) for n in range(12)]
    for _ in range(1_000):
        await asyncio.sleep(0)  # a thousand turns of the event loop: no reply comes
    print(f"answered: {sum(request.done() for request in requests)} of 12")
    #> answered: 0 of 12
    print(f"connections held: {pool.in_use} of {pool.size}, requests queued for one: {pool.waiting}")
    #> connections held: 10 of 10, requests queued for one: 2

    # Only code outside the requests can end them; a real server would not.
    for request in requests:
        request.cancel()
    await asyncio.gather(*requests, return_exceptions=True)
    print(f"after cancelling them from outside: connections held: {pool.in_use}")
    #> after cancelling them from outside: connections held: 0


if __name__ == "__main__":
    asyncio.run(main())
