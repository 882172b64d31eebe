"""P022 Panic Recovery at Service Boundaries: one broken request must not stop the server.

Go has two failure mechanisms: errors, which are values, and panics, which
unwind the goroutine and kill the process unless a deferred recover() stops
them. Python has one: a bug such as a KeyError is an exception like any other.
The boundary is the same in both languages: one place per request that takes
whatever nothing else handled, logs it with the request's identity, answers
500, and leaves the server ready for the next request.

In Python that place catches Exception, never BaseException. CancelledError,
KeyboardInterrupt and SystemExit derive from BaseException precisely so that
`except Exception` lets them through: they are how the runtime stops work.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeAlias

ExcInfo: TypeAlias = tuple[type[BaseException], BaseException, TracebackType | None]


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    request_id: str


@dataclass(frozen=True)
class Response:
    status: int
    body: str


Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def recovering(handler: Handler, log: logging.Logger) -> Handler:
    """Wrap `handler` so that an exception it lets escape becomes a 500 and one log record.

    Only the request that failed is affected. `log.exception` records the
    traceback, so the bug can be found and fixed; the client learns nothing
    about it but the status. Cancellation is not an Exception and passes
    through: a cancelled request stays cancelled, and shutdown still works.
    """

    async def boundary(request: Request) -> Response:
        try:
            return await handler(request)
        except Exception:
            log.exception("%s %s %s failed", request.request_id, request.method, request.path)
            return Response(500, "internal server error")

    return boundary


async def serve(requests: Iterable[Request], handler: Handler) -> list[Response]:
    """Handle the requests concurrently, one task each as a server would, in a TaskGroup.

    If a task raises, the TaskGroup cancels every other request in flight and
    re-raises: without a boundary, one bug ends the whole batch.
    """
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(handler(request)) for request in requests]
    return [task.result() for task in tasks]


# A small app with a bug in one route.

ORDERS: dict[int, dict[str, str]] = {7: {"sku": "tea", "quantity": "2"}}


async def app(request: Request) -> Response:
    if request.path == "/slow":
        await asyncio.Event().wait()  # waits until cancelled
    await asyncio.sleep(0)
    if request.path == "/orders/7":
        order = ORDERS[7]
        return Response(200, f"{order['sku']} x{order['quantity']}")
    if request.path == "/orders/7/invoice":
        return Response(200, f"invoice for {ORDERS[7]['customer']}")  # bug: no such key
    return Response(404, "not found")


class OneLineTraceback(logging.Formatter):
    """Prints only the last line of a traceback, so the demo's output is stable.

    In production keep the default formatter: the whole traceback is the point.
    """

    def formatException(self, ei: ExcInfo | tuple[None, None, None]) -> str:  # noqa: N802
        _, exc, _ = ei
        return f"  {type(exc).__name__}: {exc}"


def demo_logger() -> tuple[logging.Logger, logging.Handler]:
    log = logging.getLogger("p022.demo")
    log.propagate = False
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(OneLineTraceback("%(levelname)s %(message)s"))
    log.addHandler(handler)
    return log, handler


async def main() -> None:
    log, handler = demo_logger()
    try:
        requests = [
            Request("GET", "/orders/7", "req-1"),
            Request("GET", "/orders/7/invoice", "req-2"),
            Request("GET", "/orders/8", "req-3"),
            Request("GET", "/orders/7", "req-4"),
        ]
        for response in await serve(requests, recovering(app, log)):
            print(response.status, response.body)
        #> ERROR req-2 GET /orders/7/invoice failed
        #>   KeyError: 'customer'
        #> 200 tea x2
        #> 500 internal server error
        #> 404 not found
        #> 200 tea x2

        # Shutdown cancels a request in flight: the boundary lets it go, logs nothing.
        slow = asyncio.create_task(recovering(app, log)(Request("GET", "/slow", "req-5")))
        await asyncio.sleep(0)
        slow.cancel()
        try:
            await slow
        except asyncio.CancelledError:
            print("req-5 cancelled:", slow.cancelled())
        #> req-5 cancelled: True
    finally:
        log.removeHandler(handler)


if __name__ == "__main__":
    asyncio.run(main())
