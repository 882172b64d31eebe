"""P044: what is retried, how long it waits, Retry-After, and no retry after cancellation."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part07_resilience import p044_retry_transport_wrappers as p044
from snippets.part07_resilience import p044_retry_transport_wrappers_before as before
from snippets.part07_resilience.p040_exponential_backoff_and_retry import Backoff
from snippets.part07_resilience.p044_retry_transport_wrappers import (
    RecordingSleep,
    Request,
    Response,
    RetryTransport,
    ScriptedServer,
    header,
    is_replayable,
    retry_after,
)

DemoCheck = Callable[[ModuleType], None]

NOW = 1_700_000_000.0  # 2023-11-14 22:13:20 UTC
BACKOFF = Backoff(base=0.1, cap=1.0)


def transport(
    server: ScriptedServer, *, attempts: int = 4, max_wait: float = 30.0, seed: int = 0
) -> tuple[RetryTransport, RecordingSleep]:
    sleep = RecordingSleep()
    wrapped = RetryTransport(
        server.send,
        attempts=attempts,
        backoff=BACKOFF,
        rng=random.Random(seed),
        sleep=sleep,
        clock=lambda: NOW,
        max_wait=max_wait,
    )
    return wrapped, sleep


def send(wrapped: RetryTransport, request: Request) -> Response:
    return asyncio.run(wrapped.send(request))


@pytest.mark.parametrize(
    ("request_", "replayable"),
    [
        (Request("GET", "/"), True),
        (Request("get", "/"), True),
        (Request("HEAD", "/"), True),
        (Request("OPTIONS", "/"), True),
        (Request("PUT", "/"), True),
        (Request("DELETE", "/"), True),
        (Request("POST", "/"), False),
        (Request("PATCH", "/"), False),
        (Request("POST", "/", {"Idempotency-Key": "k"}), True),
        (Request("PATCH", "/", {"idempotency-key": "k"}), True),
        (Request("POST", "/", {"X-Request-Id": "k"}), False),
    ],
)
def test_only_requests_safe_to_repeat_are_replayable(request_: Request, replayable: bool) -> None:
    assert is_replayable(request_) is replayable


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_transient_statuses_are_retried_until_success(status: int) -> None:
    server = ScriptedServer({"/r": [Response(status), Response(status), Response(200)]})
    wrapped, sleep = transport(server)
    assert send(wrapped, Request("GET", "/r")).status == 200
    assert len(server.received) == 3
    assert len(sleep.waits) == 2


@pytest.mark.parametrize("status", [200, 201, 204, 301, 400, 401, 404, 409, 422, 501])
def test_other_statuses_are_returned_after_one_request(status: int) -> None:
    server = ScriptedServer({"/r": [Response(status), Response(200)]})
    wrapped, sleep = transport(server)
    assert send(wrapped, Request("PUT", "/r")).status == status
    assert (len(server.received), sleep.waits) == (1, [])


@pytest.mark.parametrize(
    "request_", [Request("POST", "/r"), Request("PATCH", "/r", body=b"{}")], ids=["POST", "PATCH"]
)
def test_a_request_without_a_key_is_sent_once_whatever_happens(request_: Request) -> None:
    server = ScriptedServer({"/r": [Response(503), Response(200)]})
    wrapped, _ = transport(server)
    assert send(wrapped, request_).status == 503
    failing = ScriptedServer({"/r": [ConnectionResetError("reset"), Response(200)]})
    wrapped, _ = transport(failing)
    with pytest.raises(ConnectionResetError):
        send(wrapped, request_)
    assert (len(server.received), len(failing.received)) == (1, 1)


def test_a_post_with_an_idempotency_key_is_retried_with_the_same_key_and_body() -> None:
    seen: list[Request] = []
    server = ScriptedServer({"/pay": [TimeoutError("read timed out"), Response(201)]})

    async def spy(request: Request) -> Response:
        seen.append(request)
        return await server.send(request)

    wrapped = RetryTransport(spy, backoff=BACKOFF, rng=random.Random(0), sleep=RecordingSleep())
    request = Request("POST", "/pay", {"Idempotency-Key": "pay-9"}, b'{"amount": 30}')
    assert asyncio.run(wrapped.send(request)).status == 201
    assert seen == [request, request]


@pytest.mark.parametrize("attempts", [1, 2, 4])
def test_the_last_response_is_returned_after_the_attempt_limit(attempts: int) -> None:
    server = ScriptedServer({"/r": [Response(502)]})
    wrapped, sleep = transport(server, attempts=attempts)
    assert send(wrapped, Request("GET", "/r")).status == 502
    assert (len(server.received), len(sleep.waits)) == (attempts, attempts - 1)


def test_the_last_connection_error_is_raised_after_the_attempt_limit() -> None:
    errors = [ConnectionRefusedError(f"refused {n}") for n in range(3)]
    server = ScriptedServer({"/r": [*errors, ConnectionRefusedError("never sent")]})
    wrapped, sleep = transport(server, attempts=3)
    with pytest.raises(ConnectionRefusedError) as info:
        send(wrapped, Request("GET", "/r"))
    assert info.value is errors[2]
    assert len(sleep.waits) == 2


def test_errors_that_are_not_transport_failures_propagate_at_once() -> None:
    server = ScriptedServer({"/r": [ValueError("bad URL"), Response(200)]})
    wrapped, _ = transport(server)
    with pytest.raises(ValueError, match="bad URL"):
        send(wrapped, Request("GET", "/r"))
    assert len(server.received) == 1


@pytest.mark.parametrize("seed", range(10))
def test_backoff_waits_stay_within_their_ceilings(seed: int) -> None:
    server = ScriptedServer({"/r": [Response(503)]})
    wrapped, sleep = transport(server, attempts=8, seed=seed)
    send(wrapped, Request("GET", "/r"))
    assert len(sleep.waits) == 7
    for n, wait in enumerate(sleep.waits):
        assert 0.0 <= wait <= min(1.0, 0.1 * 2**n)


def test_retry_after_in_seconds_replaces_the_backoff_wait() -> None:
    server = ScriptedServer(
        {"/r": [Response(429, {"Retry-After": "7"}), Response(503), Response(200)]}
    )
    wrapped, sleep = transport(server)
    assert send(wrapped, Request("GET", "/r")).status == 200
    assert sleep.waits[0] == 7.0
    assert 0.0 <= sleep.waits[1] <= 0.2  # no header the second time: backoff again


def test_retry_after_as_an_http_date_waits_until_that_moment() -> None:
    server = ScriptedServer(
        {"/r": [Response(503, {"Retry-After": "Tue, 14 Nov 2023 22:13:32 GMT"}), Response(200)]}
    )
    wrapped, sleep = transport(server)
    assert send(wrapped, Request("GET", "/r")).status == 200
    assert sleep.waits == [pytest.approx(12.0)]


def test_a_retry_after_longer_than_max_wait_is_handed_back_at_once() -> None:
    server = ScriptedServer({"/r": [Response(503, {"Retry-After": "31"}), Response(200)]})
    wrapped, sleep = transport(server, max_wait=30.0)
    response = send(wrapped, Request("GET", "/r"))
    assert (response.status, header(response.headers, "retry-after")) == (503, "31")
    assert (len(server.received), sleep.waits) == (1, [])


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("0", 0.0),
        (" 120 ", 120.0),
        ("Tue, 14 Nov 2023 22:14:20 GMT", 60.0),
        ("Tue, 14 Nov 2023 22:14:20 -0000", 60.0),
        ("Tue, 14 Nov 2023 22:13:00 GMT", 0.0),  # already past: retry now
        ("soon", None),
        ("-5", None),
        ("", None),
    ],
)
def test_retry_after_parsing(value: str, seconds: float | None) -> None:
    assert retry_after(Response(503, {"Retry-After": value}), NOW) == seconds


def test_no_retry_after_header_means_none() -> None:
    assert retry_after(Response(503), NOW) is None


def test_an_unreadable_retry_after_falls_back_to_backoff() -> None:
    server = ScriptedServer({"/r": [Response(503, {"Retry-After": "later"}), Response(200)]})
    wrapped, sleep = transport(server)
    assert send(wrapped, Request("GET", "/r")).status == 200
    assert 0.0 <= sleep.waits[0] <= 0.1


def test_a_caller_cancelled_during_the_wait_is_sent_nothing_more() -> None:
    server = ScriptedServer({"/r": [Response(503)]})
    waiting = asyncio.Event()

    async def hanging_sleep(seconds: float) -> None:
        waiting.set()
        await asyncio.Event().wait()

    async def scenario() -> None:
        wrapped = RetryTransport(
            server.send, backoff=BACKOFF, rng=random.Random(0), sleep=hanging_sleep
        )
        task = asyncio.create_task(wrapped.send(Request("GET", "/r")))
        await waiting.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        for _ in range(5):
            await asyncio.sleep(0)

    asyncio.run(scenario())
    assert len(server.received) == 1


def test_a_caller_cancelled_during_the_request_is_not_retried() -> None:
    sent = 0
    in_flight = asyncio.Event()

    async def slow(request: Request) -> Response:
        nonlocal sent
        sent += 1
        in_flight.set()
        await asyncio.Event().wait()
        return Response(200)

    async def scenario() -> None:
        wrapped = RetryTransport(
            slow, backoff=BACKOFF, rng=random.Random(0), sleep=RecordingSleep()
        )
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0):
                await wrapped.send(Request("GET", "/r"))

    asyncio.run(scenario())
    assert sent == 1


def test_the_wrapper_composes_because_it_has_the_shape_it_wraps() -> None:
    server = ScriptedServer({"/r": [Response(503)]})
    inner, _ = transport(server, attempts=2)
    outer = RetryTransport(
        inner.send, attempts=2, backoff=BACKOFF, rng=random.Random(0), sleep=RecordingSleep()
    )
    assert asyncio.run(outer.send(Request("GET", "/r"))).status == 503
    assert len(server.received) == 4  # why retries belong in ONE layer: 2 x 2


def test_rejects_zero_attempts() -> None:
    with pytest.raises(ValueError, match="attempts"):
        RetryTransport(ScriptedServer({}).send, attempts=0, backoff=BACKOFF, rng=random.Random())


def test_the_naive_client_charges_again_and_ignores_retry_after() -> None:
    provider = before.PaymentProvider()
    client = before.RetryingClient(provider, attempts=3)
    with pytest.raises(ConnectionResetError):
        asyncio.run(client.send("POST", "/charges"))
    assert provider.charges == 3

    class Healthy(before.PaymentProvider):
        async def send(self, method: str, url: str) -> before.Response:
            self.requests += 1
            return before.Response(200)

    healthy = Healthy()
    assert asyncio.run(before.RetryingClient(healthy).send("GET", "/")).status == 200
    assert healthy.requests == 1


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p044)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
