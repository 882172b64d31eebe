"""P035 before: an event handler does what each event says and trusts its own count.

"Replicas of web went from 0 to 3" becomes "start 3 instances". That is
correct exactly once, for an event delivered exactly once, in a world where
nothing else changes. A redelivered event starts three more; an instance that
crashes sends no event and is never replaced; the handler's own count drifts
away from what is really running, and nothing ever brings them back together.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass


@dataclass(frozen=True)
class ReplicasChanged:
    """The event: an app's desired replica count changed from `old` to `new`."""

    app: str
    old: int
    new: int


class FakeCluster:
    """An in-memory cluster: instance names mapped to their app."""

    def __init__(self) -> None:
        self.instances: dict[str, str] = {}
        self._serial = 0

    async def start(self, app: str) -> None:
        await asyncio.sleep(0)
        self._serial += 1
        self.instances[f"{app}-{self._serial}"] = app

    async def stop(self, name: str) -> None:
        await asyncio.sleep(0)
        del self.instances[name]

    def crash(self, name: str) -> None:
        """An instance dies on its own; nobody sends an event about it."""
        del self.instances[name]

    def count(self, app: str) -> int:
        return sum(1 for owner in self.instances.values() if owner == app)


class EventHandler:
    """Edge-triggered: acts on the difference each event describes."""

    def __init__(self, cluster: FakeCluster) -> None:
        self.cluster = cluster

    async def on_event(self, event: ReplicasChanged) -> None:
        for _ in range(event.new - event.old):
            await self.cluster.start(event.app)
        mine = sorted(n for n, app in self.cluster.instances.items() if app == event.app)
        for name in mine[: max(0, event.old - event.new)]:
            await self.cluster.stop(name)


async def main() -> None:
    cluster = FakeCluster()
    handler = EventHandler(cluster)
    scale_up = ReplicasChanged("web", old=0, new=3)
    await handler.on_event(scale_up)
    print(f"desired 3, running {cluster.count('web')}")
    #> desired 3, running 3
    await handler.on_event(scale_up)  # the bus delivers at least once: here, twice
    print(f"same event again: desired 3, running {cluster.count('web')}")
    #> same event again: desired 3, running 6
    cluster.crash("web-1")  # no event for this one
    await handler.on_event(ReplicasChanged("web", old=3, new=2))
    print(f"after a crash and a scale-down: desired 2, running {cluster.count('web')}")
    #> after a crash and a scale-down: desired 2, running 4


if __name__ == "__main__":
    asyncio.run(main())
