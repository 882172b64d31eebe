"""P034 before: tasks started with `asyncio.create_task` and then forgotten.

The service starts a dispatcher task, and the dispatcher starts an audit task
per order. Neither keeps the task it created, so nobody can wait for it,
cancel it, or hear that it failed. `stop()` returns at once and the tasks go
on running: after "shutdown" the service is still working, and an audit write
that raised has told no one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable


class AuditLog:
    """A stand-in audit store: each write takes a few turns; some orders fail."""

    def __init__(self, broken: Iterable[str] = ()) -> None:
        self.broken = set(broken)
        self.entries: list[str] = []
        self.failures = 0

    async def write(self, order: str) -> None:
        for _ in range(3):
            await asyncio.sleep(0)  # the network round trip
        if order in self.broken:
            self.failures += 1
            raise ConnectionError(f"audit of {order} failed")
        self.entries.append(order)


class OrderService:
    """Starts tasks it never keeps, so it cannot stop them or see them fail."""

    def __init__(self, audit: AuditLog) -> None:
        self.audit = audit
        self.inbox: asyncio.Queue[str] = asyncio.Queue()
        self.running = False

    def start(self) -> None:
        self.running = True
        asyncio.create_task(self._dispatch(), name="dispatcher")  # noqa: RUF006 (the bug)

    def submit(self, order: str) -> None:
        self.inbox.put_nowait(order)

    async def stop(self) -> None:
        self.running = False  # nothing running reads this flag, and nothing is awaited

    async def _dispatch(self) -> None:
        while True:
            order = await self.inbox.get()
            asyncio.create_task(self.audit.write(order), name=f"audit-{order}")  # noqa: RUF006


async def main() -> None:
    baseline = asyncio.all_tasks()
    audit = AuditLog(broken=["A-2"])
    service = OrderService(audit)
    service.start()
    for order in ("A-1", "A-2", "A-3"):
        service.submit(order)
    await asyncio.sleep(0)  # the dispatcher hands out the three audits
    await service.stop()
    print("stop() returned without an error")
    #> stop() returned without an error
    leaked = asyncio.all_tasks() - baseline
    print(f"still running after stop(): {sorted(task.get_name() for task in leaked)}")
    #> still running after stop(): ['audit-A-1', 'audit-A-2', 'audit-A-3', 'dispatcher']

    for _ in range(5):
        await asyncio.sleep(0)  # the "stopped" service keeps working
    print(f"audited after stop(): {audit.entries}, failed writes nobody heard of: {audit.failures}")
    #> audited after stop(): ['A-1', 'A-3'], failed writes nobody heard of: 1

    # This demo cleans up after the service, or the dispatcher would wait forever.
    leaked = asyncio.all_tasks() - baseline
    for task in leaked:
        task.cancel()
    await asyncio.gather(*leaked, return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main())
