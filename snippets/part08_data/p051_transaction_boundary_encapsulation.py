"""P051 Transaction Boundary Encapsulation: one function begins, commits and rolls back.

`in_transaction(conn, work)` opens a transaction, hands `work` a `Transaction`
that can run statements but cannot end them, commits when `work` returns and
rolls back when anything at all is raised, the commit itself included. Business
code such as `place_order` never says BEGIN, COMMIT or ROLLBACK, and a failure
halfway through leaves no partial rows behind.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

SCHEMA = """
CREATE TABLE orders (id TEXT PRIMARY KEY, customer TEXT NOT NULL);
CREATE TABLE order_lines (
    order_id TEXT NOT NULL REFERENCES orders (id) DEFERRABLE INITIALLY DEFERRED,
    sku TEXT NOT NULL,
    quantity INTEGER NOT NULL
);
CREATE TABLE stock (sku TEXT PRIMARY KEY, on_hand INTEGER NOT NULL);
"""


def connect(database: str = ":memory:") -> sqlite3.Connection:
    """A connection in autocommit mode, so only in_transaction starts transactions."""
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class TransactionClosedError(RuntimeError):
    """A Transaction was used after its transaction had ended."""


class Transaction:
    """The work's handle on an open transaction: it runs statements, it cannot end them."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn: sqlite3.Connection | None = conn

    def execute(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        if self._conn is None:
            raise TransactionClosedError("this transaction has already ended")
        return self._conn.execute(sql, params)

    def _close(self) -> None:
        self._conn = None


def in_transaction(conn: sqlite3.Connection, work: Callable[[Transaction], T]) -> T:
    """Run `work` in one transaction and return its result.

    Commits if `work` returns; rolls back and re-raises if `work` or the COMMIT
    raises anything, BaseException included (a cancellation or Ctrl-C must not
    leave a transaction open). Nesting is refused: the outer call owns the
    boundary, so pass its Transaction down instead of opening another one.
    """
    if conn.in_transaction:
        raise RuntimeError("a transaction is already open on this connection")
    tx = Transaction(conn)
    conn.execute("BEGIN")
    try:
        result = work(tx)
        conn.execute("COMMIT")  # can fail, e.g. on a deferred foreign key
    except BaseException:
        # SQLite ends the transaction itself on some errors; a second ROLLBACK
        # would raise and hide the error that matters.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        tx._close()
    return result


# Business code: it receives a Transaction and contains no transaction plumbing.


class OutOfStockError(Exception):
    def __init__(self, sku: str, wanted: int) -> None:
        super().__init__(f"{sku}: fewer than {wanted} in stock")
        self.sku = sku


@dataclass(frozen=True)
class OrderLine:
    sku: str
    quantity: int


def place_order(tx: Transaction, order_id: str, customer: str, lines: Sequence[OrderLine]) -> int:
    """Record the order and its lines and take the goods out of stock."""
    tx.execute("INSERT INTO orders (id, customer) VALUES (?, ?)", (order_id, customer))
    for line in lines:
        tx.execute(
            "INSERT INTO order_lines (order_id, sku, quantity) VALUES (?, ?, ?)",
            (order_id, line.sku, line.quantity),
        )
        taken = tx.execute(
            "UPDATE stock SET on_hand = on_hand - ? WHERE sku = ? AND on_hand >= ?",
            (line.quantity, line.sku, line.quantity),
        )
        if taken.rowcount != 1:
            raise OutOfStockError(line.sku, line.quantity)
    return len(lines)


def snapshot(conn: sqlite3.Connection) -> str:
    orders = [row[0] for row in conn.execute("SELECT id FROM orders ORDER BY id")]
    (lines,) = conn.execute("SELECT count(*) FROM order_lines").fetchone()
    stock = ", ".join(f"{sku}={n}" for sku, n in conn.execute("SELECT * FROM stock ORDER BY sku"))
    return f"orders={orders} lines={lines} stock: {stock}"


def main() -> None:
    conn = connect()
    conn.executescript(SCHEMA)
    conn.execute("INSERT INTO stock VALUES ('desk', 1), ('lamp', 5)")
    print(snapshot(conn))
    #> orders=[] lines=0 stock: desk=1, lamp=5

    first = [OrderLine("lamp", 2), OrderLine("desk", 1)]
    count = in_transaction(conn, lambda tx: place_order(tx, "o-1", "ada", first))
    print("o-1 placed with", count, "lines")
    #> o-1 placed with 2 lines

    second = [OrderLine("lamp", 1), OrderLine("desk", 1)]  # no desk left
    try:
        in_transaction(conn, lambda tx: place_order(tx, "o-2", "bob", second))
    except OutOfStockError as exc:
        print("o-2 failed:", exc)
    #> o-2 failed: desk: fewer than 1 in stock
    print(snapshot(conn))
    #> orders=['o-1'] lines=2 stock: desk=0, lamp=3
    print("transaction left open:", conn.in_transaction)
    #> transaction left open: False


if __name__ == "__main__":
    main()
