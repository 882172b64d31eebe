"""P029 before: each worker throttles itself, so the real rate is the limit times the workers.

The client below keeps its own calls a quarter of a second apart: four a
second, the partner's limit. Each worker builds its own client, so each keeps
its own schedule, and four workers start sixteen calls a second. Nothing in
one worker's code can see what the others are doing.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable


class FakeClock:
    """Virtual time: `sleep` moves the clock forward and returns at once."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


class RateLimitedError(Exception):
    """The upstream's answer to one call too many: HTTP 429."""


class PartnerAPI:
    """A stand-in upstream that accepts at most `limit` calls in any `window` seconds."""

    def __init__(self, clock: Callable[[], float], *, limit: int, window: float = 1.0) -> None:
        self.clock = clock
        self.limit = limit
        self.window = window
        self.accepted: deque[float] = deque()
        self.starts: list[float] = []
        self.rejected = 0

    async def send(self, event: str) -> None:
        now = self.clock()
        self.starts.append(now)
        while self.accepted and self.accepted[0] <= now - self.window:
            self.accepted.popleft()
        await asyncio.sleep(0)
        if len(self.accepted) >= self.limit:
            self.rejected += 1
            raise RateLimitedError(f"429 Too Many Requests: {event}")
        self.accepted.append(now)


class ThrottledClient:
    """Keeps its own calls at least `interval` seconds apart."""

    def __init__(
        self, api: PartnerAPI, interval: float, sleep: Callable[[float], Awaitable[None]]
    ) -> None:
        self.api = api
        self.interval = interval
        self.sleep = sleep
        self.next_call = api.clock()

    async def send(self, event: str) -> None:
        now = self.api.clock()
        if now < self.next_call:
            await self.sleep(self.next_call - now)
        self.next_call = max(now, self.next_call) + self.interval
        await self.api.send(event)


async def drain(queue: asyncio.Queue[str], api: PartnerAPI, clock: FakeClock, workers: int) -> int:
    """Send every queued event; return how many the partner rejected."""
    failures = 0

    async def worker() -> None:
        nonlocal failures
        client = ThrottledClient(api, interval=0.25, sleep=clock.sleep)  # one per worker
        while not queue.empty():
            event = queue.get_nowait()
            try:
                await client.send(event)
            except RateLimitedError:
                failures += 1

    async with asyncio.TaskGroup() as group:
        for _ in range(workers):
            group.create_task(worker())
    return failures


async def main() -> None:
    clock = FakeClock()
    api = PartnerAPI(clock, limit=4)  # the partner allows 4 calls a second
    queue: asyncio.Queue[str] = asyncio.Queue()
    for n in range(40):
        queue.put_nowait(f"event-{n}")
    failures = await drain(queue, api, clock, workers=4)
    first_second = sum(1 for start in api.starts if start < 1.0)
    print(f"calls started in the first second: {first_second} (the partner allows 4)")
    #> calls started in the first second: 16 (the partner allows 4)
    print(f"sent: {len(api.starts)}, rejected with 429: {failures}")
    #> sent: 40, rejected with 429: 28


if __name__ == "__main__":
    asyncio.run(main())
