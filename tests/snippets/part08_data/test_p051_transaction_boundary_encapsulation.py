"""P051: the boundary commits on return and rolls back everything on any exception."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part08_data import p051_transaction_boundary_encapsulation as p051
from snippets.part08_data import p051_transaction_boundary_encapsulation_before as before
from snippets.part08_data.p051_transaction_boundary_encapsulation import (
    SCHEMA,
    OrderLine,
    OutOfStockError,
    Transaction,
    TransactionClosedError,
    connect,
    in_transaction,
    place_order,
    snapshot,
)

DemoCheck = Callable[[ModuleType], None]

EMPTY = "orders=[] lines=0 stock: desk=1, lamp=5"


@pytest.fixture
def conn() -> sqlite3.Connection:
    conn = connect()
    conn.executescript(SCHEMA)
    conn.execute("INSERT INTO stock VALUES ('desk', 1), ('lamp', 5)")
    return conn


def test_commits_when_the_work_returns(conn: sqlite3.Connection) -> None:
    result = in_transaction(conn, lambda tx: place_order(tx, "o-1", "ada", [OrderLine("lamp", 2)]))
    assert result == 1
    assert snapshot(conn) == "orders=['o-1'] lines=1 stock: desk=1, lamp=3"
    assert not conn.in_transaction


def test_failure_halfway_leaves_no_partial_rows(conn: sqlite3.Connection) -> None:
    lines = [OrderLine("lamp", 2), OrderLine("desk", 1), OrderLine("desk", 1)]
    with pytest.raises(OutOfStockError) as info:
        in_transaction(conn, lambda tx: place_order(tx, "o-1", "ada", lines))
    assert info.value.sku == "desk"
    assert snapshot(conn) == EMPTY
    assert not conn.in_transaction


def test_the_work_exception_propagates_unchanged(conn: sqlite3.Connection) -> None:
    boom = ValueError("boom")

    def work(tx: Transaction) -> None:
        tx.execute("INSERT INTO orders VALUES ('o-9', 'eve')")
        raise boom

    with pytest.raises(ValueError) as info:
        in_transaction(conn, work)
    assert info.value is boom
    assert snapshot(conn) == EMPTY


@pytest.mark.parametrize("exc_type", [KeyboardInterrupt, SystemExit])
def test_base_exceptions_roll_back_too(
    conn: sqlite3.Connection, exc_type: type[BaseException]
) -> None:
    def work(tx: Transaction) -> None:
        tx.execute("INSERT INTO orders VALUES ('o-9', 'eve')")
        raise exc_type()

    with pytest.raises(exc_type):
        in_transaction(conn, work)
    assert snapshot(conn) == EMPTY
    assert not conn.in_transaction


def test_a_failed_commit_is_rolled_back(conn: sqlite3.Connection) -> None:
    # The foreign key is deferred: the orphan line is only caught at COMMIT.
    def work(tx: Transaction) -> None:
        tx.execute("INSERT INTO orders VALUES ('o-1', 'ada')")
        tx.execute("INSERT INTO order_lines VALUES ('no-such-order', 'lamp', 1)")

    with pytest.raises(sqlite3.IntegrityError):
        in_transaction(conn, work)
    assert not conn.in_transaction
    assert snapshot(conn) == EMPTY


def test_an_error_that_already_ended_the_transaction_is_not_hidden(
    conn: sqlite3.Connection,
) -> None:
    # OR ROLLBACK makes SQLite roll back by itself; a second ROLLBACK would fail.
    def work(tx: Transaction) -> None:
        tx.execute("INSERT INTO orders VALUES ('o-1', 'ada')")
        tx.execute("INSERT OR ROLLBACK INTO orders VALUES ('o-1', 'bob')")

    with pytest.raises(sqlite3.IntegrityError) as info:
        in_transaction(conn, work)
    assert info.value.__context__ is None
    assert snapshot(conn) == EMPTY


def test_nesting_is_refused_and_the_outer_transaction_rolls_back(
    conn: sqlite3.Connection,
) -> None:
    def outer(tx: Transaction) -> None:
        tx.execute("INSERT INTO orders VALUES ('o-1', 'ada')")
        in_transaction(conn, lambda inner: None)

    with pytest.raises(RuntimeError, match="already open"):
        in_transaction(conn, outer)
    assert snapshot(conn) == EMPTY


def test_a_transaction_cannot_be_used_after_it_ended(conn: sqlite3.Connection) -> None:
    kept: list[Transaction] = []
    in_transaction(conn, kept.append)
    with pytest.raises(TransactionClosedError):
        kept[0].execute("INSERT INTO orders VALUES ('o-1', 'ada')")

    def fail(tx: Transaction) -> None:
        kept.append(tx)
        raise ValueError

    with pytest.raises(ValueError):
        in_transaction(conn, fail)
    with pytest.raises(TransactionClosedError):
        kept[1].execute("SELECT 1")


def test_the_connection_is_usable_after_a_failure(conn: sqlite3.Connection) -> None:
    with pytest.raises(OutOfStockError):
        in_transaction(conn, lambda tx: place_order(tx, "o-1", "ada", [OrderLine("desk", 2)]))
    in_transaction(conn, lambda tx: place_order(tx, "o-1", "ada", [OrderLine("desk", 1)]))
    assert snapshot(conn) == "orders=['o-1'] lines=1 stock: desk=0, lamp=5"


def test_other_connections_see_nothing_until_commit() -> None:
    uri = "file:p051_isolation?mode=memory&cache=shared"
    writer = sqlite3.connect(uri, uri=True, isolation_level=None)
    reader = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=0)
    writer.executescript(SCHEMA)
    seen: list[int] = []

    def work(tx: Transaction) -> None:
        tx.execute("INSERT INTO stock VALUES ('chair', 4)")
        with pytest.raises(sqlite3.OperationalError):  # the table is locked for readers
            reader.execute("SELECT count(*) FROM stock").fetchone()
        seen.append(1)

    in_transaction(writer, work)
    assert seen == [1]
    assert reader.execute("SELECT on_hand FROM stock").fetchall() == [(4,)]
    writer.close()
    reader.close()


def test_the_before_version_leaves_partial_rows() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.executescript(
        "CREATE TABLE orders (id TEXT); CREATE TABLE order_lines (o TEXT, s TEXT, q INTEGER);"
        "CREATE TABLE stock (sku TEXT, on_hand INTEGER); INSERT INTO stock VALUES ('desk', 0);"
    )
    with pytest.raises(before.OutOfStockError):
        before.place_order(conn, "o-1", [("desk", 1)])
    assert conn.execute("SELECT count(*) FROM orders").fetchone() == (1,)
    conn.execute("UPDATE stock SET on_hand = 1")
    before.place_order(conn, "o-2", [("desk", 1)])
    assert conn.execute("SELECT on_hand FROM stock").fetchone() == (0,)


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p051)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
