"""P056: the client over a fake transport, the auth layer, and the real transport on localhost."""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import Awaitable, Callable
from decimal import Decimal
from types import ModuleType

import pytest

from snippets.part09_api import p056_http_transport_abstraction_layers as p056
from snippets.part09_api import p056_http_transport_abstraction_layers_before as before
from snippets.part09_api.p056_http_transport_abstraction_layers import (
    BearerAuth,
    FakeTransport,
    HttpRequest,
    HttpResponse,
    RatesClient,
    RatesUnavailableError,
    StreamTransport,
    Transport,
    TransportError,
    UnknownCurrencyError,
    price_in,
)

DemoCheck = Callable[[ModuleType], None]
BASE = "https://rates.example"
USD = ("GET", f"{BASE}/v1/rates?base=EUR&quote=USD")


def rates_with(answer: HttpResponse | TransportError) -> tuple[RatesClient, FakeTransport]:
    fake = FakeTransport({USD: answer})
    return RatesClient(fake, BASE + "/"), fake


def test_the_client_builds_the_request_and_parses_the_rate() -> None:
    rates, fake = rates_with(HttpResponse(200, body=b'{"rate": "1.0842"}'))
    assert asyncio.run(rates.rate("EUR", "USD")) == Decimal("1.0842")
    assert fake.sent == [HttpRequest(*USD, {"Accept": "application/json"})]


def test_json_numbers_become_exact_decimals() -> None:
    rates, _ = rates_with(HttpResponse(200, body=b'{"rate": 0.1}'))
    assert asyncio.run(rates.rate("EUR", "USD")) == Decimal("0.1")


def test_query_values_are_encoded() -> None:
    fake = FakeTransport({})
    with pytest.raises(UnknownCurrencyError):
        asyncio.run(RatesClient(fake, BASE).rate("EUR", "A&B"))
    assert fake.sent[0].url == f"{BASE}/v1/rates?base=EUR&quote=A%26B"


@pytest.mark.parametrize(
    ("answer", "error", "message"),
    [
        (HttpResponse(404), UnknownCurrencyError, "no rate for EUR/USD"),
        (HttpResponse(503), RatesUnavailableError, "answered 503"),
        (HttpResponse(301), RatesUnavailableError, "answered 301"),
        (HttpResponse(200, body=b"<html>"), RatesUnavailableError, "malformed"),
        (HttpResponse(200, body=b'{"price": 1}'), RatesUnavailableError, "malformed"),
        (HttpResponse(200, body=b'{"rate": null}'), RatesUnavailableError, "malformed"),
        (HttpResponse(200, body=b'{"rate": "abc"}'), RatesUnavailableError, "malformed"),
        (TransportError("reset"), RatesUnavailableError, "unreachable: reset"),
    ],
)
def test_transport_and_http_failures_become_domain_errors(
    answer: HttpResponse | TransportError, error: type[Exception], message: str
) -> None:
    rates, _ = rates_with(answer)
    with pytest.raises(error, match=message):
        asyncio.run(rates.rate("EUR", "USD"))


def test_business_code_needs_no_network() -> None:
    rates, fake = rates_with(HttpResponse(200, body=b'{"rate": "1.5"}'))
    assert asyncio.run(price_in(Decimal("10.005"), "USD", rates)) == Decimal("15.01")
    assert asyncio.run(price_in(Decimal("10.00"), "EUR", rates)) == Decimal("10.00")
    assert len(fake.sent) == 1  # EUR needs no rate


def test_bearer_auth_adds_the_token_without_touching_the_callers_request() -> None:
    fake = FakeTransport({})
    original = HttpRequest("GET", "https://x.example/", {"Accept": "text/plain"})
    asyncio.run(BearerAuth(fake, "t0k").send(original))
    assert fake.sent[0].headers == {"Accept": "text/plain", "Authorization": "Bearer t0k"}
    assert original.headers == {"Accept": "text/plain"}


