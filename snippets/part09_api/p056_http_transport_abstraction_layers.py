"""P056 HTTP Transport Abstraction: API clients depend on a one-method protocol.

`RatesClient` knows the rates API: its URLs, its JSON and what its status codes
mean. It does not know how bytes reach the server. It sends `HttpRequest`
values through a `Transport`, a protocol with a single async `send` method.
Behaviour that every request needs (here, the bearer token) is a transport that
wraps another transport. Production stacks those layers on a real transport;
tests put a fake at the bottom and run the same client code without a network.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import decimal
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol
from urllib.parse import urlencode, urlsplit


@dataclass(frozen=True)
class HttpRequest:
    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)  # names in lower case
    body: bytes = b""


class TransportError(Exception):
    """No HTTP response arrived: the connection failed or the reply was broken."""


class Transport(Protocol):
    """Anything that can send one request and return its response."""

    async def send(self, request: HttpRequest) -> HttpResponse: ...


class BearerAuth:
    """A transport layer that adds the API token, leaving the caller's request as it was."""

    def __init__(self, inner: Transport, token: str) -> None:
        self._inner = inner
        self._token = token

    async def send(self, request: HttpRequest) -> HttpResponse:
        headers = {**request.headers, "Authorization": f"Bearer {self._token}"}
        return await self._inner.send(dataclasses.replace(request, headers=headers))


class StreamTransport:
    """A minimal real transport: HTTP/1.0 over asyncio streams, one connection per call.

    HTTP/1.0 means the server closes the connection after the response, so the
    body is everything up to the close. It has no pooling, redirects or
    chunked bodies: in production, wrap an HTTP library in a class like this
    one, with the same `send` method, and nothing above it changes.
    """

    async def send(self, request: HttpRequest) -> HttpResponse:
        parts = urlsplit(request.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise TransportError(f"unsupported URL {request.url!r}")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        lines = [f"{request.method} {target} HTTP/1.0", f"Host: {parts.netloc}"]
        lines += [f"{name}: {value}" for name, value in request.headers.items()]
        lines.append(f"Content-Length: {len(request.body)}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        try:
            reader, writer = await asyncio.open_connection(
                parts.hostname, port, ssl=True if parts.scheme == "https" else None
            )
        except OSError as exc:
            raise TransportError(f"cannot connect to {parts.hostname}:{port}") from exc
        try:
            writer.write(head + request.body)
            await writer.drain()
            raw = await reader.read()
        except OSError as exc:
            raise TransportError(f"connection to {parts.hostname}:{port} failed") from exc
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
        return _parse_response(raw)


def _parse_response(raw: bytes) -> HttpResponse:
    head, separator, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    fields = status_line.split(" ", 2)
    if not separator or len(fields) < 2 or not fields[1].isdigit():
        raise TransportError("malformed HTTP response")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    expected = headers.get("content-length")
    if expected is not None and expected.isdigit() and len(body) < int(expected):
        raise TransportError(f"response truncated: {len(body)} of {expected} bytes")
    return HttpResponse(int(fields[1]), headers, body)


class UnknownCurrencyError(LookupError):
    """The rates API does not know one of the currencies."""


class RatesUnavailableError(Exception):
    """The rates API could not answer: network trouble, a 5xx, or a broken body."""


class RatesClient:
    """The rates API as the rest of the code sees it: currencies in, a Decimal out."""

    def __init__(self, transport: Transport, base_url: str) -> None:
        self._transport = transport
        self._base_url = base_url.rstrip("/")

    async def rate(self, base: str, quote: str) -> Decimal:
        query = urlencode({"base": base, "quote": quote})
        request = HttpRequest("GET", f"{self._base_url}/v1/rates?{query}", {"Accept": "application/json"})
        try:
            response = await self._transport.send(request)
        except TransportError as exc:
            raise RatesUnavailableError(f"rates API unreachable: {exc}") from exc
        if response.status == 404:
            raise UnknownCurrencyError(f"no rate for {base}/{quote}")
        if response.status != 200:
            raise RatesUnavailableError(f"rates API answered {response.status}")
        try:
            return Decimal(json.loads(response.body, parse_float=Decimal)["rate"])
        except (ValueError, KeyError, TypeError, decimal.InvalidOperation) as exc:
            raise RatesUnavailableError("malformed rates response") from exc


async def price_in(amount_eur: Decimal, currency: str, rates: RatesClient) -> Decimal:
    """Business code: it sees a rate, never a URL, a header or a status code."""
    if currency == "EUR":
        return amount_eur
    rate = await rates.rate("EUR", currency)
    return (amount_eur * rate).quantize(Decimal("0.01"))


class FakeTransport:
    """A transport for tests: canned answers by (method, URL), every request recorded."""

    def __init__(self, routes: Mapping[tuple[str, str], HttpResponse | TransportError]) -> None:
        self._routes = routes
        self.sent: list[HttpRequest] = []

    async def send(self, request: HttpRequest) -> HttpResponse:
        self.sent.append(request)
        answer = self._routes.get((request.method, request.url), HttpResponse(404))
        if isinstance(answer, TransportError):
            raise answer
        return answer


async def main() -> None:
    base = "https://rates.example"
    fake = FakeTransport(
        {
            ("GET", f"{base}/v1/rates?base=EUR&quote=USD"): HttpResponse(200, body=b'{"rate": 1.0842}'),
            ("GET", f"{base}/v1/rates?base=EUR&quote=GBP"): HttpResponse(503),
            ("GET", f"{base}/v1/rates?base=EUR&quote=JPY"): TransportError("connection reset"),
        }
    )
    # Production would build BearerAuth(StreamTransport(), token) instead.
    rates = RatesClient(BearerAuth(fake, "k-123"), base)

    print(await price_in(Decimal("19.99"), "USD", rates))
    #> 21.67
    print(fake.sent[0].method, fake.sent[0].url)
    #> GET https://rates.example/v1/rates?base=EUR&quote=USD
    print(dict(fake.sent[0].headers))
    #> {'Accept': 'application/json', 'Authorization': 'Bearer k-123'}

    for currency in ("XXX", "GBP", "JPY"):
        try:
            await price_in(Decimal("19.99"), currency, rates)
        except (UnknownCurrencyError, RatesUnavailableError) as exc:
            print(f"{currency}: {type(exc).__name__}: {exc}")
    #> XXX: UnknownCurrencyError: no rate for EUR/XXX
    #> GBP: RatesUnavailableError: rates API answered 503
    #> JPY: RatesUnavailableError: rates API unreachable: connection reset


if __name__ == "__main__":
    asyncio.run(main())
