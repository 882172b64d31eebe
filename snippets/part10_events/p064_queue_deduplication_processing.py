"""P064 Queue + Deduplication Processing: queue keys, and never work on one key twice at once.

`WorkQueue` keeps the three pieces of state of Kubernetes' client-go
workqueue: the keys waiting for a worker, in order; the *dirty* set, the keys
that need a run; and the *processing* set, the keys a worker holds right now.

- Adding a key that is already dirty does nothing, so ten changes to one
  object while it waits become one run.
- A key that a worker holds is never handed to a second worker.
- Adding a key that a worker holds only marks it dirty; `done` then puts it
  back in line. The change that arrived during the run gets a run of its own,
  after the current one: never beside it, and never lost.

The handler is given only the key and reads the current state itself. That is
what makes dropping the duplicates safe: whichever run comes last sees the
newest state.
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class QueueShutDownError(Exception):
    """Raised by `WorkQueue.get` once the queue is shut down and no key is left."""


class WorkQueue(Generic[K]):
    """A FIFO of keys that holds each key at most once and hands it to one worker at a time."""

    def __init__(self) -> None:
        self._waiting: deque[K] = deque()
        self._dirty: set[K] = set()
        self._processing: set[K] = set()
        self._getters: list[asyncio.Future[None]] = []
        self._shutting_down = False

    def __len__(self) -> int:
        """The number of keys waiting for a worker; keys being processed are not counted."""
        return len(self._waiting)

    @property
    def shutting_down(self) -> bool:
        """True once `shut_down` was called: `add` ignores new keys from then on."""
        return self._shutting_down

    def add(self, key: K) -> None:
        """Ask for one run of `key`; a request for a key that is already waiting is dropped."""
        if self._shutting_down or key in self._dirty:
            return
        self._dirty.add(key)
        if key in self._processing:
            return  # a worker holds it: done() puts it back in line
        self._waiting.append(key)
        self._wake_getters()

    async def get(self) -> K:
        """Wait for the next key and mark it as being processed; the caller must call `done`.

        Raises:
            QueueShutDownError: the queue was shut down and every waiting key was handed out.
        """
        while not self._waiting:
            if self._shutting_down:
                raise QueueShutDownError("work queue is shut down")
            getter = asyncio.get_running_loop().create_future()
            self._getters.append(getter)
            try:
                await getter
            finally:
                if getter in self._getters:  # still listed only if this get was cancelled
                    self._getters.remove(getter)
        key = self._waiting.popleft()
        self._dirty.discard(key)
        self._processing.add(key)
        return key

    def done(self, key: K) -> None:
        """Release `key`; if it was added again during the run, it goes back in line."""
        if key not in self._processing:
            raise ValueError(f"done({key!r}) called for a key that no worker holds")
        self._processing.discard(key)
        if key in self._dirty:
            self._waiting.append(key)
            self._wake_getters()

    def shut_down(self) -> None:
        """Refuse new keys; workers still get every key already waiting, then QueueShutDownError."""
        self._shutting_down = True
        self._wake_getters()

    def _wake_getters(self) -> None:
        # Every waiting get() looks again; the ones that find nothing wait again.
        for getter in self._getters:
            if not getter.done():
                getter.set_result(None)
        self._getters.clear()


async def run_workers(
    queue: WorkQueue[K],
    handle: Callable[[K], Awaitable[None]],
    *,
    workers: int,
    max_attempts: int = 3,
) -> list[K]:
    """Run `handle` on keys from `queue` with `workers` tasks until it is shut down and drained.

    A key whose run raises is added again, up to `max_attempts` runs in a row;
    real code waits between attempts (P040). A success resets the count.

    Returns:
        The keys given up on: their last run failed and no retry is coming.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    if max_attempts < 1:
        raise ValueError(f"max_attempts must be at least 1, got {max_attempts}")
    failures: Counter[K] = Counter()
    given_up: list[K] = []

    async def worker() -> None:
        while True:
            try:
                key = await queue.get()
            except QueueShutDownError:
                return
            try:
                await handle(key)
            except Exception:
                failures[key] += 1
                if failures[key] < max_attempts and not queue.shutting_down:
                    queue.add(key)  # it is processing, so this marks it dirty for done()
                else:
                    del failures[key]
                    given_up.append(key)
            else:
                failures.pop(key, None)
            finally:
                queue.done(key)

    async with asyncio.TaskGroup() as group:
        for _ in range(workers):
            group.create_task(worker())
    return given_up


async def steps(n: int) -> None:
    """Let every other ready task run `n` times: a stand-in for a network call."""
    for _ in range(n):
        await asyncio.sleep(0)


class Cluster:
    """Desired replica counts set by users, and the counts the sync has applied."""

    def __init__(self) -> None:
        self.desired: dict[str, int] = {}
        self.applied: dict[str, int] = {}
        self.runs = 0
        self.runs_of: Counter[str] = Counter()
        self.busy: Counter[str] = Counter()
        self.most_on_one_key = 0

    async def sync(self, name: str) -> None:
        """The handler: read what is wanted now, then spend a few turns applying it."""
        self.runs += 1
        self.runs_of[name] += 1
        self.busy[name] += 1
        self.most_on_one_key = max(self.most_on_one_key, self.busy[name])
        want = self.desired[name]  # the current state, not the state when the key was added
        await steps(3)
        self.applied[name] = want
        self.busy[name] -= 1


async def main() -> None:
    queue: WorkQueue[str] = WorkQueue()
    queue.add("web")
    queue.add("api")
    queue.add("web")
    print("waiting after add web, api, web:", len(queue))
    #> waiting after add web, api, web: 2
    key = await queue.get()
    queue.add(key)
    print(f"got {key}, added it again; waiting:", len(queue))
    #> got web, added it again; waiting: 1
    queue.done(key)
    print(f"done({key}); waiting:", len(queue))
    #> done(web); waiting: 2

    cluster = Cluster()
    queue = WorkQueue()

    def change(name: str, replicas: int) -> None:
        cluster.desired[name] = replicas
        queue.add(name)

    workers = asyncio.create_task(run_workers(queue, cluster.sync, workers=3))
    first_burst = [("web", 2), ("web", 3), ("api", 1), ("web", 4), ("db", 1)]
    second_burst = [("api", 2), ("web", 5), ("api", 3), ("web", 6)]
    for name, replicas in first_burst:
        change(name, replicas)
    await steps(2)  # the workers take web, api and db and start their runs
    for name, replicas in second_burst:
        change(name, replicas)  # web and api are being processed: marked dirty only
    queue.shut_down()
    print("given up:", await workers)
    #> given up: []
    print("changes: 9, sync runs:", cluster.runs)
    #> changes: 9, sync runs: 5
    print("most runs of one key at once:", cluster.most_on_one_key)
    #> most runs of one key at once: 1
    for name in sorted(cluster.desired):
        print(f"{name}: runs {cluster.runs_of[name]}, desired {cluster.desired[name]},"
              f" applied {cluster.applied[name]}")
    #> api: runs 2, desired 3, applied 3
    #> db: runs 1, desired 1, applied 1
    #> web: runs 2, desired 6, applied 6

if __name__ == "__main__":
    asyncio.run(main())
