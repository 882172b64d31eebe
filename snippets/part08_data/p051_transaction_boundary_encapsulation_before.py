"""P051 before: each statement commits on its own, so a failure leaves half an order.

The order code talks to the connection directly and nobody owns a transaction.
When the second line is out of stock, the order row, its first line and the
first stock decrement have already been committed, and nothing undoes them.
"""

from __future__ import annotations

import sqlite3


class OutOfStockError(Exception):
    pass


def place_order(conn: sqlite3.Connection, order_id: str, lines: list[tuple[str, int]]) -> None:
    conn.execute("INSERT INTO orders (id) VALUES (?)", (order_id,))
    for sku, quantity in lines:
        conn.execute("INSERT INTO order_lines VALUES (?, ?, ?)", (order_id, sku, quantity))
        taken = conn.execute(
            "UPDATE stock SET on_hand = on_hand - ? WHERE sku = ? AND on_hand >= ?",
            (quantity, sku, quantity),
        )
        if taken.rowcount != 1:
            raise OutOfStockError(f"{sku}: fewer than {quantity} in stock")


def main() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)  # every statement commits
    conn.executescript(
        """
        CREATE TABLE orders (id TEXT PRIMARY KEY);
        CREATE TABLE order_lines (order_id TEXT, sku TEXT, quantity INTEGER);
        CREATE TABLE stock (sku TEXT PRIMARY KEY, on_hand INTEGER);
        INSERT INTO stock VALUES ('desk', 0), ('lamp', 5);
        """
    )
    try:
        place_order(conn, "o-2", [("lamp", 1), ("desk", 1)])
    except OutOfStockError as exc:
        print("o-2 failed:", exc)
    #> o-2 failed: desk: fewer than 1 in stock
    print("orders:", conn.execute("SELECT id FROM orders").fetchall())
    #> orders: [('o-2',)]
    print("lines:", conn.execute("SELECT sku, quantity FROM order_lines").fetchall())
    #> lines: [('lamp', 1), ('desk', 1)]
    print("lamps left:", conn.execute("SELECT on_hand FROM stock WHERE sku = 'lamp'").fetchone())
    #> lamps left: (4,)


if __name__ == "__main__":
    main()
