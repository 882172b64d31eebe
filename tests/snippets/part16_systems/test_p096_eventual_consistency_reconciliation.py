"""P096: convergence after failures and lost events, status, backoff and no thrashing."""

from __future__ import annotations

import random
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part16_systems import p096_eventual_consistency_reconciliation as p096
from snippets.part16_systems import p096_eventual_consistency_reconciliation_before as before
from snippets.part16_systems.p096_eventual_consistency_reconciliation import (
    Condition,
    Gateway,
    ManualClock,
    Reconciler,
    RouteStore,
)

DemoCheck = Callable[[ModuleType], None]


def make(
    resync: float = 30.0, base: float = 1.0, cap: float = 8.0
) -> tuple[RouteStore, Gateway, Reconciler, ManualClock]:
    clock = ManualClock()
    store, gateway = RouteStore(), Gateway()
    reconciler = Reconciler(
        store, gateway, clock=clock, resync_every=resync, base_backoff=base, max_backoff=cap
    )
    return store, gateway, reconciler, clock


def desired(store: RouteStore) -> dict[str, str]:
    routes = [store.get(name) for name in store.names()]
    return {route.name: route.backend for route in routes if route is not None}


def run_until(reconciler: Reconciler, clock: ManualClock, end: float) -> None:
    while clock.now < end:
        clock.now += 1.0
        reconciler.tick()


def synced(store: RouteStore, name: str) -> Condition:
    route = store.get(name)
    assert route is not None and route.synced is not None
    return route.synced


def test_converges_from_random_drift_with_random_write_failures() -> None:
    for seed in range(20):
        rng = random.Random(seed)
        store, gateway, reconciler, clock = make()
        names = [f"r{n}" for n in range(12)]
        for name in rng.sample(names, 8):
            store.put(name, f"{name}-v{rng.randint(1, 3)}")
        for name in rng.sample(names, 6):
            gateway.table[name] = f"{name}-v{rng.randint(1, 3)}"
        for name in rng.sample(names, 4):
            gateway.fail_writes(name, rng.randint(1, 5))
        run_until(reconciler, clock, 120.0)
        assert gateway.table == desired(store), f"seed {seed}"
        for name in store.names():
            route = store.get(name)
            assert route is not None
            assert route.observed_generation == route.generation
            assert synced(store, name).status is True


def test_a_lost_event_is_repaired_by_the_next_resync_and_not_before() -> None:
    store, gateway, reconciler, clock = make(resync=30.0)
    store.put("api", "v1")
    reconciler.tick()
    route = store.put("api", "v2")  # generation 2, and nobody calls notify
    assert route.generation == 2
    run_until(reconciler, clock, 29.0)
    assert gateway.table == {"api": "v1"}
    assert route.observed_generation == 1  # status says it describes the old spec
    clock.now = 30.0
    reconciler.tick()
    assert gateway.table == {"api": "v2"}
    assert route.observed_generation == 2


def test_notify_applies_a_change_at_once() -> None:
    store, gateway, reconciler, clock = make()
    reconciler.tick()
    clock.now = 5.0
    store.put("api", "v1")
    reconciler.notify("api")
    assert reconciler.tick() == 1
    assert gateway.table == {"api": "v1"}


def test_hand_edits_and_orphans_on_the_gateway_are_undone() -> None:
    store, gateway, reconciler, clock = make(resync=10.0)
    store.put("api", "v1")
    reconciler.tick()
    gateway.table["api"] = "hotfix"
    gateway.table["stray"] = "old"
    run_until(reconciler, clock, 10.0)
    assert gateway.table == {"api": "v1"}


def test_a_deleted_route_is_removed_from_the_gateway() -> None:
    store, gateway, reconciler, _ = make()
    store.put("api", "v1")
    reconciler.tick()
    store.delete("api")
    reconciler.notify("api")
    reconciler.tick()
    assert gateway.table == {}


def test_failing_name_backs_off_exponentially_up_to_the_cap() -> None:
    store, gateway, reconciler, clock = make(resync=1000.0, base=1.0, cap=8.0)
    store.put("web", "v1")
    gateway.fail_writes("web", 100)
    attempts: list[float] = []
    for second in range(0, 40):
        clock.now = float(second)
        if reconciler.tick():
            attempts.append(clock.now)
    assert attempts == [0, 1, 3, 7, 15, 23, 31, 39]
    assert synced(store, "web").reason == "ApplyFailed"


