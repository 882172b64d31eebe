"""P027: one end marker from the owner, a broadcast stop that reaches every poller, cancellation."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part05_concurrency import p027_channel_based_coordination as p027
from snippets.part05_concurrency import p027_channel_based_coordination_before as before
from snippets.part05_concurrency.p027_channel_based_coordination import (
    Reading,
    Sensor,
    gather_readings,
    poll,
    poll_all,
    receive,
)

DemoCheck = Callable[[ModuleType], None]


def assert_no_other_tasks() -> None:
    assert asyncio.all_tasks() == {asyncio.current_task()}


@pytest.mark.parametrize("queue_size", [1, 2, 100])
def test_the_stream_ends_only_after_the_slowest_sender(queue_size: int) -> None:
    async def scenario() -> None:
        sensors = [Sensor("a", limit=1), Sensor("b", limit=7), Sensor("c", limit=0)]
        received = await gather_readings(sensors, queue_size=queue_size)
        assert sorted(received) == [Reading("a", 1)] + [Reading("b", n) for n in range(1, 8)]
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_each_sensors_readings_arrive_in_the_order_it_sent_them() -> None:
    received = asyncio.run(gather_readings([Sensor("a", limit=5), Sensor("b", limit=5)]))
    for name in "ab":
        assert [r.seq for r in received if r.sensor == name] == [1, 2, 3, 4, 5]


def test_the_owner_puts_exactly_one_end_marker_after_every_poller_returned() -> None:
    async def scenario() -> None:
        out: asyncio.Queue[Reading | None] = asyncio.Queue()
        sensors = [Sensor("a", limit=2), Sensor("b", limit=3)]
        await poll_all(sensors, out, asyncio.Event())
        items = [out.get_nowait() for _ in range(out.qsize())]
        assert items.count(None) == 1
        assert items[-1] is None  # nothing was sent after the end marker
        assert len(items) == 6

    asyncio.run(scenario())


@pytest.mark.parametrize("want", [1, 3, 10])
def test_one_stop_reaches_every_poller_and_loses_nothing(want: int) -> None:
    async def scenario() -> None:
        sensors = [Sensor(name) for name in "wxyz"]  # endless: only the stop ends them
        received = await gather_readings(sensors, want=want, queue_size=2)
        assert len(received) >= want
        assert sum(sensor.taken for sensor in sensors) == len(received)
        assert all(sensor.taken >= 1 for sensor in sensors)  # every poller ran, and stopped
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_a_stop_set_before_polling_reads_nothing() -> None:
    async def scenario() -> None:
        out: asyncio.Queue[Reading | None] = asyncio.Queue()
        stop = asyncio.Event()
        stop.set()
        sensor = Sensor("a")
        await poll(sensor, out, stop)
        assert sensor.taken == 0
        assert out.empty()

    asyncio.run(scenario())


def test_the_bounded_queue_holds_back_a_fast_poller() -> None:
    async def scenario() -> None:
        out: asyncio.Queue[Reading | None] = asyncio.Queue(maxsize=2)
        sensor = Sensor("a")
        poller = asyncio.create_task(poll(sensor, out, asyncio.Event()))
        for _ in range(50):
            await asyncio.sleep(0)
        assert out.qsize() == 2
        assert sensor.taken == 3  # two queued, one waiting to be put
        poller.cancel()
        with pytest.raises(asyncio.CancelledError):
            await poller

    asyncio.run(scenario())


def test_receive_stops_at_the_end_marker_and_takes_nothing_after_it() -> None:
    async def scenario() -> None:
        inbox: asyncio.Queue[Reading | None] = asyncio.Queue()
        for item in (Reading("a", 1), None, Reading("a", 2)):
            inbox.put_nowait(item)
        assert [r async for r in receive(inbox)] == [Reading("a", 1)]
        assert inbox.get_nowait() == Reading("a", 2)

    asyncio.run(scenario())


def test_a_flag_does_not_reach_a_blocked_read_but_cancellation_does() -> None:
    async def scenario() -> None:
        stuck = Sensor("stuck", hangs=True)
        task = asyncio.create_task(gather_readings([Sensor("x"), stuck], want=2))
        for _ in range(50):
            await asyncio.sleep(0)
        assert not task.done()
        assert not stuck.cancelled
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert stuck.cancelled
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_a_failing_sensor_cancels_the_others_and_the_receiver() -> None:
    class Broken(Sensor):
        async def read(self) -> Reading | None:
            await asyncio.sleep(0)
            raise OSError("sensor unplugged")

    async def scenario() -> None:
        endless = Sensor("x")
        with pytest.raises(ExceptionGroup) as info:
            await gather_readings([endless, Broken("b")])
        unplugged = info.value.subgroup(OSError)
        assert unplugged is not None
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_no_sensors_gives_an_empty_stream_that_still_ends() -> None:
    assert asyncio.run(gather_readings([])) == []


def test_before_the_first_end_marker_ends_the_stream_and_a_sender_hangs() -> None:
    async def scenario() -> None:
        out: asyncio.Queue[str | None] = asyncio.Queue(maxsize=1)
        sensors = [before.Sensor("a", limit=1), before.Sensor("b", limit=4)]
        pollers = [asyncio.create_task(before.poll_then_end(s, out)) for s in sensors]
        received = []
        while (item := await out.get()) is not None:
            received.append(item)
        for _ in range(50):
            await asyncio.sleep(0)
        assert len(received) < 5
        assert [p.done() for p in pollers].count(False) == 1  # blocked on the full queue
        for poller in pollers:
            poller.cancel()
        await asyncio.gather(*pollers, return_exceptions=True)

    asyncio.run(scenario())


def test_before_a_stop_message_reaches_only_one_poller() -> None:
    async def scenario() -> None:
        inbox: asyncio.Queue[str] = asyncio.Queue()
        pollers = [
            asyncio.create_task(before.poll_until_told(before.Sensor(n), inbox)) for n in "xyz"
        ]
        inbox.put_nowait(before.STOP)
        for _ in range(50):
            await asyncio.sleep(0)
        assert [p.done() for p in pollers].count(True) == 1
        for poller in pollers:
            poller.cancel()
        await asyncio.gather(*pollers, return_exceptions=True)

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p027)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
