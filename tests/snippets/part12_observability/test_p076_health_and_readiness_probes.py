"""P076: liveness ignores dependencies, readiness follows phase and timed checks."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part12_observability import p076_health_and_readiness_probes as p076
from snippets.part12_observability import p076_health_and_readiness_probes_before as before
from snippets.part12_observability.p076_health_and_readiness_probes import (
    Check,
    FakeDependency,
    Health,
    ManualClock,
    Phase,
    Report,
)

DemoCheck = Callable[[ModuleType], None]


def serving(*checks: Check, clock: ManualClock | None = None) -> Health:
    health = Health(list(checks), clock=clock or ManualClock(), max_silence=10.0)
    health.mark_serving()
    return health


def ready(health: Health) -> Report:
    return asyncio.run(health.readiness())


def test_not_ready_while_starting_or_draining_and_checks_do_not_run() -> None:
    calls = 0

    async def counted() -> None:
        nonlocal calls
        calls += 1

    health = Health([Check("db", counted, 1.0)], clock=ManualClock(), max_silence=10.0)
    assert health.phase is Phase.STARTING
    assert ready(health).http_status == 503
    health.mark_serving()
    assert ready(health).status == "pass"
    health.begin_drain()
    report = ready(health)
    assert (report.http_status, report.checks[0].detail) == (503, "draining")
    assert calls == 1


def test_liveness_ignores_failing_dependencies() -> None:
    database = FakeDependency("database")
    database.state = "down"
    health = serving(Check("database", database.ping, 1.0))
    assert ready(health).status == "fail"
    assert health.liveness().http_status == 200


def test_liveness_fails_only_after_max_silence() -> None:
    clock = ManualClock()
    health = serving(clock=clock)
    clock.now = 10.0
    assert health.liveness().status == "pass"
    clock.now = 10.5
    report = health.liveness()
    assert (report.http_status, report.checks[0].detail) == (503, "no heartbeat for 10.5s")
    health.beat()
    assert health.liveness().status == "pass"


def test_critical_failure_fails_and_optional_failure_degrades() -> None:
    database, cache = FakeDependency("database"), FakeDependency("cache")
    health = serving(
        Check("database", database.ping, 1.0), Check("cache", cache.ping, 1.0, critical=False)
    )
    cache.state = "down"
    assert (ready(health).status, ready(health).http_status) == ("degraded", 200)
    database.state = "down"
    report = ready(health)
    assert (report.status, report.http_status) == ("fail", 503)
    assert json.loads(report.to_json())["checks"] == {
        "database": "ConnectionError: database refused the connection",
        "cache": "ConnectionError: cache refused the connection",
    }


def test_hung_check_times_out_without_blocking_the_others() -> None:
    hung, database = FakeDependency("search"), FakeDependency("database")
    hung.state = "hung"
    health = serving(Check("search", hung.ping, 0.0), Check("database", database.ping, 1.0))
    report = ready(health)
    assert [(c.name, c.ok, c.detail) for c in report.checks] == [
        ("search", False, "timed out after 0s"),
        ("database", True, "ok"),
    ]


def test_a_timeout_raised_by_the_check_itself_is_not_reported_as_ours() -> None:
    async def socket_timeout() -> None:
        raise TimeoutError("read timed out")

    report = ready(serving(Check("api", socket_timeout, 5.0)))
    assert report.checks[0].detail == "TimeoutError: read timed out"


def test_cancelling_the_probe_request_is_not_swallowed() -> None:
    async def scenario() -> None:
        health = serving(Check("slow", asyncio.Event().wait, 60.0))
        probe = asyncio.create_task(health.readiness())
        await asyncio.sleep(0)
        probe.cancel()
        with pytest.raises(asyncio.CancelledError):
            await probe

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Check("x", FakeDependency("x").ping, -1.0), "negative"),
        (
            lambda: Health(
                [Check("x", FakeDependency("x").ping, 1.0)] * 2,
                clock=ManualClock(),
                max_silence=1.0,
            ),
            "unique",
        ),
    ],
)
def test_rejects_bad_configuration(build: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()


def test_before_restarts_every_replica_on_a_database_blip() -> None:
    service = before.Service()
    service.database_up = False
    assert asyncio.run(service.health()) == 500


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p076)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
