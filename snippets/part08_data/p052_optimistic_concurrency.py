"""P052 Optimistic Concurrency / Version Checks: write only if nobody wrote since you read.

Every row carries a version. A save says `WHERE id = ? AND version = ?` with the
version it read and bumps the version in the same statement; if the row count
is 0, someone else saved first, and the caller gets a ConflictError instead of
silently overwriting their change. `update_account` turns that into a retry:
read again, apply the change again to the fresh row, save again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace


class NotFoundError(LookupError):
    pass


class ConflictError(Exception):
    """The row changed after it was read; re-read it and decide again."""

    def __init__(self, account_id: str, read_version: int) -> None:
        super().__init__(f"account {account_id!r} changed after version {read_version} was read")
        self.account_id = account_id
        self.read_version = read_version


class InsufficientFundsError(Exception):
    pass


@dataclass(frozen=True)
class Account:
    id: str
    balance_cents: int
    version: int  # the version this copy was read at


def connect() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)  # each statement commits
    conn.execute(
        "CREATE TABLE accounts (id TEXT PRIMARY KEY, balance_cents INTEGER NOT NULL,"
        " version INTEGER NOT NULL DEFAULT 1)"
    )
    return conn


def get_account(conn: sqlite3.Connection, account_id: str) -> Account:
    row = conn.execute(
        "SELECT balance_cents, version FROM accounts WHERE id = ?", (account_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(account_id)
    return Account(account_id, row[0], row[1])


def save_account(conn: sqlite3.Connection, account: Account) -> Account:
    """Write `account` if the stored version is still the one it was read at."""
    cursor = conn.execute(
        "UPDATE accounts SET balance_cents = ?, version = version + 1 WHERE id = ? AND version = ?",
        (account.balance_cents, account.id, account.version),
    )
    if cursor.rowcount == 0:
        get_account(conn, account.id)  # raises NotFoundError if the row is gone
        raise ConflictError(account.id, account.version)
    return replace(account, version=account.version + 1)


def update_account(
    conn: sqlite3.Connection,
    account_id: str,
    change: Callable[[Account], Account],
    *,
    attempts: int = 3,
) -> Account:
    """Read, apply `change`, save; on a conflict, start again from a fresh read.

    `change` is called once per attempt with the row as it is now, so it must
    compute from its argument ("add 30"), never from an earlier read ("set 130").
    Errors other than a conflict, such as a business rule, are not retried.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    conflict: ConflictError | None = None
    for _ in range(attempts):
        current = get_account(conn, account_id)
        try:
            return save_account(conn, change(current))
        except ConflictError as exc:
            conflict = exc
    assert conflict is not None
    raise conflict


def deposit(cents: int) -> Callable[[Account], Account]:
    return lambda account: replace(account, balance_cents=account.balance_cents + cents)


def withdraw(cents: int) -> Callable[[Account], Account]:
    def change(account: Account) -> Account:
        if account.balance_cents < cents:
            raise InsufficientFundsError(f"{account.id}: balance below {cents / 100:.2f}")
        return replace(account, balance_cents=account.balance_cents - cents)

    return change


def show(account: Account) -> str:
    return f"balance {account.balance_cents / 100:.2f} at version {account.version}"


def main() -> None:
    conn = connect()
    conn.execute("INSERT INTO accounts (id, balance_cents) VALUES ('acc-1', 10000)")

    # Two clients read the same row, then each saves its own change.
    alice = get_account(conn, "acc-1")
    bob = get_account(conn, "acc-1")
    print("both read:", show(alice))
    #> both read: balance 100.00 at version 1
    print("alice saves:", show(save_account(conn, deposit(5000)(alice))))
    #> alice saves: balance 150.00 at version 2
    try:
        save_account(conn, deposit(3000)(bob))
    except ConflictError as exc:
        print("bob's save refused:", exc)
    #> bob's save refused: account 'acc-1' changed after version 1 was read

    # Bob's change is "add 30", so it is safe to apply again to the fresh row.
    print("bob retries:", show(update_account(conn, "acc-1", deposit(3000))))
    #> bob retries: balance 180.00 at version 3
    try:
        update_account(conn, "acc-1", withdraw(50000))
    except InsufficientFundsError as exc:
        print("not retried:", exc)
    #> not retried: acc-1: balance below 500.00
    print("stored:", show(get_account(conn, "acc-1")))
    #> stored: balance 180.00 at version 3


if __name__ == "__main__":
    main()
