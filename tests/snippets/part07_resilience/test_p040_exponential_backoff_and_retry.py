"""P040: the delays' bounds, the attempt limit, classification, and the injected sleep."""

from __future__ import annotations

import asyncio
import random
import statistics
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part07_resilience import p040_exponential_backoff_and_retry as p040
from snippets.part07_resilience import p040_exponential_backoff_and_retry_before as before
from snippets.part07_resilience.p040_exponential_backoff_and_retry import (
    Backoff,
    FakeSleep,
    RetriesExhaustedError,
    is_transient,
    retry,
)

DemoCheck = Callable[[ModuleType], None]


class Flaky:
    """Raises the given errors in turn, then returns "done"; counts its calls."""

    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        await asyncio.sleep(0)
        if self.errors:
            raise self.errors.pop(0)
        return "done"


def always(error: Exception, times: int = 100) -> Flaky:
    return Flaky(*[error] * times)


def run_retry(
    operation: Flaky,
    *,
    attempts: int,
    backoff: Backoff | None = None,
    seed: int = 0,
) -> tuple[str, FakeSleep]:
    sleep = FakeSleep()
    result = asyncio.run(
        retry(
            operation,
            attempts=attempts,
            backoff=backoff or Backoff(base=0.1, cap=1.0),
            is_retryable=is_transient,
            rng=random.Random(seed),
            sleep=sleep,
        )
    )
    return result, sleep


@pytest.mark.parametrize(
    ("retry_number", "ceiling"),
    [(0, 0.1), (1, 0.2), (2, 0.4), (3, 0.8), (4, 1.0), (5, 1.0), (5000, 1.0)],
)
def test_the_ceiling_doubles_then_stays_at_the_cap(retry_number: int, ceiling: float) -> None:
    assert Backoff(base=0.1, cap=1.0).ceiling(retry_number) == pytest.approx(ceiling)


@pytest.mark.parametrize("seed", range(20))
def test_every_wait_lies_between_zero_and_its_ceiling(seed: int) -> None:
    backoff = Backoff(base=0.05, cap=0.5)
    operation = always(ConnectionResetError("reset"), times=11)
    result, sleep = run_retry(operation, attempts=12, backoff=backoff, seed=seed)
    assert result == "done"
    assert len(sleep.waits) == 11
    for n, wait in enumerate(sleep.waits):
        assert 0.0 <= wait <= min(0.5, 0.05 * 2**n)


def test_jitter_uses_the_whole_window_not_a_fixed_point() -> None:
    backoff, rng = Backoff(base=1.0, cap=8.0), random.Random(3)
    for n in range(5):
        draws = [backoff.delay(n, rng) for _ in range(2000)]
        ceiling = min(8.0, 2.0**n)
        assert min(draws) < 0.02 * ceiling
        assert max(draws) > 0.98 * ceiling
        assert statistics.mean(draws) == pytest.approx(ceiling / 2, rel=0.05)


def test_the_same_seed_gives_the_same_waits_and_another_seed_does_not() -> None:
    def waits(seed: int) -> list[float]:
        return run_retry(always(TimeoutError(), times=5), attempts=6, seed=seed)[1].waits

    assert waits(7) == waits(7)
    assert waits(7) != waits(8)


def test_success_after_failures_returns_the_value() -> None:
    operation = Flaky(ConnectionRefusedError("refused"), TimeoutError("slow"))
    result, sleep = run_retry(operation, attempts=3)
    assert (result, operation.calls, len(sleep.waits)) == ("done", 3, 2)


@pytest.mark.parametrize("attempts", [1, 2, 5])
def test_stops_after_the_attempt_limit_with_the_last_error_as_cause(attempts: int) -> None:
    errors = [ConnectionResetError(f"reset {n}") for n in range(10)]
    operation = Flaky(*errors)
    with pytest.raises(RetriesExhaustedError) as info:
        run_retry(operation, attempts=attempts)
    assert operation.calls == attempts
    assert info.value.attempts == attempts
    assert info.value.__cause__ is errors[attempts - 1]


