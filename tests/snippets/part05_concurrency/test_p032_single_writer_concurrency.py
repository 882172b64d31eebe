"""P032: one writer task, no lost updates, immutable snapshots, and a writer that ends with its owner."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part05_concurrency import p032_single_writer_concurrency as p032
from snippets.part05_concurrency import p032_single_writer_concurrency_before as before
from snippets.part05_concurrency.p032_single_writer_concurrency import (
    Catalog,
    InboxFullError,
    Movement,
    NotTheWriterError,
    Snapshot,
    StockLevels,
)

DemoCheck = Callable[[ModuleType], None]
SKUS = ["widget", "gadget", "gizmo"]


async def steps(count: int) -> None:
    for _ in range(count):
        await asyncio.sleep(0)


async def record_when_room(stock: StockLevels, movement: Movement) -> int:
    """Record, retrying on a later turn while the inbox is full; return the refusals."""
    refusals = 0
    while True:
        try:
            stock.record(movement)
        except InboxFullError:
            refusals += 1
            await asyncio.sleep(0)
        else:
            return refusals


class RecordingCatalog(Catalog):
    """Remembers the order of its checks, and can be held shut or made to fail."""

    def __init__(self, skus: list[str]) -> None:
        super().__init__(skus)
        self.checked: list[str] = []
        self.gate = asyncio.Event()
        self.gate.set()
        self.broken = False

    async def check(self, sku: str) -> None:
        await self.gate.wait()
        self.checked.append(sku)
        if self.broken:
            raise ConnectionError("catalog unreachable")
        await super().check(sku)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("handlers", [1, 7, 200])
def test_concurrent_movements_are_all_applied_by_the_writer_alone(seed: int, handlers: int) -> None:
    rng = random.Random(seed)
    movements = [Movement(rng.choice(SKUS), rng.randint(-5, 5)) for _ in range(handlers)]

    async def scenario() -> None:
        refusals = 0
        async with StockLevels({"widget": 100}, Catalog(SKUS), inbox_size=4) as stock:

            async def handler(movement: Movement) -> None:
                nonlocal refusals
                await steps(rng.randint(0, 3))
                refusals += await record_when_room(stock, movement)

            async with asyncio.TaskGroup() as group:
                for number, movement in enumerate(movements):
                    group.create_task(handler(movement), name=f"handler-{number}")
            settled = await stock.settled()
        if handlers == 200:
            assert refusals > 0  # the small inbox really did push back
        expected = {"widget": 100}
        for movement in movements:
            expected[movement.sku] = expected.get(movement.sku, 0) + movement.quantity
        assert dict(settled.levels) == expected
        assert set(stock.writes_by) == {"stock-writer"}  # the only task that ever wrote
        assert sum(stock.writes_by.values()) == settled.version
        assert stock.snapshot is settled  # closing had nothing left to publish, so it did not

    asyncio.run(scenario())


def test_the_before_version_loses_updates_because_every_handler_writes() -> None:
    stock = before.StockLevels({"widget": 10}, before.Catalog())

    async def scenario() -> None:
        async with asyncio.TaskGroup() as group:
            for number in range(12):
                group.create_task(stock.record(before.Movement("widget", -1)), name=f"h{number}")

    asyncio.run(scenario())
    assert stock.levels["widget"] == 9  # twelve sales, eleven of them lost
    assert len(stock.writes_by) == 12


def test_readers_see_versions_only_move_forward_and_a_snapshot_never_changes() -> None:
    async def scenario() -> None:
        seen: dict[int, Snapshot] = {}
        contents: dict[int, dict[str, int]] = {}
        async with StockLevels({}, Catalog(SKUS), inbox_size=3) as stock:
            done = asyncio.Event()

            async def reader() -> list[int]:
                versions = []
                while not done.is_set():
                    snapshot = stock.snapshot
                    versions.append(snapshot.version)
                    contents.setdefault(snapshot.version, dict(snapshot.levels))
                    assert dict(snapshot.levels) == contents[snapshot.version]
                    seen[snapshot.version] = snapshot
                    await asyncio.sleep(0)
                return versions

            readers = [asyncio.create_task(reader()) for _ in range(3)]
            for n in range(60):
                await record_when_room(stock, Movement(SKUS[n % 3], 1))
            await stock.settled()
            done.set()
            for versions in await asyncio.gather(*readers):
                assert versions == sorted(versions)
                assert versions[-1] == stock.snapshot.version
        assert len(seen) > 2  # the readers really did overlap with several publications
        for version, snapshot in seen.items():
            assert dict(snapshot.levels) == contents[version]  # still what it was when read

    asyncio.run(scenario())


def test_snapshots_are_read_only_and_copied_from_the_callers_dict() -> None:
    async def scenario() -> None:
        initial = {"widget": 5}
        async with StockLevels(initial, Catalog(SKUS)) as stock:
            initial["widget"] = 999
            first = stock.snapshot
            assert first.level("widget") == 5
            assert first.level("gadget") == 0
            with pytest.raises(TypeError):
                first.levels["widget"] = 0  # type: ignore[index]
            stock.record(Movement("widget", 1))
            assert (await stock.settled()).level("widget") == 6
            assert first.level("widget") == 5

    asyncio.run(scenario())


def test_movements_are_applied_in_the_order_they_were_recorded() -> None:
    async def scenario() -> None:
        catalog = RecordingCatalog(SKUS)
        order = [SKUS[n * 7 % 3] for n in range(30)]
        async with StockLevels({}, catalog, inbox_size=5) as stock:
            for sku in order:
                await record_when_room(stock, Movement(sku, 1))
        assert catalog.checked == order

    asyncio.run(scenario())


def test_a_refused_movement_does_not_stop_the_writer() -> None:
    async def scenario() -> None:
        async with StockLevels({"widget": 1}, Catalog(SKUS)) as stock:
            stock.record(Movement("unknown", 4))
            stock.record(Movement("widget", 2))
            settled = await stock.settled()
            assert dict(settled.levels) == {"widget": 3}
            assert settled.rejected == ("unknown SKU 'unknown'",)
            stock.record(Movement("nope", 1))
            assert (await stock.settled()).rejected == (
                "unknown SKU 'unknown'",
                "unknown SKU 'nope'",
            )

    asyncio.run(scenario())


def test_closing_applies_everything_already_recorded() -> None:
    async def scenario() -> None:
        async with StockLevels({}, Catalog(SKUS), inbox_size=50) as stock:
            for _ in range(40):
                stock.record(Movement("gadget", 2))
            assert stock.snapshot.level("gadget") < 80  # not yet applied
        assert stock.snapshot.level("gadget") == 80

    asyncio.run(scenario())


def test_a_full_inbox_refuses_movements_instead_of_growing() -> None:
    async def scenario() -> None:
        catalog = RecordingCatalog(SKUS)
        catalog.gate.clear()  # the writer takes a batch and then stalls on it
        async with StockLevels({}, catalog, inbox_size=2) as stock:
            stock.record(Movement("widget", 1))
            stock.record(Movement("widget", 2))
            with pytest.raises(InboxFullError, match="2 movements are waiting"):
                stock.record(Movement("widget", 4))
            await steps(3)  # the writer takes both as one batch, which frees the inbox
            stock.record(Movement("widget", 8))
            stock.record(Movement("widget", 16))
            with pytest.raises(InboxFullError):
                stock.record(Movement("widget", 32))
            catalog.gate.set()
            assert (await stock.settled()).level("widget") == 1 + 2 + 8 + 16

    asyncio.run(scenario())


def test_only_the_writer_task_may_publish() -> None:
    async def scenario() -> None:
        async with StockLevels({"widget": 1}, Catalog(SKUS)) as stock:
            with pytest.raises(NotTheWriterError):
                stock._publish({"widget": 0}, [])

            async def impostor() -> None:
                stock._publish({"widget": 0}, [])

            # The check is by task identity: borrowing the writer's name does not help.
            with pytest.raises(NotTheWriterError):
                await asyncio.create_task(impostor(), name="stock-writer")
            assert stock.snapshot.level("widget") == 1
            assert stock.writes_by == {}
            stock.record(Movement("widget", 1))
            assert (await stock.settled()).level("widget") == 2
        assert stock.writes_by == {"stock-writer": 1}

    asyncio.run(scenario())


def test_record_is_refused_before_open_and_after_close() -> None:
    async def scenario() -> None:
        stock = StockLevels({}, Catalog(SKUS))
        with pytest.raises(RuntimeError, match="not open"):
            stock.record(Movement("widget", 1))
        async with stock:
            pass
        with pytest.raises(RuntimeError, match="closed"):
            stock.record(Movement("widget", 1))

    asyncio.run(scenario())


def test_a_writer_that_crashes_refuses_new_movements_and_its_error_reaches_the_owner() -> None:
    async def scenario() -> None:
        catalog = RecordingCatalog(SKUS)
        catalog.broken = True
        catalog.gate.clear()
        with pytest.raises(ConnectionError):
            async with StockLevels({}, catalog) as stock:
                stock.record(Movement("widget", 1))
                await steps(3)  # the writer takes it and waits on the catalog
                stock.record(Movement("widget", 2))
                stock.record(Movement("widget", 4))
                waiting = asyncio.create_task(stock.settled())
                await steps(3)
                catalog.gate.set()  # the catalog call fails: the writer dies
                with pytest.raises(RuntimeError, match="movements were not applied"):
                    await waiting  # released, not left waiting forever
                with pytest.raises(RuntimeError, match="writer has stopped"):
                    stock.record(Movement("widget", 1))
        assert stock.snapshot.version == 0

    asyncio.run(scenario())


def test_settled_after_a_normal_close_returns_the_final_snapshot() -> None:
    async def scenario() -> None:
        async with StockLevels({}, Catalog(SKUS)) as stock:
            stock.record(Movement("gadget", 3))
        assert (await stock.settled()).level("gadget") == 3

    asyncio.run(scenario())


def test_cancelling_the_owner_leaves_no_writer_behind() -> None:
    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        catalog = RecordingCatalog(SKUS)
        catalog.gate.clear()  # the writer stalls on the first movement it takes

        async def owner() -> None:
            async with StockLevels({}, catalog) as stock:
                stock.record(Movement("widget", 1))
                stock.record(Movement("widget", 1))

        task = asyncio.create_task(owner())
        await steps(10)
        assert not task.done()  # closing waits for a writer stuck on the catalog
        assert len(asyncio.all_tasks() - baseline) == 2  # the owner and its writer
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert asyncio.all_tasks() - baseline == set()

    asyncio.run(scenario())


def test_an_error_in_the_owner_stops_the_writer_without_draining() -> None:
    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        catalog = RecordingCatalog(SKUS)
        catalog.gate.clear()
        with pytest.raises(ValueError, match="bad request"):
            async with StockLevels({}, catalog) as stock:
                stock.record(Movement("widget", 1))
                stock.record(Movement("widget", 1))
                raise ValueError("bad request")
        assert asyncio.all_tasks() - baseline == set()
        assert stock.snapshot.version == 0  # nothing was published after the error

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p032)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
