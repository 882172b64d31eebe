"""P036 Graceful Shutdown: on SIGTERM, refuse new work, drain what runs, cancel the rest.

A signal handler does one thing: it sets an `asyncio.Event`. The service then
closes its front door (a new request gets `ShuttingDownError`), gives the
requests already running up to `grace` seconds to finish, cancels those still
running when the time is up, and waits for them to clean up before it returns.
"""

from __future__ import annotations

import asyncio
import heapq
import signal
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

Sleep = Callable[[float], Awaitable[None]]
Handler = Callable[[str], Coroutine[Any, Any, str]]


class ShuttingDownError(Exception):
    """Raised by `Server.submit` once shutdown has begun; answer it with a 503."""


@dataclass(frozen=True)
class ShutdownReport:
    """What became of the requests that were running when shutdown began."""

    finished: tuple[str, ...]
    cancelled: tuple[str, ...]


class Server:
    """Runs each accepted request as a task, and can stop without dropping them."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self._accepting = True
        self._in_flight: dict[asyncio.Task[str], str] = {}

    @property
    def accepting(self) -> bool:
        return self._accepting

    def in_flight(self) -> list[str]:
        """The requests running now, in the order they arrived."""
        return list(self._in_flight.values())

    def submit(self, request_id: str) -> asyncio.Task[str]:
        """Start handling a request, or raise ShuttingDownError once shutdown has begun."""
        if not self._accepting:
            raise ShuttingDownError(f"{request_id} refused: shutting down")
        task = asyncio.create_task(self._handler(request_id))
        self._in_flight[task] = request_id
        task.add_done_callback(self._forget)
        return task

    def _forget(self, task: asyncio.Task[str]) -> None:
        del self._in_flight[task]

    async def shutdown(self, grace: float, *, sleep: Sleep = asyncio.sleep) -> ShutdownReport:
        """Refuse new requests, wait up to `grace` seconds for running ones, cancel the rest.

        `sleep` measures the grace period; the demo and the tests pass a fake
        one. If `shutdown` itself is cancelled (a second signal meaning "stop
        now"), the running requests are cancelled at once, and still awaited.
        """
        self._accepting = False  # from here on, the set below can only shrink
        running = dict(self._in_flight)
        pending = list(running)  # a list, so cancellation follows arrival order
        deadline = asyncio.ensure_future(sleep(grace))
        try:
            while pending and not deadline.done():
                await asyncio.wait({*pending, deadline}, return_when=asyncio.FIRST_COMPLETED)
                pending = [task for task in pending if not task.done()]
        finally:
            deadline.cancel()
            for task in pending:
                task.cancel()
            # Wait for the cancelled requests to run their `except` and `finally`
            # blocks (rollbacks, releasing locks), and for the timer to go away.
            await asyncio.gather(deadline, *pending, return_exceptions=True)
        return ShutdownReport(
            finished=tuple(name for task, name in running.items() if task not in pending),
            cancelled=tuple(name for task, name in running.items() if task in pending),
        )


class SignalLoop(Protocol):
    """The part of an asyncio event loop that installs signal handlers."""

    def add_signal_handler(self, sig: int, callback: Callable[[], object], /) -> None: ...


def install_signal_handlers(
    loop: SignalLoop,
    stop: asyncio.Event,
    signals: Iterable[int] = (signal.SIGTERM, signal.SIGINT),
) -> None:
    """Make each signal set `stop` instead of ending the process (Unix event loops only).

    In a real service, call it first thing in `main`:
    `install_signal_handlers(asyncio.get_running_loop(), stop)`. The handler
    runs on the event loop, so setting the event is all it needs to do.
    """
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)


async def serve_until_stopped(
    server: Server, stop: asyncio.Event, *, grace: float, sleep: Sleep = asyncio.sleep
) -> ShutdownReport:
    """Keep serving until `stop` is set, then shut the server down gracefully."""
    await stop.wait()
    return await server.shutdown(grace, sleep=sleep)


class VirtualClock:
    """Time that moves only when `advance` is called, so the demo needs no real waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self._timers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._count = 0

    async def sleep(self, seconds: float) -> None:
        wake: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._count += 1
        heapq.heappush(self._timers, (self.now + seconds, self._count, wake))
        await wake

    async def advance(self, seconds: float) -> None:
        """Move time forward, waking each sleeper at its due time, in order."""
        target = self.now + seconds
        await _let_tasks_run()
        while self._timers and self._timers[0][0] <= target:
            due, _, wake = heapq.heappop(self._timers)
            self.now = due
            if not wake.done():  # a cancelled sleeper's future is already done
                wake.set_result(None)
            await _let_tasks_run()
        self.now = target


async def _let_tasks_run() -> None:
    """Give every task that is ready a few turns, so each reacts before time moves on."""
    for _ in range(10):
        await asyncio.sleep(0)


async def main() -> None:
    clock = VirtualClock()
    takes = {"order-1": 2.0, "order-2": 5.0, "export-3": 60.0}

    async def handle(request_id: str) -> str:
        try:
            await clock.sleep(takes[request_id])  # the request's real work
        except asyncio.CancelledError:
            print(f"t={clock.now:4.1f}s {request_id}: cancelled, rolled back")
            raise
        print(f"t={clock.now:4.1f}s {request_id}: finished")
        return f"{request_id} ok"

    server = Server(handle)
    stop = asyncio.Event()  # install_signal_handlers(loop, stop) wires SIGTERM to it
    service = asyncio.create_task(serve_until_stopped(server, stop, grace=10.0, sleep=clock.sleep))
    for request_id in takes:
        server.submit(request_id)
    await clock.advance(1.0)
    print("in flight:", server.in_flight())
    #> in flight: ['order-1', 'order-2', 'export-3']

    stop.set()  # what SIGTERM does; the demo sends it itself: a browser has no signals
    await clock.advance(0.0)
    try:
        server.submit("order-4")
    except ShuttingDownError as exc:
        print(f"t={clock.now:4.1f}s {exc}")
    #> t= 1.0s order-4 refused: shutting down

    await clock.advance(30.0)
    #> t= 2.0s order-1: finished
    #> t= 5.0s order-2: finished
    #> t=11.0s export-3: cancelled, rolled back
    report = await service
    print("finished:", report.finished, "cancelled:", report.cancelled)
    #> finished: ('order-1', 'order-2') cancelled: ('export-3',)
    print("in flight after shutdown:", server.in_flight())
    #> in flight after shutdown: []


if __name__ == "__main__":
    asyncio.run(main())
