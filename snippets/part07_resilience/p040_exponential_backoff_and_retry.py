"""P040 Exponential Backoff and Retry: wait longer after each failure, at a random moment.

`retry` runs an operation until it succeeds, raises an error that another
attempt cannot fix, or has used all its attempts. Before retry number n
(counting from 0) it waits a random time drawn uniformly from
[0, min(cap, base * 2**n)]. The ceiling doubles, so a dependency in trouble
gets more room after every failure, and the draw ("full jitter") scatters
clients that failed at the same moment over the whole window, so they do not
come back at the same moment either. The random source and the sleep are
parameters: seed one and fake the other, and every wait is known in advance.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class Backoff:
    """How long to wait before each retry: full jitter under a doubling, capped ceiling.

    Attributes:
        base: the ceiling of the first wait, in seconds.
        cap: the longest any wait may be, however many failures came before it.
    """

    base: float = 0.1
    cap: float = 10.0

    def __post_init__(self) -> None:
        if not 0 < self.base <= self.cap:
            raise ValueError(f"need 0 < base <= cap, got base={self.base}, cap={self.cap}")

    def ceiling(self, retry: int) -> float:
        """The longest wait before retry number `retry` (0 for the first retry)."""
        # Clamping the exponent keeps 2.0 ** retry a finite float for any retry count.
        return min(self.cap, self.base * 2.0 ** min(retry, 1000))

    def delay(self, retry: int, rng: random.Random) -> float:
        """A wait drawn uniformly from [0, ceiling(retry)]."""
        return rng.uniform(0.0, self.ceiling(retry))


class RetriesExhaustedError(Exception):
    """Every attempt failed with a retryable error; `__cause__` holds the last one."""

    def __init__(self, attempts: int) -> None:
        super().__init__(f"gave up after {attempts} attempts")
        self.attempts = attempts


# Seeded from the operating system once: production waits differ run to run.
_UNSEEDED = random.Random()


async def retry(
    operation: Callable[[], Awaitable[T]],
    *,
    attempts: int,
    backoff: Backoff,
    is_retryable: Callable[[Exception], bool],
    rng: random.Random = _UNSEEDED,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """Call `operation` until it succeeds, waiting `backoff.delay(n)` before retry n.

    Args:
        operation: the call to make; it is called at most `attempts` times.
        attempts: the total number of calls, the first one included.
        backoff: the schedule of waits between calls.
        is_retryable: True only for errors another attempt may not repeat
            (a timeout, a refused connection, a 503). There is no default:
            deciding that is the caller's job, not the loop's.
        rng: where the jitter comes from; pass `random.Random(seed)` in tests.
        sleep: how to wait; pass a fake in tests. It must be cancellable.

    Raises:
        RetriesExhaustedError: `attempts` calls failed; the last error is its cause.
        Exception: the first error `is_retryable` rejects, unchanged, at once.
        asyncio.CancelledError: the caller was cancelled; it is never retried.
    """
    if attempts < 1:
        raise ValueError(f"attempts must be at least 1, got {attempts}")
    retry_number = 0
    while True:
        try:
            return await operation()
        # CancelledError is a BaseException, not an Exception, so a cancelled
        # caller passes straight through and is never counted as a failure.
        except Exception as exc:
            if not is_retryable(exc):
                raise
            if retry_number + 1 == attempts:
                raise RetriesExhaustedError(attempts) from exc
        await sleep(backoff.delay(retry_number, rng))
        retry_number += 1


def is_transient(exc: Exception) -> bool:
    """The demo's classification: network trouble is worth another try."""
    return isinstance(exc, ConnectionError | TimeoutError)


class FakeSleep:
    """Records each wait and moves its own clock instead of sleeping."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


class StockService:
    """Answers after `failures` refused connections; unknown SKUs are an error for good."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls = 0

    async def stock(self, sku: str) -> int:
        self.calls += 1
        await asyncio.sleep(0)
        if not sku.startswith("sku-"):
            raise LookupError(f"no such product: {sku}")
        if self.calls <= self.failures:
            raise ConnectionRefusedError("stock service refused the connection")
        return 12


class OutageLog:
    """A service that is down until `up_at` and notes when each request arrives."""

    def __init__(self, up_at: float) -> None:
        self.up_at = up_at
        self.arrivals: list[float] = []

    async def call(self, now: float) -> str:
        self.arrivals.append(now)
        await asyncio.sleep(0)
        if now < self.up_at:
            raise ConnectionResetError("service restarting")
        return "ok"

    def busiest_window(self) -> int:
        """The most retries that arrived within one 10 ms window (t = 0 is the first try)."""
        return max(Counter(int(t * 100) for t in self.arrivals if t > 0).values())


async def main() -> None:
    policy = Backoff(base=0.1, cap=2.0)
    rng = random.Random(40)

    service, sleep = StockService(failures=3), FakeSleep()
    count = await retry(
        lambda: service.stock("sku-1"),
        attempts=5, backoff=policy, is_retryable=is_transient, rng=rng, sleep=sleep,
    )
    for n, wait in enumerate(sleep.waits):
        print(f"before retry {n}: waited {wait:.3f}s of at most {policy.ceiling(n):.3f}s")
    #> before retry 0: waited 0.046s of at most 0.100s
    #> before retry 1: waited 0.176s of at most 0.200s
    #> before retry 2: waited 0.013s of at most 0.400s
    print(f"in stock: {count}, calls: {service.calls}")
    #> in stock: 12, calls: 4

    service, sleep = StockService(failures=0), FakeSleep()
    try:
        await retry(
            lambda: service.stock("mug"),
            attempts=5, backoff=policy, is_retryable=is_transient, rng=rng, sleep=sleep,
        )
    except LookupError as exc:
        print(f"not retried: {exc} (calls: {service.calls}, waits: {len(sleep.waits)})")
    #> not retried: no such product: mug (calls: 1, waits: 0)

    service, sleep = StockService(failures=99), FakeSleep()
    try:
        await retry(
            lambda: service.stock("sku-2"),
            attempts=4, backoff=policy, is_retryable=is_transient, rng=rng, sleep=sleep,
        )
    except RetriesExhaustedError as exc:
        print(f"{exc}; last error: {exc.__cause__}")
    #> gave up after 4 attempts; last error: stock service refused the connection
    print(f"calls: {service.calls}, waits: {len(sleep.waits)}")
    #> calls: 4, waits: 3

    # 1,000 clients lose the service at the same moment; it is back after 1 s.
    outage = OutageLog(up_at=1.0)

    async def client() -> str:
        clock = FakeSleep()
        return await retry(
            lambda: outage.call(clock.now),
            attempts=10, backoff=policy, is_retryable=is_transient, rng=rng, sleep=clock,
        )

    results = await asyncio.gather(*(client() for _ in range(1000)), return_exceptions=True)
    served = results.count("ok")
    print(f"clients served: {served}, requests: {len(outage.arrivals)}")
    #> clients served: 1000, requests: 6000
    print(f"most retries in one 10 ms window: {outage.busiest_window()}")
    #> most retries in one 10 ms window: 151


if __name__ == "__main__":
    asyncio.run(main())
