"""P054 before: hard deletes that sync cannot see, then a flag that queries forget.

Release 1 deletes rows with DELETE. A consumer that syncs "rows changed after
my cursor" never hears about the deletion, because a missing row has no
revision to compare. Release 2 adds a `deleted` flag instead, but the email
column is still UNIQUE over every row, so the person cannot sign up again, and
one query written before the flag existed still shows the deleted user.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

SCHEMA = """
CREATE TABLE users (
    id      INTEGER PRIMARY KEY,
    email   TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    rev     INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
"""


def changed_since(db: sqlite3.Connection, rev: int) -> list[str]:
    rows = db.execute("SELECT email FROM users WHERE rev > ? ORDER BY rev", (rev,))
    return [email for (email,) in rows]


def main() -> None:
    with closing(sqlite3.connect(":memory:")) as db:
        db.executescript(SCHEMA)
        db.execute("INSERT INTO users (email, name, rev) VALUES ('ada@example.com', 'Ada', 1)")
        db.execute("INSERT INTO users (email, name, rev) VALUES ('bob@example.com', 'Bob', 2)")
        replica = set(changed_since(db, 0))

        # Release 1: a hard delete. The consumer asks for changes after revision 2.
        db.execute("DELETE FROM users WHERE email = 'ada@example.com'")
        print("changes after rev 2:", changed_since(db, 2))
        #> changes after rev 2: []
        print("replica still holds:", sorted(replica))
        #> replica still holds: ['ada@example.com', 'bob@example.com']

        # Release 2: a flag. Bob deletes his account, then wants to sign up again.
        db.execute("UPDATE users SET deleted = 1, rev = 3 WHERE email = 'bob@example.com'")
        try:
            db.execute("INSERT INTO users (email, name, rev) VALUES ('bob@example.com', 'Bob', 4)")
        except sqlite3.IntegrityError as exc:
            print("sign up again:", exc)
        #> sign up again: UNIQUE constraint failed: users.email

        # A report written before the flag existed does not know about it.
        print("monthly report:", db.execute("SELECT name FROM users").fetchall())
        #> monthly report: [('Bob',)]


if __name__ == "__main__":
    main()
