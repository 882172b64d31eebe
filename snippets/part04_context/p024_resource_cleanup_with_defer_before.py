"""P024 before: cleanup written at the end of the happy path runs only on the happy path.

The import closes its files and commits at the bottom of the function. Any
exit above that line skips them: a bad line leaves the transaction open and
every file open, a missing third file leaks the two opened before it, and a
cancelled task leaks all of them. Each leak is small; a service that imports a
few thousand files a day runs out of file handles or database connections.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence


class Source:
    """An open order file: its lines and a `close()`."""

    def __init__(self, store: FileStore, name: str, lines: list[str]) -> None:
        self._store = store
        self.name = name
        self.lines = lines

    def close(self) -> None:
        self._store.open_files -= 1


class FileStore:
    """Order files in memory; counts the ones open right now."""

    def __init__(self, files: dict[str, list[str]]) -> None:
        self._files = files
        self.open_files = 0

    def open(self, name: str) -> Source:
        if name not in self._files:
            raise FileNotFoundError(f"no such file: {name}")
        self.open_files += 1
        return Source(self, name, self._files[name])


class Database:
    """Counts transactions begun and not yet committed: each one pins a connection."""

    def __init__(self) -> None:
        self.open_transactions = 0

    async def begin(self) -> None:
        self.open_transactions += 1

    async def insert(self, line: str) -> None:
        await asyncio.sleep(0)
        if not line.partition(",")[2].isdigit():
            raise ValueError(f"bad line {line!r}")

    async def commit(self) -> None:
        self.open_transactions -= 1


async def import_orders(db: Database, files: FileStore, names: Sequence[str]) -> None:
    sources = [files.open(name) for name in names]  # a failure here leaks the earlier ones
    await db.begin()
    for source in sources:
        for line in source.lines:
            await db.insert(line)  # a failure or a cancellation here leaks everything
    await db.commit()
    for source in sources:
        source.close()


FILES = {"a.csv": ["A-1,2"], "b.csv": ["B-1,5"], "bad.csv": ["C-1,three"]}


async def attempt(names: list[str], *, limit: float | None = None) -> None:
    db, files = Database(), FileStore(FILES)
    try:
        async with asyncio.timeout(limit):
            await import_orders(db, files, names)
        outcome = "ok"
    except (ValueError, OSError, TimeoutError) as exc:
        outcome = type(exc).__name__
    print(f"{outcome:>17}: files left open {files.open_files}, "
          f"transactions left open {db.open_transactions}")


async def main() -> None:
    await attempt(["a.csv", "b.csv"])
    #>                ok: files left open 0, transactions left open 0
    await attempt(["a.csv", "bad.csv"])
    #>        ValueError: files left open 2, transactions left open 1
    await attempt(["a.csv", "b.csv", "missing.csv"])
    #> FileNotFoundError: files left open 2, transactions left open 0
    await attempt(["a.csv", "b.csv"], limit=0)
    #>      TimeoutError: files left open 2, transactions left open 1


if __name__ == "__main__":
    asyncio.run(main())
