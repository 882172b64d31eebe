"""P044 Retry Transport Wrappers: retries live in the client's transport, once.

`RetryTransport` wraps an async `send(request) -> response` callable and has
the same shape, so a client built on it retries every request without a
retry loop at any call site. It retries only requests that are safe to send
twice (GET, HEAD, OPTIONS, PUT, DELETE, or any request with an
Idempotency-Key header), only after a connection error, a timeout or a status
that says "try again", and it waits as the server's Retry-After header asks,
or with P040's jittered backoff when there is none. A cancelled caller is
never retried: cancellation is an exception the wrapper does not catch, and
it interrupts the wait.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC

from snippets.part07_resilience.p040_exponential_backoff_and_retry import Backoff

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


Send = Callable[[Request], Awaitable[Response]]


def header(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value; names are compared without regard to case, as HTTP says."""
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


def is_replayable(request: Request) -> bool:
    """Whether sending the request twice has the same effect as sending it once."""
    return (
        request.method.upper() in IDEMPOTENT_METHODS
        or header(request.headers, "Idempotency-Key") is not None
    )


def retry_after(response: Response, now: float) -> float | None:
    """Seconds the server asked us to wait, from either form of Retry-After, or None."""
    value = header(response.headers, "Retry-After")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)  # an HTTP-date
    except (TypeError, ValueError):
        return None  # unreadable: fall back to our own backoff
    if when.tzinfo is None:  # "-0000" parses as naive; HTTP dates are always UTC
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)


class RetryTransport:
    """Wraps `send` and retries what is safe to retry.

    Args:
        send: the transport to wrap: any `async (Request) -> Response`.
        attempts: the most requests sent for one call, the first included.
        backoff: the waits when the server gives no Retry-After (P040).
        rng: jitter source; pass `random.Random(seed)` in tests.
        sleep: how to wait; pass a fake in tests. It must be cancellable.
        clock: the wall clock in seconds, for Retry-After dates.
        max_wait: the longest Retry-After to honour. A server that asks for
            more gets its response passed back at once: holding the caller
            that long is worse than letting it decide.
    """

    def __init__(
        self,
        send: Send,
        *,
        attempts: int = 3,
        backoff: Backoff,
        rng: random.Random,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.time,
        max_wait: float = 30.0,
    ) -> None:
        if attempts < 1:
            raise ValueError(f"attempts must be at least 1, got {attempts}")
        self._send = send
        self._attempts = attempts
        self._backoff = backoff
        self._rng = rng
        self._sleep = sleep
        self._clock = clock
        self._max_wait = max_wait

    async def send(self, request: Request) -> Response:
        """Send `request`, retrying it if it is replayable and the failure is transient.

        Returns the last response, whatever its status. Raises the last
        connection error or timeout if no response came at all.
        """
        if not is_replayable(request):
            return await self._send(request)  # a POST without a key goes out once
        retry_number = 0
        while True:
            last = retry_number + 1 == self._attempts
            try:
                response = await self._send(request)
            # CancelledError is not an Exception and is not caught: a caller
            # who gave up mid-request is never sent a second request.
            except (ConnectionError, TimeoutError):
                if last:
                    raise
                wait = self._backoff.delay(retry_number, self._rng)
            else:
                if last or response.status not in RETRYABLE_STATUSES:
                    return response
                asked = retry_after(response, self._clock())
                if asked is not None and asked > self._max_wait:
                    return response
                wait = self._backoff.delay(retry_number, self._rng) if asked is None else asked
            await self._sleep(wait)  # a cancellation here ends it: no further request
            retry_number += 1


class ScriptedServer:
    """A fake origin: each path answers from its own list, then repeats the last entry.

    An entry is a Response, or an exception to raise as the transport would.
    """

    def __init__(self, script: dict[str, list[Response | Exception]]) -> None:
        self.script = script
        self.received: list[str] = []

    async def send(self, request: Request) -> Response:
        self.received.append(f"{request.method} {request.url}")
        await asyncio.sleep(0)
        answers = self.script[request.url]
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


class RecordingSleep:
    """Notes every wait and returns at once."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


async def main() -> None:
    unavailable, ok = Response(503), Response(200)
    server = ScriptedServer({
        "/orders/7": [unavailable, Response(502), ok],
        "/orders": [unavailable, ConnectionResetError("connection reset"), Response(201)],
        "/stock": [Response(429, {"Retry-After": "2"}), ok],
        "/report": [Response(503, {"retry-after": "120"})],
        "/search": [unavailable],
    })
    sleep = RecordingSleep()
    client = RetryTransport(
        server.send, attempts=4, backoff=Backoff(base=0.1, cap=2.0),
        rng=random.Random(40), sleep=sleep, clock=lambda: 1_700_000_000.0,
    )

    async def call(request: Request) -> None:
        server.received.clear()
        sleep.waits.clear()
        response = await client.send(request)
        waits = ", ".join(f"{w:.3f}s" for w in sleep.waits) or "none"
        print(f"{request.method} {request.url}: {response.status} after "
              f"{len(server.received)} request(s), waits: {waits}")

    await call(Request("GET", "/orders/7"))
    #> GET /orders/7: 200 after 3 request(s), waits: 0.046s, 0.176s
    await call(Request("POST", "/orders", body=b'{"sku": "mug"}'))
    #> POST /orders: 503 after 1 request(s), waits: none
    await call(Request("POST", "/orders", {"Idempotency-Key": "order-41"}, b'{"sku": "mug"}'))
    #> POST /orders: 201 after 2 request(s), waits: 0.003s
    await call(Request("GET", "/stock"))
    #> GET /stock: 200 after 2 request(s), waits: 2.000s
    await call(Request("GET", "/report"))
    #> GET /report: 503 after 1 request(s), waits: none

    # The caller gives up while the wrapper waits to retry: nothing more is sent.
    async def never_returns(seconds: float) -> None:
        await asyncio.Event().wait()

    patient = RetryTransport(server.send, backoff=Backoff(), rng=random.Random(1),
                             sleep=never_returns)
    server.received.clear()
    task = asyncio.create_task(patient.send(Request("GET", "/search")))
    for _ in range(3):
        await asyncio.sleep(0)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print(f"cancelled during the wait; requests sent: {len(server.received)}")
    #> cancelled during the wait; requests sent: 1


if __name__ == "__main__":
    asyncio.run(main())
