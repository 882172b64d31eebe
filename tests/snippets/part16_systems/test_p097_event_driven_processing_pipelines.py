"""P097: order, dead letters, backpressure bound, draining shutdown and cancellation."""

from __future__ import annotations

import asyncio
import dataclasses
import random
from collections.abc import AsyncIterator, Callable, Iterable
from types import ModuleType

import pytest

from snippets.part16_systems import p097_event_driven_processing_pipelines as p097
from snippets.part16_systems import p097_event_driven_processing_pipelines_before as before
from snippets.part16_systems.p097_event_driven_processing_pipelines import (
    Event,
    Handler,
    Source,
    Stage,
    run_pipeline,
)

DemoCheck = Callable[[ModuleType], None]


def events(count: int) -> list[Event]:
    return [Event(seq, f"o-{seq}", "acme", 100 * seq) for seq in range(1, count + 1)]


async def steps(count: int) -> None:
    for _ in range(count):
        await asyncio.sleep(0)


def passthrough(delay: int = 0) -> Handler:
    async def handle(event: Event) -> Event:
        await steps(delay)
        return event

    return handle


async def from_list(items: Iterable[Event]) -> AsyncIterator[Event]:
    for item in items:
        yield item


@pytest.mark.parametrize("seed", range(10))
def test_events_arrive_in_order_with_drops_and_failures_removed(seed: int) -> None:
    rng = random.Random(seed)
    inputs = events(300)
    bad = {e.seq for e in inputs if rng.random() < 0.1}
    skip = {e.seq for e in inputs if rng.random() < 0.1} - bad

    async def check(event: Event) -> Event:
        await steps(rng.randint(0, 3))
        if event.seq in bad:
            raise ValueError(f"bad {event.seq}")
        return event

    async def drop(event: Event) -> Event | None:
        await steps(rng.randint(0, 3))
        return None if event.seq in skip else dataclasses.replace(event, currency="EUR")

    received: list[int] = []

    async def sink(event: Event) -> None:
        await steps(rng.randint(0, 3))
        assert event.currency == "EUR"
        received.append(event.seq)

    stages = [Stage("check", check), Stage("drop", drop)]
    report = asyncio.run(run_pipeline(from_list(inputs), stages, sink, capacity=3))
    assert received == [e.seq for e in inputs if e.seq not in bad | skip]
    assert [d.event.seq for d in report.dead_letters] == sorted(bad)
    assert {d.stage for d in report.dead_letters} <= {"check"}
    assert (report.delivered, report.dropped) == (len(received), len(skip))


@pytest.mark.parametrize("count", [50, 500])
@pytest.mark.parametrize("stage_count", [0, 1, 3])
@pytest.mark.parametrize("capacity", [1, 2, 5])
def test_read_ahead_is_bounded_by_the_queues_not_the_input(
    count: int, stage_count: int, capacity: int
) -> None:
    source = Source(events(count))
    peak = 0

    async def slow_sink(event: Event) -> None:
        nonlocal peak
        await steps(4)
        peak = max(peak, source.read - event.seq)

    stages = [Stage(f"s{n}", passthrough()) for n in range(stage_count)]
    asyncio.run(run_pipeline(source, stages, slow_sink, capacity=capacity))
    # Reached and never passed: every queue full, plus one event per stage and one in the loop.
    assert peak == (stage_count + 1) * capacity + stage_count + 1


def test_shutdown_drains_every_event_through_slow_stages() -> None:
    async def scenario() -> None:
        tasks_before = asyncio.all_tasks()
        received: list[int] = []

        async def sink(event: Event) -> None:
            await steps(event.seq % 4)
            received.append(event.seq)

        stages = [Stage("a", passthrough(3)), Stage("b", passthrough(7))]
        report = await run_pipeline(from_list(events(100)), stages, sink, capacity=4)
        # The source ended long before the slow stages did; nothing was cut off.
        assert received == list(range(1, 101))
        assert report.delivered == 100
        assert asyncio.all_tasks() - tasks_before == set()

    asyncio.run(scenario())


def test_dead_letters_name_the_stage_and_the_error_and_the_pipeline_continues() -> None:
    async def failing(event: Event) -> Event:
        if event.seq == 2:
            raise KeyError("no such customer")
        return event

    received: list[int] = []

    async def sink(event: Event) -> None:
        if event.seq == 3:
            raise ConnectionError("store down")
        received.append(event.seq)

    report = asyncio.run(
        run_pipeline(from_list(events(5)), [Stage("lookup", failing)], sink, capacity=1)
    )
    assert received == [1, 4, 5]
    assert [(d.event.seq, d.stage, d.error) for d in report.dead_letters] == [
        (2, "lookup", "KeyError: 'no such customer'"),
        (3, "sink", "ConnectionError: store down"),
    ]


def test_cancelling_the_caller_stops_every_stage() -> None:
    async def scenario() -> None:
        tasks_before = asyncio.all_tasks()
        started = asyncio.Event()

        async def hang(event: Event) -> None:
            started.set()
            await asyncio.Event().wait()

        stages = [Stage("a", passthrough()), Stage("b", passthrough())]
        run = asyncio.create_task(run_pipeline(from_list(events(50)), stages, hang, capacity=2))
        await started.wait()
        run.cancel()
        with pytest.raises(asyncio.CancelledError):
            await run
        assert asyncio.all_tasks() - tasks_before == set()

    asyncio.run(scenario())


def test_a_failing_source_stops_the_pipeline_and_raises() -> None:
    async def broken() -> AsyncIterator[Event]:
        yield events(1)[0]
        raise ConnectionResetError("broker connection lost")

    async def sink(event: Event) -> None:
        await asyncio.Event().wait()

    with pytest.raises(ExceptionGroup) as info:
        asyncio.run(run_pipeline(broken(), [], sink, capacity=1))
    assert info.group_contains(ConnectionResetError)


def test_rejects_a_capacity_below_one() -> None:
    async def sink(event: Event) -> None:
        raise AssertionError("never called")

    with pytest.raises(ValueError, match="capacity"):
        asyncio.run(run_pipeline(from_list(events(1)), [], sink, capacity=0))


def test_before_version_strands_the_events_behind_a_bad_one() -> None:
    async def scenario() -> tuple[int, int]:
        queue: asyncio.Queue[int] = asyncio.Queue()
        stored: list[int] = []
        for amount in (1, 0, 2, 3):
            queue.put_nowait(amount)
        with pytest.raises(ValueError):
            await before.consume(queue, stored)
        return len(stored), queue.qsize()

    assert asyncio.run(scenario()) == (1, 2)


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p097)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
