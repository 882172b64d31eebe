"""P023 Timeout-Wrapped External Calls: no call to another system waits without a limit.

`call_with_timeout` runs one call to a dependency inside `asyncio.timeout`.
When the limit passes, asyncio cancels the call at the point where it waits,
deep in the transport, so the transport's `finally` blocks run and its
connection goes back to the pool. The caller gets a `DependencyTimeoutError`
that names the dependency, the operation and the limit. A limit only ever
shortens the caller's own deadline: when an outer `asyncio.timeout` fires
first, its plain `TimeoutError` reaches the caller unchanged.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Protocol, TypeVar

T = TypeVar("T")


class DependencyTimeoutError(TimeoutError):
    """A dependency gave no answer within the limit set for this call."""

    def __init__(self, dependency: str, operation: str, limit: float) -> None:
        super().__init__(f"{dependency}: {operation}: no answer within {limit:g}s")
        self.dependency = dependency
        self.operation = operation
        self.limit = limit


def checked_limit(limit: float) -> float:
    """Return `limit` if it is a usable number of seconds; reject "no limit" in disguise."""
    if not 0 <= limit < math.inf:  # also false for NaN
        raise ValueError(f"limit must be a finite number of seconds >= 0, got {limit}")
    return limit


async def call_with_timeout(
    dependency: str,
    operation: str,
    call: Callable[[], Awaitable[T]],
    *,
    limit: float,
) -> T:
    """Await `call()`, and cancel it if it has not finished within `limit` seconds.

    Raises:
        DependencyTimeoutError: this call's own limit passed and the call was cancelled.
        TimeoutError: unchanged, when an outer deadline of the caller passed
            first, or when the dependency itself reported a timeout.
        ValueError: the limit is negative, infinite or NaN.
    """
    timer = asyncio.timeout(checked_limit(limit))
    try:
        async with timer:
            return await call()
    except TimeoutError as exc:
        # Only our own timer makes this our timeout. A TimeoutError from inside
        # the call, or from the caller's deadline, is not relabelled.
        if timer.expired():
            raise DependencyTimeoutError(dependency, operation, limit) from exc
        raise


class Transport(Protocol):
    """Sends one request to a remote service and returns its reply."""

    async def request(self, path: str) -> str: ...


class InventoryClient:
    """The only code that talks to the inventory service: every request it sends has a limit.

    The limit is set once per dependency, where its owner can see it, rather
    than passed by every caller or left to a library default.
    """

    def __init__(self, transport: Transport, *, limit: float) -> None:
        self._transport = transport
        self._limit = checked_limit(limit)

    async def reserve(self, sku: str) -> str:
        return await call_with_timeout(
            "inventory",
            f"reserve {sku}",
            lambda: self._transport.request(f"/reserve/{sku}"),
            limit=self._limit,
        )


class ConnectionPool:
    """A client's pool of `size` connections; a request holds one until it ends."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.in_use = 0
        self._free = asyncio.Semaphore(size)

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[None]:
        async with self._free:
            self.in_use += 1
            try:
                yield
            finally:
                self.in_use -= 1


class FakeInventory:
    """A stand-in inventory service. When `hung`, it takes the request and never answers.

    `cancelled` counts the requests that were cancelled while they waited for
    the reply: proof that the cancellation reached the innermost `await`.
    """

    def __init__(self, pool: ConnectionPool, *, hung: bool) -> None:
        self.pool = pool
        self.hung = hung
        self.cancelled = 0

    async def request(self, path: str) -> str:
        async with self.pool.connection():
            if self.hung:
                try:
                    await asyncio.Event().wait()  # the reply that never comes
                except asyncio.CancelledError:
                    self.cancelled += 1
                    raise  # never swallow a cancellation: the caller is waiting for it
            await asyncio.sleep(0)  # the reply's round trip
            return f"200 reserved {path.rsplit('/', 1)[-1]}"


async def handle_order(inventory: InventoryClient, sku: str) -> str:
    """A request handler: a dependency that does not answer becomes a fast 504."""
    try:
        return await inventory.reserve(sku)
    except DependencyTimeoutError as exc:
        return f"504 {exc}"


async def main() -> None:
    pool = ConnectionPool(size=10)
    healthy = InventoryClient(FakeInventory(pool, hung=False), limit=2.0)
    print(await handle_order(healthy, "sku-1"))
    #> 200 reserved sku-1

    # The same service, hung. A limit of 0 s expires at the call's first wait,
    # which is what 2 s would do two seconds later; the demo need not sleep.
    hung_service = FakeInventory(pool, hung=True)
    hung = InventoryClient(hung_service, limit=0.0)
    replies = await asyncio.gather(*(handle_order(hung, f"sku-{n}") for n in range(12)))
    print(replies[0])
    #> 504 inventory: reserve sku-0: no answer within 0s
    print(f"answered: {len(replies)} of 12, all 504: {all(r.startswith('504') for r in replies)}")
    #> answered: 12 of 12, all 504: True
    # Ten requests were cancelled while they waited for the reply, two while they
    # waited for a free connection; every connection went back to the pool.
    print(f"cancelled awaiting the reply: {hung_service.cancelled}, connections held: {pool.in_use}")
    #> cancelled awaiting the reply: 10, connections held: 0

    # The request's own deadline is shorter than the call's limit: the earlier one
    # wins, and the error is the caller's plain TimeoutError, not DependencyTimeoutError.
    patient = InventoryClient(hung_service, limit=30.0)
    try:
        async with asyncio.timeout(0):  # the request's deadline: already used up
            await patient.reserve("sku-99")
    except TimeoutError as exc:
        print(f"{type(exc).__name__} from the request's deadline, connections held: {pool.in_use}")
    #> TimeoutError from the request's deadline, connections held: 0


if __name__ == "__main__":
    asyncio.run(main())
