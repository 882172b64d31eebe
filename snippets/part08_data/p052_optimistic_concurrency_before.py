"""P052 before: read, modify, write back, and the last writer silently wins.

Both clients read a balance of 100.00 and save their own result. The UPDATE
only says which row, not which state of the row it was computed from, so the
second save overwrites the first: one deposit is gone and nobody was told.
"""

from __future__ import annotations

import sqlite3


def get_balance(conn: sqlite3.Connection, account_id: str) -> int:
    (balance,) = conn.execute(
        "SELECT balance_cents FROM accounts WHERE id = ?", (account_id,)
    ).fetchone()
    return int(balance)


def set_balance(conn: sqlite3.Connection, account_id: str, balance_cents: int) -> None:
    conn.execute("UPDATE accounts SET balance_cents = ? WHERE id = ?", (balance_cents, account_id))


def main() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE accounts (id TEXT PRIMARY KEY, balance_cents INTEGER)")
    conn.execute("INSERT INTO accounts VALUES ('acc-1', 10000)")

    alice_read = get_balance(conn, "acc-1")
    bob_read = get_balance(conn, "acc-1")
    set_balance(conn, "acc-1", alice_read + 5000)  # alice deposits 50.00
    set_balance(conn, "acc-1", bob_read + 3000)  # bob deposits 30.00, no error
    print(f"deposited 80.00, balance went from 100.00 to {get_balance(conn, 'acc-1') / 100:.2f}")
    #> deposited 80.00, balance went from 100.00 to 130.00


if __name__ == "__main__":
    main()
