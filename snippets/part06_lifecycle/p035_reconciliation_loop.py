"""P035 Reconciliation Loop: observe, compare with the desired state, take one step, repeat.

`plan` is a pure function: given the desired apps and the instances the
cluster reports, it returns the next step toward the desired state, or None
when there is nothing to do. `Controller.reconcile` observes the cluster,
plans, and applies that one step. It never asks what happened since the last
pass, so running it again, after a missed event, a crash or its own failure,
is always safe: it looks at the world as it is now.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class AppSpec:
    """What should run: `replicas` instances of `version`."""

    replicas: int
    version: str


@dataclass(frozen=True)
class Instance:
    name: str
    app: str
    version: str


@dataclass(frozen=True)
class Step:
    """One change to the cluster: start an instance of an app, or stop one by name."""

    action: Literal["start", "stop"]
    app: str
    version: str = ""
    name: str = ""
    why: str = ""

    def __str__(self) -> str:
        target = f"{self.app} {self.version}" if self.action == "start" else self.name
        return f"{self.action} {target} ({self.why})"


class ClusterError(Exception):
    """The cluster refused a change."""


class FakeCluster:
    """An in-memory cluster: the world the controller observes and changes."""

    def __init__(self) -> None:
        self.instances: dict[str, Instance] = {}
        self.changes = 0  # successful starts and stops, to prove a pass changed nothing
        self.refuse_next: str | None = None
        self._serial = 0

    async def list(self) -> list[Instance]:
        await asyncio.sleep(0)  # the API call
        return sorted(self.instances.values(), key=lambda i: i.name)

    async def start(self, app: str, version: str) -> None:
        await asyncio.sleep(0)
        self._refuse_if_told()
        self._serial += 1
        name = f"{app}-{self._serial}"
        self.instances[name] = Instance(name, app, version)
        self.changes += 1

    async def stop(self, name: str) -> None:
        await asyncio.sleep(0)
        self._refuse_if_told()
        del self.instances[name]
        self.changes += 1

    def crash(self, name: str) -> None:
        """An instance dies on its own: no call, no event."""
        del self.instances[name]

    def _refuse_if_told(self) -> None:
        if self.refuse_next is not None:
            reason, self.refuse_next = self.refuse_next, None
            raise ClusterError(reason)


def plan(desired: Mapping[str, AppSpec], observed: list[Instance]) -> Step | None:
    """The next step from `observed` toward `desired`, or None if they match.

    Order: stop instances of apps no longer wanted; then, app by app, start a
    missing instance of the desired version, stop an instance of an old
    version, or stop a surplus one. A start may take an app one instance over
    its count, never more, and comes before the stop it makes room for: a
    version change becomes a rolling update that never drops below the count.
    """
    for instance in sorted(observed, key=lambda i: i.name):
        if instance.app not in desired:
            return Step("stop", instance.app, name=instance.name, why="app not wanted")
    for app, spec in sorted(desired.items()):
        mine = sorted((i for i in observed if i.app == app), key=lambda i: i.name)
        current = [i for i in mine if i.version == spec.version]
        stale = [i for i in mine if i.version != spec.version]
        if len(current) < spec.replicas and len(mine) <= spec.replicas:  # at most one extra
            why = f"{len(current)} of {spec.replicas} at {spec.version}"
            return Step("start", app, version=spec.version, why=why)
        if stale:
            return Step("stop", app, name=stale[0].name, why=f"old version {stale[0].version}")
        if len(current) > spec.replicas:
            why = f"{len(current)} running, {spec.replicas} wanted"
            return Step("stop", app, name=current[-1].name, why=why)
    return None


class NotConvergingError(RuntimeError):
    """The loop took more steps than allowed: something keeps undoing its work."""


class Controller:
    """Drives a cluster toward the desired state, one observed step at a time."""

    def __init__(self, cluster: FakeCluster, desired: Mapping[str, AppSpec]) -> None:
        self._cluster = cluster
        self.desired = dict(desired)
        self.errors: list[str] = []

    async def reconcile(self) -> Step | None:
        """Observe, plan and apply one step; return it, or None when converged.

        Raises:
            ClusterError: if the cluster refused the step; calling again retries.
        """
        step = plan(self.desired, await self._cluster.list())
        if step is not None:
            if step.action == "start":
                await self._cluster.start(step.app, step.version)
            else:
                await self._cluster.stop(step.name)
        return step

    async def converge(self, max_steps: int = 50) -> list[Step]:
        """Reconcile until nothing is left to do, and return the steps taken."""
        steps: list[Step] = []
        while (step := await self.reconcile()) is not None:
            steps.append(step)
            if len(steps) >= max_steps:
                raise NotConvergingError(f"still not converged after {max_steps} steps")
        return steps

    async def run(self, wakeups: asyncio.Queue[str]) -> None:
        """Converge once per wake-up, until cancelled.

        Wake-ups come from watch events and a resync timer. Their content is
        ignored (the loop is level-triggered), and a burst of them costs a
        single pass. A failed pass is recorded; the next wake-up retries it.
        """
        while True:
            await wakeups.get()
            while not wakeups.empty():
                wakeups.get_nowait()
            try:
                await self.converge()
            except (ClusterError, NotConvergingError) as exc:
                self.errors.append(str(exc))


async def main() -> None:
    cluster = FakeCluster()
    controller = Controller(cluster, {"web": AppSpec(replicas=2, version="v1")})
    for step in await controller.converge():
        print(step)
    #> start web v1 (0 of 2 at v1)
    #> start web v1 (1 of 2 at v1)

    changes = cluster.changes
    print(f"again: {await controller.reconcile()}, changes: {cluster.changes - changes}")
    #> again: None, changes: 0

    cluster.crash("web-1")  # nobody tells the controller; the next pass sees it
    print(await controller.reconcile())
    #> start web v1 (1 of 2 at v1)

    controller.desired = {"web": AppSpec(replicas=2, version="v2"), "worker": AppSpec(1, "v1")}
    for step in await controller.converge():
        print(step)
    #> start web v2 (0 of 2 at v2)
    #> stop web-2 (old version v1)
    #> start web v2 (1 of 2 at v2)
    #> stop web-3 (old version v1)
    #> start worker v1 (0 of 1 at v1)

    # A refused step is not remembered or rolled back: the next pass starts
    # from what is really there.
    del controller.desired["worker"]
    controller.desired["web"] = AppSpec(replicas=3, version="v2")
    cluster.refuse_next = "no capacity"
    try:
        await controller.converge()
    except ClusterError as exc:
        print(f"pass failed: {exc}")
    #> pass failed: no capacity
    for step in await controller.converge():
        print(step)
    #> stop worker-6 (app not wanted)
    #> start web v2 (2 of 3 at v2)
    print(sorted(f"{i.name} {i.version}" for i in await cluster.list()))
    #> ['web-4 v2', 'web-5 v2', 'web-7 v2']


if __name__ == "__main__":
    asyncio.run(main())