def test_notify_and_resync_do_not_cut_a_backoff_short() -> None:
    store, gateway, reconciler, clock = make(resync=2.0, base=4.0, cap=4.0)
    store.put("web", "v1")
    gateway.fail_writes("web", 1)
    reconciler.tick()  # fails at t=0: next attempt at t=4
    clock.now = 2.0
    reconciler.notify("web")
    assert reconciler.tick() == 0  # the resync at t=2 and the event both wait
    clock.now = 4.0
    assert reconciler.tick() == 1
    assert gateway.table == {"web": "v1"}


def test_one_failing_name_does_not_stop_the_others() -> None:
    store, gateway, reconciler, _ = make()
    for name in ("a", "b", "c"):
        store.put(name, f"{name}1")
    gateway.fail_writes("a", 1)
    reconciler.tick()
    assert gateway.table == {"b": "b1", "c": "c1"}
    assert synced(store, "a").message == "gateway timeout writing a"


def test_a_failed_delete_is_retried() -> None:
    _, gateway, reconciler, clock = make(resync=1000.0)
    gateway.table["stray"] = "old"
    gateway.fail_writes("stray", 1)
    reconciler.tick()
    assert gateway.table == {"stray": "old"}
    clock.now = 1.0
    reconciler.tick()
    assert gateway.table == {}


def test_converged_system_is_quiet_no_writes_no_status_churn() -> None:
    store, gateway, reconciler, clock = make(resync=5.0)
    for name in ("a", "b"):
        store.put(name, f"{name}1")
    run_until(reconciler, clock, 5.0)
    writes, status_writes = gateway.writes, store.status_writes
    first = synced(store, "a")
    run_until(reconciler, clock, 500.0)  # 99 more full resyncs
    assert (gateway.writes, store.status_writes) == (writes, status_writes)
    assert synced(store, "a") is first


def test_transition_time_moves_only_when_the_status_flips() -> None:
    store, gateway, reconciler, clock = make(resync=1000.0, base=2.0)
    store.put("web", "v1")
    gateway.fail_writes("web", 2)
    reconciler.tick()  # fails at t=0
    assert synced(store, "web").last_transition == 0.0
    clock.now = 2.0
    reconciler.tick()  # fails again: same status, so same transition time
    assert synced(store, "web").last_transition == 0.0
    clock.now = 6.0
    reconciler.tick()  # succeeds: flips
    assert synced(store, "web").status is True
    assert synced(store, "web").last_transition == 6.0
    clock.now = 7.0
    store.put("web", "v2")
    reconciler.notify("web")
    reconciler.tick()  # still True, new generation and message: written, time kept
    route = store.get("web")
    assert route is not None and route.observed_generation == 2
    assert synced(store, "web").message == "backend v2"
    assert synced(store, "web").last_transition == 6.0


def test_putting_the_same_backend_does_not_bump_the_generation() -> None:
    store = RouteStore()
    store.put("api", "v1")
    assert store.put("api", "v1").generation == 1
    assert store.put("api", "v2").generation == 2


@pytest.mark.parametrize(
    ("resync", "base", "cap"), [(0.0, 1.0, 2.0), (1.0, 0.0, 2.0), (1.0, 3.0, 2.0)]
)
def test_rejects_nonsense_settings(resync: float, base: float, cap: float) -> None:
    with pytest.raises(ValueError):
        Reconciler(
            RouteStore(),
            Gateway(),
            clock=ManualClock(),
            resync_every=resync,
            base_backoff=base,
            max_backoff=cap,
        )


def test_before_version_leaves_the_systems_disagreeing() -> None:
    gateway = before.Gateway()
    gateway.failures_left = 1
    before.on_route_changed(gateway, "api", "v1")
    assert gateway.table == {}


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p096)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)


def test_an_event_for_a_name_on_neither_side_writes_nothing() -> None:
    _, gateway, reconciler, _ = make()
    reconciler.tick()
    reconciler.notify("ghost")
    assert reconciler.tick() == 1
    assert (gateway.table, gateway.writes) == ({}, 0)
