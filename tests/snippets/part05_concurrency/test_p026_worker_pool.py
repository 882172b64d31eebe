"""P026: the concurrency bound, input order, error isolation, backpressure and clean exit."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from types import ModuleType

import pytest

from snippets.part05_concurrency import p026_worker_pool as p026
from snippets.part05_concurrency import p026_worker_pool_before as before
from snippets.part05_concurrency.p026_worker_pool import Database, InFlight, run_pool

DemoCheck = Callable[[ModuleType], None]


async def steps(count: int) -> None:
    """Yield to the event loop `count` times: a job that takes `count` turns."""
    for _ in range(count):
        await asyncio.sleep(0)


def assert_no_other_tasks() -> None:
    assert asyncio.all_tasks() == {asyncio.current_task()}


@pytest.mark.parametrize("workers", [1, 2, 3, 8, 50])
@pytest.mark.parametrize("queue_size", [None, 1, 200])
def test_jobs_in_flight_never_exceed_the_worker_count(workers: int, queue_size: int | None) -> None:
    async def scenario() -> None:
        in_flight = InFlight()

        async def job(n: int) -> int:
            with in_flight:
                # Uneven lengths, so workers free up at different times; each job
                # outlasts the turns the producer needs to hand every worker a job.
                await steps(2 * workers + n * 7 % 5)
            return n * 2

        results = await run_pool(range(500), job, workers=workers, queue_size=queue_size)
        assert in_flight.peak == workers  # reached, and never passed
        assert in_flight.now == 0
        assert results == [n * 2 for n in range(500)]
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_fewer_jobs_than_workers_run_all_at_once() -> None:
    async def scenario() -> None:
        in_flight = InFlight()

        async def job(n: int) -> int:
            with in_flight:
                await steps(3)
            return n

        assert await run_pool(range(3), job, workers=10) == [0, 1, 2]
        assert in_flight.peak == 3
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_results_keep_input_order_when_jobs_finish_out_of_order() -> None:
    finished: list[int] = []

    async def job(n: int) -> int:
        await steps(10 - n)  # later jobs are shorter, so they finish first
        finished.append(n)
        return n * n

    results = asyncio.run(run_pool(range(10), job, workers=4))
    assert finished != sorted(finished)
    assert results == [n * n for n in range(10)]


@pytest.mark.parametrize("workers", [1, 3])
def test_a_failing_job_is_its_own_result_and_the_others_still_run(workers: int) -> None:
    started: list[int] = []

    async def job(n: int) -> int:
        started.append(n)
        await asyncio.sleep(0)
        if n % 4 == 1:
            raise ValueError(f"bad job {n}")
        return n

    results = asyncio.run(run_pool(range(12), job, workers=workers))
    assert sorted(started) == list(range(12))
    for n, result in enumerate(results):
        if n % 4 == 1:
            assert isinstance(result, ValueError)
            assert str(result) == f"bad job {n}"
        else:
            assert result == n


def test_more_workers_than_the_database_accepts_are_refused() -> None:
    async def scenario() -> list[str | Exception]:
        database = Database(max_connections=3)
        return await run_pool(range(5), database.fetch_order, workers=5)

    results = asyncio.run(scenario())
    assert results[:3] == ["order 0: paid", "order 1: paid", "order 2: paid"]
    assert [type(result) for result in results[3:]] == [ConnectionRefusedError] * 2


def test_a_lazy_source_is_read_only_as_fast_as_the_workers_take_jobs() -> None:
    async def scenario() -> None:
        pulled = 0

        def source() -> Iterator[int]:
            nonlocal pulled
            for n in range(1000):
                pulled += 1
                yield n

        gate = asyncio.Event()

        async def job(n: int) -> int:
            await gate.wait()
            return n

        pool = asyncio.create_task(run_pool(source(), job, workers=3, queue_size=2))
        await steps(20)
        # One job per busy worker, two in the full queue, one waiting to be put.
        assert pulled == 3 + 2 + 1
        gate.set()
        assert await pool == list(range(1000))

    asyncio.run(scenario())


def test_cancelling_the_caller_cancels_every_worker_and_running_job() -> None:
    async def scenario() -> None:
        in_flight = InFlight()
        cancelled = 0

        async def job(n: int) -> int:
            nonlocal cancelled
            with in_flight:
                try:
                    await asyncio.Event().wait()
                except asyncio.CancelledError:
                    cancelled += 1
                    raise
            return n

        pool = asyncio.create_task(run_pool(range(100), job, workers=5))
        await steps(5)
        assert in_flight.now == 5
        assert len(asyncio.all_tasks()) == 1 + 1 + 5  # this test, the pool, its workers
        pool.cancel()
        with pytest.raises(asyncio.CancelledError):
            await pool
        assert_no_other_tasks()
        assert cancelled == 5
        assert in_flight.now == 0

    asyncio.run(scenario())


def test_a_timeout_around_the_pool_leaves_no_task_behind() -> None:
    async def scenario() -> None:
        async def job(n: int) -> int:
            await asyncio.Event().wait()
            return n

        loop = asyncio.get_running_loop()
        with pytest.raises(TimeoutError):
            async with asyncio.timeout_at(loop.time()):  # already due: fires on the next turn
                await run_pool(range(100), job, workers=4)
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_a_broken_job_source_stops_the_pool_and_leaves_no_task_behind() -> None:
    async def scenario() -> None:
        def source() -> Iterator[int]:
            yield 1
            raise OSError("jobs file truncated")

        async def job(n: int) -> int:
            await asyncio.Event().wait()
            return n

        with pytest.raises(ExceptionGroup) as info:
            await run_pool(source(), job, workers=4)
        assert [type(exc) for exc in info.value.exceptions] == [OSError]
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_no_jobs_gives_no_results() -> None:
    async def scenario() -> None:
        assert await run_pool([], steps, workers=4) == []
        assert_no_other_tasks()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("workers", "queue_size", "message"),
    [(0, None, "workers must be at least 1, got 0"), (-2, None, "workers"), (2, 0, "queue_size")],
)
def test_rejects_a_pool_that_could_never_run(
    workers: int, queue_size: int | None, message: str
) -> None:
    calls = 0

    async def job(n: int) -> int:
        nonlocal calls
        calls += 1
        return n

    async def scenario() -> None:
        with pytest.raises(ValueError, match=message):
            await run_pool(range(3), job, workers=workers, queue_size=queue_size)
        assert_no_other_tasks()

    asyncio.run(scenario())
    assert calls == 0


@pytest.mark.parametrize("jobs", [1, 100, 2_000])
def test_before_every_job_is_in_flight_at_once(jobs: int) -> None:
    database = before.Database(max_connections=100)
    in_flight = before.InFlight()
    results = asyncio.run(before.handle_all(database, range(jobs), in_flight))
    assert len(results) == jobs
    assert in_flight.peak == jobs
    assert database.refused == max(0, jobs - 100)


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p026)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
