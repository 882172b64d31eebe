"""P024: every cleanup runs, newest first, on success, on error, on a failed acquire and on cancellation."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part04_context import p024_resource_cleanup_with_defer as p024
from snippets.part04_context import p024_resource_cleanup_with_defer_before as before
from snippets.part04_context.p024_resource_cleanup_with_defer import (
    Database,
    FileStore,
    Order,
    Source,
    import_orders,
    parse_order,
)

DemoCheck = Callable[[ModuleType], None]

FILES = {
    "one.csv": ["X-1,1", "X-2,2"],
    "two.csv": ["Y-1,3"],
    "three.csv": ["Z-1,4", "Z-2,5", "Z-3,6"],
    "bad.csv": ["W-1,1", "W-2,"],
}


def setup() -> tuple[list[str], Database, FileStore]:
    journal: list[str] = []
    return journal, Database(journal), FileStore(FILES, journal)


def assert_all_released(db: Database, files: FileStore) -> None:
    assert files.open_files == 0
    assert db.open_transactions == 0


def test_success_commits_then_closes_in_reverse_order_of_opening() -> None:
    journal, db, files = setup()
    count = asyncio.run(import_orders(db, files, ["one.csv", "two.csv", "three.csv"]))
    assert count == 6
    assert journal == [
        "open one.csv",
        "open two.csv",
        "open three.csv",
        "begin",
        "commit",
        "close three.csv",
        "close two.csv",
        "close one.csv",
    ]
    assert db.rows[0] == Order("X-1", 1)
    assert len(db.rows) == 6
    assert_all_released(db, files)


def test_an_error_in_the_body_rolls_back_and_still_closes_everything() -> None:
    journal, db, files = setup()
    with pytest.raises(ValueError, match=r"bad\.csv line 2"):
        asyncio.run(import_orders(db, files, ["one.csv", "bad.csv"]))
    assert journal[-3:] == ["rollback", "close bad.csv", "close one.csv"]
    assert "commit" not in journal
    assert db.rows == []
    assert_all_released(db, files)


@pytest.mark.parametrize("failing_at", [0, 1, 2])
def test_a_failed_open_releases_only_what_was_acquired_before_it(failing_at: int) -> None:
    names = ["one.csv", "two.csv", "three.csv"]
    names[failing_at] = "missing.csv"
    journal, db, files = setup()
    with pytest.raises(FileNotFoundError, match=r"missing\.csv"):
        asyncio.run(import_orders(db, files, names))
    opened = [f"open {name}" for name in names[:failing_at]]
    closed = [f"close {name}" for name in reversed(names[:failing_at])]
    assert journal == opened + closed  # no transaction was begun
    assert_all_released(db, files)


@pytest.mark.parametrize("turns", [0, 1, 3, 5])
def test_cancellation_at_any_wait_rolls_back_and_closes(turns: int) -> None:
    async def scenario() -> None:
        journal, db, files = setup()
        task = asyncio.create_task(import_orders(db, files, ["one.csv", "three.csv"]))
        for _ in range(turns + 1):
            await asyncio.sleep(0)
        assert db.open_transactions == 1  # cancelled mid-import, not before or after it
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert journal[-3:] == ["rollback", "close three.csv", "close one.csv"]
        assert db.rows == []
        assert_all_released(db, files)

    asyncio.run(scenario())


def test_a_timeout_around_the_import_rolls_back_and_closes() -> None:
    async def scenario() -> None:
        journal, db, files = setup()
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0):
                await import_orders(db, files, ["two.csv"])
        assert journal == ["open two.csv", "begin", "rollback", "close two.csv"]
        assert_all_released(db, files)

    asyncio.run(scenario())


def test_a_failing_cleanup_does_not_skip_the_ones_registered_before_it() -> None:
    class BrokenClose(Source):
        def close(self) -> None:
            super().close()
            raise OSError("disk went away while closing")

    class FlakyStore(FileStore):
        def open(self, name: str) -> Source:
            source = super().open(name)
            if name == "two.csv":
                return BrokenClose(self, source.name, source.lines)
            return source

    journal: list[str] = []
    db, files = Database(journal), FlakyStore(FILES, journal)
    with pytest.raises(OSError, match="disk went away"):
        asyncio.run(import_orders(db, files, ["one.csv", "two.csv"]))
    assert journal[-3:] == ["commit", "close two.csv", "close one.csv"]
    assert_all_released(db, files)


def test_no_files_still_begins_and_commits_an_empty_transaction() -> None:
    journal, db, files = setup()
    assert asyncio.run(import_orders(db, files, [])) == 0
    assert journal == ["begin", "commit"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [("A-1,7", Order("A-1", 7)), ("A-1,", None), ("A-1", None), ("A-1,-3", None)],
)
def test_parse_order(line: str, expected: Order | None) -> None:
    if expected is None:
        with pytest.raises(ValueError, match=r"f\.csv line 4: quantity"):
            parse_order("f.csv", 4, line)
    else:
        assert parse_order("f.csv", 4, line) == expected


@pytest.mark.parametrize(
    ("names", "error", "leaked_files", "leaked_transactions"),
    [
        (["a.csv", "bad.csv"], ValueError, 2, 1),
        (["a.csv", "missing.csv"], FileNotFoundError, 1, 0),
    ],
)
def test_before_cleanup_at_the_bottom_leaks_on_every_other_exit(
    names: list[str], error: type[Exception], leaked_files: int, leaked_transactions: int
) -> None:
    db, files = before.Database(), before.FileStore(before.FILES)
    with pytest.raises(error):
        asyncio.run(before.import_orders(db, files, names))
    assert (files.open_files, db.open_transactions) == (leaked_files, leaked_transactions)


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p024)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
