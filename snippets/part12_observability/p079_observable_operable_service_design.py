"""P079 Observable, Operable Service Design: the operations surface, built in.

One small service answers the questions an operator asks without logging in to
the machine: is the process alive (`/healthz`), should it get traffic
(`/readyz`), what is it doing (`/metrics`, structured log lines), and can it
stop without dropping requests (`stop()` drains before it returns).
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Response:
    status: int
    body: str


AppHandler = Callable[[str], Awaitable[Response]]


class Service:
    """Wraps the application's routes with health, readiness, metrics, logs and drain.

    Args:
        app: the business routes: path in, response out. They contain no
            operations code.
        emit: receives one JSON log line per event (`print` in production
            would go to stdout, where the platform collects it).
        clock: seconds, for the `ts` field of log lines.
        grace: seconds `stop()` waits for in-flight requests before cancelling them.
    """

    def __init__(
        self,
        app: AppHandler,
        *,
        emit: Callable[[str], None],
        clock: Callable[[], float],
        grace: float = 10.0,
    ) -> None:
        self._app = app
        self._emit = emit
        self._clock = clock
        self._grace = grace
        self._ready = False
        self._draining = False
        self._in_flight: set[asyncio.Task[Response]] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self.requests: Counter[tuple[str, int]] = Counter()

    def log(self, level: str, event: str, **fields: object) -> None:
        """One event, one line of JSON: easy to search, filter and count."""
        record = {"ts": f"{self._clock():.3f}", "level": level, "event": event, **fields}
        self._emit(json.dumps(record))

    def start(self) -> None:
        """Called once dependencies are connected and caches are warm."""
        self._ready = True
        self.log("info", "service ready")

    async def handle(self, path: str) -> Response:
        """The single entry point: operations routes first, then the application."""
        if path == "/healthz":
            return Response(200, "ok")  # alive: restart me only if this fails
        if path == "/readyz":
            ready = self._ready and not self._draining
            return Response(200 if ready else 503, "ready" if ready else "not ready")
        if path == "/metrics":
            return Response(200, self.render_metrics())
        if self._draining:
            self.requests[(path, 503)] += 1
            return Response(503, "shutting down")
        return await self._serve(path)

    async def _serve(self, path: str) -> Response:
        task = asyncio.current_task()
        assert task is not None
        self._in_flight.add(task)
        self._idle.clear()
        try:
            response = await self._app(path)
        except Exception as exc:
            self.log("error", "request failed", path=path, error=str(exc))
            response = Response(500, "internal error")
        finally:
            self._in_flight.discard(task)
            if not self._in_flight:
                self._idle.set()
        self.requests[(path, response.status)] += 1
        return response

    def render_metrics(self) -> str:
        lines = [
            f'requests_total{{path="{path}",status="{status}"}} {count}'
            for (path, status), count in sorted(self.requests.items())
        ]
        lines.append(f"requests_in_flight {len(self._in_flight)}")
        lines.append(f"ready {int(self._ready and not self._draining)}")
        return "\n".join(lines)

    async def stop(self) -> None:
        """Stop taking work, finish what is in flight, then return.

        Readiness fails first, so the load balancer stops sending traffic;
        liveness keeps passing, so nobody kills the process mid-drain.
        """
        self._draining = True
        self.log("info", "draining", in_flight=len(self._in_flight))
        try:
            async with asyncio.timeout(self._grace):
                await self._idle.wait()
        except TimeoutError:
            stuck = list(self._in_flight)
            self.log("warn", "grace period over, cancelling", in_flight=len(stuck))
            for task in stuck:
                task.cancel()
            await asyncio.gather(*stuck, return_exceptions=True)
        self.log("info", "stopped")


async def main() -> None:
    release = asyncio.Event()

    async def app(path: str) -> Response:
        if path == "/reports":
            await release.wait()  # a slow request still running at shutdown
            return Response(200, "report")
        if path == "/boom":
            raise RuntimeError("disk full")
        return Response(200, "orders")

    service = Service(app, emit=print, clock=lambda: 1700000000.0)
    print((await service.handle("/readyz")).status)
    #> 503
    service.start()
    #> {"ts": "1700000000.000", "level": "info", "event": "service ready"}
    print((await service.handle("/orders")).status)
    #> 200
    print((await service.handle("/boom")).status)
    #> {"ts": "1700000000.000", "level": "error", "event": "request failed", "path": "/boom", "error": "disk full"}
    #> 500

    slow = asyncio.create_task(service.handle("/reports"))
    await asyncio.sleep(0)
    stopping = asyncio.create_task(service.stop())
    await asyncio.sleep(0)
    #> {"ts": "1700000000.000", "level": "info", "event": "draining", "in_flight": 1}
    for path in ["/healthz", "/readyz", "/orders"]:
        response = await service.handle(path)
        print(path, response.status, response.body)
    #> /healthz 200 ok
    #> /readyz 503 not ready
    #> /orders 503 shutting down

    release.set()
    await stopping
    #> {"ts": "1700000000.000", "level": "info", "event": "stopped"}
    print("slow request:", (await slow).status)
    #> slow request: 200
    print((await service.handle("/metrics")).body)
    #> requests_total{path="/boom",status="500"} 1
    #> requests_total{path="/orders",status="200"} 1
    #> requests_total{path="/orders",status="503"} 1
    #> requests_total{path="/reports",status="200"} 1
    #> requests_in_flight 0
    #> ready 0


if __name__ == "__main__":
    asyncio.run(main())
