"""P079: health, readiness, metrics, structured logs and draining work together."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from types import ModuleType

from snippets.part12_observability import p079_observable_operable_service_design as p079
from snippets.part12_observability.p079_observable_operable_service_design import (
    Response,
    Service,
)

DemoCheck = Callable[[ModuleType], None]


def make(app: p079.AppHandler, grace: float = 10.0) -> tuple[Service, list[dict[str, object]]]:
    lines: list[dict[str, object]] = []
    service = Service(
        app, emit=lambda line: lines.append(json.loads(line)), clock=lambda: 12.5, grace=grace
    )
    return service, lines


async def ok(path: str) -> Response:
    await asyncio.sleep(0)
    return Response(200, path)


def test_not_ready_until_started_but_always_alive() -> None:
    async def scenario() -> None:
        service, lines = make(ok)
        assert (await service.handle("/healthz")).status == 200
        assert (await service.handle("/readyz")).status == 503
        service.start()
        assert (await service.handle("/readyz")) == Response(200, "ready")
        assert lines == [{"ts": "12.500", "level": "info", "event": "service ready"}]

    asyncio.run(scenario())


def test_app_routes_are_served_and_counted() -> None:
    async def scenario() -> None:
        service, _ = make(ok)
        service.start()
        assert await service.handle("/orders") == Response(200, "/orders")
        await service.handle("/orders")
        metrics = (await service.handle("/metrics")).body.splitlines()
        assert metrics == [
            'requests_total{path="/orders",status="200"} 2',
            "requests_in_flight 0",
            "ready 1",
        ]

    asyncio.run(scenario())


def test_handler_exception_becomes_a_logged_500() -> None:
    async def broken(path: str) -> Response:
        raise RuntimeError("disk full")

    async def scenario() -> None:
        service, lines = make(broken)
        assert await service.handle("/x") == Response(500, "internal error")
        assert lines[-1] == {
            "ts": "12.500",
            "level": "error",
            "event": "request failed",
            "path": "/x",
            "error": "disk full",
        }
        assert service.requests[("/x", 500)] == 1

    asyncio.run(scenario())


def test_stop_drains_in_flight_requests_and_refuses_new_ones() -> None:
    release = asyncio.Event()
    finished: list[str] = []

    async def slow(path: str) -> Response:
        await release.wait()
        finished.append(path)
        return Response(200, "done")

    async def scenario() -> None:
        service, lines = make(slow)
        service.start()
        requests = [asyncio.create_task(service.handle(f"/r{n}")) for n in range(2)]
        await asyncio.sleep(0)
        assert "requests_in_flight 2" in (await service.handle("/metrics")).body
        stopping = asyncio.create_task(service.stop())
        await asyncio.sleep(0)
        assert not stopping.done()
        assert (await service.handle("/readyz")).status == 503
        assert (await service.handle("/healthz")).status == 200
        assert await service.handle("/new") == Response(503, "shutting down")
        release.set()
        await stopping
        assert sorted(finished) == ["/r0", "/r1"]  # both finished before stop returned
        assert [(await r).status for r in requests] == [200, 200]
        assert [line["event"] for line in lines] == ["service ready", "draining", "stopped"]
        assert lines[1]["in_flight"] == 2

    asyncio.run(scenario())


def test_stop_with_nothing_in_flight_returns_at_once() -> None:
    async def scenario() -> None:
        service, lines = make(ok, grace=0.0)
        service.start()
        await service.stop()
        assert [line["event"] for line in lines] == ["service ready", "draining", "stopped"]

    asyncio.run(scenario())


def test_stuck_request_is_cancelled_after_the_grace_period() -> None:
    async def stuck(path: str) -> Response:
        await asyncio.Event().wait()
        return Response(200, "never")  # pragma: no cover - never reached

    async def scenario() -> None:
        service, lines = make(stuck, grace=0.0)
        service.start()
        request = asyncio.create_task(service.handle("/stuck"))
        await asyncio.sleep(0)
        await service.stop()
        assert request.cancelled()
        assert lines[-2] == {
            "ts": "12.500",
            "level": "warn",
            "event": "grace period over, cancelling",
            "in_flight": 1,
        }
        assert lines[-1]["event"] == "stopped"
        assert "requests_in_flight 0" in (await service.handle("/metrics")).body

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p079)
