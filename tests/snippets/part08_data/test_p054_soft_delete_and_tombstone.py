"""P054: hidden deleted rows, unique keys among live rows, restore, purge and tombstones."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from types import ModuleType

import pytest

from snippets.part08_data import p054_soft_delete_and_tombstone as p054
from snippets.part08_data import p054_soft_delete_and_tombstone_before as before
from snippets.part08_data.p054_soft_delete_and_tombstone import (
    SCHEMA,
    EmailTakenError,
    ManualClock,
    Replica,
    Tombstone,
    Upsert,
    User,
    UserRepository,
)

DemoCheck = Callable[[ModuleType], None]
START = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def db() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    connection.executescript(SCHEMA)
    yield connection
    connection.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def repo(db: sqlite3.Connection, clock: ManualClock) -> UserRepository:
    return UserRepository(db, clock)


def test_deleted_rows_are_invisible_to_normal_reads(
    repo: UserRepository, db: sqlite3.Connection
) -> None:
    ada = repo.create("ada@example.com", "Ada")
    bob = repo.create("bob@example.com", "Bob")
    assert repo.delete(ada.id)
    assert repo.get(ada.id) is None
    assert repo.list_live() == [bob]
    assert db.execute("SELECT email FROM live_users").fetchall() == [("bob@example.com",)]
    # The row itself is still there, for audit and undo.
    assert db.execute("SELECT COUNT(*) FROM users").fetchone() == (2,)


def test_include_deleted_is_an_explicit_opt_in(repo: UserRepository) -> None:
    ada = repo.create("ada@example.com", "Ada")
    repo.delete(ada.id)
    assert repo.get(ada.id, include_deleted=True) == User(
        ada.id, "ada@example.com", "Ada", "2024-05-01 09:00:00"
    )
    assert repo.get(999, include_deleted=True) is None


def test_deleting_twice_keeps_the_first_deletion_time(
    repo: UserRepository, clock: ManualClock
) -> None:
    ada = repo.create("ada@example.com", "Ada")
    assert repo.delete(ada.id)
    clock.advance(timedelta(hours=5))
    assert not repo.delete(ada.id)
    assert not repo.delete(999)
    deleted = repo.get(ada.id, include_deleted=True)
    assert deleted is not None
    assert deleted.deleted_at == "2024-05-01 09:00:00"


def test_a_new_row_can_reuse_a_deleted_rows_unique_key(repo: UserRepository) -> None:
    ada = repo.create("ada@example.com", "Ada")
    with pytest.raises(EmailTakenError):
        repo.create("ada@example.com", "Someone else")
    repo.delete(ada.id)
    again = repo.create("ada@example.com", "Ada again")
    assert again.id != ada.id
    assert repo.list_live() == [again]
    # Two deleted rows may share the email; only live rows are unique.
    repo.delete(again.id)
    repo.create("ada@example.com", "Third")


def test_restore_brings_the_row_back(repo: UserRepository) -> None:
    ada = repo.create("ada@example.com", "Ada")
    repo.delete(ada.id)
    assert repo.restore(ada.id)
    assert repo.get(ada.id) == ada
    assert not repo.restore(ada.id)  # not deleted any more
    assert not repo.restore(999)


def test_restore_fails_when_the_key_was_taken_meanwhile(repo: UserRepository) -> None:
    ada = repo.create("ada@example.com", "Ada")
    repo.delete(ada.id)
    newcomer = repo.create("ada@example.com", "New Ada")
    with pytest.raises(EmailTakenError, match="cannot restore user"):
        repo.restore(ada.id)
    assert repo.get(ada.id) is None
    assert repo.list_live() == [newcomer]


def test_failed_writes_roll_back_and_use_no_revision(repo: UserRepository) -> None:
    ada = repo.create("ada@example.com", "Ada")
    with pytest.raises(EmailTakenError):
        repo.create("ada@example.com", "Copy")
    repo.delete(999)
    bob = repo.create("bob@example.com", "Bob")
    assert [change.rev for change in repo.changes_since(0)] == [1, 2]
    assert repo.list_live() == [ada, bob]


def test_sync_consumers_receive_tombstones_without_data(
    repo: UserRepository, clock: ManualClock
) -> None:
    replica = Replica()
    ada = repo.create("ada@example.com", "Ada")
    repo.create("bob@example.com", "Bob")
    replica.pull(repo)
    clock.advance(timedelta(minutes=30))
    repo.delete(ada.id)
    changes = replica.pull(repo)
    assert changes == [Tombstone(3, ada.id, "2024-05-01 09:30:00")]
    assert replica.emails() == ["bob@example.com"]
    assert replica.cursor == 3
    assert replica.pull(repo) == []
    repo.restore(ada.id)
    assert replica.pull(repo) == [Upsert(4, ada)]
    assert replica.emails() == ["ada@example.com", "bob@example.com"]


def test_purge_removes_old_rows_but_keeps_their_tombstones(
    repo: UserRepository, clock: ManualClock, db: sqlite3.Connection
) -> None:
    lagging = Replica()
    old = repo.create("old@example.com", "Old")
    lagging.pull(repo)
    repo.delete(old.id)
    clock.advance(timedelta(days=10))
    recent = repo.create("recent@example.com", "Recent")
    repo.delete(recent.id)
    clock.advance(timedelta(days=25))

    assert repo.purge(clock() - timedelta(days=30)) == 1
    assert repo.get(old.id, include_deleted=True) is None
    assert repo.get(recent.id, include_deleted=True) is not None
    assert repo.restore(old.id) is False
    assert db.execute("SELECT id FROM tombstones").fetchall() == [(old.id,)]
    # A consumer that was offline during both deletions still learns of them.
    assert lagging.pull(repo) == [
        Tombstone(2, old.id, "2024-05-01 09:00:00"),
        Tombstone(4, recent.id, "2024-05-11 09:00:00"),
    ]
    assert lagging.users == {}
    assert repo.purge(clock()) == 1
    assert repo.purge(clock()) == 0


def test_purged_ids_are_never_reused(repo: UserRepository, clock: ManualClock) -> None:
    first = repo.create("a@example.com", "A")
    repo.delete(first.id)
    clock.advance(timedelta(days=1))
    repo.purge(clock())
    assert repo.create("b@example.com", "B").id != first.id


def test_deletion_times_compare_correctly_across_time_zones(
    db: sqlite3.Connection,
) -> None:
    # The clock returns a non-UTC time; stored times are normalised to UTC.
    clock = ManualClock(datetime(2024, 5, 1, 11, 0, tzinfo=timezone(timedelta(hours=2))))
    repo = UserRepository(db, clock)
    user = repo.create("tz@example.com", "Tz")
    repo.delete(user.id)
    assert repo.purge(datetime(2024, 5, 1, 9, 0, tzinfo=UTC)) == 0
    assert repo.purge(datetime(2024, 5, 1, 9, 0, 1, tzinfo=UTC)) == 1


def test_before_hard_delete_is_invisible_to_sync() -> None:
    with closing(sqlite3.connect(":memory:")) as db:
        db.executescript(before.SCHEMA)
        db.execute("INSERT INTO users (email, name, rev) VALUES ('x@example.com', 'X', 1)")
        assert before.changed_since(db, 0) == ["x@example.com"]
        db.execute("DELETE FROM users")
        assert before.changed_since(db, 0) == []


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p054)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
