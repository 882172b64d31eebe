"""P094 Controller-Runtime Reconcile Contracts: reconcile(key) converges state, never replays events.

A controller is handed a key ("shop"), not the event that caused the call. Each
call reads the desired state (the Site) and the actual state (its pods) as they
are now, changes only what differs, writes status only when it changed, and
returns a Result: converged, look again after a delay, or retry with backoff.
Raising an exception also means "retry with backoff". Nothing depends on which
events arrived, so a lost, repeated or merged event changes nothing.

Real controllers use controller-runtime or client-go in Go, and kopf or the
official kubernetes client in Python. FakeApi stands in for the API server: it
stores objects, hands out copies, bumps a version on every write, records the
writes and can be told to fail. Controller stands in for the manager's work
queue; it jumps a manual clock where a real one would wait on a timer.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """What reconcile asks of the work queue. `Result()` means converged: forget the key.

    `requeue_after` > 0 means "look again in that many seconds" (polling
    something that has no event); `requeue=True` means "again soon", with the
    same growing backoff as an error.
    """

    requeue: bool = False
    requeue_after: float = 0.0


class NotFoundError(LookupError):
    """The object does not exist: the API server's 404."""


class ApiUnavailableError(Exception):
    """A transient API failure; the work queue retries the key with backoff."""


@dataclass(frozen=True)
class SiteStatus:
    observed_generation: int = 0
    ready_replicas: int = 0


@dataclass
class Site:
    """Desired state: run `replicas` pods of `image`. `generation` grows on every spec change."""

    name: str
    replicas: int
    image: str
    generation: int = 1
    status: SiteStatus = SiteStatus()
    version: int = 0


@dataclass
class Pod:
    """Actual state: one pod owned by a Site. It is ready `startup` seconds after it (re)started."""

    name: str
    owner: str
    image: str
    ready: bool = False
    version: int = 0


class ManualClock:
    """A clock that moves only when told to, so the output is exact."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class FakeApi:
    """An in-memory API server. Reads return copies: editing one changes nothing stored."""

    def __init__(self, clock: ManualClock, *, startup: float = 2.0) -> None:
        self._clock = clock
        self._startup = startup
        self._sites: dict[str, Site] = {}
        self._pods: dict[str, Pod] = {}
        self._started: dict[str, float] = {}
        self._version = 0
        self._failing: dict[str, int] = {}
        self.writes: list[str] = []

    def fail_next(self, operation: str, times: int = 1) -> None:
        """Make the next `times` calls of `operation` raise ApiUnavailableError."""
        self._failing[operation] = times

    async def _enter(self, operation: str) -> None:
        await asyncio.sleep(0)  # a real call would go over the network
        if self._failing.get(operation, 0) > 0:
            self._failing[operation] -= 1
            raise ApiUnavailableError(f"{operation}: API server unavailable")

    def _write(self, what: str) -> int:
        self._version += 1
        self.writes.append(what)
        return self._version

    # What users do: kubectl apply and kubectl delete. No event reaches the controller here.
    def apply_site(self, name: str, *, replicas: int, image: str) -> None:
        old = self._sites.get(name)
        if old is None:
            site = Site(name, replicas, image)
        elif (old.replicas, old.image) == (replicas, image):
            return
        else:
            site = dataclasses.replace(old, replicas=replicas, image=image, generation=old.generation + 1)
        site.version = self._write(f"apply site/{name}")
        self._sites[name] = site

    def delete_site(self, name: str) -> None:
        del self._sites[name]
        self._write(f"delete site/{name}")

    def versions(self) -> dict[str, int]:
        """Every stored object's version: if two snapshots are equal, nothing was written."""
        found = {f"site/{s.name}": s.version for s in self._sites.values()}
        found.update({f"pod/{p.name}": p.version for p in self._pods.values()})
        return dict(sorted(found.items()))

    # What the controller calls.
    async def get_site(self, name: str) -> Site:
        await self._enter("get_site")
        if name not in self._sites:
            raise NotFoundError(f"site {name!r} not found")
        return dataclasses.replace(self._sites[name])

    async def update_site_status(self, name: str, status: SiteStatus) -> None:
        await self._enter("update_site_status")
        site = self._sites[name]
        site.status = status
        site.version = self._write(f"status site/{name}")

    async def list_pods(self, owner: str) -> list[Pod]:
        await self._enter("list_pods")
        now = self._clock()
        return [
            dataclasses.replace(pod, ready=now >= self._started[pod.name] + self._startup)
            for pod in sorted(self._pods.values(), key=lambda pod: pod.name)
            if pod.owner == owner
        ]

    async def create_pod(self, pod: Pod) -> None:
        await self._enter("create_pod")
        if pod.name in self._pods:
            raise ValueError(f"pod {pod.name!r} already exists")
        stored = dataclasses.replace(pod, ready=False, version=self._write(f"create pod/{pod.name}"))
        self._pods[pod.name] = stored
        self._started[pod.name] = self._clock()

    async def update_pod_image(self, name: str, image: str) -> None:
        await self._enter("update_pod_image")
        pod = self._pods[name]
        pod.image = image
        pod.version = self._write(f"update pod/{name}")
        self._started[name] = self._clock()  # a new image restarts the pod

    async def delete_pod(self, name: str) -> None:
        await self._enter("delete_pod")
        del self._pods[name]
        del self._started[name]
        self._write(f"delete pod/{name}")