def test_the_attempt_limit_counts_the_sleeps_too() -> None:
    sleep = FakeSleep()
    operation = always(TimeoutError())

    async def scenario() -> None:
        with pytest.raises(RetriesExhaustedError):
            await retry(
                operation,
                attempts=4,
                backoff=Backoff(),
                is_retryable=is_transient,
                rng=random.Random(1),
                sleep=sleep,
            )

    asyncio.run(scenario())
    assert len(sleep.waits) == 3  # no pointless wait after the last attempt


def test_a_non_retryable_error_is_raised_at_once_and_unchanged() -> None:
    error = PermissionError("forbidden")
    operation = Flaky(error)
    with pytest.raises(PermissionError) as info:
        run_retry(operation, attempts=5)
    assert info.value is error
    assert operation.calls == 1


def test_a_non_retryable_error_after_retryable_ones_stops_the_loop() -> None:
    operation = Flaky(TimeoutError(), ValueError("bad input"), TimeoutError())
    with pytest.raises(ValueError, match="bad input"):
        run_retry(operation, attempts=5)
    assert operation.calls == 2


def test_a_cancellation_during_the_wait_ends_the_loop() -> None:
    operation = always(ConnectionResetError())
    started = asyncio.Event()

    async def hanging_sleep(seconds: float) -> None:
        started.set()
        await asyncio.Event().wait()

    async def scenario() -> None:
        task = asyncio.create_task(
            retry(
                operation,
                attempts=5,
                backoff=Backoff(),
                is_retryable=lambda exc: True,
                rng=random.Random(0),
                sleep=hanging_sleep,
            )
        )
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())
    assert operation.calls == 1


def test_a_cancelled_operation_is_not_retried_even_by_a_catch_all_predicate() -> None:
    operation = Flaky(asyncio.CancelledError())
    sleep = FakeSleep()

    async def scenario() -> None:
        await retry(
            operation,
            attempts=5,
            backoff=Backoff(),
            is_retryable=lambda exc: True,
            rng=random.Random(0),
            sleep=sleep,
        )

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(scenario())
    assert (operation.calls, sleep.waits) == (1, [])


def test_the_default_random_source_still_respects_the_bounds() -> None:
    sleep = FakeSleep()
    operation = always(TimeoutError(), times=6)

    async def scenario() -> str:
        return await retry(
            operation,
            attempts=7,
            backoff=Backoff(base=0.2, cap=1.0),
            is_retryable=is_transient,
            sleep=sleep,
        )

    assert asyncio.run(scenario()) == "done"
    assert all(0.0 <= w <= min(1.0, 0.2 * 2**n) for n, w in enumerate(sleep.waits))


@pytest.mark.parametrize(("base", "cap"), [(0.0, 1.0), (-1.0, 1.0), (2.0, 1.0)])
def test_rejects_a_schedule_that_cannot_work(base: float, cap: float) -> None:
    with pytest.raises(ValueError, match="base"):
        Backoff(base=base, cap=cap)


def test_rejects_zero_attempts_without_calling() -> None:
    operation = Flaky()
    with pytest.raises(ValueError, match="attempts"):
        run_retry(operation, attempts=0)
    assert operation.calls == 0


def test_the_fixed_pause_loop_survives_only_an_outage_shorter_than_its_window() -> None:
    async def client(up_at: float) -> tuple[int, int]:
        service, clock = before.Service(up_at=up_at), before.Clock()
        return await before.retry_fixed(
            lambda: service.stock("sku-1", clock.now), clock.sleep
        ), len(service.arrivals)

    assert asyncio.run(client(0.45)) == (12, 6)
    with pytest.raises(ConnectionResetError):
        asyncio.run(client(1.0))


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p040)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
