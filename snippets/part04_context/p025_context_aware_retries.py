"""P025 Context-Aware Retries and Cancellation: a retry loop stops when its caller does.

`retry` calls an operation until it succeeds, fails for good, or runs out of
attempts or time. Two things end it early. A cancellation of the caller's task
(a `task.cancel()`, or an `asyncio.timeout` around the call) is raised at the
`await` where the loop waits, usually the backoff sleep, and it is never
caught, so no further attempt starts. A deadline passed to `retry` stops the
loop before a backoff wait that would end after it, so the loop never sleeps
past the deadline and reports the last real error instead. The clock and the
sleep are parameters, so the demo and the tests run in no real time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


class RetryGaveUpError(Exception):
    """The loop stopped before the operation succeeded; `__cause__` is the last error."""

    def __init__(self, attempts: int, reason: str) -> None:
        super().__init__(f"gave up after {attempts} attempt{'s' * (attempts != 1)}: {reason}")
        self.attempts = attempts


@dataclass(frozen=True, kw_only=True)
class RetryPolicy:
    """How many attempts, and how long to wait before each retry (doubling, capped)."""

    attempts: int = 5
    base_delay: float = 0.1
    max_delay: float = 2.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError(f"attempts must be at least 1, got {self.attempts}")
        if not 0 < self.base_delay <= self.max_delay:
            raise ValueError("delays must satisfy 0 < base_delay <= max_delay")

    def delay(self, retry: int) -> float:
        """The wait before retry number `retry` (1 for the first retry)."""
        return min(self.max_delay, self.base_delay * 2.0 ** (retry - 1))


def _every_exception(exc: Exception) -> bool:
    return True


async def retry(
    operation: Callable[[], Awaitable[T]],
    *,
    policy: RetryPolicy,
    deadline: float | None = None,
    clock: Callable[[], float] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    is_retryable: Callable[[Exception], bool] = _every_exception,
) -> T:
    """Run `operation` until it succeeds, with backoff between attempts.

    Args:
        deadline: when the caller stops waiting, on `clock`'s time line. No
            attempt starts after it, and no wait is started that would end
            after it. Pair it with an `asyncio.timeout_at` on the same
            deadline, which also cuts short an attempt that is still running.
        clock: the time now, in seconds; `sleep` must wait on the same time
            line. Defaults to the event loop's clock, which `asyncio.sleep` uses.
        sleep: waits between attempts. It must be cancellable, as
            `asyncio.sleep` is: a cancelled caller stops the loop there.
        is_retryable: False for errors that another attempt cannot fix.

    Raises:
        RetryGaveUpError: attempts or time ran out; the last error is its cause.
        Exception: the first error that `is_retryable` rejects, unchanged.
        asyncio.CancelledError: the caller was cancelled; never retried.
    """
    now = clock or asyncio.get_running_loop().time
    last_error: Exception | None = None
    attempt = 0
    while True:
        if deadline is not None and now() >= deadline:
            raise RetryGaveUpError(attempt, "the deadline has passed") from last_error
        attempt += 1
        try:
            return await operation()
        # CancelledError is a BaseException, not an Exception: a cancelled
        # caller passes straight through and is never counted as a failure.
        except Exception as exc:
            if not is_retryable(exc):
                raise
            last_error = exc
        if attempt == policy.attempts:
            raise RetryGaveUpError(attempt, "no attempts left") from last_error
        wait = policy.delay(attempt)
        if deadline is not None and now() + wait >= deadline:
            raise RetryGaveUpError(
                attempt, f"a {wait:g}s wait would end after the deadline"
            ) from last_error
        await sleep(wait)  # a cancellation of the caller is raised here and ends the loop


async def retry_within(
    operation: Callable[[], Awaitable[T]],
    *,
    seconds: float,
    policy: RetryPolicy,
    is_retryable: Callable[[Exception], bool] = _every_exception,
) -> T:
    """Retry for at most `seconds`: one deadline, shared by the loop and a timeout.

    The loop uses the deadline to skip a wait it could not finish; the
    `asyncio.timeout_at` on the same deadline cancels an attempt still running
    when it comes, and raises TimeoutError.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    async with asyncio.timeout_at(deadline):
        return await retry(
            operation, policy=policy, deadline=deadline, is_retryable=is_retryable
        )


