"""P038: restart with growing waits, reset after a stable run, give up, stop without leaks."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from types import ModuleType
from typing import Any

import pytest

from snippets.part06_lifecycle import p038_background_service_manager as p038
from snippets.part06_lifecycle import p038_background_service_manager_before as before
from snippets.part06_lifecycle.p038_background_service_manager import (
    Backoff,
    Daemon,
    State,
    VirtualClock,
)

DemoCheck = Callable[[ModuleType], None]


class Recorder:
    """A sleep on the virtual clock that also records every wait the daemon asks for."""

    def __init__(self, clock: VirtualClock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        await self.clock.sleep(seconds)


class Job:
    """A job that runs for `lasts` seconds of virtual time per attempt, then crashes.

    `lasts=None` runs until cancelled. `script` overrides `lasts` attempt by attempt.
    """

    def __init__(self, clock: VirtualClock, lasts: float | None = 0.0) -> None:
        self.clock = clock
        self.lasts = lasts
        self.script: list[float | None] = []
        self.attempts = 0
        self.cleanups = 0

    async def __call__(self) -> None:
        self.attempts += 1
        lasts = self.script.pop(0) if self.script else self.lasts
        try:
            if lasts is None:
                await asyncio.Event().wait()
            await self.clock.sleep(lasts or 0.0)
        finally:
            self.cleanups += 1
        raise ConnectionError(f"attempt {self.attempts} failed")


def make(
    lasts: float | None = 0.0, backoff: Backoff | None = None
) -> tuple[Daemon, VirtualClock, Job, Recorder]:
    clock = VirtualClock()
    job = Job(clock, lasts)
    recorder = Recorder(clock)
    daemon = Daemon("t", job, backoff=backoff, clock=clock.time, sleep=recorder.sleep)
    return daemon, clock, job, recorder


def test_the_wait_doubles_after_each_crash_and_stops_at_the_cap() -> None:
    async def scenario() -> None:
        daemon, clock, job, recorder = make(backoff=Backoff(initial=0.5, maximum=4.0))
        daemon.start()
        await clock.advance(100.0)
        assert recorder.waits[:7] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0, 4.0]
        assert daemon.health().restarts == job.attempts - 1
        await daemon.stop()

    asyncio.run(scenario())


def test_default_backoff_starts_at_one_second() -> None:
    async def scenario() -> None:
        daemon, clock, _, recorder = make()
        daemon.start()
        await clock.advance(0.0)
        assert recorder.waits == [1.0]
        assert daemon.health().retry_in == 1.0
        await daemon.stop()

    asyncio.run(scenario())


def test_a_stable_run_resets_the_wait_and_a_short_one_does_not() -> None:
    async def scenario() -> None:
        daemon, clock, job, recorder = make(backoff=Backoff(initial=1.0, stable_after=60.0))
        job.script = [0.0, 0.0, 59.0, 60.0, 0.0]
        daemon.start()
        await clock.advance(200.0)
        # crash, crash, a 59 s run (still counts), a 60 s run (resets), crash
        assert recorder.waits[:5] == [1.0, 2.0, 4.0, 1.0, 2.0]
        await daemon.stop()

    asyncio.run(scenario())


def test_it_gives_up_after_max_crashes_in_a_row_and_run_returns() -> None:
    async def scenario() -> None:
        clock = VirtualClock()
        job = Job(clock)
        daemon = Daemon(
            "t", job, backoff=Backoff(max_crashes=3), clock=clock.time, sleep=clock.sleep
        )
        supervising = asyncio.create_task(daemon.run())
        await clock.advance(100.0)
        assert supervising.done() and supervising.result() is None
        health = daemon.health()
        assert (health.state, health.restarts, job.attempts) == (State.FAILED, 2, 3)
        assert health.last_error == "ConnectionError: attempt 3 failed"
        assert not health.healthy

    asyncio.run(scenario())


def test_a_job_that_returns_counts_as_a_crash() -> None:
    async def scenario() -> None:
        calls = 0

        async def returns() -> None:
            nonlocal calls
            calls += 1

        clock = VirtualClock()
        daemon = Daemon("t", returns, clock=clock.time, sleep=clock.sleep)
        daemon.start()
        await clock.advance(3.0)
        assert daemon.health().last_error == "job returned"
        assert calls == 3  # at 0 s, after 1 s, after 2 more seconds
        await daemon.stop()

    asyncio.run(scenario())


def test_health_is_running_while_the_job_runs() -> None:
    async def scenario() -> None:
        daemon, clock, _, _ = make(lasts=None)
        assert daemon.health().state is State.STOPPED
        daemon.start()
        await clock.advance(5.0)
        health = daemon.health()
        assert health.healthy and health.state is State.RUNNING
        assert (health.restarts, health.last_error, health.retry_in) == (0, None, None)
        await daemon.stop()

    asyncio.run(scenario())


def test_stop_cancels_a_running_job_waits_for_its_cleanup_and_leaves_no_task() -> None:
    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        daemon, clock, job, _ = make(lasts=None)
        daemon.start()
        await clock.advance(1.0)
        assert len(asyncio.all_tasks() - baseline) == 1
        await daemon.stop()
        assert job.cleanups == 1
        assert daemon.health().state is State.STOPPED
        assert asyncio.all_tasks() == baseline

    asyncio.run(scenario())


def test_stop_during_the_wait_prevents_the_restart() -> None:
    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        daemon, clock, job, _ = make(backoff=Backoff(initial=10.0, maximum=10.0))
        daemon.start()
        await clock.advance(5.0)
        assert daemon.health().state is State.BACKING_OFF
        await daemon.stop()
        await clock.advance(60.0)  # the wait would have ended at 10 s
        assert job.attempts == 1
        assert daemon.health() == p038.Health(
            State.STOPPED, 0, "ConnectionError: attempt 1 failed", None
        )
        assert asyncio.all_tasks() == baseline

    asyncio.run(scenario())


def test_cancellation_is_not_a_crash() -> None:
    async def scenario() -> None:
        daemon, clock, job, recorder = make(lasts=None)
        supervising = asyncio.create_task(daemon.run())
        await clock.advance(1.0)
        supervising.cancel()
        with pytest.raises(asyncio.CancelledError):
            await supervising
        assert recorder.waits == []  # no restart was scheduled
        assert job.attempts == 1

    asyncio.run(scenario())


def test_start_twice_is_refused_and_stop_without_start_does_nothing() -> None:
    async def scenario() -> None:
        daemon, clock, job, _ = make(lasts=None)
        await daemon.stop()
        daemon.start()
        with pytest.raises(RuntimeError, match="already started"):
            daemon.start()
        await daemon.stop()
        daemon.start()  # a stopped daemon can start again
        await clock.advance(1.0)
        assert job.attempts == 1
        await daemon.stop()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"initial": 0.0}, "initial"),
        ({"initial": 5.0, "maximum": 1.0}, "initial"),
        ({"stable_after": 0.0}, "stable_after"),
        ({"max_crashes": 0}, "max_crashes"),
    ],
)
def test_nonsense_backoff_settings_are_refused(settings: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Backoff(**settings)  # type: ignore[arg-type]


def test_before_the_forgotten_task_dies_at_the_first_failure() -> None:
    async def scenario() -> None:
        feed = before.PriceFeed()
        task = asyncio.create_task(before.refresh_prices(feed, {}))
        await before.turns(50)
        assert task.done()
        assert isinstance(task.exception(), ConnectionError)
        assert feed.calls == 1

    asyncio.run(scenario())


def test_before_the_tight_loop_calls_once_per_turn_without_waiting() -> None:
    async def scenario() -> None:
        feed = before.PriceFeed()
        task = asyncio.create_task(before.refresh_prices_no_matter_what(feed, {}))
        await before.turns(200)
        task.cancel()
        await asyncio.wait([task])
        assert feed.calls >= 199

    asyncio.run(scenario())


@pytest.mark.parametrize("refresh", [before.refresh_prices, before.refresh_prices_no_matter_what])
def test_before_both_refreshers_work_while_the_feed_is_up(
    refresh: Callable[[before.PriceFeed, dict[str, float]], Coroutine[Any, Any, None]],
) -> None:
    async def scenario() -> None:
        feed = before.PriceFeed()
        feed.up = True
        prices: dict[str, float] = {}
        task = asyncio.create_task(refresh(feed, prices))
        await before.turns(5)
        assert prices == {"EUR": 1.08}
        assert feed.calls == 1  # then it waits 30 s before the next call
        task.cancel()
        await asyncio.wait([task])

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p038)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
