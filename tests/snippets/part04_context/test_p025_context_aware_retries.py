"""P025: the loop stops at once when its caller cancels, and never waits past the deadline."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part04_context import p025_context_aware_retries as p025
from snippets.part04_context import p025_context_aware_retries_before as before
from snippets.part04_context.p025_context_aware_retries import (
    FakeTime,
    FlakyService,
    RetryGaveUpError,
    RetryPolicy,
    is_transient,
    retry,
    retry_within,
)

DemoCheck = Callable[[ModuleType], None]

POLICY = RetryPolicy(attempts=5, base_delay=0.1, max_delay=0.3)


def down() -> FlakyService:
    return FlakyService(failures=1_000, error=ConnectionError("refused"))


def test_retries_until_success_with_capped_doubling_waits() -> None:
    fake = FakeTime()
    service = FlakyService(failures=4, error=ConnectionError("reset"))
    result = asyncio.run(retry(service.fetch, policy=POLICY, clock=fake.clock, sleep=fake.sleep))
    assert result == "answer on call 5"
    assert fake.waits == [0.1, 0.2, 0.3, 0.3]


def test_running_out_of_attempts_raises_with_the_last_error_as_cause() -> None:
    fake = FakeTime()
    service = down()
    with pytest.raises(RetryGaveUpError, match="after 5 attempts: no attempts left") as info:
        asyncio.run(retry(service.fetch, policy=POLICY, clock=fake.clock, sleep=fake.sleep))
    assert service.calls == 5
    assert info.value.attempts == 5
    assert info.value.__cause__ is service.error
    assert len(fake.waits) == 4  # no wait after the last attempt


def test_a_terminal_error_is_raised_unchanged_after_one_call() -> None:
    service = FlakyService(failures=1, error=PermissionError("403"))
    with pytest.raises(PermissionError) as info:
        asyncio.run(retry(service.fetch, policy=POLICY, is_retryable=is_transient))
    assert info.value is service.error
    assert service.calls == 1


@pytest.mark.parametrize(
    ("deadline", "calls", "stopped_at"),
    [
        (0.05, 1, 0.0),  # the first 0.1 s wait would end after the deadline
        (0.1, 1, 0.0),  # ending exactly at the deadline is too late as well
        (0.25, 2, 0.1),  # calls at 0 and 0.1 s; the 0.2 s wait would end at 0.3 s
        (0.5, 3, 0.3),  # calls at 0, 0.1 and 0.3 s; the next would be at 0.6 s
        (10.0, 5, 0.9),  # enough time: the attempts run out first
    ],
)
def test_never_starts_a_wait_that_would_end_after_the_deadline(
    deadline: float, calls: int, stopped_at: float
) -> None:
    fake = FakeTime()
    service = down()
    with pytest.raises(RetryGaveUpError) as info:
        asyncio.run(
            retry(
                service.fetch, policy=POLICY, deadline=deadline, clock=fake.clock, sleep=fake.sleep
            )
        )
    assert service.calls == calls
    assert fake.now == pytest.approx(stopped_at)
    assert fake.now < deadline
    assert info.value.__cause__ is service.error


def test_a_deadline_already_passed_makes_no_call() -> None:
    fake = FakeTime()
    fake.now = 5.0
    service = down()
    with pytest.raises(RetryGaveUpError, match="after 0 attempts: the deadline has passed"):
        asyncio.run(
            retry(service.fetch, policy=POLICY, deadline=5.0, clock=fake.clock, sleep=fake.sleep)
        )
    assert service.calls == 0


def test_a_sleep_that_overshoots_the_deadline_stops_before_the_next_call() -> None:
    fake = FakeTime()

    async def late_sleep(seconds: float) -> None:
        await fake.sleep(seconds)
        fake.now += 1.0  # a loaded machine wakes the task late

    service = down()
    with pytest.raises(RetryGaveUpError, match="after 1 attempt: the deadline has passed") as info:
        asyncio.run(
            retry(service.fetch, policy=POLICY, deadline=0.5, clock=fake.clock, sleep=late_sleep)
        )
    assert service.calls == 1
    assert info.value.__cause__ is service.error


def test_cancelling_during_the_backoff_stops_the_loop_with_no_further_call() -> None:
    async def scenario() -> None:
        waiting = asyncio.Event()
        woke = False

        async def endless_sleep(seconds: float) -> None:
            nonlocal woke
            waiting.set()
            await asyncio.Event().wait()  # a long backoff; only a cancellation ends it
            woke = True

        service = down()
        task = asyncio.create_task(retry(service.fetch, policy=POLICY, sleep=endless_sleep))
        await waiting.wait()
        assert service.calls == 1
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        for _ in range(10):
            await asyncio.sleep(0)
        assert task.cancelled()
        assert service.calls == 1
        assert not woke

    asyncio.run(scenario())


def test_cancelling_during_an_attempt_is_never_retried() -> None:
    async def scenario() -> None:
        started = asyncio.Event()
        calls = 0

        async def hangs() -> str:
            nonlocal calls
            calls += 1
            started.set()
            await asyncio.Event().wait()
            return "never"

        fake = FakeTime()
        task = asyncio.create_task(retry(hangs, policy=POLICY, clock=fake.clock, sleep=fake.sleep))
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert calls == 1
        assert fake.waits == []

    asyncio.run(scenario())


def test_a_timeout_around_the_loop_cancels_the_real_backoff_sleep() -> None:
    async def scenario() -> None:
        calls = 0

        async def refuse() -> str:
            nonlocal calls
            calls += 1
            raise ConnectionError("refused")  # fails without waiting: the first wait is the backoff

        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0):
                # asyncio.sleep(10.0) is the backoff; the expired timeout cancels it at once.
                await retry(refuse, policy=RetryPolicy(base_delay=10.0, max_delay=10.0))
        assert calls == 1

    asyncio.run(scenario())


def test_retry_within_returns_an_answer_and_refuses_a_wait_it_cannot_finish() -> None:
    async def scenario() -> None:
        flaky = FlakyService(failures=0, error=ConnectionError("unused"))
        assert await retry_within(flaky.fetch, seconds=5.0, policy=POLICY) == "answer on call 1"
        service = down()
        with pytest.raises(RetryGaveUpError, match="a 10s wait would end after the deadline"):
            await retry_within(
                service.fetch, seconds=5.0, policy=RetryPolicy(base_delay=10.0, max_delay=10.0)
            )
        assert service.calls == 1

    asyncio.run(scenario())


def test_retry_within_cancels_an_attempt_still_running_at_the_deadline() -> None:
    async def scenario() -> None:
        calls = 0

        async def hangs() -> str:
            nonlocal calls
            calls += 1
            await asyncio.Event().wait()
            return "never"

        # The only test here that waits on the real clock (50 ms): the deadline
        # must lie ahead when the call starts, and pass while it hangs.
        with pytest.raises(TimeoutError):
            await retry_within(hangs, seconds=0.05, policy=POLICY)
        assert calls == 1

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"attempts": 0}, "attempts must be at least 1"),
        ({"base_delay": 0.0}, "delays"),
        ({"base_delay": 3.0, "max_delay": 2.0}, "delays"),
    ],
)
def test_rejects_a_policy_that_cannot_work(settings: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RetryPolicy(**settings)  # type: ignore[arg-type]


def test_before_retries_a_cancelled_call_and_sleeps_past_the_deadline() -> None:
    async def scenario() -> None:
        time = before.FakeTime()
        service = before.DownService(time)
        task = asyncio.create_task(
            before.retry(service.fetch, attempts=3, base_delay=1.0, sleep=time.sleep)
        )
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(ConnectionError):
            await task
        assert not task.cancelled()
        assert service.call_times == [0.0, 1.0, 3.0]

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p025)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
