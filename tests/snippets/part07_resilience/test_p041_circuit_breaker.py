"""P041: the breaker's state machine, probe admission and failure accounting."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part07_resilience import p041_circuit_breaker as p041
from snippets.part07_resilience import p041_circuit_breaker_before as before
from snippets.part07_resilience.p041_circuit_breaker import (
    CircuitBreaker,
    CircuitOpenError,
    ManualClock,
    State,
)

DemoCheck = Callable[[ModuleType], None]


def state(breaker: CircuitBreaker) -> State:
    """Read the state through a call, so mypy does not narrow it between reads."""
    return breaker.state


async def fail() -> str:
    raise ConnectionError("down")


async def succeed() -> str:
    return "ok"


def make(threshold: int = 2, timeout: float = 10.0) -> tuple[CircuitBreaker, ManualClock]:
    clock = ManualClock()
    return CircuitBreaker(failure_threshold=threshold, reset_timeout=timeout, clock=clock), clock


async def trip(breaker: CircuitBreaker, times: int) -> None:
    for _ in range(times):
        with pytest.raises(ConnectionError):
            await breaker.call(fail)


def test_closed_open_half_open_closed_cycle() -> None:
    async def scenario() -> None:
        breaker, clock = make(threshold=2, timeout=10.0)
        assert state(breaker) is State.CLOSED
        await trip(breaker, 2)
        assert state(breaker) is State.OPEN
        clock.advance(9.9)
        assert state(breaker) is State.OPEN
        clock.advance(0.1)
        assert state(breaker) is State.HALF_OPEN
        assert await breaker.call(succeed) == "ok"
        assert state(breaker) is State.CLOSED

    asyncio.run(scenario())


def test_open_breaker_rejects_without_calling_the_dependency() -> None:
    async def scenario() -> None:
        breaker, clock = make(threshold=1, timeout=10.0)
        await trip(breaker, 1)
        clock.advance(4.0)
        calls = 0

        async def counted() -> str:
            nonlocal calls
            calls += 1
            return "ok"

        with pytest.raises(CircuitOpenError) as info:
            await breaker.call(counted)
        assert calls == 0
        assert info.value.retry_after == pytest.approx(6.0)

    asyncio.run(scenario())


def test_only_consecutive_failures_count() -> None:
    async def scenario() -> None:
        breaker, _ = make(threshold=2)
        await trip(breaker, 1)
        await breaker.call(succeed)
        await trip(breaker, 1)
        assert state(breaker) is State.CLOSED

    asyncio.run(scenario())


def test_half_open_admits_exactly_one_probe() -> None:
    async def scenario() -> None:
        breaker, clock = make(threshold=1, timeout=5.0)
        await trip(breaker, 1)
        clock.advance(5.0)
        release = asyncio.Event()
        probes = 0

        async def slow_probe() -> str:
            nonlocal probes
            probes += 1
            await release.wait()
            return "ok"

        probe = asyncio.create_task(breaker.call(slow_probe))
        await asyncio.sleep(0)
        for _ in range(3):
            with pytest.raises(CircuitOpenError):
                await breaker.call(slow_probe)
        release.set()
        assert await probe == "ok"
        assert probes == 1
        assert state(breaker) is State.CLOSED

    asyncio.run(scenario())


def test_failed_probe_reopens_for_a_full_timeout() -> None:
    async def scenario() -> None:
        breaker, clock = make(threshold=1, timeout=5.0)
        await trip(breaker, 1)
        clock.advance(5.0)
        await trip(breaker, 1)
        clock.advance(4.9)
        assert state(breaker) is State.OPEN
        clock.advance(0.1)
        assert state(breaker) is State.HALF_OPEN

    asyncio.run(scenario())


def test_cancelled_probe_lets_the_next_caller_probe() -> None:
    async def scenario() -> None:
        breaker, clock = make(threshold=1, timeout=5.0)
        await trip(breaker, 1)
        clock.advance(5.0)
        probe = asyncio.create_task(breaker.call(asyncio.Event().wait))
        await asyncio.sleep(0)
        probe.cancel()
        with pytest.raises(asyncio.CancelledError):
            await probe
        assert state(breaker) is State.HALF_OPEN
        assert await breaker.call(succeed) == "ok"

    asyncio.run(scenario())


def test_errors_that_are_not_failures_do_not_open_the_breaker() -> None:
    async def scenario() -> None:
        clock = ManualClock()
        breaker = CircuitBreaker(
            failure_threshold=1,
            reset_timeout=1.0,
            clock=clock,
            is_failure=lambda exc: not isinstance(exc, ValueError),
        )

        async def bad_request() -> str:
            raise ValueError("amount must be positive")

        for _ in range(3):
            with pytest.raises(ValueError):
                await breaker.call(bad_request)
        assert state(breaker) is State.CLOSED

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("threshold", "timeout", "message"),
    [(0, 1.0, "failure_threshold"), (1, 0.0, "reset_timeout")],
)
def test_rejects_nonsense_settings(threshold: int, timeout: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CircuitBreaker(failure_threshold=threshold, reset_timeout=timeout, clock=ManualClock())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p041)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
