"""P030: calls in flight reach the limit and never pass it, and no way out of a call loses a permit."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from types import ModuleType
from typing import Any

import pytest

from snippets.part05_concurrency import p030_bounded_concurrency_with_semaphores as p030
from snippets.part05_concurrency import p030_bounded_concurrency_with_semaphores_before as before
from snippets.part05_concurrency.p030_bounded_concurrency_with_semaphores import (
    ImageService,
    bounded,
    map_bounded,
)

DemoCheck = Callable[[ModuleType], None]
Action = Callable[[], Awaitable[object]]
Runner = Callable[[Action], Coroutine[Any, Any, None]]


async def steps(count: int) -> None:
    """Yield to the event loop `count` times: a call that takes `count` turns."""
    for _ in range(count):
        await asyncio.sleep(0)


def assert_no_other_tasks() -> None:
    assert asyncio.all_tasks() == {asyncio.current_task()}


class Gauge:
    """Counts the calls inside the bounded function now, and the highest count seen."""

    def __init__(self) -> None:
        self.now = 0
        self.peak = 0

    def __enter__(self) -> None:
        self.now += 1
        self.peak = max(self.peak, self.now)

    def __exit__(self, *exc_info: object) -> None:
        self.now -= 1


async def run(action: Action) -> None:
    """The function under the semaphore in the permit tests: it runs what it is given."""
    await asyncio.sleep(0)
    await action()


async def assert_limit_still_reached(guarded: Runner, limit: int) -> None:
    """Start more calls than `limit` that wait on an event: exactly `limit` must get in."""
    gauge = Gauge()
    gate = asyncio.Event()

    async def wait_inside() -> None:
        with gauge:
            await gate.wait()

    async with asyncio.TaskGroup() as group:
        for _ in range(limit + 2):
            group.create_task(guarded(wait_inside))
        await steps(5)
        assert gauge.now == limit  # no permit was lost before this, and none was added
        gate.set()


@pytest.mark.parametrize("limit", [1, 2, 3, 8, 25])
@pytest.mark.parametrize("fail_every", [0, 1, 2, 3])
def test_calls_in_flight_reach_the_limit_and_never_pass_it_even_when_calls_fail(
    limit: int, fail_every: int
) -> None:
    async def scenario() -> None:
        gauge = Gauge()

        async def call(n: int) -> int:
            with gauge:
                await steps(1 + n * 7 % 4)  # uneven lengths
                if fail_every and n % fail_every == 0:
                    raise ValueError(f"item {n} failed")
            return n * 2

        results = await map_bounded(call, range(200), limit=limit)
        assert gauge.peak == limit  # reached, and never passed
        assert gauge.now == 0
        for n, result in enumerate(results):
            if fail_every and n % fail_every == 0:
                assert isinstance(result, ValueError)
                assert str(result) == f"item {n} failed"
            else:
                assert result == n * 2
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_fewer_items_than_the_limit_all_run_at_once() -> None:
    async def scenario() -> None:
        gauge = Gauge()

        async def call(n: int) -> int:
            with gauge:
                await steps(3)
            return n

        assert await map_bounded(call, range(3), limit=10) == [0, 1, 2]
        assert gauge.peak == 3

    asyncio.run(scenario())


def test_results_keep_input_order_when_calls_finish_out_of_order() -> None:
    async def call(n: int) -> int:
        await steps(20 - n)  # later items finish first
        return n * n

    assert asyncio.run(map_bounded(call, range(20), limit=4)) == [n * n for n in range(20)]


def test_a_shared_wrapper_keeps_every_permit_after_failures_and_cancellations() -> None:
    async def scenario() -> None:
        guarded = bounded(run, limit=3)

        async def boom() -> None:
            raise RuntimeError("call failed")

        for _ in range(10):  # ten failures through a limit of three
            with pytest.raises(RuntimeError):
                await guarded(boom)

        # Cancel calls both inside the semaphore and waiting for it.
        blocked = [asyncio.create_task(guarded(asyncio.Event().wait)) for _ in range(8)]
        await steps(5)
        for task in blocked:
            task.cancel()
        await asyncio.gather(*blocked, return_exceptions=True)
        assert all(task.cancelled() for task in blocked)

        await assert_limit_still_reached(guarded, 3)

    asyncio.run(scenario())


def test_one_wrapper_bounds_every_caller_together() -> None:
    async def scenario() -> None:
        service = ImageService(capacity=4)
        thumbnail = bounded(service.thumbnail, limit=4)
        names = [f"img-{n}.jpg" for n in range(40)]
        await asyncio.gather(
            map_bounded(thumbnail, names[:20], limit=20),
            map_bounded(thumbnail, names[20:], limit=20),
            thumbnail("extra.jpg"),
        )
        assert service.peak == 4
        assert service.refused == 0

    asyncio.run(scenario())


def test_a_semaphore_per_batch_bounds_only_that_batch() -> None:
    async def scenario() -> None:
        gauge = Gauge()

        async def call(n: int) -> int:
            with gauge:
                await steps(5)
            return n

        await asyncio.gather(*(map_bounded(call, range(10), limit=2) for _ in range(3)))
        assert gauge.peak == 6  # three batches of two: the limit was never global

    asyncio.run(scenario())


def test_cancelling_the_caller_cancels_every_task_and_returns_every_permit() -> None:
    async def scenario() -> None:
        gauge = Gauge()
        hold = asyncio.Event()
        cancelled = 0

        async def call(n: int) -> int:
            nonlocal cancelled
            with gauge:
                try:
                    await hold.wait()
                except asyncio.CancelledError:
                    cancelled += 1
                    raise
            return n

        guarded = bounded(call, limit=4)
        batch = asyncio.create_task(map_bounded(guarded, range(50), limit=50))
        await steps(5)
        assert gauge.now == 4
        batch.cancel()
        with pytest.raises(asyncio.CancelledError):
            await batch
        assert cancelled == 4
        assert gauge.now == 0
        assert_no_other_tasks()

        # The same wrapper still lets four calls in at once.
        later = [asyncio.create_task(guarded(n)) for n in range(5)]
        await steps(5)
        assert gauge.now == 4
        hold.set()
        assert await asyncio.gather(*later) == [0, 1, 2, 3, 4]

    asyncio.run(scenario())


def test_a_timeout_around_the_batch_leaves_no_task_behind() -> None:
    async def scenario() -> None:
        async def call(n: int) -> int:
            await asyncio.Event().wait()
            return n

        loop = asyncio.get_running_loop()
        with pytest.raises(TimeoutError):
            async with asyncio.timeout_at(loop.time()):  # already due: fires on the next turn
                await map_bounded(call, range(30), limit=3)
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_no_items_give_no_results() -> None:
    assert asyncio.run(map_bounded(steps, [], limit=2)) == []


@pytest.mark.parametrize("limit", [0, -1])
def test_rejects_a_limit_that_lets_nothing_through(limit: int) -> None:
    calls = 0

    async def call(n: int) -> int:
        nonlocal calls
        calls += 1
        return n

    with pytest.raises(ValueError, match=f"limit must be at least 1, got {limit}"):
        bounded(call, limit=limit)
    with pytest.raises(ValueError, match="limit must be at least 1"):
        asyncio.run(map_bounded(call, range(3), limit=limit))
    assert calls == 0


@pytest.mark.parametrize(("limit", "fail_every", "finished"), [(2, 3, 6), (3, 5, 15), (1, 1, 1)])
def test_before_loses_a_permit_per_failure_and_hangs(
    limit: int, fail_every: int, finished: int
) -> None:
    async def scenario() -> None:
        done = 0

        async def call(n: int) -> int:
            nonlocal done
            await asyncio.sleep(0)
            done += 1
            if n % fail_every == 0:
                raise ValueError(f"item {n} failed")
            return n

        batch = asyncio.create_task(before.map_bounded(call, range(1, 31), limit=limit))
        await steps(500)
        assert not batch.done()
        assert done == finished  # stuck after `limit` failures
        batch.cancel()
        with pytest.raises(asyncio.CancelledError):
            await batch

    asyncio.run(scenario())


def test_before_finishes_when_nothing_fails() -> None:
    async def call(n: int) -> int:
        await asyncio.sleep(0)
        return n

    assert asyncio.run(before.map_bounded(call, range(10), limit=3)) == list(range(10))


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p030)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
