"""P061: stages run alone or in a bounded pipeline; errors and cancellation reach every stage."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator
from types import ModuleType
from typing import Any

import pytest

from snippets.part09_api import p061_pipeline_stage_composition as p061
from snippets.part09_api import p061_pipeline_stage_composition_before as before
from snippets.part09_api.p061_pipeline_stage_composition import (
    Line,
    Meter,
    StageError,
    batches,
    drop_empty,
    order_file,
    parse,
    pipeline,
    run_stage,
)

DemoCheck = Callable[[ModuleType], None]


def assert_no_other_tasks() -> None:
    assert asyncio.all_tasks() == {asyncio.current_task()}


def test_parse_alone_skips_blanks_and_comments_and_keeps_line_numbers() -> None:
    lines = asyncio.run(run_stage(parse, ["# header", "a,1,10", "  ", "b,0,20"]))
    assert lines == [Line(2, "a", 1, 10), Line(4, "b", 0, 20)]


@pytest.mark.parametrize("text", ["a,1", "a,x,10", "a,1,10,extra", "a,-1,10"])
def test_parse_alone_rejects_a_malformed_line_with_its_number(text: str) -> None:
    with pytest.raises(ValueError, match=r"^line 2: expected sku,quantity,unit_cents"):
        asyncio.run(run_stage(parse, ["a,1,10", text]))


def test_drop_empty_alone() -> None:
    lines = [Line(1, "a", 0, 1), Line(2, "b", 3, 1), Line(3, "c", 0, 1)]
    assert asyncio.run(run_stage(drop_empty, lines)) == [Line(2, "b", 3, 1)]


@pytest.mark.parametrize(
    ("items", "size", "expected"),
    [([], 3, []), ([1, 2, 3], 3, [[1, 2, 3]]), ([1, 2, 3, 4], 3, [[1, 2, 3], [4]])],
)
def test_batches_alone(items: list[int], size: int, expected: list[list[int]]) -> None:
    assert asyncio.run(run_stage(batches(size), items)) == expected


@pytest.mark.parametrize("buffer", [1, 3, 50])
def test_the_pipeline_yields_what_the_stages_yield_one_after_another(buffer: int) -> None:
    async def scenario() -> None:
        texts = list(order_file(2_000, Meter()))
        expected = await run_stage(
            batches(7), await run_stage(drop_empty, await run_stage(parse, texts))
        )
        async with pipeline(texts, parse, drop_empty, batches(7), buffer=buffer) as output:
            assert [batch async for batch in output] == expected
        assert_no_other_tasks()

    asyncio.run(scenario())


@pytest.mark.parametrize("buffer", [1, 2, 8])
def test_reading_runs_ahead_by_a_bound_set_by_the_buffers_not_by_the_file(buffer: int) -> None:
    async def most_ahead(count: int) -> tuple[int, int]:
        meter = Meter()
        first_insert_after = 0
        stages = (parse, drop_empty, batches(10))
        async with pipeline(order_file(count, meter), *stages, buffer=buffer) as output:
            async for batch in output:
                first_insert_after = first_insert_after or meter.read
                for _ in range(30):
                    await asyncio.sleep(0)  # a slow insert: the stages before it must wait
                meter.store(batch)
        assert meter.read == count + 1
        return meter.most_ahead, first_insert_after

    small, large = asyncio.run(most_ahead(500)), asyncio.run(most_ahead(20_000))
    # The distance and the first insert are the same for a file forty times as long.
    assert small == large
    # While the caller stores a batch, `buffer + 1` more batches wait in the last
    # queue and the batch stage, each covering at most 14 lines (one line in four
    # orders nothing), and the three queues and three holders before it hold a
    # line each: at most 17 * (buffer + 1) lines, however long the file is.
    assert 0 < large[0] <= 17 * (buffer + 1)


def test_a_failing_stage_stops_the_others_and_names_itself() -> None:
    async def scenario() -> None:
        meter = Meter()
        finished: list[str] = []

        async def slow_sink(rows: AsyncIterator[Line]) -> AsyncGenerator[Line, None]:
            try:
                async for row in rows:
                    yield row
            finally:
                finished.append("slow_sink")

        with pytest.raises(ExceptionGroup) as info:
            async with pipeline(order_file(10_000, meter, bad_line=40), parse, slow_sink) as output:
                async for _ in output:
                    pass
        [error] = info.value.exceptions
        assert isinstance(error, StageError)
        assert error.stage == "parse"
        assert isinstance(error.__cause__, ValueError)
        assert (
            str(error)
            == "stage parse failed: line 40: expected sku,quantity,unit_cents, got 'oops'"
        )
        assert meter.read < 50
        assert finished == ["slow_sink"]
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_a_failing_source_is_reported_as_the_source() -> None:
    def broken() -> Iterator[str]:
        yield "a,1,1"
        raise OSError("file truncated")

    async def scenario() -> None:
        with pytest.raises(ExceptionGroup) as info:
            async with pipeline(broken(), parse) as output:
                async for _ in output:
                    pass
        [error] = info.value.exceptions
        assert isinstance(error, StageError)
        assert (error.stage, str(error.__cause__)) == ("source", "file truncated")
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_a_caller_that_stops_early_cancels_every_stage_and_reads_no_further() -> None:
    async def scenario() -> None:
        meter = Meter()
        closed: list[str] = []

        async def tracked(rows: AsyncIterator[Any]) -> AsyncGenerator[Any, None]:
            try:
                async for row in rows:
                    yield row
            finally:
                closed.append("tracked")

        async with pipeline(order_file(100_000, meter), parse, batches(10), tracked) as output:
            first = await anext(output)
            for _ in range(5):
                await asyncio.sleep(0)  # `tracked` fills its queue and waits at its `yield`
        assert len(first) == 10
        assert closed == ["tracked"]  # its `finally` ran before the block was left
        read_when_left = meter.read
        assert read_when_left < 30
        await asyncio.sleep(0)
        assert meter.read == read_when_left
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_cancelling_the_caller_cancels_every_stage() -> None:
    async def scenario() -> None:
        cancelled: list[str] = []
        reading = asyncio.Event()

        async def forever() -> AsyncIterator[int]:
            n = 0
            while True:
                n += 1
                yield n

        async def stuck(items: AsyncIterator[int]) -> AsyncGenerator[int, None]:
            async for item in items:
                try:
                    await asyncio.Event().wait()
                except asyncio.CancelledError:
                    cancelled.append("stuck")
                    raise
                yield item

        async def caller() -> None:
            async with pipeline(forever(), stuck) as output:
                reading.set()
                async for _ in output:
                    pass

        task = asyncio.create_task(caller())
        await reading.wait()
        for _ in range(3):
            await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert cancelled == ["stuck"]
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_an_error_in_the_callers_block_also_stops_the_stages() -> None:
    async def scenario() -> None:
        with pytest.raises(ExceptionGroup) as info:
            async with pipeline(range(1_000_000), batches(5)) as output:
                async for batch in output:
                    raise KeyError(batch[0])
        assert [type(exc) for exc in info.value.exceptions] == [KeyError]
        assert_no_other_tasks()

    asyncio.run(scenario())


class Countdown:
    """An async iterable that is not an async generator: it has no aclose()."""

    def __init__(self, start: int) -> None:
        self.left = start

    def __aiter__(self) -> Countdown:
        return self

    async def __anext__(self) -> int:
        if self.left == 0:
            raise StopAsyncIteration
        self.left -= 1
        return self.left + 1


def test_any_async_iterable_can_be_the_source() -> None:
    async def scenario() -> None:
        async with pipeline(Countdown(5), batches(2)) as output:
            assert [batch async for batch in output] == [[5, 4], [3, 2], [1]]
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_reading_past_the_end_keeps_saying_the_stream_is_finished() -> None:
    async def scenario() -> None:
        async with pipeline([1, 2], batches(5)) as output:
            assert [batch async for batch in output] == [[1, 2]]
            with pytest.raises(StopAsyncIteration):
                await anext(output)

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("stages", "buffer", "message"),
    [((), 1, "at least one stage"), ((parse,), 0, "buffer must be at least 1, got 0")],
)
def test_rejects_a_pipeline_that_could_not_run(
    stages: tuple[p061.Stage, ...], buffer: int, message: str
) -> None:
    async def scenario() -> None:
        with pytest.raises(ValueError, match=message):
            async with pipeline(["a,1,1"], *stages, buffer=buffer):
                pass  # pragma: no cover (the block is never entered)
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_before_reads_everything_before_the_first_insert() -> None:
    meter = before.Meter()
    texts = list(before.order_file(300, meter))
    rows = before.drop_empty(before.parse(texts))
    assert meter.read == 301
    assert [len(batch) for batch in before.batches(rows, 100)] == [100, 100, 25]


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p061)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
