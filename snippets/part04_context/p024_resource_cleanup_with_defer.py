"""P024 Resource Cleanup with defer: release what you acquire on every way out, newest first.

`import_orders` opens any number of order files and a database transaction
under one `contextlib.AsyncExitStack`. Each cleanup is registered the moment
its resource exists, as Go code writes `defer f.Close()` on the line after
`os.Open`. However the function ends (it returns, raises, or its task is
cancelled), the stack runs the cleanups in reverse order: the transaction
commits or rolls back first, then the files close, last opened first. If
opening the third file fails, the two already open are closed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from typing import NamedTuple


class Order(NamedTuple):
    id: str
    quantity: int


def parse_order(file: str, number: int, line: str) -> Order:
    """Read one `id,quantity` line; the error names the file and the line."""
    order_id, _, quantity = line.partition(",")
    if not quantity.isdigit():
        raise ValueError(f"{file} line {number}: quantity {quantity!r} is not a number")
    return Order(order_id, int(quantity))


class Source:
    """An open order file: its lines and a `close()`, like a handle from `open`."""

    def __init__(self, store: FileStore, name: str, lines: list[str]) -> None:
        self._store = store
        self.name = name
        self.lines = lines

    def close(self) -> None:
        self._store.journal.append(f"close {self.name}")
        self._store.open_files -= 1


class FileStore:
    """Order files in memory; records every open and close in `journal`."""

    def __init__(self, files: dict[str, list[str]], journal: list[str]) -> None:
        self._files = files
        self.journal = journal
        self.open_files = 0

    def open(self, name: str) -> Source:
        if name not in self._files:
            raise FileNotFoundError(f"no such file: {name}")
        self.journal.append(f"open {name}")
        self.open_files += 1
        return Source(self, name, self._files[name])


class Transaction:
    """Rows inserted here reach the database only when `commit` succeeds."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._rows: list[Order] = []
        self._finished = False

    async def insert(self, order: Order) -> None:
        await asyncio.sleep(0)  # the round trip to the database
        self._rows.append(order)

    async def commit(self) -> None:
        await asyncio.sleep(0)
        self._db.rows.extend(self._rows)
        self._db.journal.append("commit")
        self._finished = True

    async def rollback(self) -> None:
        """Undo the transaction; does nothing once it has committed."""
        if self._finished:
            return
        await asyncio.sleep(0)
        self._db.journal.append("rollback")
        self._finished = True


class Database:
    """A stand-in database that records `begin`, `commit` and `rollback`."""

    def __init__(self, journal: list[str]) -> None:
        self.journal = journal
        self.rows: list[Order] = []
        self.open_transactions = 0

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """Commit if the block finishes; roll back if it raises or is cancelled."""
        tx = Transaction(self)
        self.journal.append("begin")
        self.open_transactions += 1
        try:
            yield tx
            await tx.commit()
        finally:
            # Runs on every way out, CancelledError included. After a commit it
            # is a no-op, exactly like Go's `defer tx.Rollback()`.
            await tx.rollback()
            self.open_transactions -= 1


async def import_orders(db: Database, files: FileStore, names: Sequence[str]) -> int:
    """Insert the orders of all `names` in one transaction: all of them or none.

    Every file is opened before the transaction begins, so a missing file
    fails before anything is written. Returns the number of orders inserted.
    """
    async with contextlib.AsyncExitStack() as stack:
        sources: list[Source] = []
        for name in names:
            source = files.open(name)
            stack.callback(source.close)  # Go: defer f.Close(), right after the open
            sources.append(source)
        tx = await stack.enter_async_context(db.transaction())
        count = 0
        for source in sources:
            for number, line in enumerate(source.lines, start=1):
                await tx.insert(parse_order(source.name, number, line))
                count += 1
    return count


FILES = {
    "a.csv": ["A-1,2", "A-2,1"],
    "b.csv": ["B-1,5"],
    "bad.csv": ["C-1,1", "C-2,three"],
}


async def attempt(names: list[str], *, limit: float | None = None) -> None:
    """Run one import and print what was acquired and released, in order."""
    journal: list[str] = []
    db, files = Database(journal), FileStore(FILES, journal)
    try:
        async with asyncio.timeout(limit):
            outcome = f"imported {await import_orders(db, files, names)} orders"
    except (ValueError, OSError, TimeoutError) as exc:
        outcome = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    print(" > ".join(journal))
    print(f"  {outcome}; rows saved: {len(db.rows)}, files open: {files.open_files}")


async def main() -> None:
    await attempt(["a.csv", "b.csv"])
    #> open a.csv > open b.csv > begin > commit > close b.csv > close a.csv
    #>   imported 3 orders; rows saved: 3, files open: 0
    await attempt(["a.csv", "bad.csv"])
    #> open a.csv > open bad.csv > begin > rollback > close bad.csv > close a.csv
    #>   ValueError: bad.csv line 2: quantity 'three' is not a number; rows saved: 0, files open: 0
    await attempt(["a.csv", "b.csv", "missing.csv"])
    #> open a.csv > open b.csv > close b.csv > close a.csv
    #>   FileNotFoundError: no such file: missing.csv; rows saved: 0, files open: 0

    # A deadline that has passed cancels the task at its first wait, inside an insert.
    await attempt(["a.csv", "b.csv"], limit=0)
    #> open a.csv > open b.csv > begin > rollback > close b.csv > close a.csv
    #>   TimeoutError; rows saved: 0, files open: 0


if __name__ == "__main__":
    asyncio.run(main())
