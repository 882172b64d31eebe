"""P012 Lazy Initialization: create an expensive resource on first use, exactly once.

`AsyncLazy` is the asyncio counterpart of Go's `sync.Once`. The first caller
of `get()` takes an `asyncio.Lock` and runs the factory; every caller that
arrives meanwhile waits on the lock, then finds the value and returns it. Once
the value exists, `get()` returns it without touching the lock.

The failure policy is a choice, and this one differs from Go's `sync.Once`:
a factory that raises (or is cancelled) stores nothing. The exception goes to
the caller whose attempt failed, and the next caller to take the lock tries
again. Attempts never overlap, and a success is kept for good.

For synchronous code on one thread, `functools.cache` on a function without
arguments gives the same "first call computes, later calls reuse" behaviour.
Never put it on an `async def`: it would cache the coroutine object, which can
be awaited only once.
"""

from __future__ import annotations

import asyncio
import functools
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from types import MappingProxyType
from typing import Generic, TypeVar

T = TypeVar("T")


class AsyncLazy(Generic[T]):
    """A value made by `factory` the first time someone needs it, and only once.

    Create it inside the event loop that will use it; the lock belongs to one loop.
    """

    def __init__(self, factory: Callable[[], Awaitable[T]]) -> None:
        self._factory = factory
        self._lock = asyncio.Lock()
        self._box: tuple[T] | None = None  # a tuple, so that None can be a value too

    @property
    def ready(self) -> bool:
        return self._box is not None

    async def get(self) -> T:
        """Return the value, running the factory first if no attempt has succeeded yet.

        If the factory raises or is cancelled, only the caller whose attempt it
        was sees that; nothing is stored, and the next caller tries again.
        """
        if self._box is not None:  # the fast path, once initialised: no lock
            return self._box[0]
        async with self._lock:
            # Check again: the task that held the lock may have succeeded while we waited.
            if self._box is None:
                self._box = (await self._factory(),)
            return self._box[0]


class Database:
    """Opens connection pools, failing the first `failures` attempts; counts everything."""

    def __init__(self, failures: int = 0) -> None:
        self.failures_left = failures
        self.attempts = 0
        self.running = 0
        self.most_running = 0

    async def open_pool(self) -> str:
        self.attempts += 1
        self.running += 1
        self.most_running = max(self.most_running, self.running)
        try:
            await asyncio.sleep(0)  # the handshakes: every other task runs now
            if self.failures_left > 0:
                self.failures_left -= 1
                raise ConnectionError("database is still starting")
            return f"pool-{self.attempts}"
        finally:
            self.running -= 1


loads: Counter[str] = Counter()


@functools.cache
def tax_rates() -> Mapping[str, int]:
    """Synchronous lazy value: parsed on the first call, then the same object every time."""
    loads["tax_rates"] += 1
    return MappingProxyType({"DE": 19, "FR": 20, "NL": 21})


async def main() -> None:
    database = Database()
    pool = AsyncLazy(database.open_pool)
    pools = await asyncio.gather(*(pool.get() for _ in range(100)))
    print(f"callers: {len(pools)}, pools opened: {database.attempts}, distinct: {len(set(pools))}")
    #> callers: 100, pools opened: 1, distinct: 1

    # The first attempt fails: that caller gets the error, the next one retries.
    flaky = Database(failures=1)
    pool = AsyncLazy(flaky.open_pool)
    outcomes = await asyncio.gather(*(pool.get() for _ in range(10)), return_exceptions=True)
    failed = [o for o in outcomes if isinstance(o, BaseException)]
    print(f"attempts: {flaky.attempts}, at once at most: {flaky.most_running}")
    #> attempts: 2, at once at most: 1
    print(f"failed callers: {len(failed)} ({failed[0]}), served: {len(outcomes) - len(failed)}")
    #> failed callers: 1 (database is still starting), served: 9
    print("now ready:", pool.ready, await pool.get())
    #> now ready: True pool-2

    # Synchronous code: functools.cache is the lazy value.
    print(tax_rates()["DE"], tax_rates()["NL"], "loads:", loads["tax_rates"])
    #> 19 21 loads: 1

    # And why not on an async def: the cached thing is a coroutine, single use.
    @functools.cache
    async def cached_pool() -> str:
        return await database.open_pool()

    await cached_pool()
    try:
        await cached_pool()
    except RuntimeError as exc:
        print("functools.cache on async def:", exc)
    #> functools.cache on async def: cannot reuse already awaited coroutine


if __name__ == "__main__":
    asyncio.run(main())
