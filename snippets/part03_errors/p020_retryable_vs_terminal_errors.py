"""P020 Retryable vs Terminal Error Distinction: one predicate says whether to try again.

`is_retryable` is the only place that decides. A timeout, a dropped connection
or a 503 may go away on the next attempt; a 400, a 404 or a declined card will
come back exactly the same, and trying again only adds load (or, for a payment,
another decline on the customer's statement). The retry loop asks the
predicate and nothing else, so it never retries a 400 and always retries a
timeout, however deeply either is wrapped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import ClassVar, Final, TypeVar

from snippets.part03_errors.p017_error_wrapping import error_chain

T = TypeVar("T")

# 408 Request Timeout, 429 Too Many Requests, and the 5xx that mean "not now".
# 501 Not Implemented and 505 are missing on purpose: they will not change.
RETRYABLE_STATUSES: Final = frozenset({408, 429, 500, 502, 503, 504})


class HTTPStatusError(Exception):
    """Another service answered with an error status."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"{status} {reason}")
        self.status = status


def is_retryable(exc: BaseException) -> bool:
    """Whether making the same call again, unchanged, may succeed.

    Rules in order; the first one that matches anywhere in the `raise ... from`
    chain decides:

    1. An exception with a boolean `retryable` attribute has said so itself.
    2. An HTTPStatusError is retryable if its status is in RETRYABLE_STATUSES.
    3. TimeoutError and ConnectionError (refused, reset, aborted) are retryable.
    4. Anything else is terminal. An error nobody has classified is more likely
       a bug than a blip, and retrying a bug only multiplies it.

    Cancellation is a BaseException that no rule matches: never retryable.
    """
    chain = list(error_chain(exc))
    for link in chain:
        declared = getattr(link, "retryable", None)
        if isinstance(declared, bool):
            return declared
    for link in chain:
        if isinstance(link, HTTPStatusError):
            return link.status in RETRYABLE_STATUSES
    return any(isinstance(link, (TimeoutError, ConnectionError)) for link in chain)


async def call_with_retries(
    operation: Callable[[], Awaitable[T]],
    *,
    attempts: int,
    base_delay: float,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> T:
    """Await `operation()` up to `attempts` times, retrying only retryable errors.

    A terminal error is raised at once, as it is. When the attempts run out,
    the last error is raised with a note saying how many were made. The wait
    doubles after each failure, starting at `base_delay` seconds. The loop
    catches Exception, so a cancellation (or the caller's asyncio.timeout,
    which works by cancelling) passes straight through and is never retried.
    """
    if attempts < 1:
        raise ValueError(f"attempts must be at least 1, got {attempts}")
    attempt, delay = 1, base_delay
    while True:
        try:
            return await operation()
        except Exception as exc:
            if not is_retryable(exc):
                raise
            if attempt == attempts:
                exc.add_note(f"gave up after {attempt} attempts")
                raise
        await sleep(delay)
        attempt, delay = attempt + 1, delay * 2


# The demo: a payment gateway whose answers are scripted, and a fake sleep.


class CardDeclinedError(Exception):
    """The bank refused the charge. Asking again gets the same answer."""

    retryable: ClassVar[bool] = False


class GatewayError(Exception):
    """What this service was doing when the gateway call failed (see P017)."""


class ScriptedGateway:
    """Returns or raises the scripted outcomes in order, and counts the calls."""

    def __init__(self, outcomes: Sequence[str | Exception]) -> None:
        self._outcomes = list(outcomes)
        self.calls = 0

    async def charge(self) -> str:
        outcome = self._outcomes[min(self.calls, len(self._outcomes) - 1)]
        self.calls += 1
        await asyncio.sleep(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


class RecordingSleep:
    """Stands in for asyncio.sleep: remembers each delay and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)


def wrapped(outer: Exception, cause: Exception) -> Exception:
    outer.__cause__ = cause
    return outer


async def charge(label: str, outcomes: Sequence[str | Exception]) -> None:
    gateway, sleep = ScriptedGateway(outcomes), RecordingSleep()
    try:
        result = await call_with_retries(gateway.charge, attempts=4, base_delay=0.1, sleep=sleep)
    except Exception as exc:
        notes: list[str] = getattr(exc, "__notes__", [])
        result = f"{type(exc).__name__}: {exc}" + "".join(f" ({note})" for note in notes)
    waits = ", ".join(f"{d:.1f}s" for d in sleep.delays) or "none"
    print(f"{label}: {gateway.calls} call(s), waits {waits} -> {result}")


async def main() -> None:
    examples: list[Exception] = [
        TimeoutError("read timed out"),
        ConnectionResetError("connection reset by peer"),
        HTTPStatusError(503, "Service Unavailable"),
        HTTPStatusError(429, "Too Many Requests"),
        HTTPStatusError(400, "Bad Request"),
        HTTPStatusError(404, "Not Found"),
        CardDeclinedError("insufficient funds"),
        wrapped(GatewayError("charge order 17"), TimeoutError("read timed out")),
        KeyError("amount"),
    ]
    for exc in examples:
        chain = " <- ".join(f"{type(link).__name__}: {link}" for link in error_chain(exc))
        print(f"{'retry' if is_retryable(exc) else 'terminal':<9}{chain}")
    #> retry    TimeoutError: read timed out
    #> retry    ConnectionResetError: connection reset by peer
    #> retry    HTTPStatusError: 503 Service Unavailable
    #> retry    HTTPStatusError: 429 Too Many Requests
    #> terminal HTTPStatusError: 400 Bad Request
    #> terminal HTTPStatusError: 404 Not Found
    #> terminal CardDeclinedError: insufficient funds
    #> retry    GatewayError: charge order 17 <- TimeoutError: read timed out
    #> terminal KeyError: 'amount'

    await charge("blip", [TimeoutError("read timed out"), HTTPStatusError(503, "busy"), "ok"])
    #> blip: 3 call(s), waits 0.1s, 0.2s -> ok
    await charge("declined", [CardDeclinedError("insufficient funds")])
    #> declined: 1 call(s), waits none -> CardDeclinedError: insufficient funds
    await charge("bad request", [HTTPStatusError(400, "amount must be positive")])
    #> bad request: 1 call(s), waits none -> HTTPStatusError: 400 amount must be positive
    await charge("outage", [HTTPStatusError(503, "Service Unavailable")])
    #> outage: 4 call(s), waits 0.1s, 0.2s, 0.4s -> HTTPStatusError: 503 Service Unavailable (gave up after 4 attempts)


if __name__ == "__main__":
    asyncio.run(main())
