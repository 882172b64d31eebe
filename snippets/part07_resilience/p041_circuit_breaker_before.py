"""P041 before: every request waits out the full timeout of a dependency that is down.

Without a breaker, the caller learns nothing from the last failure. Each new
request pays the whole timeout again, and the dependency, already struggling,
gets the full load while it tries to recover.
"""

from __future__ import annotations

import asyncio

TIMEOUT = 2.0


class SimulatedTime:
    """Adds up the seconds callers spend waiting, without really sleeping."""

    def __init__(self) -> None:
        self.elapsed = 0.0


class HangingInventoryService:
    """A dependency that accepts connections but never answers."""

    def __init__(self, time: SimulatedTime) -> None:
        self.time = time
        self.calls = 0

    async def reserve(self, sku: str) -> str:
        self.calls += 1
        await asyncio.sleep(0)
        self.time.elapsed += TIMEOUT  # the caller waits the whole timeout
        raise TimeoutError(f"reserve {sku}: no answer after {TIMEOUT:.0f}s")


async def handle_request(inventory: HangingInventoryService, sku: str) -> str:
    try:
        return await inventory.reserve(sku)
    except TimeoutError:
        return "503 Service Unavailable"


async def main() -> None:
    time = SimulatedTime()
    inventory = HangingInventoryService(time)
    responses = [await handle_request(inventory, f"sku-{n}") for n in range(50)]
    print(responses[-1])
    #> 503 Service Unavailable
    print(f"calls to a service known to be down: {inventory.calls}")
    #> calls to a service known to be down: 50
    print(f"seconds users spent waiting for the same answer: {time.elapsed:.0f}")
    #> seconds users spent waiting for the same answer: 100


if __name__ == "__main__":
    asyncio.run(main())
