"""P076 Health Check and Readiness Probes: "am I alive?" and "send me traffic?" apart.

Liveness asks only whether the process can still make progress: here, whether
its worker loop has ticked recently. It never calls a dependency, so a database
outage cannot get every replica restarted. Readiness answers "not ready" while
the service starts and while it drains for shutdown; in between it runs the
dependency checks concurrently, each under its own timeout, and reports every
check by name.
"""

from __future__ import annotations

import asyncio
import enum
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


class Phase(enum.Enum):
    STARTING = "starting"
    SERVING = "serving"
    DRAINING = "draining"


@dataclass(frozen=True)
class Check:
    """One dependency check. A non-critical failure degrades readiness but keeps traffic."""

    name: str
    probe: Callable[[], Awaitable[object]]
    timeout: float
    critical: bool = True

    def __post_init__(self) -> None:
        if self.timeout < 0:
            raise ValueError(f"{self.name}: timeout cannot be negative")


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Report:
    status: str  # "pass", "degraded" or "fail"
    checks: tuple[CheckResult, ...] = ()

    @property
    def http_status(self) -> int:
        return 503 if self.status == "fail" else 200

    def to_json(self) -> str:
        return json.dumps(
            {
                "status": self.status,
                "checks": {c.name: "ok" if c.ok else c.detail for c in self.checks},
            }
        )


async def _run(check: Check) -> CheckResult:
    timer = asyncio.timeout(check.timeout)
    try:
        async with timer:
            await check.probe()
    except Exception as exc:  # a failing check is data for the report, not a crash
        if isinstance(exc, TimeoutError) and timer.expired():
            return CheckResult(check.name, False, f"timed out after {check.timeout:g}s")
        return CheckResult(check.name, False, f"{type(exc).__name__}: {exc}")
    return CheckResult(check.name, True, "ok")


class Health:
    """Serves /livez and /readyz for one process.

    Args:
        checks: dependency checks for readiness, reported in this order.
        clock: returns seconds; used only for the liveness heartbeat.
        max_silence: liveness fails when the worker has not called `beat`
            for longer than this.
    """

    def __init__(
        self, checks: list[Check], *, clock: Callable[[], float], max_silence: float
    ) -> None:
        names = [check.name for check in checks]
        if len(set(names)) != len(names):
            raise ValueError("check names must be unique")
        self._checks = tuple(checks)
        self._clock = clock
        self._max_silence = max_silence
        self._last_beat = clock()
        self.phase = Phase.STARTING

    def beat(self) -> None:
        """Called by the main worker loop on every iteration."""
        self._last_beat = self._clock()

    def mark_serving(self) -> None:
        """Call when startup work (migrations, cache warm-up) has finished."""
        self.phase = Phase.SERVING

    def begin_drain(self) -> None:
        """Call first on shutdown: readiness fails so the load balancer stops sending."""
        self.phase = Phase.DRAINING

    def liveness(self) -> Report:
        silence = self._clock() - self._last_beat
        if silence > self._max_silence:
            return Report("fail", (CheckResult("worker", False, f"no heartbeat for {silence:g}s"),))
        return Report("pass")

    async def readiness(self) -> Report:
        if self.phase is not Phase.SERVING:
            return Report("fail", (CheckResult("phase", False, self.phase.value),))
        results = tuple(await asyncio.gather(*(_run(check) for check in self._checks)))
        critical = {check.name for check in self._checks if check.critical}
        if any(not r.ok and r.name in critical for r in results):
            return Report("fail", results)
        if all(r.ok for r in results):
            return Report("pass", results)
        return Report("degraded", results)


class ManualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class FakeDependency:
    """A dependency whose state the demo sets: up, down, or hung (never answers)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.state = "up"

    async def ping(self) -> None:
        if self.state == "down":
            raise ConnectionError(f"{self.name} refused the connection")
        if self.state == "hung":
            await asyncio.Event().wait()


def show(label: str, report: Report) -> None:
    print(f"{label}: {report.http_status} {report.to_json()}")


async def main() -> None:
    clock = ManualClock()
    database, recommender = FakeDependency("database"), FakeDependency("recommender")
    health = Health(
        [
            Check("database", database.ping, timeout=1.0),
            # 0 s keeps the demo from sleeping: the fake answers without waiting
            # when up, and a hung call expires at its first wait, as 1 s would later.
            Check("recommender", recommender.ping, timeout=0.0, critical=False),
        ],
        clock=clock,
        max_silence=30.0,
    )

    show("starting", await health.readiness())
    #> starting: 503 {"status": "fail", "checks": {"phase": "starting"}}
    health.mark_serving()
    show("serving", await health.readiness())
    #> serving: 200 {"status": "pass", "checks": {"database": "ok", "recommender": "ok"}}
    recommender.state = "hung"
    show("recommender hung", await health.readiness())
    #> recommender hung: 200 {"status": "degraded", "checks": {"database": "ok", "recommender": "timed out after 0s"}}
    database.state = "down"
    show("database down", await health.readiness())
    #> database down: 503 {"status": "fail", "checks": {"database": "ConnectionError: database refused the connection", "recommender": "timed out after 0s"}}
    show("liveness meanwhile", health.liveness())
    #> liveness meanwhile: 200 {"status": "pass", "checks": {}}

    clock.now = 45.0  # the worker loop is stuck: no beat for 45 s
    show("worker stuck", health.liveness())
    #> worker stuck: 503 {"status": "fail", "checks": {"worker": "no heartbeat for 45s"}}
    health.beat()
    database.state = recommender.state = "up"
    health.begin_drain()
    show("draining", await health.readiness())
    #> draining: 503 {"status": "fail", "checks": {"phase": "draining"}}
    show("liveness while draining", health.liveness())
    #> liveness while draining: 200 {"status": "pass", "checks": {}}


if __name__ == "__main__":
    asyncio.run(main())
