"""P020: the classification table, and a retry loop that follows it and nothing else."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part03_errors import p020_retryable_vs_terminal_errors as p020
from snippets.part03_errors import p020_retryable_vs_terminal_errors_before as before
from snippets.part03_errors.p020_retryable_vs_terminal_errors import (
    CardDeclinedError,
    GatewayError,
    HTTPStatusError,
    RecordingSleep,
    ScriptedGateway,
    call_with_retries,
    is_retryable,
    wrapped,
)

DemoCheck = Callable[[ModuleType], None]


class BudgetSpentError(Exception):
    """The caller's overall budget is gone: terminal, even though a timeout caused it."""

    retryable = False


class LockBusyError(Exception):
    """Unknown to the rules, but it declares itself retryable."""

    retryable = True


class NotABoolError(Exception):
    retryable = "yes"  # not a bool: ignored, so the other rules decide


CLASSIFICATION = [
    (TimeoutError("read timed out"), True),
    (ConnectionRefusedError("refused"), True),
    (ConnectionResetError("reset by peer"), True),
    (ConnectionAbortedError("aborted"), True),
    (BrokenPipeError("broken pipe"), True),
    *[(HTTPStatusError(status, "x"), True) for status in (408, 429, 500, 502, 503, 504)],
    *[(HTTPStatusError(status, "x"), False) for status in (400, 401, 403, 404, 409, 422, 501)],
    (CardDeclinedError("insufficient funds"), False),
    (LockBusyError("row locked"), True),
    (NotABoolError("?"), False),
    (KeyError("amount"), False),
    (ValueError("bad amount"), False),
    (FileNotFoundError("no such file"), False),  # an OSError, but not a connection error
    (asyncio.CancelledError(), False),
    # Through wrappers, and with the outer layer's word winning.
    (wrapped(GatewayError("charge"), TimeoutError("read timed out")), True),
    (wrapped(GatewayError("charge"), HTTPStatusError(400, "bad")), False),
    (wrapped(BudgetSpentError("checkout budget spent"), TimeoutError("slow")), False),
    (
        wrapped(GatewayError("charge"), wrapped(GatewayError("post"), HTTPStatusError(503, "x"))),
        True,
    ),
]


@pytest.mark.parametrize(("exc", "retryable"), CLASSIFICATION)
def test_classification_table(exc: BaseException, retryable: bool) -> None:
    assert is_retryable(exc) is retryable


def test_implicit_context_does_not_make_an_error_retryable() -> None:
    try:
        try:
            raise TimeoutError("read timed out")
        except TimeoutError:
            raise KeyError("bug in the handler")  # noqa: B904
    except KeyError as exc:
        assert is_retryable(exc) is False


def attempt(gateway: ScriptedGateway, sleep: RecordingSleep, attempts: int = 4) -> str:
    return asyncio.run(
        call_with_retries(gateway.charge, attempts=attempts, base_delay=0.5, sleep=sleep)
    )


# The loop sees only Exception; cancellation has its own tests below.
LOOP_CASES = [(exc, retryable) for exc, retryable in CLASSIFICATION if isinstance(exc, Exception)]


@pytest.mark.parametrize(("exc", "retryable"), LOOP_CASES)
def test_the_loop_retries_exactly_what_the_predicate_allows(
    exc: Exception, retryable: bool
) -> None:
    gateway, sleep = ScriptedGateway([exc, "ok"]), RecordingSleep()
    if retryable:
        assert attempt(gateway, sleep) == "ok"
        assert gateway.calls == 2
    else:
        with pytest.raises(type(exc)) as info:
            attempt(gateway, sleep)
        assert info.value is exc
        assert gateway.calls == 1
        assert sleep.delays == []
        assert not hasattr(exc, "__notes__")


def test_delays_double_and_the_last_error_says_how_many_attempts() -> None:
    error = HTTPStatusError(503, "Service Unavailable")
    gateway, sleep = ScriptedGateway([error]), RecordingSleep()
    with pytest.raises(HTTPStatusError) as info:
        attempt(gateway, sleep, attempts=3)
    assert info.value is error
    assert gateway.calls == 3
    assert sleep.delays == [0.5, 1.0]
    assert info.value.__notes__ == ["gave up after 3 attempts"]


def test_a_single_attempt_never_sleeps() -> None:
    gateway, sleep = ScriptedGateway([TimeoutError("slow")]), RecordingSleep()
    with pytest.raises(TimeoutError):
        attempt(gateway, sleep, attempts=1)
    assert (gateway.calls, sleep.delays) == (1, [])


def test_rejects_zero_attempts() -> None:
    with pytest.raises(ValueError, match="attempts must be at least 1"):
        attempt(ScriptedGateway(["ok"]), RecordingSleep(), attempts=0)


def test_the_callers_timeout_passes_through_and_is_not_retried() -> None:
    calls = 0

    async def hangs() -> str:
        nonlocal calls
        calls += 1
        await asyncio.Event().wait()
        return "never"

    async def scenario() -> None:
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0):  # expires at the next turn of the loop
                await call_with_retries(hangs, attempts=5, base_delay=0.1, sleep=RecordingSleep())

    asyncio.run(scenario())
    assert calls == 1


def test_cancellation_during_the_wait_is_not_swallowed() -> None:
    async def scenario() -> None:
        started = asyncio.Event()

        async def slow_sleep(seconds: float) -> None:
            started.set()
            await asyncio.Event().wait()

        gateway = ScriptedGateway([TimeoutError("slow"), "ok"])
        task = asyncio.create_task(
            call_with_retries(gateway.charge, attempts=3, base_delay=1.0, sleep=slow_sleep)
        )
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert gateway.calls == 1

    asyncio.run(scenario())


def test_the_default_sleep_is_asyncio_sleep() -> None:
    gateway = ScriptedGateway([TimeoutError("slow"), "ok"])
    result = asyncio.run(call_with_retries(gateway.charge, attempts=2, base_delay=0))
    assert (result, gateway.calls) == ("ok", 2)


def test_before_loops_retry_the_wrong_things() -> None:
    async def scenario() -> None:
        declined = [before.CardDeclinedError("no")]
        assert await before.run(before.retry_everything, declined) == (
            "4 call(s) -> CardDeclinedError"
        )
        assert await before.run(before.retry_everything, ["ok"]) == "1 call(s) -> ok"
        assert await before.run(before.retry_timeouts, [TimeoutError("slow"), "ok"]) == (
            "2 call(s) -> ok"
        )
        assert await before.run(before.retry_timeouts, [TimeoutError("slow")]) == (
            "4 call(s) -> TimeoutError"
        )
        wrapped_timeout: list[str | Exception] = [before.timeout_wrapped_by_gateway(), "ok"]
        assert await before.run(before.retry_timeouts, wrapped_timeout) == (
            "1 call(s) -> GatewayError"
        )
        for loop in (before.retry_everything, before.retry_timeouts):
            with pytest.raises(AssertionError):
                await loop(before.ScriptedGateway(["ok"]).charge, 0)

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p020)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
