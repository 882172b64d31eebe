"""P038 Background Daemon: a supervised background job, restarted with backoff.

A `Daemon` runs one long-lived background job (a cache refresher, a metrics
flusher) in a task it owns. `start` launches it, `stop` cancels it and waits
until it is gone, and `health` reports what it is doing. When the job crashes,
the daemon waits and runs it again, doubling the wait after each crash in a
row up to a cap; a run that lasted `stable_after` seconds resets the count.
After `max_crashes` crashes in a row it gives up and reports itself failed.
"""

from __future__ import annotations

import asyncio
import enum
import heapq
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

Sleep = Callable[[float], Awaitable[None]]
Job = Callable[[], Coroutine[Any, Any, None]]


class State(enum.Enum):
    STOPPED = "stopped"
    RUNNING = "running"
    BACKING_OFF = "backing off"
    FAILED = "failed"


@dataclass(frozen=True)
class Health:
    """A snapshot for a health endpoint or a log line."""

    state: State
    restarts: int
    last_error: str | None
    retry_in: float | None  # the wait chosen after the last crash, while backing off

    @property
    def healthy(self) -> bool:
        return self.state is State.RUNNING


@dataclass(frozen=True)
class Backoff:
    """How long to wait before each restart: `initial`, doubled per crash, at most `maximum`."""

    initial: float = 1.0
    maximum: float = 60.0
    stable_after: float = 60.0  # a run this long clears the count of crashes in a row
    max_crashes: int | None = None  # give up after this many crashes in a row; None: never

    def __post_init__(self) -> None:
        if not 0 < self.initial <= self.maximum:
            raise ValueError("backoff needs 0 < initial <= maximum")
        if self.stable_after <= 0:
            raise ValueError("stable_after must be positive, or every run would reset the wait")
        if self.max_crashes is not None and self.max_crashes < 1:
            raise ValueError("max_crashes must be at least 1")

    def delay(self, crashes: int) -> float:
        """The wait after `crashes` crashes in a row (1 for the first)."""
        return min(self.initial * 2.0 ** (crashes - 1), self.maximum)


