"""P040 before: a retry loop with a fixed pause that retries every exception.

The loop below is the one that gets written first. It retries errors that
will never go away, it pauses the same short time after every failure, so a
dependency that needs a second to restart is hit again and again and the
loop gives up just before it comes back, and it pauses the same time in every
client, so clients that failed together retry together, in one spike.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def retry_fixed(
    operation: Callable[[], Awaitable[T]],
    sleep: Callable[[float], Awaitable[None]],
    attempts: int = 10,
    pause: float = 0.1,
) -> T:
    attempt = 1
    while True:
        try:
            return await operation()
        except Exception:  # a typo in a SKU is "retried" like a dropped connection
            if attempt == attempts:
                raise
        await sleep(pause)  # the same pause every time, in every client
        attempt += 1


class Clock:
    """One client's own time line: sleeping moves it forward at once."""

    def __init__(self) -> None:
        self.now = 0.0

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


class Service:
    """Down until `up_at`; looks products up by SKU and notes when requests arrive."""

    def __init__(self, up_at: float) -> None:
        self.up_at = up_at
        self.arrivals: list[float] = []

    async def stock(self, sku: str, now: float) -> int:
        self.arrivals.append(now)
        await asyncio.sleep(0)
        if not sku.startswith("sku-"):
            raise LookupError(f"no such product: {sku}")
        if now < self.up_at:
            raise ConnectionResetError("service restarting")
        return 12


async def main() -> None:
    service = Service(up_at=1.0)

    async def client() -> int:
        clock = Clock()
        return await retry_fixed(lambda: service.stock("sku-1", clock.now), clock.sleep)

    results = await asyncio.gather(*(client() for _ in range(1000)), return_exceptions=True)
    served = sum(result == 12 for result in results)
    print(f"clients served: {served}, requests: {len(service.arrivals)}")
    #> clients served: 0, requests: 10000
    retries = Counter(int(t * 100) for t in service.arrivals if t > 0)
    print(f"most retries in one 10 ms window: {max(retries.values())}")
    #> most retries in one 10 ms window: 1000

    typo, clock = Service(up_at=0.0), Clock()
    try:
        await retry_fixed(lambda: typo.stock("mug", clock.now), clock.sleep)
    except LookupError:
        print(f"calls for a product that does not exist: {len(typo.arrivals)}")
    #> calls for a product that does not exist: 10


if __name__ == "__main__":
    asyncio.run(main())
