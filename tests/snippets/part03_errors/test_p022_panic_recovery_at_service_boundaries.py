"""P022: the boundary turns a bug into a 500 for one request, and lets cancellation through."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part03_errors import p022_panic_recovery_at_service_boundaries as p022
from snippets.part03_errors import p022_panic_recovery_at_service_boundaries_before as before
from snippets.part03_errors.p022_panic_recovery_at_service_boundaries import (
    OneLineTraceback,
    Request,
    Response,
    app,
    recovering,
    serve,
)

DemoCheck = Callable[[ModuleType], None]

INVOICE = Request("GET", "/orders/7/invoice", "req-2")
ORDER = Request("GET", "/orders/7", "req-1")
SLOW = Request("GET", "/slow", "req-9")


@pytest.fixture
def log(caplog: pytest.LogCaptureFixture) -> logging.Logger:
    caplog.set_level(logging.ERROR, logger="p022.test")
    return logging.getLogger("p022.test")


def test_a_bug_becomes_a_500_with_one_log_record_and_its_traceback(
    log: logging.Logger, caplog: pytest.LogCaptureFixture
) -> None:
    response = asyncio.run(recovering(app, log)(INVOICE))
    assert response == Response(500, "internal server error")
    assert len(caplog.records) == 1
    record = caplog.records[0]
    assert record.getMessage() == "req-2 GET /orders/7/invoice failed"
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], KeyError)
    assert record.exc_info[2] is not None  # the traceback, to find the bug


def test_the_500_body_does_not_leak_the_exception(log: logging.Logger) -> None:
    response = asyncio.run(recovering(app, log)(INVOICE))
    assert "customer" not in response.body
    assert "KeyError" not in response.body


def test_the_next_request_still_works_and_others_are_untouched(
    log: logging.Logger, caplog: pytest.LogCaptureFixture
) -> None:
    requests = [ORDER, INVOICE, Request("GET", "/nope", "req-3"), ORDER, INVOICE, ORDER]
    responses = asyncio.run(serve(requests, recovering(app, log)))
    assert [r.status for r in responses] == [200, 500, 404, 200, 500, 200]
    assert len(caplog.records) == 2


def test_successful_and_handled_responses_are_not_logged(
    log: logging.Logger, caplog: pytest.LogCaptureFixture
) -> None:
    handler = recovering(app, log)
    assert asyncio.run(handler(ORDER)) == Response(200, "tea x2")
    assert asyncio.run(handler(Request("GET", "/orders/8", "r"))).status == 404
    assert caplog.records == []


def test_without_the_boundary_one_bug_cancels_the_requests_in_flight() -> None:
    with pytest.raises(ExceptionGroup) as info:
        asyncio.run(serve([INVOICE, SLOW], app))
    assert [type(exc) for exc in info.value.exceptions] == [KeyError]


def test_a_cancelled_request_stays_cancelled_and_is_not_logged(
    log: logging.Logger, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        task = asyncio.create_task(recovering(app, log)(SLOW))
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert task.cancelled()

    asyncio.run(scenario())
    assert caplog.records == []


def test_a_timeout_around_the_boundary_still_fires(log: logging.Logger) -> None:
    async def scenario() -> None:
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0):
                await recovering(app, log)(SLOW)

    asyncio.run(scenario())


@pytest.mark.parametrize("stop", [KeyboardInterrupt, SystemExit, GeneratorExit])
def test_base_exceptions_pass_through(stop: type[BaseException], log: logging.Logger) -> None:
    async def stops(request: Request) -> Response:
        raise stop

    coroutine = recovering(stops, log)(ORDER)
    with pytest.raises(stop):
        coroutine.send(None)


def test_one_line_formatter_prints_the_exception_not_the_traceback() -> None:
    try:
        raise KeyError("customer")
    except KeyError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, None)
        record.exc_info = sys.exc_info()
    assert OneLineTraceback("%(message)s").format(record) == "failed\n  KeyError: 'customer'"


def test_before_without_a_boundary_answers_only_one_request() -> None:
    answered: list[str] = []
    with pytest.raises(ExceptionGroup):
        asyncio.run(
            before.serve(["/orders", "/invoice", "/report"], lambda p: before.app(p, answered))
        )
    assert answered == ["/orders"]
    assert asyncio.run(before.serve(["/orders"], lambda p: before.app(p, []))) == ["200"]


def test_before_catching_base_exception_defeats_a_timeout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def scenario() -> str:
        async with asyncio.timeout(0):
            return await before.catch_everything(lambda p: before.app(p, []))("/slow")

    # The timeout expired, yet no TimeoutError: the caller gets a 500 and carries on.
    assert asyncio.run(scenario()) == "500"
    assert "CancelledError" in capsys.readouterr().out


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p022)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
