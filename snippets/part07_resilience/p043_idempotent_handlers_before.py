"""P043 before: the key is checked and stored, but not with the effect.

This handler looks the idempotency key up, applies the transfer and commits
it, and only then stores the key and the response, in a second transaction.
Between the two commits is a window: if the process dies there, the money has
moved but the key is unknown, so the client's retry moves it again.
"""

from __future__ import annotations

import json
import sqlite3


def handle_transfer(db: sqlite3.Connection, key: str, source: str, target: str,
                    amount: int) -> dict[str, int]:
    row = db.execute("SELECT response FROM idempotency_keys WHERE key = ?", (key,)).fetchone()
    if row is not None:
        response: dict[str, int] = json.loads(row[0])
        return response
    with db:  # transaction 1: the effect
        db.execute("UPDATE accounts SET balance = balance - ? WHERE name = ?", (amount, source))
        db.execute("UPDATE accounts SET balance = balance + ? WHERE name = ?", (amount, target))
    response = {"amount": amount}
    with db:  # transaction 2: the key; a crash before this commit forgets the effect happened
        db.execute("INSERT INTO idempotency_keys VALUES (?, ?)", (key, json.dumps(response)))
    return response


def main() -> None:
    db = sqlite3.connect(":memory:")
    db.executescript("""
        CREATE TABLE accounts (name TEXT PRIMARY KEY, balance INTEGER NOT NULL);
        CREATE TABLE idempotency_keys (key TEXT PRIMARY KEY, response TEXT NOT NULL);
        INSERT INTO accounts VALUES ('alice', 100), ('bob', 0);
        CREATE TEMP TRIGGER crash BEFORE INSERT ON idempotency_keys
            BEGIN SELECT RAISE(ABORT, 'process killed'); END;
    """)
    try:
        handle_transfer(db, "key-1", "alice", "bob", 30)
    except sqlite3.DatabaseError as exc:
        print(f"first attempt: {exc}")
    #> first attempt: process killed
    db.execute("DROP TRIGGER crash")  # the service restarts; the client retries

    print("retry:", handle_transfer(db, "key-1", "alice", "bob", 30))
    #> retry: {'amount': 30}
    print(db.execute("SELECT * FROM accounts ORDER BY name").fetchall())
    #> [('alice', 40), ('bob', 60)]
    print("one transfer of 30 should leave alice with 70")
    #> one transfer of 30 should leave alice with 70
    db.close()


if __name__ == "__main__":
    main()