class Daemon:
    """Keeps one background job running, restarting it after each crash.

    Args:
        name: for logs and health endpoints.
        job: the long-lived work; it loops until cancelled. Raising an
            exception, or returning, counts as a crash.
        backoff: how long to wait between restarts, and when to give up.
        clock: seconds from a monotonic clock; inject a fake one in tests.
        sleep: waits between restarts; inject a fake one in tests.
    """

    def __init__(
        self,
        name: str,
        job: Job,
        *,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.name = name
        self._job = job
        self._backoff = backoff or Backoff()
        self._clock = clock
        self._sleep = sleep
        self._task: asyncio.Task[None] | None = None
        self._state = State.STOPPED
        self._restarts = 0
        self._last_error: str | None = None
        self._retry_in: float | None = None

    def health(self) -> Health:
        return Health(self._state, self._restarts, self._last_error, self._retry_in)

    def start(self) -> None:
        """Run the job in a task this daemon owns; `stop` ends it."""
        if self._task is not None:
            raise RuntimeError(f"daemon {self.name} is already started")
        self._task = asyncio.create_task(self.run(), name=f"daemon {self.name}")

    async def stop(self) -> None:
        """Cancel the job (or the wait before its restart) and return once it is gone."""
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        await asyncio.wait([task])  # waits for the job's cleanup; does not raise
        self._state, self._retry_in = State.STOPPED, None

    async def run(self) -> None:
        """Supervise the job in the current task; return only after giving up.

        `start` runs this in a task of its own. A lifecycle manager (P037) can
        call it as a component's run instead: it returns only when the daemon
        has given up, which the manager treats as that component failing.
        """
        crashes = 0
        while True:
            self._state, self._retry_in = State.RUNNING, None
            started = self._clock()
            try:
                await self._job()
            except Exception as exc:  # CancelledError is not an Exception: stop() still works
                self._last_error = f"{type(exc).__name__}: {exc}"
            else:
                self._last_error = "job returned"
            if self._clock() - started >= self._backoff.stable_after:
                crashes = 0  # it ran fine for a while: this is a new problem
            crashes += 1
            if self._backoff.max_crashes is not None and crashes >= self._backoff.max_crashes:
                self._state = State.FAILED
                return
            self._state = State.BACKING_OFF
            self._retry_in = self._backoff.delay(crashes)
            await self._sleep(self._retry_in)
            self._restarts += 1


class VirtualClock:
    """Time that moves only when `advance` is called, so the demo needs no real waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self._timers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._count = 0

    def time(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        wake: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._count += 1
        heapq.heappush(self._timers, (self.now + seconds, self._count, wake))
        await wake

    async def advance(self, seconds: float) -> None:
        """Move time forward, waking each sleeper at its due time, in order."""
        target = self.now + seconds
        await _let_tasks_run()
        while self._timers and self._timers[0][0] <= target:
            due, _, wake = heapq.heappop(self._timers)
            self.now = due
            if not wake.done():  # a cancelled sleeper's future is already done
                wake.set_result(None)
            await _let_tasks_run()
        self.now = target


async def _let_tasks_run() -> None:
    """Give every task that is ready a few turns, so each reacts before time moves on."""
    for _ in range(10):
        await asyncio.sleep(0)


class PriceFeed:
    """The upstream the refresher reads; the demo takes it down and brings it back."""

    def __init__(self) -> None:
        self.up = False
        self.calls = 0

    async def fetch(self) -> dict[str, float]:
        self.calls += 1
        await asyncio.sleep(0)
        if not self.up:
            raise ConnectionError("price feed unavailable")
        return {"EUR": 1.08}


def show(clock: VirtualClock, health: Health) -> None:
    retry = "" if health.retry_in is None else f", retry in {health.retry_in:.0f}s"
    print(
        f"t={clock.now:3.0f}s {health.state.value}: restarts={health.restarts}{retry}"
        f" | {health.last_error}"
    )


async def main() -> None:
    clock = VirtualClock()
    feed = PriceFeed()
    prices: dict[str, float] = {}

    async def refresh_prices() -> None:
        while True:  # the job: refresh every 30 seconds, until cancelled
            prices.update(await feed.fetch())
            await clock.sleep(30.0)

    backoff = Backoff(initial=1.0, maximum=8.0, stable_after=60.0)
    daemon = Daemon("prices", refresh_prices, backoff=backoff, clock=clock.time, sleep=clock.sleep)
    baseline = asyncio.all_tasks()
    daemon.start()
    for seconds in (0.0, 1.0, 2.0):
        await clock.advance(seconds)
        show(clock, daemon.health())
    #> t=  0s backing off: restarts=0, retry in 1s | ConnectionError: price feed unavailable
    #> t=  1s backing off: restarts=1, retry in 2s | ConnectionError: price feed unavailable
    #> t=  3s backing off: restarts=2, retry in 4s | ConnectionError: price feed unavailable

    feed.up = True
    await clock.advance(4.0)
    show(clock, daemon.health())
    #> t=  7s running: restarts=3 | ConnectionError: price feed unavailable
    print("prices:", prices, "healthy:", daemon.health().healthy)
    #> prices: {'EUR': 1.08} healthy: True

    await clock.advance(100.0)  # three more refreshes, then the feed fails again
    feed.up = False
    await clock.advance(20.0)
    show(clock, daemon.health())  # it had run for 120s: the wait starts at 1s again
    #> t=127s backing off: restarts=3, retry in 1s | ConnectionError: price feed unavailable

    await daemon.stop()
    show(clock, daemon.health())
    #> t=127s stopped: restarts=3 | ConnectionError: price feed unavailable

    # A daemon that may crash only three times in a row gives up, and says so.
    strict = Backoff(initial=1.0, maximum=8.0, max_crashes=3)
    fragile = Daemon("fragile", refresh_prices, backoff=strict, clock=clock.time, sleep=clock.sleep)
    fragile.start()
    await clock.advance(10.0)
    show(clock, fragile.health())
    #> t=137s failed: restarts=2 | ConnectionError: price feed unavailable
    await fragile.stop()
    print("tasks left:", len(asyncio.all_tasks() - baseline), "feed calls:", feed.calls)
    #> tasks left: 0 feed calls: 11


if __name__ == "__main__":
    asyncio.run(main())
