"""P098: per-partition order, commit after processing, idempotent replay, windows."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part16_systems import p098_stream_processing_worker as p098
from snippets.part16_systems import p098_stream_processing_worker_before as before
from snippets.part16_systems.p098_stream_processing_worker import (
    ManualClock,
    PartitionedLog,
    Record,
    SimulatedCrashError,
    StreamWorker,
    WindowedCounts,
)

DemoCheck = Callable[[ModuleType], None]


def busy_log(events: int = 40) -> PartitionedLog:
    log = PartitionedLog(partitions=3)
    keys = ["home", "cart", "pay", "search", "checkout", "login"]
    for n in range(events):
        log.append(keys[n * 7 % len(keys)], timestamp=n * 5)
    return log


def worker(
    log: PartitionedLog,
    sink: WindowedCounts,
    *,
    now: int = 1_000,
    batch_size: int = 3,
    crash_at: tuple[int, int] | None = None,
) -> StreamWorker:
    async def crash(partition: int, next_offset: int) -> None:
        if (partition, next_offset) == crash_at:
            raise SimulatedCrashError("crash")

    return StreamWorker(
        log,
        sink,
        group="g",
        clock=ManualClock(now),
        grace=10,
        batch_size=batch_size,
        before_commit=crash,
    )


def expected_counts(log: PartitionedLog, window: int) -> list[tuple[int, str, int]]:
    """Counts computed straight from the log, with no worker involved."""
    counts: dict[tuple[int, str], int] = {}
    for partition in range(log.partitions):
        for record in asyncio.run(log.fetch(partition, 0, 1_000)):
            start = record.timestamp - record.timestamp % window
            counts[(start, record.key)] = counts.get((start, record.key), 0) + 1
    return [(start, key, n) for (start, key), n in sorted(counts.items())]


def test_clean_run_counts_every_record_once_and_commits_the_end() -> None:
    log, sink = busy_log(), WindowedCounts(window=60)
    asyncio.run(worker(log, sink).catch_up())
    assert sink.published == expected_counts(log, 60)
    for partition in range(log.partitions):
        end = len(asyncio.run(log.fetch(partition, 0, 1_000)))
        assert log.committed("g", partition) == end
    assert sink.duplicates == 0


@pytest.mark.parametrize("crash_at", [(0, 3), (1, 6), (2, 3), (2, 9)])
def test_crash_before_commit_redelivers_and_the_result_stays_correct(
    crash_at: tuple[int, int],
) -> None:
    log, sink = busy_log(), WindowedCounts(window=60)
    with pytest.raises(ExceptionGroup) as crashed:
        asyncio.run(worker(log, sink, crash_at=crash_at).catch_up())
    assert crashed.group_contains(SimulatedCrashError)
    partition, next_offset = crash_at
    # The batch that ended at next_offset was applied but not committed.
    assert log.committed("g", partition) == next_offset - 3
    assert sink.applied[partition] == next_offset - 1
    assert sink.published == []  # nothing is published by a worker that died

    asyncio.run(worker(log, sink).catch_up())
    assert sink.duplicates >= 3  # the uncommitted batch came back ...
    assert sink.published == expected_counts(log, 60)  # ... and counted once


def test_the_dedup_is_what_makes_replay_safe() -> None:
    """Forget the applied offsets (a sink without dedup) and replay double-counts."""
    log, sink = busy_log(), WindowedCounts(window=60)
    with pytest.raises(ExceptionGroup):
        asyncio.run(worker(log, sink, crash_at=(0, 3)).catch_up())
    sink.applied.clear()
    asyncio.run(worker(log, sink).catch_up())
    assert sink.published != expected_counts(log, 60)
    assert sum(n for *_, n in sink.published) > sum(n for *_, n in expected_counts(log, 60))


def test_each_partition_is_applied_in_offset_order_while_partitions_interleave() -> None:
    seen: list[Record] = []

    class Recording(WindowedCounts):
        def apply(self, record: Record) -> None:
            seen.append(record)
            super().apply(record)

    log = busy_log()
    asyncio.run(worker(log, Recording(window=60), batch_size=2).catch_up())
    for partition in range(log.partitions):
        offsets = [r.offset for r in seen if r.partition == partition]
        assert offsets == list(range(len(offsets)))
    order = [r.partition for r in seen]
    first_done = max(i for i, p in enumerate(order) if p == order[0])
    assert len(set(order[:first_done])) > 1  # not one partition after the other


def test_same_key_always_lands_in_the_same_partition() -> None:
    log = PartitionedLog(partitions=4)
    placed = {log.append("user-7", timestamp=t).partition for t in range(20)}
    assert len(placed) == 1


def test_windows_publish_only_after_end_plus_grace() -> None:
    log, sink = PartitionedLog(partitions=1), WindowedCounts(window=60)
    log.append("a", timestamp=59)
    log.append("a", timestamp=60)
    clock = ManualClock(69)
    run = StreamWorker(log, sink, group="g", clock=clock, grace=10)
    asyncio.run(run.catch_up())
    assert sink.published == []
    clock.now = 70
    asyncio.run(run.catch_up())
    assert sink.published == [(0, "a", 1)]
    assert sink.open == {(60, "a"): 1}


def test_a_record_for_a_published_window_is_late_and_does_not_change_it() -> None:
    log, sink = PartitionedLog(partitions=1), WindowedCounts(window=60)
    log.append("a", timestamp=10)
    clock = ManualClock(100)
    run = StreamWorker(log, sink, group="g", clock=clock, grace=10)
    asyncio.run(run.catch_up())
    log.append("a", timestamp=30)
    log.append("a", timestamp=65)
    clock.now = 200
    asyncio.run(run.catch_up())
    assert sink.late == 1
    assert sink.published == [(0, "a", 1), (60, "a", 1)]
    assert sink.applied[0] == 2  # the late record is still consumed and committed
    assert log.committed("g", 0) == 3


def test_a_failing_record_stops_its_partition_without_committing_it() -> None:
    log = PartitionedLog(partitions=1)
    for t in range(5):
        log.append("a", timestamp=t)

    class Flaky(WindowedCounts):
        def apply(self, record: Record) -> None:
            if record.offset == 3:
                raise ValueError("bad record")
            super().apply(record)

    sink = Flaky(window=60)
    with pytest.raises(ExceptionGroup) as failed:
        asyncio.run(worker(log, sink, batch_size=2).catch_up())
    assert failed.group_contains(ValueError)
    assert log.committed("g", 0) == 2  # offset 2 was applied, but its batch never committed
    assert sink.applied == {0: 2}
    assert sink.published == []


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: PartitionedLog(partitions=0), "partitions"),
        (lambda: WindowedCounts(window=0), "window"),
        (
            lambda: StreamWorker(
                PartitionedLog(1),
                WindowedCounts(1),
                group="g",
                clock=ManualClock(),
                grace=0,
                batch_size=0,
            ),
            "batch_size",
        ),
    ],
)
def test_rejects_nonsense_settings(make: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_before_loses_or_doubles_a_record_after_one_crash() -> None:
    assert asyncio.run(before.run(commit_first=True))["home"] == 2
    assert asyncio.run(before.run(commit_first=False))["home"] == 4


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p098)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
