"""P032 Single-Writer Concurrency: one task changes the state; every other task reads snapshots.

`StockLevels` holds the stock count of each SKU. Any task may send it a
movement (`record`) and any task may read it (`snapshot`), but only one task,
the writer started by `async with StockLevels(...)`, ever changes it. The
writer applies the movements waiting in its inbox to a private copy and then
publishes the copy as a new read-only `Snapshot` in one assignment, so a
reader sees all of a batch or none of it and never needs a lock.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType, TracebackType


@dataclass(frozen=True)
class Movement:
    """Goods in (positive quantity) or out (negative) for one SKU."""

    sku: str
    quantity: int


class Catalog:
    """A stand-in product catalog: every lookup takes one turn of the event loop."""

    def __init__(self, skus: Iterable[str]) -> None:
        self.skus = frozenset(skus)

    async def check(self, sku: str) -> None:
        await asyncio.sleep(0)  # a network round trip: every other task runs meanwhile
        if sku not in self.skus:
            raise LookupError(f"unknown SKU {sku!r}")


@dataclass(frozen=True)
class Snapshot:
    """The stock levels as of one publication. Nothing in it changes afterwards."""

    version: int
    levels: Mapping[str, int]  # a read-only view of a dict that only the writer ever held
    rejected: tuple[str, ...] = ()  # why each refused movement was refused, oldest first

    def level(self, sku: str) -> int:
        return self.levels.get(sku, 0)


class NotTheWriterError(RuntimeError):
    """Raised when code running outside the writer task tries to publish."""


class InboxFullError(RuntimeError):
    """The writer is this far behind: the movement was refused, not queued."""


class StockLevels:
    """Stock levels with exactly one writer task and any number of readers.

    Args:
        levels: the starting levels.
        catalog: checked for each SKU before its movement is applied; a
            movement that fails the check is refused, and the writer goes on.
        inbox_size: movements that may wait for the writer; `record` refuses
            more, so a burst cannot grow memory without bound.
    """

    def __init__(
        self, levels: Mapping[str, int], catalog: Catalog, *, inbox_size: int = 100
    ) -> None:
        self._catalog = catalog
        self._inbox: asyncio.Queue[Movement | None] = asyncio.Queue()  # bounded by record()
        self._inbox_size = inbox_size
        self._snapshot = Snapshot(0, MappingProxyType(dict(levels)))
        self._writer: asyncio.Task[None] | None = None
        self._closed = False
        self._drained = False  # set by the writer when it stops after applying everything
        self.writes_by: Counter[str] = Counter()  # task name -> snapshots it published

    @property
    def snapshot(self) -> Snapshot:
        """The latest published levels: safe from any task, no lock, no await."""
        return self._snapshot

    def record(self, movement: Movement) -> None:
        """Hand a movement to the writer; movements are applied in the order recorded.

        Raises:
            InboxFullError: if `inbox_size` movements are already waiting.
            RuntimeError: if the levels are not open, or are closed.
        """
        if self._writer is None:
            raise RuntimeError("stock levels are not open: use 'async with StockLevels(...)'")
        if self._closed or self._writer.done():
            raise RuntimeError("stock levels are closed: the writer has stopped")
        if self._inbox.qsize() >= self._inbox_size:
            raise InboxFullError(f"{self._inbox_size} movements are waiting for the writer")
        self._inbox.put_nowait(movement)

    async def settled(self) -> Snapshot:
        """Wait until every movement recorded so far is published, and return that snapshot.

        Raises:
            RuntimeError: if the writer stopped before it had applied them.
        """
        await self._inbox.join()
        if self._writer is not None and self._writer.done() and not self._drained:
            raise RuntimeError("the writer has stopped; movements were not applied")
        return self._snapshot

    async def __aenter__(self) -> StockLevels:
        self._writer = asyncio.create_task(self._write_loop(), name="stock-writer")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Whoever opened the levels started the writer, so closing them ends it.
        # A normal exit lets the writer apply what is in the inbox, then return;
        # an exception or a cancellation stops it at once, dropping what waits.
        assert self._writer is not None
        self._closed = True
        try:
            if exc_type is None and not self._writer.done():
                self._inbox.put_nowait(None)  # the stop signal, queued behind every movement
                await asyncio.wait([self._writer])
        finally:
            if not self._writer.done():  # an error, or we were cancelled while waiting
                self._writer.cancel()
                await asyncio.wait([self._writer])
        if not self._writer.cancelled():
            error = self._writer.exception()
            if error is not None and exc_type is None:
                raise error  # the writer crashed: its owner must hear about it

    async def _write_loop(self) -> None:
        taken = 0  # movements taken from the inbox and not yet marked done
        try:
            stopping = False
            while not stopping:
                batch = [await self._inbox.get()]
                while not self._inbox.empty():  # take all that is waiting: one copy per batch
                    batch.append(self._inbox.get_nowait())
                taken = len(batch)
                levels = dict(self._snapshot.levels)
                rejected = list(self._snapshot.rejected)
                for movement in batch:
                    if movement is None:
                        stopping = True
                        continue
                    try:
                        await self._catalog.check(movement.sku)  # no one else writes meanwhile
                    except LookupError as exc:
                        rejected.append(str(exc))  # one bad movement must not stop every write
                        continue
                    levels[movement.sku] = levels.get(movement.sku, 0) + movement.quantity
                if batch != [None]:  # a batch holding only the stop signal changed nothing
                    self._publish(levels, rejected)
                for _ in range(taken):
                    self._inbox.task_done()
                taken = 0
            self._drained = True
        finally:
            # If the writer dies instead, nothing queued will ever be applied:
            # release anyone waiting in settled() instead of leaving them stuck.
            for _ in range(taken):
                self._inbox.task_done()
            while not self._inbox.empty():
                self._inbox.get_nowait()
                self._inbox.task_done()

    def _publish(self, levels: dict[str, int], rejected: list[str]) -> None:
        task = asyncio.current_task()
        if task is None or task is not self._writer:
            raise NotTheWriterError("only the writer task may publish stock levels")
        self.writes_by[task.get_name()] += 1
        # One assignment: a reader sees the old snapshot or the new one, never a mix.
        self._snapshot = Snapshot(
            self._snapshot.version + 1, MappingProxyType(levels), tuple(rejected)
        )


async def main() -> None:
    async def handler(stock: StockLevels, movement: Movement) -> None:
        await asyncio.sleep(0)  # read the request: every other handler runs meanwhile
        stock.record(movement)

    movements = [Movement("widget", -1)] * 12 + [Movement("widget", +5), Movement("gizmo", +3)]
    async with StockLevels({"widget": 10}, Catalog(["widget", "gadget"])) as stock:
        async with asyncio.TaskGroup() as group:  # 14 handlers, all running at once
            for number, movement in enumerate(movements, start=1):
                group.create_task(handler(stock, movement), name=f"handler-{number}")
        settled = await stock.settled()
        print(f"widget: {settled.level('widget')} (10 - 12 sold + 5 delivered = 3)")
        #> widget: 3 (10 - 12 sold + 5 delivered = 3)
        print(f"refused: {list(settled.rejected)}")
        #> refused: ["unknown SKU 'gizmo'"]
        print(f"tasks that wrote the levels: {sorted(stock.writes_by)}")
        #> tasks that wrote the levels: ['stock-writer']

        # A reader may keep a snapshot as long as it likes: writes publish a new one.
        report = stock.snapshot
        stock.record(Movement("widget", +20))
        latest = await stock.settled()
        print(f"report still says {report.level('widget')}, latest says {latest.level('widget')}")
        #> report still says 3, latest says 23
        try:
            report.levels["widget"] = 0  # type: ignore[index]
        except TypeError:
            print("a snapshot cannot be changed: TypeError")
        #> a snapshot cannot be changed: TypeError

        # Code outside the writer task cannot publish: a method added later that
        # publishes from a handler fails on its first call instead of racing.
        try:
            stock._publish({"widget": 0}, [])
        except NotTheWriterError as exc:
            print(f"{type(exc).__name__}: {exc}")
        #> NotTheWriterError: only the writer task may publish stock levels

    # Leaving the block drained the inbox and ended the writer.
    try:
        stock.record(Movement("widget", -1))
    except RuntimeError as exc:
        print(exc)
    #> stock levels are closed: the writer has stopped


if __name__ == "__main__":
    asyncio.run(main())
