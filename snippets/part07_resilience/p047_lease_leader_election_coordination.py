"""P047 Lease / Leader Election: one row says who leads, until when, and in which term.

A replica leads while it holds an unexpired lease. Taking or renewing the
lease is one conditional UPDATE, so the database decides, and two candidates
can never both win. A leader that stops renewing loses the lease when it
expires; every new holder gets a larger fencing token, and the resources the
leader writes to refuse tokens older than the newest they have seen.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

SCHEMA = """
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at REAL NOT NULL,
    token      INTEGER NOT NULL  -- fencing token: goes up with every new term
);
"""

# One statement, so the check and the write cannot be split by another
# candidate: it matches if the lease has expired (take it, new term, new
# token) or if the caller holds it (renew it, same token). Otherwise it
# matches no row. SET expressions all read the row as it was before.
ACQUIRE = """
UPDATE leases
   SET token = CASE WHEN holder = :me AND expires_at > :now THEN token ELSE token + 1 END,
       holder = :me,
       expires_at = :now + :ttl
 WHERE name = :name AND (expires_at <= :now OR holder = :me)
"""

RELEASE = """
UPDATE leases SET expires_at = :now
 WHERE name = :name AND holder = :me AND expires_at > :now
"""


def open_database(path: str = ":memory:") -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    return db


class LeaseStore:
    """The lease table. `clock` is the database's clock: one clock for every candidate.

    With PostgreSQL, pass no clock and write `now()` in the SQL instead, so
    the replicas' own clocks never decide who holds the lease.
    """

    def __init__(self, db: sqlite3.Connection, *, clock: Callable[[], float]) -> None:
        self._db = db
        self._clock = clock

    def try_acquire(self, name: str, holder: str, ttl: float) -> int | None:
        """Take or renew the lease; return its fencing token, or None if another holds it."""
        if not holder:
            raise ValueError("holder must be a non-empty name")
        params = {"name": name, "me": holder, "now": self._clock(), "ttl": ttl}
        with self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO leases (name, holder, expires_at, token)"
                " VALUES (:name, '', 0, 0)",
                params,
            )
            if self._db.execute(ACQUIRE, params).rowcount != 1:
                return None
            (token,) = self._db.execute(
                "SELECT token FROM leases WHERE name = :name", params
            ).fetchone()
            return int(token)

    def release(self, name: str, holder: str) -> None:
        """End the caller's term now, so the next candidate need not wait for expiry."""
        with self._db:
            self._db.execute(RELEASE, {"name": name, "me": holder, "now": self._clock()})


class NotLeaderError(Exception):
    """Raised when a replica that does not hold the lease asks for a fencing token."""


@dataclass(frozen=True)
class Term:
    token: int
    lead_until: float  # on the replica's own clock; stop leading before this


class Elector:
    """One replica's side of the election: call `tick` every ttl / 3 or so.

    The replica's deadline is measured from *before* its request, minus a
    margin for clock drift, so it stops leading while its lease is still valid
    in the database, never after.
    """

    def __init__(
        self,
        leases: LeaseStore,
        name: str,
        me: str,
        *,
        ttl: float,
        margin: float,
        clock: Callable[[], float],
    ) -> None:
        if not 0 <= margin < ttl:
            raise ValueError("margin must be at least 0 and shorter than ttl")
        self._leases = leases
        self._name = name
        self.me = me
        self._ttl = ttl
        self._margin = margin
        self._clock = clock
        self._term: Term | None = None

    def tick(self) -> Term | None:
        started = self._clock()
        token = self._leases.try_acquire(self._name, self.me, self._ttl)
        self._term = None if token is None else Term(token, started + self._ttl - self._margin)
        return self._term

    def is_leader(self) -> bool:
        return self._term is not None and self._clock() < self._term.lead_until

    def fencing_token(self) -> int:
        """Call before every unit of leader-only work, and send the token with its writes."""
        if self._term is None or not self.is_leader():
            raise NotLeaderError(f"{self.me} does not hold the lease")
        return self._term.token

    def resign(self) -> None:
        """Give the lease up at shutdown."""
        self._term = None
        self._leases.release(self._name, self.me)

    async def run(
        self,
        work: Callable[[int], Awaitable[None]],
        *,
        wait: Callable[[], Awaitable[None]],
    ) -> None:
        """Tick, call `work(token)` while leading, `await wait()`, repeat; resign on exit.

        In production `wait` is `lambda: asyncio.sleep(ttl / 3)`. Cancel the task
        to stop it: the `finally` releases the lease. A long `work` should call
        `fencing_token()` again before each step, since the term can end midway.
        """
        try:
            while True:
                if self.tick() is not None and self.is_leader():
                    await work(self.fencing_token())
                await wait()
        finally:
            self.resign()


class StaleTokenError(Exception):
    """A write carried the token of a term that a newer leader has replaced."""


class FencedStore:
    """What the leader writes to. It refuses any token older than the newest seen.

    In SQL the same check is a condition on the write:
    `UPDATE ... SET fence = :token WHERE ... AND fence <= :token`.
    """

    def __init__(self) -> None:
        self._newest = 0
        self.records: list[str] = []

    def write(self, token: int, record: str) -> None:
        if token < self._newest:
            raise StaleTokenError(f"token {token} is older than {self._newest}")
        self._newest = token
        self.records.append(record)


class ManualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def describe(term: Term | None) -> str:
    return f"token {term.token}, lead until t={term.lead_until:g}" if term else "refused"


async def main() -> None:
    clock = ManualClock()
    leases = LeaseStore(open_database(), clock=clock)
    a, b = (
        Elector(leases, "billing-job", me, ttl=10.0, margin=2.0, clock=clock) for me in "ab"
    )
    billing = FencedStore()

    async def campaign(elector: Elector) -> Term | None:
        await asyncio.sleep(0)  # both replicas wake at the same moment
        return elector.tick()

    first_a, first_b = await asyncio.gather(campaign(a), campaign(b))
    print("t=0  a:", describe(first_a), "| b:", describe(first_b))
    #> t=0  a: token 1, lead until t=8 | b: refused
    billing.write(a.fencing_token(), "a ran billing at t=0")

    clock.now = 4.0
    print("t=4  a renews:", describe(a.tick()))
    #> t=4  a renews: token 1, lead until t=12
    token_a = a.fencing_token()  # a starts a slow batch with this token
    clock.now = 12.0  # a is stuck in a long pause and misses its renewals
    print("t=12 a.is_leader():", a.is_leader())
    #> t=12 a.is_leader(): False
    clock.now = 13.0
    print("t=13 b:", describe(b.tick()))
    #> t=13 b: refused
    clock.now = 14.0
    print("t=14 b:", describe(b.tick()))
    #> t=14 b: token 2, lead until t=22
    billing.write(b.fencing_token(), "b ran billing at t=14")

    clock.now = 15.0  # a wakes up and carries on with the token it had
    try:
        billing.write(token_a, "a ran billing at t=15")
    except StaleTokenError as exc:
        print("t=15 a's late write:", exc)
    #> t=15 a's late write: token 1 is older than 2
    print("t=15 a renews:", describe(a.tick()))
    #> t=15 a renews: refused

    b.resign()  # b shuts down cleanly
    print("t=15 a, after b resigned:", describe(a.tick()))
    #> t=15 a, after b resigned: token 3, lead until t=23
    print(billing.records)
    #> ['a ran billing at t=0', 'b ran billing at t=14']


if __name__ == "__main__":
    asyncio.run(main())
