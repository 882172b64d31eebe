"""P098 Stream Processing Worker: one ordered task per partition, commit after the work.

The worker reads each partition of a log from the group's committed offset,
applies every record to a sink, and commits the next offset only after the sink
holds the result. A crash between the two replays those records on restart
(at-least-once). The sink stores the last offset it applied for each partition
in the same update as its counts, so a replayed record changes nothing. Counts
are kept per tumbling window of event time and published once the injected
clock has passed the window's end plus a grace period.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Record:
    partition: int
    offset: int
    key: str
    timestamp: int  # event time in seconds, set by the producer


class PartitionedLog:
    """An in-memory stand-in for a Kafka topic: partitioned records and group offsets.

    A key always lands in the same partition (CRC-32 of the key, a stable hash),
    so all records of one key are read in the order they were written.
    """

    def __init__(self, partitions: int) -> None:
        if partitions < 1:
            raise ValueError("partitions must be at least 1")
        self._records: list[list[Record]] = [[] for _ in range(partitions)]
        self._committed: dict[tuple[str, int], int] = {}

    @property
    def partitions(self) -> int:
        return len(self._records)

    def append(self, key: str, timestamp: int) -> Record:
        partition = zlib.crc32(key.encode()) % len(self._records)
        log = self._records[partition]
        record = Record(partition, len(log), key, timestamp)
        log.append(record)
        return record

    async def fetch(self, partition: int, offset: int, limit: int) -> list[Record]:
        """Up to `limit` records from `offset` on; an empty list at the end."""
        await asyncio.sleep(0)  # a network round trip: other partitions run meanwhile
        return self._records[partition][offset : offset + limit]

    def committed(self, group: str, partition: int) -> int:
        """The next offset the group will read from this partition (0 if none committed)."""
        return self._committed.get((group, partition), 0)

    async def commit(self, group: str, partition: int, next_offset: int) -> None:
        await asyncio.sleep(0)
        self._committed[(group, partition)] = next_offset


class WindowedCounts:
    """Counts per (window start, key); outlives the worker, like a database table.

    `apply` stores the record's offset as applied in the same update as the
    count (in a real database: the same transaction). That makes a redelivered
    record a no-op, and it relies on each partition being applied in order.
    """

    def __init__(self, window: int) -> None:
        if window < 1:
            raise ValueError("window must be at least 1 second")
        self.window = window
        self.open: dict[tuple[int, str], int] = {}
        self.published: list[tuple[int, str, int]] = []
        self.applied: dict[int, int] = {}  # partition -> highest applied offset
        self.duplicates = 0
        self.late = 0
        self._closed_until = 0

    def apply(self, record: Record) -> None:
        if record.offset <= self.applied.get(record.partition, -1):
            self.duplicates += 1
            return
        start = record.timestamp - record.timestamp % self.window
        if start + self.window <= self._closed_until:
            self.late += 1  # its window is already published; never change a published count
        else:
            self.open[(start, record.key)] = self.open.get((start, record.key), 0) + 1
        self.applied[record.partition] = record.offset

    def close_until(self, watermark: float) -> None:
        """Publish every window that ends at or before `watermark`, oldest first."""
        done = sorted(w for w in self.open if w[0] + self.window <= watermark)
        for start, key in done:
            self.published.append((start, key, self.open.pop((start, key))))
        whole_windows = int(watermark // self.window) * self.window
        self._closed_until = max(self._closed_until, whole_windows)


class StreamWorker:
    """Consumes every partition of `log` for `group`, one task per partition.

    Args:
        clock: current time in seconds; windows close at end + `grace`.
        before_commit: called with (partition, next_offset) just before each
            commit; tests raise from it to simulate a crash at the worst moment.
    """

    def __init__(
        self,
        log: PartitionedLog,
        sink: WindowedCounts,
        *,
        group: str,
        clock: Callable[[], float],
        grace: int,
        batch_size: int = 100,
        before_commit: Callable[[int, int], Awaitable[None]] | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self._log = log
        self._sink = sink
        self._group = group
        self._clock = clock
        self._grace = grace
        self._batch_size = batch_size
        self._before_commit = before_commit

    async def catch_up(self) -> None:
        """Process every partition up to its current end, then close due windows.

        Windows close only once the worker has caught up: closing them while a
        backlog is unread would turn the backlog into late records. A production
        worker polls forever instead of stopping at the end, and stops by
        cancellation; the commit rule is the same.
        """
        async with asyncio.TaskGroup() as tasks:
            for partition in range(self._log.partitions):
                tasks.create_task(self._consume(partition))
        self._sink.close_until(self._clock() - self._grace)

    async def _consume(self, partition: int) -> None:
        # One task per partition, one record at a time: order within a partition
        # is kept, and partitions still make progress concurrently.
        offset = self._log.committed(self._group, partition)
        while batch := await self._log.fetch(partition, offset, self._batch_size):
            for record in batch:
                self._sink.apply(record)
            offset = batch[-1].offset + 1
            if self._before_commit is not None:
                await self._before_commit(partition, offset)
            await self._log.commit(self._group, partition, offset)


class ManualClock:
    """A clock that moves only when told to."""

    def __init__(self, now: int = 0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class SimulatedCrashError(Exception):
    """The worker process dies: nothing after this point runs."""


def page_views() -> PartitionedLog:
    log = PartitionedLog(partitions=2)
    for second, page in enumerate(["home", "cart", "home", "pay", "home", "cart"]):
        log.append(page, timestamp=second * 10)  # 0..50 s: the first minute
    for second, page in enumerate(["home", "pay", "cart", "home"]):
        log.append(page, timestamp=60 + second * 10)  # the second minute
    return log


def committed(log: PartitionedLog) -> list[int]:
    return [log.committed("views", p) for p in range(log.partitions)]


async def run_without_crash() -> list[tuple[int, str, int]]:
    log, sink = page_views(), WindowedCounts(window=60)
    await StreamWorker(log, sink, group="views", clock=ManualClock(100), grace=30).catch_up()
    return sink.published


async def main() -> None:
    log = page_views()
    sink = WindowedCounts(window=60)  # survives the crash: it is the database
    clock = ManualClock(now=100)  # 100 - 30 s grace: the first minute is final

    async def crash(partition: int, next_offset: int) -> None:
        if (partition, next_offset) == (0, 4):  # records 2 and 3 applied, not committed
            raise SimulatedCrashError(f"crash before committing partition {partition} up to {next_offset}")

    first = StreamWorker(
        log, sink, group="views", clock=clock, grace=30, batch_size=2, before_commit=crash
    )
    try:
        await first.catch_up()
    except* SimulatedCrashError as crashed:
        print(crashed.exceptions[0])
    #> crash before committing partition 0 up to 4
    print("committed after the crash:", committed(log))
    #> committed after the crash: [2, 2]

    restarted = StreamWorker(log, sink, group="views", clock=clock, grace=30, batch_size=2)
    await restarted.catch_up()
    print("committed after restart:", committed(log))
    #> committed after restart: [7, 3]
    # Partition 0 replays offsets 2-3. Partition 1 was cancelled by the crash
    # after applying offset 2 and before committing it, so it replays that one.
    print("redelivered and skipped:", sink.duplicates)
    #> redelivered and skipped: 3
    print("published:", sink.published)
    #> published: [(0, 'cart', 2), (0, 'home', 3), (0, 'pay', 1)]
    print("same as a run without a crash:", sink.published == await run_without_crash())
    #> same as a run without a crash: True

    clock.now = 150  # the second minute is final too
    log.append("home", timestamp=50)  # a straggler for the first minute
    await restarted.catch_up()
    print("published:", sink.published[-3:], "late:", sink.late)
    #> published: [(60, 'cart', 1), (60, 'home', 2), (60, 'pay', 1)] late: 1


if __name__ == "__main__":
    asyncio.run(main())
