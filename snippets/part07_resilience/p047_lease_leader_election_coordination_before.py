"""P047 before: read the lock row, decide in code, then write it.

Each replica reads who holds the lock, sees that nobody does, and writes its
own name. Between its read and its write there is a network round trip, and
the other replica does the same read in that gap. Both write, both believe
they lead, and the job that must run once runs twice.
"""

from __future__ import annotations

import asyncio
import sqlite3

SCHEMA = """
CREATE TABLE locks (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at REAL NOT NULL);
INSERT INTO locks VALUES ('billing-job', '', 0);
"""


class NaiveLock:
    def __init__(self, db: sqlite3.Connection, me: str, now: float) -> None:
        self._db = db
        self.me = me
        self._now = now

    async def try_acquire(self, ttl: float) -> bool:
        holder, expires_at = self._db.execute(
            "SELECT holder, expires_at FROM locks WHERE name = 'billing-job'"
        ).fetchone()
        if holder != self.me and expires_at > self._now:
            return False
        await asyncio.sleep(0)  # the round trip between the read and the write
        with self._db:
            self._db.execute(
                "UPDATE locks SET holder = ?, expires_at = ? WHERE name = 'billing-job'",
                (self.me, self._now + ttl),
            )
        return True


async def main() -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    replicas = [NaiveLock(db, me, now=0.0) for me in ("a", "b")]
    won = await asyncio.gather(*(r.try_acquire(ttl=10.0) for r in replicas))
    leaders = [r.me for r, ok in zip(replicas, won, strict=True) if ok]
    print("replicas that think they lead:", leaders)
    #> replicas that think they lead: ['a', 'b']
    (holder,) = db.execute("SELECT holder FROM locks").fetchone()
    print("holder according to the table:", holder)
    #> holder according to the table: b


if __name__ == "__main__":
    asyncio.run(main())
