"""P029: starts per window never pass the bucket's bound, in virtual time, whatever the workers do."""

from __future__ import annotations

import asyncio
import itertools
import math
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part05_concurrency import p029_rate_limited_work_queues as p029
from snippets.part05_concurrency import p029_rate_limited_work_queues_before as before
from snippets.part05_concurrency.p029_rate_limited_work_queues import (
    FakeClock,
    PartnerAPI,
    TokenBucket,
    busiest_window,
    drain,
)

DemoCheck = Callable[[ModuleType], None]


async def steps(count: int) -> None:
    """Yield to the event loop `count` times: work that takes `count` turns."""
    for _ in range(count):
        await asyncio.sleep(0)


def assert_no_other_tasks() -> None:
    assert asyncio.all_tasks() == {asyncio.current_task()}


def filled(jobs: int) -> asyncio.Queue[int]:
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(jobs):
        queue.put_nowait(n)
    return queue


async def run_starts(
    *, rate: float, burst: int, workers: int, jobs: int
) -> tuple[list[float], FakeClock]:
    """Drain `jobs` jobs of uneven length and return the virtual time each one started."""
    clock = FakeClock()
    starts: list[float] = []

    async def handle(n: int) -> None:
        starts.append(clock())
        await steps(n % 4)

    limiter = TokenBucket(rate=rate, burst=burst, clock=clock, sleep=clock.sleep)
    assert await drain(filled(jobs), handle, limiter=limiter, workers=workers) == []
    return starts, clock


@pytest.mark.parametrize(("rate", "window"), [(1, 1.0), (4, 1.0), (8, 0.5), (0.5, 4.0), (16, 2.0)])
@pytest.mark.parametrize("burst", [1, 3])
@pytest.mark.parametrize("workers", [1, 4, 16])
def test_starts_in_any_window_never_pass_the_bucket_bound(
    rate: float, window: float, burst: int, workers: int
) -> None:
    async def scenario() -> None:
        starts, _ = await run_starts(rate=rate, burst=burst, workers=workers, jobs=120)
        assert len(starts) == 120
        # The bound is reached, never passed: a limiter that is too slow fails too.
        assert busiest_window(starts, window) == burst - 1 + rate * window
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_after_the_burst_each_start_waits_exactly_one_interval() -> None:
    starts, _ = asyncio.run(run_starts(rate=4, burst=2, workers=3, jobs=8))
    assert starts == [0.0, 0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5]


def test_a_rate_that_is_not_a_binary_fraction_keeps_its_average() -> None:
    starts, _ = asyncio.run(run_starts(rate=3, burst=1, workers=5, jobs=31))
    assert math.isclose(starts[-1], 10.0)
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert all(math.isclose(gap, 1 / 3) for gap in gaps)


def test_a_quiet_spell_refills_no_more_than_the_burst() -> None:
    async def scenario() -> None:
        clock = FakeClock()
        bucket = TokenBucket(rate=2, burst=3, clock=clock, sleep=clock.sleep)
        for _ in range(3):
            await bucket.acquire()
        assert clock() == 0.0
        await clock.sleep(100)  # nobody calls for 100 s: 200 tokens' worth of time
        times = []
        for _ in range(6):
            await bucket.acquire()
            times.append(clock())
        assert times == [100.0, 100.0, 100.0, 100.5, 101.0, 101.5]

    asyncio.run(scenario())


def test_waiters_start_in_the_order_they_arrived() -> None:
    async def scenario() -> None:
        clock = FakeClock()
        bucket = TokenBucket(rate=10, clock=clock, sleep=clock.sleep)
        order: list[str] = []

        async def start(name: str) -> None:
            await bucket.acquire()
            order.append(name)

        async with asyncio.TaskGroup() as group:
            for name in "abcdefgh":
                group.create_task(start(name))
        assert order == list("abcdefgh")

    asyncio.run(scenario())


def test_a_cancelled_waiter_takes_no_token() -> None:
    async def scenario() -> None:
        clock = FakeClock()
        bucket = TokenBucket(rate=4, clock=clock, sleep=clock.sleep)
        await bucket.acquire()  # the only token, at 0.0
        waiter = asyncio.create_task(bucket.acquire())
        await asyncio.sleep(0)  # it now sleeps for the next token, due at 0.25
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
        await bucket.acquire()
        assert clock() == 0.25  # the token the cancelled waiter gave up, not the one after it
        await bucket.acquire()
        assert clock() == 0.5

    asyncio.run(scenario())


