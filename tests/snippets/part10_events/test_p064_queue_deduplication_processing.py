"""P064: the work queue coalesces keys, holds each key in one worker, and loses no update."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part10_events import p064_queue_deduplication_processing as p064
from snippets.part10_events import p064_queue_deduplication_processing_before as before
from snippets.part10_events.p064_queue_deduplication_processing import (
    QueueShutDownError,
    WorkQueue,
    run_workers,
    steps,
)

DemoCheck = Callable[[ModuleType], None]


def test_a_key_already_waiting_is_not_added_twice() -> None:
    async def scenario() -> None:
        queue: WorkQueue[str] = WorkQueue()
        for key in ["a", "b", "a", "a", "c", "b"]:
            queue.add(key)
        assert len(queue) == 3
        assert [await queue.get() for _ in range(3)] == ["a", "b", "c"]
        assert len(queue) == 0

    asyncio.run(scenario())


def test_a_key_held_by_a_worker_is_not_handed_to_another() -> None:
    async def scenario() -> None:
        queue: WorkQueue[str] = WorkQueue()
        queue.add("a")
        assert await queue.get() == "a"
        queue.add("a")
        assert len(queue) == 0  # dirty, but not in line while a worker holds it
        second = asyncio.create_task(queue.get())
        await steps(5)
        assert not second.done()
        queue.done("a")
        await steps(1)
        assert second.done()
        assert second.result() == "a"

    asyncio.run(scenario())


def test_many_adds_during_a_run_give_exactly_one_more_run() -> None:
    async def scenario() -> None:
        queue: WorkQueue[str] = WorkQueue()
        queue.add("a")
        key = await queue.get()
        for _ in range(5):
            queue.add("a")
        queue.done(key)
        assert len(queue) == 1
        assert await queue.get() == "a"
        queue.done("a")
        assert len(queue) == 0

    asyncio.run(scenario())


def test_done_without_an_add_during_the_run_does_not_requeue() -> None:
    async def scenario() -> None:
        queue: WorkQueue[str] = WorkQueue()
        queue.add("a")
        queue.done(await queue.get())
        assert len(queue) == 0
        queue.add("a")  # a later change is accepted again
        assert len(queue) == 1

    asyncio.run(scenario())


def test_done_for_a_key_nobody_holds_is_an_error() -> None:
    queue: WorkQueue[str] = WorkQueue()
    queue.add("a")
    with pytest.raises(ValueError, match=r"done\('a'\)"):
        queue.done("a")


def test_shut_down_hands_out_what_is_waiting_then_stops_every_getter() -> None:
    async def scenario() -> None:
        queue: WorkQueue[str] = WorkQueue()
        queue.add("a")
        queue.add("b")
        held = await queue.get()
        queue.add("a")  # changed during its run
        queue.shut_down()
        queue.add("late")
        assert queue.shutting_down
        assert await queue.get() == "b"
        # Nothing waits now: idle getters stop, though a held key may come back.
        with pytest.raises(QueueShutDownError):
            await queue.get()
        queue.done(held)  # the change made before shut_down still gets its run,
        assert await queue.get() == "a"  # from the worker that just released it
        queue.done("a")
        with pytest.raises(QueueShutDownError):
            await queue.get()

    asyncio.run(scenario())


def test_shut_down_wakes_getters_that_were_already_waiting() -> None:
    async def scenario() -> None:
        queue: WorkQueue[str] = WorkQueue()
        waiting = [asyncio.create_task(queue.get()) for _ in range(3)]
        await steps(1)
        queue.shut_down()
        results = await asyncio.gather(*waiting, return_exceptions=True)
        assert [type(result) for result in results] == [QueueShutDownError] * 3

    asyncio.run(scenario())


def test_a_cancelled_get_does_not_swallow_a_key() -> None:
    async def scenario() -> None:
        queue: WorkQueue[str] = WorkQueue()
        cancelled = asyncio.create_task(queue.get())
        await steps(1)
        cancelled.cancel()
        queue.add("a")  # wakes the getter that is being cancelled, and nobody else
        with pytest.raises(asyncio.CancelledError):
            await cancelled
        assert await queue.get() == "a"

        gone = asyncio.create_task(queue.get())
        await steps(1)
        gone.cancel()
        with pytest.raises(asyncio.CancelledError):
            await gone
        queue.add("b")
        assert await queue.get() == "b"

    asyncio.run(scenario())


class Recorder:
    """A handler that checks one worker per key and remembers what each run saw."""

    def __init__(self, rng: random.Random) -> None:
        self.version: Counter[str] = Counter()
        self.synced: dict[str, int] = {}
        self.busy: set[str] = set()
        self.runs = 0
        self.rng = rng

    async def handle(self, key: str) -> None:
        assert key not in self.busy, f"{key} is processed by two workers at once"
        self.busy.add(key)
        self.runs += 1
        seen = self.version[key]
        await steps(self.rng.randint(0, 4))
        self.synced[key] = seen
        self.busy.discard(key)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("workers", [1, 3, 8])
def test_every_key_ends_synced_to_its_last_change(seed: int, workers: int) -> None:
    async def scenario() -> None:
        rng = random.Random(seed)
        queue: WorkQueue[str] = WorkQueue()
        recorder = Recorder(rng)
        pool = asyncio.create_task(run_workers(queue, recorder.handle, workers=workers))
        changes = 0
        for _ in range(300):
            key = f"k{rng.randint(0, 9)}"
            recorder.version[key] += 1
            queue.add(key)
            changes += 1
            await steps(rng.randint(0, 2))
        queue.shut_down()
        assert await pool == []
        assert recorder.synced == dict(recorder.version)  # no update lost
        assert recorder.runs < changes  # and duplicates were dropped

    asyncio.run(scenario())


def test_a_failing_key_is_retried_and_a_success_resets_its_count() -> None:
    async def scenario() -> None:
        queue: WorkQueue[str] = WorkQueue()
        outcomes = {"flaky": [False, False, True, False, True], "ok": [True]}
        runs: Counter[str] = Counter()

        async def handle(key: str) -> None:
            succeed = outcomes[key][runs[key]]
            runs[key] += 1
            await steps(1)
            if not succeed:
                raise ConnectionError(key)

        pool = asyncio.create_task(run_workers(queue, handle, workers=2, max_attempts=3))
        queue.add("flaky")
        queue.add("ok")
        await steps(20)
        queue.add("flaky")  # fails once more, then succeeds: the earlier failures were forgotten
        await steps(20)
        queue.shut_down()
        assert await pool == []
        assert runs == {"flaky": 5, "ok": 1}

    asyncio.run(scenario())


def test_a_key_that_keeps_failing_is_given_up_after_max_attempts() -> None:
    async def scenario() -> None:
        queue: WorkQueue[str] = WorkQueue()
        runs: Counter[str] = Counter()

        async def handle(key: str) -> None:
            runs[key] += 1
            await steps(1)
            if key == "bad":
                raise ValueError(key)

        pool = asyncio.create_task(run_workers(queue, handle, workers=2, max_attempts=4))
        queue.add("bad")
        queue.add("good")
        await steps(30)
        queue.shut_down()
        assert await pool == ["bad"]
        assert runs == {"bad": 4, "good": 1}

    asyncio.run(scenario())


def test_a_failure_after_shut_down_is_reported_not_retried() -> None:
    async def scenario() -> None:
        queue: WorkQueue[str] = WorkQueue()
        runs = 0

        async def handle(key: str) -> None:
            nonlocal runs
            runs += 1
            raise ConnectionError(key)

        queue.add("a")
        queue.shut_down()
        assert await run_workers(queue, handle, workers=1) == ["a"]
        assert runs == 1

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("workers", "max_attempts", "message"),
    [(0, 3, "workers must be at least 1"), (1, 0, "max_attempts must be at least 1")],
)
def test_run_workers_rejects_settings_that_could_never_work(
    workers: int, max_attempts: int, message: str
) -> None:
    async def handle(key: str) -> None:
        raise AssertionError("must not run")

    async def scenario() -> None:
        queue: WorkQueue[str] = WorkQueue()
        queue.add("a")
        with pytest.raises(ValueError, match=message):
            await run_workers(queue, handle, workers=workers, max_attempts=max_attempts)

    asyncio.run(scenario())


def test_before_runs_every_event_lets_workers_share_a_key_and_applies_a_stale_value() -> None:
    async def scenario() -> before.Cluster:
        cluster = before.Cluster(seed=7)
        queue: asyncio.Queue[tuple[str, int] | None] = asyncio.Queue()
        for replicas in range(1, 7):
            cluster.desired["web"] = replicas
            queue.put_nowait(("web", replicas))
        for _ in range(3):
            queue.put_nowait(None)
        await before.run_workers(cluster, queue, workers=3)
        return cluster

    cluster = asyncio.run(scenario())
    assert cluster.runs == 6
    assert cluster.most_on_one_key == 3
    assert cluster.applied["web"] != cluster.desired["web"]


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p064)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
