"""P035: one step per pass toward the desired state, idempotent, level-triggered and self-healing."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part06_lifecycle import p035_reconciliation_loop as p035
from snippets.part06_lifecycle import p035_reconciliation_loop_before as before
from snippets.part06_lifecycle.p035_reconciliation_loop import (
    AppSpec,
    ClusterError,
    Controller,
    FakeCluster,
    Instance,
    NotConvergingError,
    Step,
    plan,
)

DemoCheck = Callable[[ModuleType], None]


def inst(name: str, version: str = "v1") -> Instance:
    return Instance(name, name.rsplit("-", 1)[0], version)


@pytest.mark.parametrize(
    ("desired", "observed", "expected"),
    [
        ({}, [], None),
        ({"web": AppSpec(0, "v1")}, [], None),
        ({"web": AppSpec(1, "v1")}, [inst("web-1")], None),
        (
            {"web": AppSpec(2, "v1")},
            [inst("web-1")],
            Step("start", "web", "v1", why="1 of 2 at v1"),
        ),
        (
            {"web": AppSpec(1, "v1")},
            [inst("web-1"), inst("web-7")],
            Step("stop", "web", name="web-7", why="2 running, 1 wanted"),
        ),
        (
            {"web": AppSpec(1, "v1")},
            [inst("web-1"), inst("db-1")],
            Step("stop", "db", name="db-1", why="app not wanted"),
        ),
        (
            {"web": AppSpec(2, "v2")},
            [inst("web-1"), inst("web-2")],
            Step("start", "web", "v2", why="0 of 2 at v2"),
        ),
        (
            {"web": AppSpec(2, "v2")},
            [inst("web-1"), inst("web-2"), inst("web-3", "v2")],
            Step("stop", "web", name="web-1", why="old version v1"),
        ),
        (
            {"web": AppSpec(0, "v1")},
            [inst("web-1", "v0")],
            Step("stop", "web", name="web-1", why="old version v0"),
        ),
        (
            {"api": AppSpec(1, "v1"), "web": AppSpec(1, "v1")},
            [],
            Step("start", "api", "v1", why="0 of 1 at v1"),
        ),
    ],
)
def test_plan_returns_the_next_step(
    desired: dict[str, AppSpec], observed: list[Instance], expected: Step | None
) -> None:
    assert plan(desired, observed) == expected
    assert plan(desired, list(reversed(observed))) == expected  # list order does not matter


def counts(cluster: FakeCluster) -> Counter[tuple[str, str]]:
    return Counter((i.app, i.version) for i in cluster.instances.values())


def wanted(desired: dict[str, AppSpec]) -> Counter[tuple[str, str]]:
    return Counter({(app, s.version): s.replicas for app, s in desired.items() if s.replicas})


def random_world(rng: random.Random) -> tuple[FakeCluster, dict[str, AppSpec]]:
    apps, versions = ["api", "web", "worker", "cron"], ["v1", "v2", "v3"]
    cluster = FakeCluster()
    for n in range(rng.randint(0, 12)):
        instance = Instance(f"x-{n}", rng.choice(apps), rng.choice(versions))
        cluster.instances[instance.name] = instance
    desired = {app: AppSpec(rng.randint(0, 4), rng.choice(versions)) for app in rng.sample(apps, 2)}
    return cluster, desired


@pytest.mark.parametrize("seed", range(30))
def test_any_starting_state_converges_to_exactly_the_desired_state(seed: int) -> None:
    cluster, desired = random_world(random.Random(seed))

    async def scenario() -> None:
        controller = Controller(cluster, desired)
        steps = await controller.converge()
        assert counts(cluster) == wanted(desired)
        assert len(steps) == cluster.changes
        changes = cluster.changes
        for _ in range(3):  # re-running a converged loop is safe: it does nothing
            assert await controller.reconcile() is None
        assert cluster.changes == changes

    asyncio.run(scenario())


@pytest.mark.parametrize("replicas", [1, 2, 5])
def test_a_version_change_is_a_rolling_update_that_keeps_capacity(replicas: int) -> None:
    async def scenario() -> None:
        cluster = FakeCluster()
        controller = Controller(cluster, {"web": AppSpec(replicas, "v1")})
        await controller.converge()
        controller.desired["web"] = AppSpec(replicas, "v2")
        sizes = []
        while await controller.reconcile() is not None:
            sizes.append(len(cluster.instances))
        assert set(sizes) <= {replicas, replicas + 1}  # never below, at most one extra
        assert counts(cluster) == Counter({("web", "v2"): replicas})

    asyncio.run(scenario())


def test_drift_is_repaired_without_any_event_about_it() -> None:
    async def scenario() -> None:
        cluster = FakeCluster()
        controller = Controller(cluster, {"web": AppSpec(3, "v1")})
        await controller.converge()
        cluster.crash("web-1")
        cluster.crash("web-3")
        cluster.instances["web-99"] = Instance("web-99", "web", "v0")  # hand-started by someone
        steps = await controller.converge()
        assert [s.action for s in steps] == ["start", "start", "stop"]  # up to 3, then the v0 one
        assert counts(cluster) == Counter({("web", "v1"): 3})

    asyncio.run(scenario())


def test_a_refused_step_changes_nothing_and_the_next_pass_continues() -> None:
    async def scenario() -> None:
        cluster = FakeCluster()
        controller = Controller(cluster, {"web": AppSpec(2, "v1")})
        cluster.refuse_next = "quota exceeded"
        with pytest.raises(ClusterError, match="quota exceeded"):
            await controller.reconcile()
        assert cluster.instances == {}
        assert len(await controller.converge()) == 2
        controller.desired = {}
        cluster.refuse_next = "api down"
        with pytest.raises(ClusterError):
            await controller.converge()
        assert len(cluster.instances) == 2
        assert len(await controller.converge()) == 2
        assert cluster.instances == {}

    asyncio.run(scenario())


@pytest.mark.parametrize("seed", range(10))
def test_retrying_after_random_failures_still_converges(seed: int) -> None:
    rng = random.Random(seed)
    cluster, desired = random_world(rng)

    async def scenario() -> None:
        controller = Controller(cluster, desired)
        for _ in range(200):
            if rng.random() < 0.4:
                cluster.refuse_next = "flaky"
            try:
                if await controller.reconcile() is None:
                    break
            except ClusterError:
                pass
        assert counts(cluster) == wanted(desired)

    asyncio.run(scenario())


def test_a_loop_that_something_keeps_undoing_is_reported() -> None:
    class Reaper(FakeCluster):
        """Another controller that deletes every instance this one starts."""

        async def start(self, app: str, version: str) -> None:
            await super().start(app, version)
            self.instances.clear()

    async def scenario() -> None:
        controller = Controller(Reaper(), {"web": AppSpec(1, "v1")})
        with pytest.raises(NotConvergingError, match="after 7 steps"):
            await controller.converge(max_steps=7)

    asyncio.run(scenario())


class CountingCluster(FakeCluster):
    def __init__(self) -> None:
        super().__init__()
        self.lists = 0

    async def list(self) -> list[Instance]:
        self.lists += 1
        return await super().list()


def test_run_coalesces_wakeups_records_failures_and_retries_on_the_next() -> None:
    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        cluster = CountingCluster()
        controller = Controller(cluster, {"web": AppSpec(2, "v1")})
        wakeups: asyncio.Queue[str] = asyncio.Queue()
        loop = asyncio.create_task(controller.run(wakeups))
        for reason in ("pod deleted", "pod added", "resync", "spec changed", "resync"):
            wakeups.put_nowait(reason)
        for _ in range(20):
            await asyncio.sleep(0)
        assert counts(cluster) == Counter({("web", "v1"): 2})
        assert cluster.lists == 3  # one pass for five wake-ups: two steps and a final check

        cluster.crash("web-1")
        cluster.refuse_next = "no capacity"
        wakeups.put_nowait("pod deleted")
        for _ in range(20):
            await asyncio.sleep(0)
        assert controller.errors == ["no capacity"]
        assert len(cluster.instances) == 1  # the loop waits for the next wake-up

        wakeups.put_nowait("resync")
        for _ in range(20):
            await asyncio.sleep(0)
        assert counts(cluster) == Counter({("web", "v1"): 2})

        loop.cancel()
        with pytest.raises(asyncio.CancelledError):
            await loop
        assert asyncio.all_tasks() - baseline == set()

    asyncio.run(scenario())


def test_run_records_a_pass_that_does_not_converge() -> None:
    class Reaper(FakeCluster):
        async def start(self, app: str, version: str) -> None:
            await super().start(app, version)
            self.instances.clear()

    async def scenario() -> None:
        controller = Controller(Reaper(), {"web": AppSpec(1, "v1")})
        wakeups: asyncio.Queue[str] = asyncio.Queue()
        loop = asyncio.create_task(controller.run(wakeups))
        wakeups.put_nowait("resync")
        for _ in range(300):
            await asyncio.sleep(0)
        assert controller.errors == ["still not converged after 50 steps"]
        loop.cancel()
        with pytest.raises(asyncio.CancelledError):
            await loop

    asyncio.run(scenario())


def test_step_descriptions() -> None:
    assert str(Step("start", "web", "v2", why="0 of 1 at v2")) == "start web v2 (0 of 1 at v2)"
    assert str(Step("stop", "web", name="web-3", why="x")) == "stop web-3 (x)"


def test_before_redelivery_doubles_and_a_crash_is_never_repaired() -> None:
    async def scenario() -> None:
        cluster = before.FakeCluster()
        handler = before.EventHandler(cluster)
        event = before.ReplicasChanged("web", 0, 2)
        await handler.on_event(event)
        await handler.on_event(event)
        assert cluster.count("web") == 4  # desired is 2
        cluster.crash("web-1")
        cluster.crash("web-2")
        cluster.crash("web-3")
        await handler.on_event(before.ReplicasChanged("other", 0, 0))  # unrelated traffic
        assert cluster.count("web") == 1  # desired is still 2: nobody noticed

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p035)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