def test_a_failing_job_is_reported_and_the_others_still_start_on_schedule() -> None:
    async def scenario() -> None:
        clock = FakeClock()
        starts: list[float] = []

        async def handle(n: int) -> None:
            starts.append(clock())
            await asyncio.sleep(0)
            if n % 3 == 0:
                raise ValueError(f"job {n} is malformed")

        limiter = TokenBucket(rate=2, clock=clock, sleep=clock.sleep)
        failed = await drain(filled(7), handle, limiter=limiter, workers=2)
        assert [(job, str(exc)) for job, exc in failed] == [
            (0, "job 0 is malformed"),
            (3, "job 3 is malformed"),
            (6, "job 6 is malformed"),
        ]
        assert starts == [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]  # a failure still spent its token

    asyncio.run(scenario())


def test_jobs_queued_while_draining_are_handled_too() -> None:
    async def scenario() -> None:
        clock = FakeClock()
        queue = filled(3)
        handled: list[int] = []

        async def handle(n: int) -> None:
            handled.append(n)
            if n < 3:
                queue.put_nowait(n + 10)  # a follow-up job

        limiter = TokenBucket(rate=8, clock=clock, sleep=clock.sleep)
        assert await drain(queue, handle, limiter=limiter, workers=2) == []
        assert sorted(handled) == [0, 1, 2, 10, 11, 12]
        assert clock() == 5 * 0.125
        assert_no_other_tasks()

    asyncio.run(scenario())


@pytest.mark.parametrize("stuck", ["in the job", "waiting for a token"])
def test_cancelling_drain_stops_every_worker(stuck: str) -> None:
    async def scenario() -> None:
        clock = FakeClock()
        never = asyncio.Event()

        async def sleep_forever(seconds: float) -> None:
            await never.wait()

        async def handle(n: int) -> None:
            await never.wait()

        sleep = sleep_forever if stuck == "waiting for a token" else clock.sleep
        limiter = TokenBucket(rate=1, clock=clock, sleep=sleep)
        draining = asyncio.create_task(drain(filled(50), handle, limiter=limiter, workers=4))
        await steps(10)
        draining.cancel()
        with pytest.raises(asyncio.CancelledError):
            await draining
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_an_empty_queue_is_drained_at_once() -> None:
    async def scenario() -> None:
        clock = FakeClock()
        limiter = TokenBucket(rate=1, clock=clock, sleep=clock.sleep)
        assert await drain(filled(0), steps, limiter=limiter, workers=3) == []
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_the_default_clock_and_sleep_give_the_burst_at_once() -> None:
    async def scenario() -> None:
        bucket = TokenBucket(rate=1, burst=3)  # time.monotonic and asyncio.sleep
        async with asyncio.timeout(5):  # only stops a broken bucket from hanging the run
            for _ in range(3):
                await bucket.acquire()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("rate", "burst", "message"),
    [(0, 1, "rate must be positive, got 0"), (-2, 1, "rate"), (1, 0, "burst must be at least 1")],
)
def test_rejects_a_bucket_that_could_never_give_a_token(
    rate: float, burst: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        TokenBucket(rate=rate, burst=burst, clock=FakeClock())


def test_rejects_a_queue_with_no_workers() -> None:
    async def scenario() -> None:
        clock = FakeClock()
        limiter = TokenBucket(rate=1, clock=clock, sleep=clock.sleep)
        with pytest.raises(ValueError, match="workers must be at least 1, got 0"):
            await drain(filled(2), steps, limiter=limiter, workers=0)

    asyncio.run(scenario())


def test_the_partner_counts_calls_in_a_sliding_window() -> None:
    async def scenario() -> None:
        clock = FakeClock()
        api = PartnerAPI(clock, limit=2, window=1.0)
        await api.send("a")
        await api.send("b")
        with pytest.raises(p029.RateLimitedError):
            await api.send("c")
        clock.now = 1.0  # "a" and "b" were exactly one second ago: outside (now - 1, now]
        await api.send("d")
        assert api.rejected == 1

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("starts", "window", "busiest"),
    [
        ([], 1.0, 0),
        ([0.0, 0.5, 1.0, 1.5], 1.0, 2),
        ([0.0, 0.0, 0.0, 3.0], 1.0, 3),
        ([2.0, 0.0], 5.0, 2),
    ],
)
def test_busiest_window_counts_half_open_windows(
    starts: list[float], window: float, busiest: int
) -> None:
    assert busiest_window(starts, window) == busiest


@pytest.mark.parametrize(("workers", "expected_rejections"), [(1, 0), (2, 20), (4, 28)])
def test_before_multiplies_the_rate_by_the_number_of_workers(
    workers: int, expected_rejections: int
) -> None:
    async def scenario() -> None:
        clock = before.FakeClock()
        api = before.PartnerAPI(clock, limit=4)
        queue: asyncio.Queue[str] = asyncio.Queue()
        for n in range(40):
            queue.put_nowait(f"e{n}")
        rejected = await before.drain(queue, api, clock, workers=workers)
        assert busiest_window(api.starts, 1.0) == 4 * workers
        assert rejected == expected_rejections
        assert api.rejected == expected_rejections

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p029)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
