"""P036: refuse new work after the signal, drain in-flight work, cancel what outlives the deadline."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part06_lifecycle import p036_graceful_shutdown as p036
from snippets.part06_lifecycle import p036_graceful_shutdown_before as before
from snippets.part06_lifecycle.p036_graceful_shutdown import (
    Server,
    ShuttingDownError,
    VirtualClock,
    install_signal_handlers,
    serve_until_stopped,
)

DemoCheck = Callable[[ModuleType], None]


class Work:
    """Request handlers that take a set time on a virtual clock and log what happened."""

    def __init__(self, clock: VirtualClock, takes: dict[str, float]) -> None:
        self.clock = clock
        self.takes = takes
        self.started: list[str] = []
        self.finished: list[tuple[str, float]] = []
        self.cleaned_up: list[tuple[str, float]] = []

    async def handle(self, request_id: str) -> str:
        self.started.append(request_id)
        try:
            await self.clock.sleep(self.takes[request_id])
        finally:
            self.cleaned_up.append((request_id, self.clock.now))
        self.finished.append((request_id, self.clock.now))
        return request_id.upper()


def test_in_flight_requests_finish_when_they_fit_in_the_grace_period() -> None:
    async def scenario() -> None:
        clock = VirtualClock()
        work = Work(clock, {"a": 3.0, "b": 7.0})
        server = Server(work.handle)
        tasks = [server.submit(name) for name in ("a", "b")]
        await clock.advance(1.0)
        shutdown = asyncio.create_task(server.shutdown(10.0, sleep=clock.sleep))
        await clock.advance(20.0)
        report = await shutdown
        assert report.finished == ("a", "b")
        assert report.cancelled == ()
        assert work.finished == [("a", 3.0), ("b", 7.0)]
        assert [await task for task in tasks] == ["A", "B"]

    asyncio.run(scenario())


def test_shutdown_returns_as_soon_as_the_last_request_is_done() -> None:
    async def scenario() -> None:
        clock = VirtualClock()
        server = Server(Work(clock, {"a": 2.0}).handle)
        server.submit("a")
        shutdown = asyncio.create_task(server.shutdown(30.0, sleep=clock.sleep))
        await clock.advance(2.0)
        assert shutdown.done()  # it did not wait for the rest of the 30 seconds
        assert (await shutdown).finished == ("a",)

    asyncio.run(scenario())


def test_nothing_new_is_accepted_once_shutdown_begins() -> None:
    async def scenario() -> None:
        clock = VirtualClock()
        work = Work(clock, {"a": 5.0, "late": 1.0})
        server = Server(work.handle)
        server.submit("a")
        assert server.accepting
        shutdown = asyncio.create_task(server.shutdown(10.0, sleep=clock.sleep))
        await clock.advance(1.0)
        assert not server.accepting
        with pytest.raises(ShuttingDownError, match="late refused"):
            server.submit("late")
        await clock.advance(10.0)
        report = await shutdown
        with pytest.raises(ShuttingDownError):
            server.submit("later")
        assert work.started == ["a"]  # the refused requests never reached the handler
        assert report.finished == ("a",)

    asyncio.run(scenario())


def test_requests_still_running_at_the_deadline_are_cancelled_and_clean_up() -> None:
    async def scenario() -> None:
        clock = VirtualClock()
        work = Work(clock, {"quick": 1.0, "slow": 50.0, "slower": 90.0})
        server = Server(work.handle)
        tasks = {name: server.submit(name) for name in ("quick", "slow", "slower")}
        shutdown = asyncio.create_task(server.shutdown(10.0, sleep=clock.sleep))
        await clock.advance(9.9)
        assert not shutdown.done()
        assert server.in_flight() == ["slow", "slower"]
        await clock.advance(0.1)
        report = await shutdown
        assert report.finished == ("quick",)
        assert report.cancelled == ("slow", "slower")
        # Both cancelled requests ran their cleanup before shutdown returned.
        assert work.cleaned_up == [("quick", 1.0), ("slow", 10.0), ("slower", 10.0)]
        assert tasks["slow"].cancelled() and tasks["slower"].cancelled()
        assert server.in_flight() == []

    asyncio.run(scenario())


def test_a_failed_request_counts_as_finished_and_keeps_its_error() -> None:
    async def scenario() -> None:
        async def broken(request_id: str) -> str:
            await asyncio.sleep(0)
            raise ValueError(f"{request_id}: bad input")

        server = Server(broken)
        task = server.submit("x")
        report = await server.shutdown(5.0, sleep=VirtualClock().sleep)
        assert report.finished == ("x",)
        with pytest.raises(ValueError, match="x: bad input"):
            await task

    asyncio.run(scenario())


def test_shutdown_with_nothing_in_flight_returns_at_once_and_leaves_no_task() -> None:
    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        report = await Server(Work(VirtualClock(), {}).handle).shutdown(10.0)
        assert report.finished == report.cancelled == ()
        assert asyncio.all_tasks() == baseline

    asyncio.run(scenario())


def test_no_task_is_left_behind_after_a_shutdown_that_cancelled_work() -> None:
    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        clock = VirtualClock()
        server = Server(Work(clock, {"a": 1.0, "b": 100.0}).handle)
        server.submit("a")
        server.submit("b")
        shutdown = asyncio.create_task(server.shutdown(5.0, sleep=clock.sleep))
        await clock.advance(5.0)
        await shutdown
        assert asyncio.all_tasks() == baseline

    asyncio.run(scenario())


def test_cancelling_shutdown_itself_cancels_running_requests_at_once() -> None:
    async def scenario() -> None:
        clock = VirtualClock()
        work = Work(clock, {"a": 100.0})
        server = Server(work.handle)
        request = server.submit("a")
        shutdown = asyncio.create_task(server.shutdown(30.0, sleep=clock.sleep))
        await clock.advance(1.0)
        shutdown.cancel()  # a second signal: stop now
        with pytest.raises(asyncio.CancelledError):
            await shutdown
        assert request.cancelled()
        assert work.cleaned_up == [("a", 1.0)]

    asyncio.run(scenario())


def test_serve_until_stopped_keeps_serving_until_the_event_is_set() -> None:
    async def scenario() -> None:
        clock = VirtualClock()
        server = Server(Work(clock, {"a": 3.0}).handle)
        stop = asyncio.Event()
        service = asyncio.create_task(
            serve_until_stopped(server, stop, grace=5.0, sleep=clock.sleep)
        )
        await clock.advance(1.0)
        assert server.accepting and not service.done()
        server.submit("a")
        stop.set()
        await clock.advance(5.0)
        report = await service
        assert report.finished == ("a",)
        assert not server.accepting

    asyncio.run(scenario())


class FakeLoop:
    """Records the handlers a service installs, so the test can deliver a 'signal' by hand."""

    def __init__(self) -> None:
        self.handlers: dict[int, Callable[[], object]] = {}

    def add_signal_handler(self, sig: int, callback: Callable[[], object], /) -> None:
        self.handlers[sig] = callback


def test_sigterm_and_sigint_set_the_stop_event() -> None:
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop = FakeLoop()
        stop = asyncio.Event()
        install_signal_handlers(loop, stop)
        assert set(loop.handlers) == {signal.SIGTERM, signal.SIGINT}
        assert not stop.is_set()
        loop.handlers[sig]()
        assert stop.is_set()


def test_a_real_sigterm_reaches_the_event_instead_of_ending_the_process() -> None:
    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        install_signal_handlers(loop, stop, signals=[signal.SIGTERM])
        try:
            signal.raise_signal(signal.SIGTERM)
            await asyncio.wait_for(stop.wait(), timeout=5)
        finally:
            loop.remove_signal_handler(signal.SIGTERM)
        assert stop.is_set()

    asyncio.run(scenario())


def test_before_an_uninterrupted_order_is_charged_and_recorded() -> None:
    shop = before.Shop()
    asyncio.run(shop.place_order("o1"))
    assert shop.charged == shop.recorded == ["o1"]


def test_before_stopping_at_once_leaves_charged_orders_unrecorded() -> None:
    async def scenario() -> tuple[list[str], list[str]]:
        shop = before.Shop()
        requests = [asyncio.create_task(shop.place_order(f"o{n}")) for n in range(4)]
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        before.stop_now(requests)
        await asyncio.gather(*requests, return_exceptions=True)
        return shop.charged, shop.recorded

    charged, recorded = asyncio.run(scenario())
    assert charged == ["o0", "o1", "o2", "o3"]
    assert recorded == []


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p036)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