class FakeTime:
    """A clock and a sleep that moves it: backoff without waiting.

    `sleep` yields to the event loop before it moves the clock, so, like
    `asyncio.sleep`, it is a point where a cancellation can arrive. `sleeping`
    is set as soon as a sleep starts.
    """

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []
        self.sleeping = asyncio.Event()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.sleeping.set()
        await asyncio.sleep(0)
        self.now += seconds


class FlakyService:
    """Fails with `error` for its first `failures` calls, then answers; counts calls."""

    def __init__(self, failures: int, error: Exception) -> None:
        self.failures = failures
        self.error = error
        self.calls = 0

    async def fetch(self) -> str:
        self.calls += 1
        await asyncio.sleep(0)
        if self.calls <= self.failures:
            raise self.error
        return f"answer on call {self.calls}"


def is_transient(exc: Exception) -> bool:
    return isinstance(exc, ConnectionError)


async def main() -> None:
    policy = RetryPolicy(attempts=5, base_delay=0.1)

    fake = FakeTime()
    flaky = FlakyService(failures=2, error=ConnectionError("connection reset"))
    print(await retry(flaky.fetch, policy=policy, clock=fake.clock, sleep=fake.sleep))
    print("waits:", ", ".join(f"{wait:g}s" for wait in fake.waits))
    #> answer on call 3
    #> waits: 0.1s, 0.2s

    # An error that another attempt cannot fix is raised at once.
    forbidden = FlakyService(failures=9, error=PermissionError("403 forbidden"))
    try:
        await retry(forbidden.fetch, policy=policy, is_retryable=is_transient)
    except PermissionError as exc:
        print(f"{exc}: {forbidden.calls} call")
    #> 403 forbidden: 1 call

    # The caller can wait 1 s. After waits of 0.1, 0.2 and 0.4 s the clock reads
    # 0.7 s, and the next wait (0.8 s) would end after the deadline: stop now.
    fake = FakeTime()
    down = FlakyService(failures=99, error=ConnectionError("connection refused"))
    try:
        await retry(down.fetch, policy=policy, deadline=1.0, clock=fake.clock, sleep=fake.sleep)
    except RetryGaveUpError as exc:
        print(f"{exc}; last error: {exc.__cause__}")
        print(f"stopped at t={fake.now:.1f}s, deadline 1.0s, calls: {down.calls}")
    #> gave up after 4 attempts: a 0.8s wait would end after the deadline; last error: connection refused
    #> stopped at t=0.7s, deadline 1.0s, calls: 4

    # The same rule on the event loop's real clock: with 1 s left, a 2 s wait is
    # never started, so nothing here really sleeps.
    down = FlakyService(failures=99, error=ConnectionError("connection refused"))
    try:
        await retry_within(down.fetch, seconds=1.0, policy=RetryPolicy(base_delay=2.0))
    except RetryGaveUpError as exc:
        print(exc)
    #> gave up after 1 attempt: a 2s wait would end after the deadline

    # The caller gives up while the loop waits between attempts.
    fake = FakeTime()
    down = FlakyService(failures=99, error=ConnectionError("connection refused"))
    task = asyncio.create_task(
        retry(down.fetch, policy=policy, clock=fake.clock, sleep=fake.sleep)
    )
    await fake.sleeping.wait()  # the task is in its first backoff wait
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print(f"cancelled in the wait: calls {down.calls}, task cancelled: {task.cancelled()}")
    #> cancelled in the wait: calls 1, task cancelled: True


if __name__ == "__main__":
    asyncio.run(main())
