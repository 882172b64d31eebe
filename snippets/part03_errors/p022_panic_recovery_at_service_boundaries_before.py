"""P022 before: no boundary at all, and then a boundary that catches too much.

Without a boundary, a bug in one request escapes its task; the TaskGroup that
runs the requests cancels every other request in flight and the whole batch
fails. The usual overcorrection catches BaseException: now a request that is
cancelled (a client went away, the server is shutting down) is logged as a
failure, answered with a 500, and reported to its caller as finished rather
than cancelled.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterable
from typing import Any

Handler = Callable[[str], Coroutine[Any, Any, str]]

ORDER = {"sku": "tea"}


async def app(path: str, answered: list[str]) -> str:
    if path == "/slow":
        await asyncio.Event().wait()  # until cancelled
    turns = 3 if path == "/report" else 1  # a report takes longer to build
    for _ in range(turns):
        await asyncio.sleep(0)
    if path == "/invoice":
        return ORDER["customer"]  # bug: no such key
    answered.append(path)
    return "200"


async def serve(paths: Iterable[str], handler: Handler) -> list[str]:
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(handler(path)) for path in paths]
    return [task.result() for task in tasks]


def catch_everything(handler: Handler) -> Handler:
    async def boundary(path: str) -> str:
        try:
            return await handler(path)
        except BaseException as exc:  # also catches CancelledError
            print(f"  logged as a failure: {path} {type(exc).__name__}")
            return "500"

    return boundary


async def main() -> None:
    answered: list[str] = []
    paths = ["/orders", "/invoice", "/report", "/report"]
    try:
        await serve(paths, lambda path: app(path, answered))
    except* KeyError:
        print(f"no boundary: {len(answered)} of {len(paths)} requests answered")
    #> no boundary: 1 of 4 requests answered

    print("except BaseException:")
    #> except BaseException:
    slow = asyncio.create_task(catch_everything(lambda path: app(path, answered))("/slow"))
    await asyncio.sleep(0)
    slow.cancel()
    result = await slow
    #>   logged as a failure: /slow CancelledError
    print(f"  cancelled request: cancelled={slow.cancelled()}, answered {result}")
    #>   cancelled request: cancelled=False, answered 500


if __name__ == "__main__":
    asyncio.run(main())
