"""P064 before: a plain queue of change events, shared by several workers.

Every change is queued with the value it carried, and any free worker takes
the next one. Nine changes to three objects cost nine runs; two workers can
hold changes to the same object at once; and when the older change happens to
finish last, its value is the one left applied.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter


async def steps(n: int) -> None:
    """Let every other ready task run `n` times: a stand-in for a network call."""
    for _ in range(n):
        await asyncio.sleep(0)


class Cluster:
    """Desired replica counts, the applied ones, and how the runs overlapped."""

    def __init__(self, seed: int) -> None:
        self.desired: dict[str, int] = {}
        self.applied: dict[str, int] = {}
        self.runs = 0
        self.busy: Counter[str] = Counter()
        self.most_on_one_key = 0
        self.latency = random.Random(seed)  # calls to the API take uneven time

    async def sync(self, name: str, replicas: int) -> None:
        self.runs += 1
        self.busy[name] += 1
        self.most_on_one_key = max(self.most_on_one_key, self.busy[name])
        await steps(self.latency.randint(1, 6))
        self.applied[name] = replicas  # the value from the event, however old it is now
        self.busy[name] -= 1


async def run_workers(
    cluster: Cluster, queue: asyncio.Queue[tuple[str, int] | None], workers: int
) -> None:
    async def worker() -> None:
        while (event := await queue.get()) is not None:
            await cluster.sync(*event)

    async with asyncio.TaskGroup() as group:
        for _ in range(workers):
            group.create_task(worker())


async def main() -> None:
    cluster = Cluster(seed=7)
    queue: asyncio.Queue[tuple[str, int] | None] = asyncio.Queue()

    def change(name: str, replicas: int) -> None:
        cluster.desired[name] = replicas
        queue.put_nowait((name, replicas))

    workers = asyncio.create_task(run_workers(cluster, queue, workers=3))
    for name, replicas in [("web", 2), ("web", 3), ("api", 1), ("web", 4), ("db", 1)]:
        change(name, replicas)
    await steps(2)
    for name, replicas in [("api", 2), ("web", 5), ("api", 3), ("web", 6)]:
        change(name, replicas)
    for _ in range(3):
        queue.put_nowait(None)
    await workers
    print("changes: 9, sync runs:", cluster.runs)
    #> changes: 9, sync runs: 9
    print("most runs of one key at once:", cluster.most_on_one_key)
    #> most runs of one key at once: 3
    for name in sorted(cluster.desired):
        print(f"{name}: desired {cluster.desired[name]}, applied {cluster.applied[name]}")
    #> api: desired 3, applied 3
    #> db: desired 1, applied 1
    #> web: desired 6, applied 5


if __name__ == "__main__":
    asyncio.run(main())
