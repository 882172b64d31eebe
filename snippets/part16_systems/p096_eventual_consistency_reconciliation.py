"""P096 Eventual Consistency Reconciliation: repair drift on a timer, report it in status.

The route store is the source of truth (desired state); the gateway is a
separate system that should hold the same routes (observed state). Change
events make the reconciler act quickly, but nothing depends on them: every
`resync_every` seconds it queues every name found on either side, compares,
and repairs what differs. Each route's status says which generation of its
spec was last applied and whether that worked, so readers can tell "in sync"
from "not looked at yet". A failing route is retried with a growing delay,
and a route that already matches costs no write at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Condition:
    """One status condition, shaped like a Kubernetes condition."""

    type: str
    status: bool
    reason: str
    message: str
    last_transition: float  # when `status` last flipped, not when it was last written


@dataclass
class Route:
    """A desired route plus the status the reconciler writes back."""

    name: str
    backend: str
    generation: int = 1  # bumped on every change of the spec (the backend)
    observed_generation: int = 0  # the generation the status below describes
    synced: Condition | None = None


class RouteStore:
    """The source of truth: routes as they should be, with their status."""

    def __init__(self) -> None:
        self._routes: dict[str, Route] = {}
        self.status_writes = 0

    def put(self, name: str, backend: str) -> Route:
        route = self._routes.get(name)
        if route is None:
            route = self._routes[name] = Route(name, backend)
        elif route.backend != backend:
            route.backend = backend
            route.generation += 1
        return route

    def delete(self, name: str) -> None:
        del self._routes[name]

    def get(self, name: str) -> Route | None:
        return self._routes.get(name)

    def names(self) -> list[str]:
        return sorted(self._routes)

    def set_status(self, name: str, observed_generation: int, condition: Condition) -> None:
        """Write status only when it says something new, and keep the transition time."""
        route = self._routes[name]
        old = route.synced
        if old is not None and old.status == condition.status:
            if (old.reason, old.message) == (condition.reason, condition.message) and (
                route.observed_generation == observed_generation
            ):
                return  # nothing changed: no write, so watchers of status are not woken
            condition = Condition(
                condition.type, condition.status, condition.reason, condition.message,
                old.last_transition,
            )
        route.observed_generation = observed_generation
        route.synced = condition
        self.status_writes += 1


class Gateway:
    """A fake remote gateway holding routes; its writes can be made to fail."""

    def __init__(self) -> None:
        self.table: dict[str, str] = {}
        self.writes = 0
        self._failures: dict[str, int] = {}

    def fail_writes(self, name: str, times: int) -> None:
        self._failures[name] = times

    def snapshot(self) -> dict[str, str]:
        return dict(self.table)

    def upsert(self, name: str, backend: str) -> None:
        self._write(name)
        self.table[name] = backend

    def delete(self, name: str) -> None:
        self._write(name)
        del self.table[name]

    def _write(self, name: str) -> None:
        if self._failures.get(name, 0) > 0:
            self._failures[name] -= 1
            raise ConnectionError(f"gateway timeout writing {name}")
        self.writes += 1


class Reconciler:
    """Moves the gateway toward the store, one due name at a time.

    Args:
        clock: returns the current time in seconds; a fake one in tests.
        resync_every: seconds between full passes over every name on both sides.
            This pass is what repairs lost events and changes made by hand.
        base_backoff: seconds a name waits after its first failure; the wait
            doubles after each further failure.
        max_backoff: the longest wait between two attempts on one name.
    """

    def __init__(
        self,
        store: RouteStore,
        gateway: Gateway,
        *,
        clock: Callable[[], float],
        resync_every: float,
        base_backoff: float,
        max_backoff: float,
    ) -> None:
        if resync_every <= 0 or base_backoff <= 0 or max_backoff < base_backoff:
            raise ValueError("need resync_every > 0 and 0 < base_backoff <= max_backoff")
        self._store = store
        self._gateway = gateway
        self._clock = clock
        self._resync_every = resync_every
        self._base_backoff = base_backoff
        self._max_backoff = max_backoff
        self._due: dict[str, float] = {}  # name -> earliest time to reconcile it
        self._failures: dict[str, int] = {}
        self._next_resync = clock()  # the first tick is a full pass

    def notify(self, name: str) -> None:
        """Fast path for a change event. A name that is backing off keeps its delay."""
        now = self._clock()
        self._due[name] = max(self._due.get(name, now), now)

    def tick(self) -> int:
        """Reconcile every name that is due now; return how many were looked at."""
        now = self._clock()
        if now >= self._next_resync:
            everything = set(self._store.names()) | set(self._gateway.snapshot())
            for name in everything:
                self._due.setdefault(name, now)  # never shortens a backoff
            self._next_resync = now + self._resync_every
        ready = sorted(name for name, at in self._due.items() if at <= now)
        observed = self._gateway.snapshot()  # one read of the other side per pass
        for name in ready:
            del self._due[name]
            self._reconcile(name, observed.get(name), now)
        return len(ready)

    def _reconcile(self, name: str, actual: str | None, now: float) -> None:
        route = self._store.get(name)
        try:
            if route is None:
                if actual is not None:
                    self._gateway.delete(name)  # an orphan: on the gateway, not wanted
            elif actual != route.backend:
                self._gateway.upsert(name, route.backend)  # no write when it already matches
        except Exception as exc:  # one bad name must not stop the pass for the others
            failures = self._failures[name] = self._failures.get(name, 0) + 1
            delay = min(self._max_backoff, self._base_backoff * 2 ** (failures - 1))
            self._due[name] = now + delay
            if route is not None:
                failed = Condition("Synced", False, "ApplyFailed", str(exc), now)
                self._store.set_status(name, route.observed_generation, failed)
            return
        self._failures.pop(name, None)
        if route is not None:
            done = Condition("Synced", True, "Applied", f"backend {route.backend}", now)
            self._store.set_status(name, route.generation, done)


class ManualClock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def describe(route: Route) -> str:
    condition = route.synced
    state = "unknown" if condition is None else f"{condition.status} {condition.reason}"
    stale = " (status is stale)" if route.observed_generation < route.generation else ""
    generations = f"gen {route.generation}, observed {route.observed_generation}"
    return f"{route.name}: {generations}, Synced={state}{stale}"


def main() -> None:
    clock = ManualClock()
    store = RouteStore()
    gateway = Gateway()
    for name in ("api", "docs", "web"):
        store.put(name, f"{name}-v1")
    gateway.table["legacy"] = "old-pool"  # left behind by a previous deploy
    gateway.fail_writes("web", times=2)
    reconciler = Reconciler(
        store, gateway, clock=clock, resync_every=30.0, base_backoff=1.0, max_backoff=60.0
    )

    for now in (0.0, 1.0, 2.0, 3.0):
        clock.now = now
        looked_at = reconciler.tick()
        web = store.get("web")
        assert web is not None
        print(f"t={now:>3.0f} looked at {looked_at}: {describe(web)}")
    #> t=  0 looked at 4: web: gen 1, observed 0, Synced=False ApplyFailed (status is stale)
    #> t=  1 looked at 1: web: gen 1, observed 0, Synced=False ApplyFailed (status is stale)
    #> t=  2 looked at 0: web: gen 1, observed 0, Synced=False ApplyFailed (status is stale)
    #> t=  3 looked at 1: web: gen 1, observed 1, Synced=True Applied
    print("gateway:", sorted(gateway.table.items()))
    #> gateway: [('api', 'api-v1'), ('docs', 'docs-v1'), ('web', 'web-v1')]

    # Two kinds of drift that no event reports: a change whose event was lost,
    # and a hand edit on the gateway.
    api = store.put("api", "api-v2")
    gateway.table["docs"] = "docs-hotfix"
    clock.now = 10.0
    print(f"t= 10 looked at {reconciler.tick()}: {describe(api)}")
    #> t= 10 looked at 0: api: gen 2, observed 1, Synced=True Applied (status is stale)
    clock.now = 30.0
    print(f"t= 30 looked at {reconciler.tick()}: {describe(api)}")
    #> t= 30 looked at 3: api: gen 2, observed 2, Synced=True Applied
    print("gateway:", sorted(gateway.table.items()))
    #> gateway: [('api', 'api-v2'), ('docs', 'docs-v1'), ('web', 'web-v1')]

    # Converged: ten minutes of ticks, including 20 full resyncs, change nothing.
    writes, status_writes = gateway.writes, store.status_writes
    for second in range(31, 631):
        clock.now = float(second)
        reconciler.tick()
    idle_writes, idle_status = gateway.writes - writes, store.status_writes - status_writes
    print(f"idle: {idle_writes} gateway writes, {idle_status} status writes")
    #> idle: 0 gateway writes, 0 status writes


if __name__ == "__main__":
    main()
