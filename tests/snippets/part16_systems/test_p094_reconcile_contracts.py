"""P094: reconcile is idempotent and level-based; the work queue merges keys and backs off."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part16_systems import p094_reconcile_contracts as p094
from snippets.part16_systems import p094_reconcile_contracts_before as before
from snippets.part16_systems.p094_reconcile_contracts import (
    ApiUnavailableError,
    Controller,
    FakeApi,
    ManualClock,
    NotFoundError,
    Result,
    SiteReconciler,
    SiteStatus,
)

DemoCheck = Callable[[ModuleType], None]


def setup() -> tuple[ManualClock, FakeApi, SiteReconciler, Controller]:
    clock = ManualClock()
    api = FakeApi(clock)
    reconciler = SiteReconciler(api)
    return clock, api, reconciler, Controller(reconciler.reconcile, clock)


async def pods(api: FakeApi, owner: str = "shop") -> list[tuple[str, str, bool]]:
    return [(pod.name, pod.image, pod.ready) for pod in await api.list_pods(owner)]


async def converge(controller: Controller, key: str = "shop") -> None:
    controller.enqueue(key)
    await controller.run_until_idle()


def test_a_second_reconcile_writes_nothing() -> None:
    async def scenario() -> None:
        _, api, reconciler, controller = setup()
        api.apply_site("shop", replicas=3, image="web:1")
        await converge(controller)
        versions, writes = api.versions(), len(api.writes)
        for _ in range(3):
            assert await reconciler.reconcile("shop") == Result()
        assert api.versions() == versions
        assert len(api.writes) == writes
        assert (await api.get_site("shop")).status == SiteStatus(1, 3)

    asyncio.run(scenario())


@pytest.mark.parametrize(
    "lost_changes",
    [
        [(5, "web:1"), (2, "web:2")],
        [(1, "web:3"), (4, "web:3"), (3, "web:2")],
        [(0, "web:9"), (3, "web:2")],
    ],
)
def test_lost_events_do_not_matter_only_the_final_spec_does(
    lost_changes: list[tuple[int, str]],
) -> None:
    async def scenario() -> None:
        _, api, _, controller = setup()
        api.apply_site("shop", replicas=3, image="web:1")
        await converge(controller)
        for replicas, image in lost_changes:
            api.apply_site("shop", replicas=replicas, image=image)  # no enqueue: the event is lost
        await api.delete_pod("shop-1")  # changed by hand, no event either
        await converge(controller)
        final_replicas, final_image = lost_changes[-1]
        assert await pods(api) == [(f"shop-{i}", final_image, True) for i in range(final_replicas)]
        site = await api.get_site("shop")
        assert site.status == SiteStatus(site.generation, final_replicas)

    asyncio.run(scenario())


def test_waits_for_readiness_with_requeue_after() -> None:
    async def scenario() -> None:
        clock, api, reconciler, controller = setup()
        api.apply_site("shop", replicas=2, image="web:1")
        assert await reconciler.reconcile("shop") == Result(requeue_after=2.0)
        assert (await api.get_site("shop")).status == SiteStatus(1, 0)
        clock.now = 2.0
        assert await reconciler.reconcile("shop") == Result()
        api.apply_site("shop", replicas=2, image="web:1")  # same spec: no new generation
        assert (await api.get_site("shop")).generation == 1
        controller.enqueue("shop")
        await controller.run_until_idle()
        assert controller.log == ["t= 2.0 shop: converged"]

    asyncio.run(scenario())


def test_a_deleted_site_loses_its_pods_and_an_unknown_key_is_a_no_op() -> None:
    async def scenario() -> None:
        _, api, reconciler, controller = setup()
        api.apply_site("shop", replicas=2, image="web:1")
        api.apply_site("blog", replicas=1, image="blog:1")
        await converge(controller, "shop")
        await converge(controller, "blog")
        api.delete_site("shop")
        assert await reconciler.reconcile("shop") == Result()
        assert await pods(api) == []
        assert await pods(api, "blog") == [("blog-0", "blog:1", True)]
        writes = len(api.writes)
        assert await reconciler.reconcile("never-existed") == Result()
        assert len(api.writes) == writes
        with pytest.raises(NotFoundError):
            await api.get_site("shop")

    asyncio.run(scenario())


def test_api_errors_are_retried_until_the_state_converges() -> None:
    async def scenario() -> None:
        _, api, _, controller = setup()
        api.apply_site("shop", replicas=2, image="web:1")
        api.fail_next("list_pods", times=3)
        await converge(controller)
        assert [line.split(": ", 1)[1] for line in controller.log] == [
            "error (list_pods: API server unavailable), retry in 1.0s",
            "error (list_pods: API server unavailable), retry in 2.0s",
            "error (list_pods: API server unavailable), retry in 4.0s",
            "requeue after 2.0s",
            "converged",
        ]
        assert await pods(api) == [("shop-0", "web:1", True), ("shop-1", "web:1", True)]

    asyncio.run(scenario())


def test_backoff_doubles_up_to_the_cap_and_resets_after_success() -> None:
    async def scenario() -> None:
        clock = ManualClock()
        outcomes: list[Result | Exception] = [
            ApiUnavailableError("down"), ApiUnavailableError("down"), ApiUnavailableError("down"),
            Result(requeue=True), Result(),
            ApiUnavailableError("down"), Result(requeue_after=10.0), ApiUnavailableError("down"), Result(),
        ]  # fmt: skip

        async def scripted(key: str) -> Result:
            outcome = outcomes.pop(0)
            if isinstance(outcome, Exception):
                raise outcome
            return outcome

        controller = Controller(scripted, clock, base_delay=1.0, max_delay=4.0)
        await converge(controller, "k")
        controller.enqueue("k")
        await controller.run_until_idle()
        assert [line.split(": ", 1)[1] for line in controller.log] == [
            "error (down), retry in 1.0s",
            "error (down), retry in 2.0s",
            "error (down), retry in 4.0s",
            "requeue in 4.0s",
            "converged",
            "error (down), retry in 1.0s",
            "requeue after 10.0s",
            "error (down), retry in 1.0s",  # requeue_after reset the backoff
            "converged",
        ]
        assert outcomes == []
        assert clock() == 11.0 + 11.0 + 1.0

    asyncio.run(scenario())


def test_a_key_is_queued_once_however_many_events_name_it() -> None:
    async def scenario() -> None:
        clock = ManualClock()
        calls: list[str] = []

        async def record(key: str) -> Result:
            calls.append(key)
            return Result()

        controller = Controller(record, clock)
        for key in ["a", "b", "a", "a", "b"]:
            controller.enqueue(key)
        await controller.run_until_idle()
        assert calls == ["a", "b"]

    asyncio.run(scenario())


def test_an_event_during_a_failing_reconcile_reruns_it_at_once() -> None:
    async def scenario() -> None:
        clock = ManualClock()
        controller: Controller
        calls = 0

        async def failing_once(key: str) -> Result:
            nonlocal calls
            calls += 1
            if calls == 1:
                controller.enqueue(key)  # the object changed while we worked
                raise ApiUnavailableError("down")
            return Result()

        controller = Controller(failing_once, clock)
        await converge(controller, "k")
        assert calls == 2
        assert clock() == 0.0

    asyncio.run(scenario())


def test_an_enqueue_overrides_a_pending_delay() -> None:
    async def scenario() -> None:
        clock = ManualClock()
        results = [Result(requeue_after=30.0), Result()]

        async def scripted(key: str) -> Result:
            return results.pop(0)

        controller = Controller(scripted, clock)
        controller.enqueue("k")
        with pytest.raises(RuntimeError, match="still busy after 1"):
            await controller.run_until_idle(max_steps=1)
        controller.enqueue("k")  # a new event does not wait out the 30 s
        await controller.run_until_idle()
        assert clock() == 0.0
        assert results == []

    asyncio.run(scenario())


def test_reads_are_copies_and_creates_are_checked() -> None:
    async def scenario() -> None:
        _, api, _, controller = setup()
        api.apply_site("shop", replicas=1, image="web:1")
        await converge(controller)
        site = await api.get_site("shop")
        site.replicas = 99
        (pod,) = await api.list_pods("shop")
        pod.image = "evil:1"
        assert (await api.get_site("shop")).replicas == 1
        assert await pods(api) == [("shop-0", "web:1", True)]
        with pytest.raises(ValueError, match="already exists"):
            await api.create_pod(pod)

    asyncio.run(scenario())


def test_the_edge_triggered_handler_drifts() -> None:
    cluster = before.Cluster()
    before.on_event(cluster, before.Scaled("s", 0, 2))
    before.on_event(cluster, before.Scaled("s", 0, 2))
    assert cluster.pods["s"] == 4


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p094)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