def test_layers_stack_because_each_is_a_transport() -> None:
    fake = FakeTransport({})
    stacked: Transport = BearerAuth(BearerAuth(fake, "inner"), "outer")
    asyncio.run(stacked.send(HttpRequest("GET", "https://x.example/")))
    # The inner layer runs last, so its header is the one that reaches the wire.
    assert fake.sent[0].headers["Authorization"] == "Bearer inner"


Reply = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def serve(reply: Reply) -> tuple[asyncio.Server, int]:
    server = await asyncio.start_server(reply, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def canned(raw: bytes, seen: list[bytes] | None = None) -> Reply:
    async def reply(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
        body = await reader.readexactly(length)
        if seen is not None:
            seen.append(head + body)
        writer.write(raw)
        await writer.drain()
        writer.close()

    return reply


def test_the_same_client_runs_over_the_real_transport() -> None:
    seen: list[bytes] = []

    async def scenario() -> Decimal:
        response = b'HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{"rate": "0.85"}'
        server, port = await serve(canned(response, seen))
        async with server:
            rates = RatesClient(BearerAuth(StreamTransport(), "k"), f"http://127.0.0.1:{port}")
            return await rates.rate("EUR", "GBP")

    assert asyncio.run(scenario()) == Decimal("0.85")
    request = seen[0].decode()
    assert request.startswith("GET /v1/rates?base=EUR&quote=GBP HTTP/1.0\r\n")
    assert "\r\nAuthorization: Bearer k\r\n" in request
    assert "\r\nContent-Length: 0\r\n" in request


def test_stream_transport_sends_the_body_and_reads_headers() -> None:
    seen: list[bytes] = []

    async def scenario() -> HttpResponse:
        response = b"HTTP/1.0 201 Created\r\nX-Id: 7\r\nContent-Length: 2\r\n\r\nok"
        server, port = await serve(canned(response, seen))
        async with server:
            request = HttpRequest("POST", f"http://127.0.0.1:{port}", body=b"hello")
            return await StreamTransport().send(request)

    response = asyncio.run(scenario())
    assert response == HttpResponse(201, {"x-id": "7", "content-length": "2"}, b"ok")
    assert seen[0].startswith(b"POST / HTTP/1.0\r\n")
    assert seen[0].endswith(b"\r\n\r\nhello")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"garbage", "malformed"),
        (b"HTTP/1.0 abc\r\n\r\n", "malformed"),
        (b"HTTP/1.0\r\n\r\n", "malformed"),
        (b"HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nshort", "truncated: 5 of 10"),
    ],
)
def test_stream_transport_rejects_broken_responses(raw: bytes, message: str) -> None:
    async def scenario() -> None:
        server, port = await serve(canned(raw))
        async with server:
            await StreamTransport().send(HttpRequest("GET", f"http://127.0.0.1:{port}/"))

    with pytest.raises(TransportError, match=message):
        asyncio.run(scenario())


def test_stream_transport_reports_a_refused_connection() -> None:
    async def scenario() -> None:
        server, port = await serve(canned(b""))
        server.close()
        await server.wait_closed()
        await StreamTransport().send(HttpRequest("GET", f"http://127.0.0.1:{port}/"))

    with pytest.raises(TransportError, match=r"cannot connect to 127\.0\.0\.1"):
        asyncio.run(scenario())


def test_stream_transport_reports_a_reset_connection() -> None:
    async def reset(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        # Linger time 0: closing sends a TCP reset instead of a clean close.
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()

    async def scenario() -> None:
        server, port = await serve(reset)
        async with server:
            await StreamTransport().send(HttpRequest("GET", f"http://127.0.0.1:{port}/"))

    with pytest.raises(TransportError, match="failed"):
        asyncio.run(scenario())


@pytest.mark.parametrize("url", ["ftp://x.example/", "http:///nohost", "rates.example/v1"])
def test_stream_transport_rejects_unsupported_urls(url: str) -> None:
    with pytest.raises(TransportError, match="unsupported URL"):
        asyncio.run(StreamTransport().send(HttpRequest("GET", url)))


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p056)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
