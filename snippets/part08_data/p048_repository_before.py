"""P048 before: the business rule talks to sqlite3 itself.

The rule "spend 1,000.00 and become gold" is three lines, but they are mixed
with SQL, tuple indexes and a magic tier code. The function returns the raw
row it read, which is already stale when it returns, and a duplicate email
reaches the caller as `sqlite3.IntegrityError`, so every layer above must know
which database sits below. Testing the rule needs a database with the schema.
"""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE customers (
    id           TEXT PRIMARY KEY,
    email        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    tier_code    INTEGER NOT NULL
);
"""


def register(db: sqlite3.Connection, customer_id: str, email: str, name: str) -> None:
    with db:
        db.execute("INSERT INTO customers VALUES (?, ?, ?, 0)", (customer_id, email, name))


def record_spending(
    db: sqlite3.Connection, email: str, spent_cents: int
) -> tuple[str, str, str, int]:
    row: tuple[str, str, str, int] | None = db.execute(
        "SELECT * FROM customers WHERE email = ?", (email,)
    ).fetchone()
    if row is None:
        raise LookupError(email)
    if spent_cents >= 100_000 and row[3] == 0:  # 0 is standard, 1 is gold
        with db:
            db.execute("UPDATE customers SET tier_code = 1 WHERE id = ?", (row[0],))
    return row  # the row as it was read, before the update


def main() -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    register(db, "c-1", "ada@example.com", "Ada")
    print("record_spending returned:", record_spending(db, "ada@example.com", 150_000))
    #> record_spending returned: ('c-1', 'ada@example.com', 'Ada', 0)
    print("tier_code in the table:", db.execute("SELECT tier_code FROM customers").fetchone()[0])
    #> tier_code in the table: 1
    try:
        register(db, "c-2", "ADA@example.com", "Ada again")
    except sqlite3.Error as exc:
        print("the caller must catch:", f"{type(exc).__module__}.{type(exc).__name__}")
    #> the caller must catch: sqlite3.IntegrityError


if __name__ == "__main__":
    main()