class SiteReconciler:
    """Makes a Site's pods match its spec. Safe to call any number of times, for any reason."""

    def __init__(self, api: FakeApi, *, poll: float = 2.0) -> None:
        self.api = api
        self.poll = poll

    async def reconcile(self, name: str) -> Result:
        try:
            site = await self.api.get_site(name)
        except NotFoundError:
            # The Site is gone: remove what it owned. In a cluster the garbage
            # collector does this through ownerReferences; the fake has none.
            for orphan in await self.api.list_pods(owner=name):
                await self.api.delete_pod(orphan.name)
            return Result()

        existing = {pod.name: pod for pod in await self.api.list_pods(owner=name)}
        for index in range(site.replicas):
            pod_name = f"{name}-{index}"
            pod = existing.pop(pod_name, None)
            if pod is None:
                await self.api.create_pod(Pod(pod_name, owner=name, image=site.image))
            elif pod.image != site.image:
                await self.api.update_pod_image(pod_name, site.image)
        for extra in existing.values():
            await self.api.delete_pod(extra.name)

        ready = sum(pod.ready for pod in await self.api.list_pods(owner=name))
        status = SiteStatus(observed_generation=site.generation, ready_replicas=ready)
        if status != site.status:  # an unchanged status is not written again
            await self.api.update_site_status(name, status)
        if ready < site.replicas:
            return Result(requeue_after=self.poll)  # pod readiness is polled here, not watched
        return Result()


Reconcile = Callable[[str], Awaitable[Result]]


