"""P054 Soft Delete and Tombstones: hide deleted rows, keep the fact of the deletion.

Deleting a user sets `deleted_at` instead of removing the row. Every normal
read goes through the `live_users` view or a repository method that filters on
`deleted_at IS NULL`, so deleted rows are invisible unless a caller asks for
them by name. Email uniqueness is a partial index over live rows only, so a
deleted user's email can be used again. Each change gets a revision number;
sync consumers read changes after their last revision and receive a tombstone
(the ID and the deletion time, no data) for each deletion, even after the row
itself has been purged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

SCHEMA = """
CREATE TABLE users (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reuses a purged ID
    email      TEXT NOT NULL,
    name       TEXT NOT NULL,
    deleted_at TEXT,                               -- NULL while the row is live
    rev        INTEGER NOT NULL                    -- revision of its last change
);
-- Unique among live rows only: a deleted row does not hold on to its email.
CREATE UNIQUE INDEX users_live_email ON users (email) WHERE deleted_at IS NULL;
CREATE INDEX users_rev ON users (rev);
-- The default read path. Code that reads users reads this view.
CREATE VIEW live_users AS
    SELECT id, email, name, deleted_at FROM users WHERE deleted_at IS NULL;
-- What is left of a purged row: the fact that it was deleted, and when.
CREATE TABLE tombstones (
    id         INTEGER PRIMARY KEY,
    deleted_at TEXT NOT NULL,
    rev        INTEGER NOT NULL
);
CREATE TABLE revision (value INTEGER NOT NULL);
INSERT INTO revision (value) VALUES (0);
"""

_NEXT_REV = "(SELECT value + 1 FROM revision)"


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str
    deleted_at: str | None = None


@dataclass(frozen=True)
class Upsert:
    """A sync consumer should store this user (created, changed or restored)."""

    rev: int
    user: User


@dataclass(frozen=True)
class Tombstone:
    """A sync consumer should drop this ID. It carries no personal data."""

    rev: int
    id: int
    deleted_at: str


Change = Upsert | Tombstone


class EmailTakenError(Exception):
    """Another live user already has this email."""


def _timestamp(moment: datetime) -> str:
    # One fixed format in UTC, so comparing the strings compares the times.
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


class UserRepository:
    """Users with soft delete, restore, purge and a change feed for sync consumers.

    Args:
        db: a connection whose database has `SCHEMA` applied.
        clock: returns the current time as an aware datetime; tests inject one.
    """

    def __init__(self, db: sqlite3.Connection, clock: Callable[[], datetime]) -> None:
        self._db = db
        self._clock = clock

    def create(self, email: str, name: str) -> User:
        """Insert a live user; EmailTakenError if a live user has the email."""
        try:
            with self._db:
                cursor = self._db.execute(
                    f"INSERT INTO users (email, name, rev) VALUES (?, ?, {_NEXT_REV})",
                    (email, name),
                )
                self._bump_revision()
        except sqlite3.IntegrityError as exc:
            raise EmailTakenError(email) from exc
        assert cursor.lastrowid is not None
        return User(cursor.lastrowid, email, name)

    def get(self, user_id: int, *, include_deleted: bool = False) -> User | None:
        """The user, or None if there is none or it is deleted (unless asked for)."""
        source = "users" if include_deleted else "live_users"
        row = self._db.execute(
            f"SELECT id, email, name, deleted_at FROM {source} WHERE id = ?", (user_id,)
        ).fetchone()
        return None if row is None else User(*row)

    def list_live(self) -> list[User]:
        """Every live user, by ID."""
        rows = self._db.execute("SELECT id, email, name, deleted_at FROM live_users ORDER BY id")
        return [User(*row) for row in rows]

    def delete(self, user_id: int) -> bool:
        """Soft-delete a live user. False if there was none; a repeat keeps the first time."""
        return self._change(
            f"UPDATE users SET deleted_at = ?, rev = {_NEXT_REV}"
            " WHERE id = ? AND deleted_at IS NULL",
            (_timestamp(self._clock()), user_id),
        )

    def restore(self, user_id: int) -> bool:
        """Undo a soft delete. False if the user is not deleted (or was purged).

        Raises EmailTakenError if a live user has taken the email meanwhile:
        the partial unique index checks the restored row like a new one.
        """
        try:
            return self._change(
                f"UPDATE users SET deleted_at = NULL, rev = {_NEXT_REV}"
                " WHERE id = ? AND deleted_at IS NOT NULL",
                (user_id,),
            )
        except sqlite3.IntegrityError as exc:
            raise EmailTakenError(f"cannot restore user {user_id}: email in use") from exc

    def purge(self, deleted_before: datetime) -> int:
        """Remove rows deleted before the cutoff for good, leaving a tombstone each."""
        cutoff = (_timestamp(deleted_before),)
        where = "WHERE deleted_at IS NOT NULL AND deleted_at < ?"
        with self._db:
            self._db.execute(
                f"INSERT INTO tombstones (id, deleted_at, rev) SELECT id, deleted_at, rev"
                f" FROM users {where}",
                cutoff,
            )
            return self._db.execute(f"DELETE FROM users {where}", cutoff).rowcount

    def changes_since(self, rev: int) -> list[Change]:
        """Every change after revision `rev`, oldest first; deletions are tombstones."""
        rows = self._db.execute(
            "SELECT rev, id, email, name, deleted_at FROM users WHERE rev > ?"
            " UNION ALL"
            " SELECT rev, id, NULL, NULL, deleted_at FROM tombstones WHERE rev > ?"
            " ORDER BY rev",
            (rev, rev),
        )
        changes: list[Change] = []
        for row_rev, user_id, email, name, deleted_at in rows:
            if deleted_at is None:
                changes.append(Upsert(row_rev, User(user_id, email, name)))
            else:
                changes.append(Tombstone(row_rev, user_id, deleted_at))
        return changes

    def _change(self, sql: str, params: tuple[object, ...]) -> bool:
        with self._db:
            changed = self._db.execute(sql, params).rowcount == 1
            if changed:
                self._bump_revision()
        return changed

    def _bump_revision(self) -> None:
        self._db.execute("UPDATE revision SET value = value + 1")


class Replica:
    """A sync consumer: a copy of the users that follows the change feed."""

    def __init__(self) -> None:
        self.users: dict[int, User] = {}
        self.cursor = 0

    def pull(self, repo: UserRepository) -> list[Change]:
        changes = repo.changes_since(self.cursor)
        for change in changes:
            if isinstance(change, Upsert):
                self.users[change.user.id] = change.user
            else:
                self.users.pop(change.id, None)
            self.cursor = change.rev
        return changes

    def emails(self) -> list[str]:
        return [self.users[user_id].email for user_id in sorted(self.users)]


class ManualClock:
    """A clock that moves only when told to."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def main() -> None:
    with closing(sqlite3.connect(":memory:")) as db:
        db.executescript(SCHEMA)
        clock = ManualClock(datetime(2024, 5, 1, 9, 0, tzinfo=UTC))
        repo = UserRepository(db, clock)
        replica = Replica()

        ada = repo.create("ada@example.com", "Ada")
        repo.create("bob@example.com", "Bob")
        replica.pull(repo)
        print("replica:", replica.emails())
        #> replica: ['ada@example.com', 'bob@example.com']

        clock.advance(timedelta(hours=1))
        print("delete:", repo.delete(ada.id), "again:", repo.delete(ada.id))
        #> delete: True again: False
        print("get:", repo.get(ada.id), "list:", [u.email for u in repo.list_live()])
        #> get: None list: ['bob@example.com']
        print("audit:", repo.get(ada.id, include_deleted=True))
        #> audit: User(id=1, email='ada@example.com', name='Ada', deleted_at='2024-05-01 10:00:00')
        print("sync:", replica.pull(repo), replica.emails())
        #> sync: [Tombstone(rev=3, id=1, deleted_at='2024-05-01 10:00:00')] ['bob@example.com']

        # The email is free again: the unique index only covers live rows.
        ada2 = repo.create("ada@example.com", "Ada Lovelace")
        try:
            repo.restore(ada.id)
        except EmailTakenError as exc:
            print("restore:", exc)
        #> restore: cannot restore user 1: email in use
        repo.delete(ada2.id)
        print("restore after the new account is deleted:", repo.restore(ada.id))
        #> restore after the new account is deleted: True

        clock.advance(timedelta(days=31))
        print("purged:", repo.purge(clock() - timedelta(days=30)))
        #> purged: 1
        for change in Replica().pull(repo):  # a consumer starting from scratch
            print(change)
        #> Upsert(rev=2, user=User(id=2, email='bob@example.com', name='Bob', deleted_at=None))
        #> Tombstone(rev=5, id=3, deleted_at='2024-05-01 10:00:00')
        #> Upsert(rev=6, user=User(id=1, email='ada@example.com', name='Ada', deleted_at=None))


if __name__ == "__main__":
    main()
