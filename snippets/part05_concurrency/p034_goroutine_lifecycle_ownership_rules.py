"""P034 Lifecycle Ownership: whoever starts a task is responsible for its end.

`OrderService.run` starts a dispatcher, and the dispatcher starts an audit
task per order. All of them are created in one `asyncio.TaskGroup` that
belongs to `run`, so `run` cannot return while any of them is running. On
`stop` the service stops taking orders, lets the accepted ones finish, and
returns; if an audit fails, the group cancels the rest and `run` raises the
failure; if the caller cancels `run`, every task under it is cancelled and
awaited first. The caller of `run` owns it the same way: by awaiting it,
directly or in a task group of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any


class AuditLog:
    """A stand-in audit store: a write takes a few turns; some orders fail at once."""

    def __init__(self, broken: Iterable[str] = ()) -> None:
        self.broken = set(broken)
        self.entries: list[str] = []
        self.cancelled: list[str] = []

    async def write(self, order: str) -> None:
        try:
            await asyncio.sleep(0)  # connect
            if order in self.broken:
                raise ConnectionError(f"audit of {order} failed")
            await asyncio.sleep(0)  # send the entry and wait for the acknowledgement
        except asyncio.CancelledError:
            self.cancelled.append(order)
            raise
        self.entries.append(order)


class OrderService:
    """Handles orders with background tasks it owns from start to end."""

    def __init__(self, audit: AuditLog) -> None:
        self._audit = audit
        self._inbox: asyncio.Queue[str | None] = asyncio.Queue()
        self._accepting = True

    def submit(self, order: str) -> None:
        """Accept an order; refused once `stop` has been called or `run` has ended."""
        if not self._accepting:
            raise RuntimeError(f"service is stopping; order {order} refused")
        self._inbox.put_nowait(order)

    def stop(self) -> None:
        """Refuse new orders; `run` returns once the accepted ones are audited."""
        if self._accepting:
            self._accepting = False
            self._inbox.put_nowait(None)  # behind every accepted order

    async def run(self) -> None:
        """Serve until `stop` is called and the accepted orders are done.

        Every task started here has ended by the time this returns, raises or
        is cancelled.

        Raises:
            ExceptionGroup: the errors of the tasks that failed; the others
                were cancelled first.
        """
        try:
            async with asyncio.TaskGroup() as tasks:
                tasks.create_task(self._dispatch(tasks), name="dispatcher")
            # Leaving the block waited for the dispatcher and every audit it started.
        finally:
            self._accepting = False  # however run() ends, nobody is left to take orders

    async def _dispatch(self, tasks: asyncio.TaskGroup) -> None:
        while (order := await self._inbox.get()) is not None:
            # Started in the owner's group, not with a bare create_task: run()
            # waits for it, cancels it, and hears if it fails.
            tasks.create_task(self._audit.write(order), name=f"audit-{order}")


def task_names(baseline: set[asyncio.Task[Any]]) -> list[str]:
    """Names of the tasks that exist now and did not in `baseline`, sorted.

    Comparing with a baseline, rather than counting every task, keeps the
    answer the same in every runtime: Pyodide may run tasks of its own.
    """
    return sorted(task.get_name() for task in asyncio.all_tasks() - baseline)


async def main() -> None:
    baseline = asyncio.all_tasks()
    audit = AuditLog()
    service = OrderService(audit)
    async with asyncio.TaskGroup() as tasks:  # main owns the service's task
        tasks.create_task(service.run(), name="service")
        for order in ("A-1", "A-2", "A-3"):
            service.submit(order)
        for _ in range(2):
            await asyncio.sleep(0)  # the dispatcher hands out the three audits
        print(f"running: {task_names(baseline)}")
        #> running: ['audit-A-1', 'audit-A-2', 'audit-A-3', 'dispatcher', 'service']
        service.stop()
        try:
            service.submit("A-4")
        except RuntimeError as exc:
            print(exc)
        #> service is stopping; order A-4 refused
    print(f"after stop: audited {audit.entries}, tasks left: {task_names(baseline)}")
    #> after stop: audited ['A-1', 'A-2', 'A-3'], tasks left: []

    # A failing task reaches its owner; its siblings are cancelled, not leaked.
    audit = AuditLog(broken=["B-1"])
    service = OrderService(audit)
    for order in ("B-1", "B-2", "B-3"):
        service.submit(order)
    try:
        await service.run()  # never told to stop: it fails instead
    except* ConnectionError as failed:
        print(f"run() raised: {[str(exc) for exc in failed.exceptions]}")
    #> run() raised: ['audit of B-1 failed']
    print(f"audited {audit.entries}, cancelled {audit.cancelled}, tasks left: {task_names(baseline)}")
    #> audited [], cancelled ['B-2', 'B-3'], tasks left: []

    # Cancelling the owner's task reaches every task under it.
    audit = AuditLog()
    service = OrderService(audit)
    running = asyncio.create_task(service.run(), name="service")
    service.submit("C-1")
    for _ in range(3):
        await asyncio.sleep(0)  # the audit of C-1 is under way
    running.cancel()
    try:
        await running
    except asyncio.CancelledError:
        print(f"cancelled {audit.cancelled}, tasks left: {task_names(baseline)}")
    #> cancelled ['C-1'], tasks left: []


if __name__ == "__main__":
    asyncio.run(main())