class Controller:
    """A work queue of keys in front of one reconcile function.

    A key is queued at most once, however many events name it. An error or
    `requeue=True` retries the key after `base_delay`, doubling per failure up
    to `max_delay`; `requeue_after` or a clean result resets that backoff.
    """

    def __init__(
        self,
        reconcile: Reconcile,
        clock: ManualClock,
        *,
        base_delay: float = 1.0,
        max_delay: float = 60.0,
    ) -> None:
        self._reconcile = reconcile
        self._clock = clock
        self._base = base_delay
        self._max = max_delay
        self._ready: deque[str] = deque()
        self._due: dict[str, float] = {}
        self._failures: dict[str, int] = {}
        self.log: list[str] = []

    def enqueue(self, key: str) -> None:
        """Ask for one reconcile of `key`; called for every event that names it."""
        if key not in self._ready:
            self._ready.append(key)
        self._due.pop(key, None)

    def _enqueue_after(self, key: str, delay: float) -> None:
        if key not in self._ready:  # an event during the reconcile already asked for a rerun now
            self._due[key] = self._clock() + delay

    def _backoff(self, key: str) -> float:
        failures = self._failures.get(key, 0)
        self._failures[key] = failures + 1
        return min(self._base * 2.0**failures, self._max)

    async def _process(self, key: str) -> str:
        try:
            result = await self._reconcile(key)
        except Exception as exc:
            delay = self._backoff(key)
            self._enqueue_after(key, delay)
            return f"error ({exc}), retry in {delay:.1f}s"
        if result.requeue_after > 0:
            self._failures.pop(key, None)
            self._enqueue_after(key, result.requeue_after)
            return f"requeue after {result.requeue_after:.1f}s"
        if result.requeue:
            delay = self._backoff(key)
            self._enqueue_after(key, delay)
            return f"requeue in {delay:.1f}s"
        self._failures.pop(key, None)
        return "converged"

    async def run_until_idle(self, *, max_steps: int = 100) -> None:
        """Process keys until none is queued or waiting, jumping the clock to the next due key."""
        for _ in range(max_steps):
            if not self._ready:
                if not self._due:
                    return
                self._clock.now = min(self._due.values())
                for key in sorted(k for k, due in self._due.items() if due <= self._clock.now):
                    self.enqueue(key)
            key = self._ready.popleft()
            started = self._clock()
            self.log.append(f"t={started:4.1f} {key}: {await self._process(key)}")
        raise RuntimeError(f"still busy after {max_steps} reconciles")


async def main() -> None:
    clock = ManualClock()
    api = FakeApi(clock)
    reconciler = SiteReconciler(api)
    controller = Controller(reconciler.reconcile, clock)

    def show() -> None:
        for line in controller.log:
            print(line)
        controller.log.clear()

    api.apply_site("shop", replicas=3, image="web:1")
    controller.enqueue("shop")
    controller.enqueue("shop")  # a second event for the same key is merged
    await controller.run_until_idle()
    show()
    #> t= 0.0 shop: requeue after 2.0s
    #> t= 2.0 shop: converged

    writes = len(api.writes)
    print(await reconciler.reconcile("shop"), "writes:", len(api.writes) - writes)
    #> Result(requeue=False, requeue_after=0.0) writes: 0

    # Three changes whose events are all lost: scale down, new image, a pod deleted by hand.
    api.apply_site("shop", replicas=2, image="web:2")
    await api.delete_pod("shop-0")
    controller.enqueue("shop")  # any later trigger, such as a periodic resync
    await controller.run_until_idle()
    show()
    #> t= 2.0 shop: requeue after 2.0s
    #> t= 4.0 shop: converged
    print([(pod.name, pod.image) for pod in await api.list_pods(owner="shop")])
    #> [('shop-0', 'web:2'), ('shop-1', 'web:2')]

    api.fail_next("create_pod", times=2)
    api.apply_site("shop", replicas=3, image="web:2")
    controller.enqueue("shop")
    await controller.run_until_idle()
    show()
    #> t= 4.0 shop: error (create_pod: API server unavailable), retry in 1.0s
    #> t= 5.0 shop: error (create_pod: API server unavailable), retry in 2.0s
    #> t= 7.0 shop: requeue after 2.0s
    #> t= 9.0 shop: converged
    print((await api.get_site("shop")).status)
    #> SiteStatus(observed_generation=3, ready_replicas=3)

    api.delete_site("shop")
    controller.enqueue("shop")
    await controller.run_until_idle()
    show()
    #> t= 9.0 shop: converged
    print("pods left:", len(await api.list_pods(owner="shop")))
    #> pods left: 0


if __name__ == "__main__":
    asyncio.run(main())
