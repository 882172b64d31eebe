"""P055 Middleware Chaining: one concern per wrapper, composed in a visible order.

A handler is an async function from a request to a response. A middleware
takes a handler and returns a new handler that does one thing around it: give
the request an ID, log it, turn an exception into a 500, check a token. `chain`
composes middlewares so that the first one listed is the outermost: it sees
the request first and the response last. The order is part of the behaviour,
and the demo runs the same requests through two orders to show it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hmac
import itertools
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field

Log = Callable[[str], None]


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Response:
    status: int
    body: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)


Handler = Callable[[Request], Awaitable[Response]]
Middleware = Callable[[Handler], Handler]

# The request's ID, visible to everything that runs inside `request_id`.
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")


def chain(*middlewares: Middleware) -> Middleware:
    """Compose middlewares; the first is outermost. Usable as a decorator."""

    def wrap(handler: Handler) -> Handler:
        for middleware in reversed(middlewares):
            handler = middleware(handler)
        return handler

    return wrap


def request_id(new_id: Callable[[], str]) -> Middleware:
    """Use the caller's X-Request-ID or make one; expose it and echo it back."""

    def middleware(next_handler: Handler) -> Handler:
        async def handle(request: Request) -> Response:
            rid = request.headers.get("X-Request-ID") or new_id()
            token = current_request_id.set(rid)
            try:
                response = await next_handler(request)
            finally:
                current_request_id.reset(token)
            return dataclasses.replace(response, headers={**response.headers, "X-Request-ID": rid})

        return handle

    return middleware


def access_log(log: Log, clock: Callable[[], float]) -> Middleware:
    """Log one line per response: request ID, method, path, status, duration."""

    def middleware(next_handler: Handler) -> Handler:
        async def handle(request: Request) -> Response:
            started = clock()
            response = await next_handler(request)
            elapsed_ms = (clock() - started) * 1000
            log(
                f"{current_request_id.get()} {request.method} {request.path}"
                f" -> {response.status} ({elapsed_ms:.0f} ms)"
            )
            return response

        return handle

    return middleware


def recover(log: Log) -> Middleware:
    """Turn an exception from inside into a 500, and log it.

    Only `Exception` is caught: a cancelled request (`CancelledError`, a
    `BaseException`) still cancels.
    """

    def middleware(next_handler: Handler) -> Handler:
        async def handle(request: Request) -> Response:
            try:
                return await next_handler(request)
            except Exception as exc:
                log(f"{current_request_id.get()} recovered {type(exc).__name__}: {exc}")
                return Response(500, "internal error")

        return handle

    return middleware


def require_token(token: str) -> Middleware:
    """Answer 401 without calling the handler unless the bearer token matches."""
    expected = f"Bearer {token}".encode()

    def middleware(next_handler: Handler) -> Handler:
        async def handle(request: Request) -> Response:
            given = request.headers.get("Authorization", "").encode()
            if not hmac.compare_digest(given, expected):  # constant-time comparison
                return Response(401, "unauthorized")
            return await next_handler(request)

        return handle

    return middleware


class ManualClock:
    """Seconds that move only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def make_app(clock: ManualClock) -> Handler:
    """The application handler: it knows nothing about IDs, logs, errors or tokens."""

    async def app(request: Request) -> Response:
        await asyncio.sleep(0)
        clock.now += 0.012  # pretend the work took 12 ms
        if request.path == "/crash":
            raise RuntimeError("disk full")
        return Response(200, f"report {current_request_id.get()}")

    return app


async def main() -> None:
    clock = ManualClock()
    ids = itertools.count(1)
    requests = [
        Request("GET", "/reports", {"Authorization": "Bearer s3cret"}),
        Request("GET", "/reports"),
        Request("GET", "/crash", {"Authorization": "Bearer s3cret", "X-Request-ID": "abc"}),
    ]
    with_id = request_id(lambda: f"req-{next(ids)}")

    print("request_id, access_log, recover, require_token:")
    #> request_id, access_log, recover, require_token:
    good = chain(with_id, access_log(print, clock), recover(print), require_token("s3cret"))
    app = good(make_app(clock))
    for request in requests:
        response = await app(request)
        print("  ->", response.status, response.body, dict(response.headers))
    #> req-1 GET /reports -> 200 (12 ms)
    #>   -> 200 report req-1 {'X-Request-ID': 'req-1'}
    #> req-2 GET /reports -> 401 (0 ms)
    #>   -> 401 unauthorized {'X-Request-ID': 'req-2'}
    #> abc recovered RuntimeError: disk full
    #> abc GET /crash -> 500 (12 ms)
    #>   -> 500 internal error {'X-Request-ID': 'abc'}

    # The same four middlewares, reversed. Each still does its job; the
    # combination loses the 401 and the crash from the log and the IDs.
    print("require_token, recover, access_log, request_id:")
    #> require_token, recover, access_log, request_id:
    bad = chain(require_token("s3cret"), recover(print), access_log(print, clock), with_id)
    app = bad(make_app(clock))
    for request in requests:
        response = await app(request)
        print("  ->", response.status, response.body, dict(response.headers))
    #> - GET /reports -> 200 (12 ms)
    #>   -> 200 report req-3 {'X-Request-ID': 'req-3'}
    #>   -> 401 unauthorized {}
    #> - recovered RuntimeError: disk full
    #>   -> 500 internal error {}

    # A chain is itself a middleware, so it also works as a decorator.
    @chain(recover(print), require_token("s3cret"))
    async def health(request: Request) -> Response:
        return Response(204)

    anonymous = await health(Request("GET", "/health"))
    signed_in = await health(Request("GET", "/health", {"Authorization": "Bearer s3cret"}))
    print("decorated:", anonymous.status, signed_in.status)
    #> decorated: 401 204


if __name__ == "__main__":
    asyncio.run(main())
