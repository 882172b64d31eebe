"""P028: every result arrives once, the stream ends after the last worker, and no task outlives the block."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Iterator
from types import ModuleType

import pytest

from snippets.part05_concurrency import p028_fan_out_fan_in_concurrency_pipelines as p028
from snippets.part05_concurrency import p028_fan_out_fan_in_concurrency_pipelines_before as before
from snippets.part05_concurrency.p028_fan_out_fan_in_concurrency_pipelines import (
    InFlight,
    fan_out_fan_in,
)

DemoCheck = Callable[[ModuleType], None]


async def steps(count: int) -> None:
    """Yield to the event loop `count` times: work that takes `count` turns."""
    for _ in range(count):
        await asyncio.sleep(0)


def assert_no_other_tasks() -> None:
    assert asyncio.all_tasks() == {asyncio.current_task()}


@pytest.mark.parametrize("workers", [1, 2, 3, 8, 50])
@pytest.mark.parametrize("buffer", [None, 1, 300])
def test_every_input_gives_exactly_one_result_with_at_most_workers_in_flight(
    workers: int, buffer: int | None
) -> None:
    async def scenario() -> None:
        in_flight = InFlight()

        async def process(n: int) -> int:
            with in_flight:
                await steps(2 * workers + n * 7 % 5)  # uneven lengths
            return n * 3

        async with fan_out_fan_in(range(300), process, workers=workers, buffer=buffer) as stream:
            results = [result async for result in stream]
        assert Counter(results) == Counter(n * 3 for n in range(300))
        assert in_flight.peak == workers  # reached, and never passed
        assert in_flight.now == 0
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_the_stream_ends_after_the_slowest_worker_not_the_first_to_finish() -> None:
    async def scenario() -> None:
        async def process(n: int) -> int:
            await steps(100 if n == 0 else 1)  # one worker is busy long after the others stop
            return n

        async with fan_out_fan_in(range(10), process, workers=3) as stream:
            results = [result async for result in stream]
        assert sorted(results) == list(range(10))
        assert results[-1] == 0
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_results_arrive_in_the_order_they_finish() -> None:
    async def scenario() -> list[int]:
        async def process(n: int) -> int:
            await steps(n)
            return n

        async with fan_out_fan_in([5, 1, 4, 2, 3], process, workers=5) as stream:
            return [result async for result in stream]

    assert asyncio.run(scenario()) == [1, 2, 3, 4, 5]


def test_leaving_the_block_early_cancels_the_workers_and_stops_reading_inputs() -> None:
    async def scenario() -> None:
        pulled = 0
        cancelled = 0

        def source() -> Iterator[int]:
            nonlocal pulled
            for n in range(1000):
                pulled += 1
                yield n

        async def process(n: int) -> int:
            nonlocal cancelled
            try:
                await steps(1 + n % 3)
            except asyncio.CancelledError:
                cancelled += 1
                raise
            return n

        async with fan_out_fan_in(source(), process, workers=4) as stream:
            taken = [await anext(stream) for _ in range(3)]
        assert len(taken) == 3
        assert_no_other_tasks()
        assert cancelled > 0  # work in flight was cancelled, not left to finish
        assert pulled < 20  # the source is not drained after the reader has left
        pulled_at_exit = pulled
        await steps(50)
        assert pulled == pulled_at_exit

    asyncio.run(scenario())


@pytest.mark.parametrize(("workers", "buffer"), [(1, 1), (3, 2), (4, 10)])
def test_a_slow_reader_pauses_the_workers(workers: int, buffer: int) -> None:
    async def scenario() -> None:
        finished = 0

        async def process(n: int) -> int:
            nonlocal finished
            await steps(1)
            finished += 1
            return n

        async with fan_out_fan_in(range(1000), process, workers=workers, buffer=buffer) as stream:
            await steps(200)  # the reader is busy elsewhere
            # The buffer is full and each worker holds one result it cannot put.
            assert finished == buffer + workers
            assert sorted([result async for result in stream]) == list(range(1000))
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_an_error_in_one_input_cancels_the_others_and_leaves_the_block() -> None:
    async def scenario() -> None:
        cancelled = 0
        received: list[int] = []

        async def process(n: int) -> int:
            nonlocal cancelled
            if n == 5:
                raise ValueError("input 5 is malformed")
            try:
                await steps(1000)
            except asyncio.CancelledError:
                cancelled += 1
                raise
            return n

        with pytest.raises(ExceptionGroup) as info:
            async with fan_out_fan_in(range(100), process, workers=4) as stream:
                received.extend([result async for result in stream])
        assert [repr(exc) for exc in info.value.exceptions] == [
            "ValueError('input 5 is malformed')"
        ]
        assert received == []
        assert cancelled == 3  # the other workers' inputs, each still running
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_a_broken_input_source_leaves_the_block_with_its_error() -> None:
    async def scenario() -> None:
        def source() -> Iterator[int]:
            yield 1
            yield 2
            raise OSError("input file truncated")

        async def process(n: int) -> int:
            await steps(5)
            return n

        with pytest.raises(ExceptionGroup) as info:
            async with fan_out_fan_in(source(), process, workers=2) as stream:
                async for _ in stream:
                    pass
        assert [type(exc) for exc in info.value.exceptions] == [OSError]
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_an_error_in_the_block_body_stops_the_workers() -> None:
    async def scenario() -> None:
        async def process(n: int) -> int:
            await steps(1)
            return n

        with pytest.raises(ExceptionGroup) as info:
            async with fan_out_fan_in(range(100), process, workers=3) as stream:
                async for result in stream:
                    if result == 4:
                        raise KeyError("the reader failed")
        assert [type(exc) for exc in info.value.exceptions] == [KeyError]
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_cancelling_the_reader_cancels_the_whole_pipeline() -> None:
    async def scenario() -> None:
        in_flight = InFlight()

        async def process(n: int) -> int:
            with in_flight:
                await asyncio.Event().wait()
            return n

        async def read() -> list[int]:
            async with fan_out_fan_in(range(100), process, workers=5) as stream:
                return [result async for result in stream]

        reader = asyncio.create_task(read())
        await steps(5)
        assert in_flight.now == 5
        reader.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reader
        assert in_flight.now == 0
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_a_timeout_around_the_block_leaves_no_task_behind() -> None:
    async def scenario() -> None:
        async def process(n: int) -> int:
            await asyncio.Event().wait()
            return n

        loop = asyncio.get_running_loop()
        with pytest.raises(TimeoutError):
            async with asyncio.timeout_at(loop.time()):  # already due: fires on the next turn
                async with fan_out_fan_in(range(100), process, workers=4) as stream:
                    async for _ in stream:
                        pass
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_no_inputs_give_an_empty_stream() -> None:
    async def scenario() -> None:
        async with fan_out_fan_in([], steps, workers=3) as stream:
            assert [result async for result in stream] == []
            with pytest.raises(StopAsyncIteration):
                await anext(stream)  # an ended stream stays ended
        assert_no_other_tasks()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("workers", "buffer", "message"),
    [(0, None, "workers must be at least 1, got 0"), (2, 0, "buffer must be at least 1, got 0")],
)
def test_rejects_a_pipeline_that_could_never_run(
    workers: int, buffer: int | None, message: str
) -> None:
    calls = 0

    async def process(n: int) -> int:
        nonlocal calls
        calls += 1
        return n

    async def scenario() -> None:
        with pytest.raises(ValueError, match=message):
            async with fan_out_fan_in(range(3), process, workers=workers, buffer=buffer):
                pass
        assert_no_other_tasks()

    asyncio.run(scenario())
    assert calls == 0


def test_before_drops_results_and_leaks_its_workers() -> None:
    async def scenario() -> None:
        async def process(n: int) -> int:
            await steps(n)
            return n

        inputs = [1, 30, 2, 3]  # the worker with 30 is still busy when another runs dry
        results = [result async for result in before.fan_out_fan_in(inputs, process, workers=2)]
        assert results == [1, 2, 3]  # 30 is lost, and nothing says so

        baseline = asyncio.all_tasks()
        stream = before.fan_out_fan_in(list(range(1, 50)), process, workers=4)
        assert await anext(stream) == 1
        await steps(200)
        leaked = before.new_tasks(baseline)
        assert len(leaked) == 4  # blocked on the full queue, forever
        assert not any(task.done() for task in leaked)
        for task in leaked:
            task.cancel()
        await asyncio.gather(*leaked, return_exceptions=True)
        await stream.aclose()

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p028)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
