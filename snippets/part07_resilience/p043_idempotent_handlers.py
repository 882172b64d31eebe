"""P043 Idempotent Handlers and Reconciliation: a repeated request has no second effect.

Every request carries an idempotency key chosen by the client. The handler
claims the key, applies the effect and stores the response in ONE database
transaction: either all three are committed or none is. A retry of a request
that committed finds the key and gets the stored response back; a retry of
one that crashed before the commit finds nothing and runs as if it were the
first. When the effect lives outside the database (a bank payout), it cannot
join the transaction, so the request is recorded as pending first, the other
system is called with the same key, and `reconcile` finishes whatever a
crash left pending.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

SCHEMA = """
CREATE TABLE accounts (
    name    TEXT PRIMARY KEY,
    balance INTEGER NOT NULL CHECK (balance >= 0)
);
CREATE TABLE transfers (
    id     INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    amount INTEGER NOT NULL
);
CREATE TABLE idempotency_keys (
    key         TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,  -- the request, to catch a key reused for another one
    response    TEXT            -- JSON, written in the same transaction as the effect
);
CREATE TABLE payouts (          -- effects outside the database: the key is the row's id
    key       TEXT PRIMARY KEY,
    account   TEXT NOT NULL,
    amount    INTEGER NOT NULL,
    reference TEXT              -- the bank's id; NULL until the bank's answer is recorded
);
"""


class KeyReusedError(Exception):
    """The key was already used for a different request (answer 422, never replay)."""


class InsufficientFundsError(Exception):
    """The source account cannot cover the amount; nothing is stored."""


@dataclass(frozen=True)
class Transfer:
    source: str
    target: str
    amount: int


@dataclass(frozen=True)
class Receipt:
    transfer_id: int
    amount: int
    replayed: bool = False  # True when the response comes from the key table


def open_database() -> sqlite3.Connection:
    """An in-memory database; `isolation_level=None` lets us issue BEGIN and COMMIT."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.executescript(SCHEMA)
    return connection


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """COMMIT if the block finishes, ROLLBACK if anything at all escapes it."""
    db.execute("BEGIN IMMEDIATE")  # takes the write lock now, before the key check
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def handle_transfer(db: sqlite3.Connection, key: str, transfer: Transfer) -> Receipt:
    """Move money once per key, however many times the request arrives."""
    fingerprint = json.dumps(asdict(transfer), sort_keys=True)
    with transaction(db):
        claimed = db.execute(
            "INSERT INTO idempotency_keys (key, fingerprint) VALUES (?, ?)"
            " ON CONFLICT (key) DO NOTHING",
            (key, fingerprint),
        ).rowcount
        if not claimed:
            stored, response = db.execute(
                "SELECT fingerprint, response FROM idempotency_keys WHERE key = ?", (key,)
            ).fetchone()
            if stored != fingerprint:
                raise KeyReusedError(f"key {key!r} was used for a different transfer")
            return Receipt(**json.loads(response), replayed=True)

        # The effect. An exception from here to the end of the block rolls it
        # back together with the claimed key, so a retry starts from scratch.
        debited = db.execute(
            "UPDATE accounts SET balance = balance - ? WHERE name = ? AND balance >= ?",
            (transfer.amount, transfer.source, transfer.amount),
        ).rowcount
        if not debited:
            raise InsufficientFundsError(f"{transfer.source} cannot pay {transfer.amount}")
        db.execute(
            "UPDATE accounts SET balance = balance + ? WHERE name = ?",
            (transfer.amount, transfer.target),
        )
        transfer_id = db.execute(
            "INSERT INTO transfers (source, target, amount) VALUES (?, ?, ?)",
            (transfer.source, transfer.target, transfer.amount),
        ).lastrowid
        assert transfer_id is not None
        receipt = Receipt(transfer_id=transfer_id, amount=transfer.amount)
        db.execute(
            "UPDATE idempotency_keys SET response = ? WHERE key = ?",
            (json.dumps({"transfer_id": transfer_id, "amount": transfer.amount}), key),
        )
        return receipt


class Bank:
    """A stand-in payment provider that, like real ones, deduplicates on the key.

    `drop_next_reply` makes the next payout happen at the bank while its reply
    is lost on the way back, which is the crash this page is about.
    """

    def __init__(self) -> None:
        self.payouts: dict[str, tuple[str, int]] = {}
        self.drop_next_reply = False

    async def pay_out(self, key: str, account: str, amount: int) -> str:
        await asyncio.sleep(0)
        self.payouts.setdefault(key, (account, amount))  # a repeated key pays nothing more
        if self.drop_next_reply:
            self.drop_next_reply = False
            raise ConnectionResetError("connection to the bank reset")
        return f"bank-{list(self.payouts).index(key) + 1}"


async def request_payout(db: sqlite3.Connection, bank: Bank, key: str, account: str,
                         amount: int) -> str:
    """Pay money out through the bank once per key; returns the bank's reference."""
    with transaction(db):
        claimed = db.execute(
            "INSERT INTO payouts (key, account, amount) VALUES (?, ?, ?)"
            " ON CONFLICT (key) DO NOTHING",
            (key, account, amount),
        ).rowcount
        if claimed:  # reserve the money in the same transaction as the pending row
            debited = db.execute(
                "UPDATE accounts SET balance = balance - ? WHERE name = ? AND balance >= ?",
                (amount, account, amount),
            ).rowcount
            if not debited:
                raise InsufficientFundsError(f"{account} cannot pay out {amount}")
        else:
            stored = db.execute(
                "SELECT account, amount, reference FROM payouts WHERE key = ?", (key,)
            ).fetchone()
            if stored[:2] != (account, amount):
                raise KeyReusedError(f"key {key!r} was used for a different payout")
            if stored[2] is not None:
                return str(stored[2])
    # No transaction is open across the network call; the bank's own
    # deduplication on the key is what makes sending it again safe.
    return await _finish_payout(db, bank, key, account, amount)


async def _finish_payout(db: sqlite3.Connection, bank: Bank, key: str, account: str,
                         amount: int) -> str:
    reference = await bank.pay_out(key, account, amount)
    with transaction(db):
        db.execute("UPDATE payouts SET reference = ? WHERE key = ?", (reference, key))
    return reference


async def reconcile(db: sqlite3.Connection, bank: Bank) -> int:
    """Finish every payout that was recorded as pending but never as done.

    Run it on a schedule. Asking the bank again with the same key either
    makes the payout (the crash came before the bank call) or returns the one
    already made (the crash came after); either way it happens exactly once.
    """
    pending = db.execute(
        "SELECT key, account, amount FROM payouts WHERE reference IS NULL ORDER BY key"
    ).fetchall()
    for key, account, amount in pending:
        await _finish_payout(db, bank, key, account, amount)
    return len(pending)


def balances(db: sqlite3.Connection) -> str:
    rows = db.execute("SELECT name, balance FROM accounts ORDER BY name").fetchall()
    return ", ".join(f"{name} {balance}" for name, balance in rows)


async def main() -> None:
    db = open_database()
    db.executemany("INSERT INTO accounts VALUES (?, ?)", [("alice", 100), ("bob", 0)])
    rent = Transfer(source="alice", target="bob", amount=30)

    # The first attempt commits, then its response is lost on the way back;
    # the client cannot tell, so it sends the same request with the same key.
    lost = handle_transfer(db, "key-1", rent)  # committed, but never reaches the client
    print(lost)
    #> Receipt(transfer_id=1, amount=30, replayed=False)
    print(handle_transfer(db, "key-1", rent))
    #> Receipt(transfer_id=1, amount=30, replayed=True)
    print(balances(db))
    #> alice 70, bob 30

    # A crash after the effect and before the commit: a trigger makes the
    # write of the stored response fail, as a dying process would.
    db.execute(
        "CREATE TEMP TRIGGER crash BEFORE UPDATE ON idempotency_keys"
        " BEGIN SELECT RAISE(ABORT, 'process killed'); END"
    )
    try:
        handle_transfer(db, "key-2", rent)
    except sqlite3.DatabaseError as exc:
        print(f"crashed: {exc}; balances: {balances(db)}")
    #> crashed: process killed; balances: alice 70, bob 30
    db.execute("DROP TRIGGER crash")
    print(handle_transfer(db, "key-2", rent), "|", balances(db))
    #> Receipt(transfer_id=2, amount=30, replayed=False) | alice 40, bob 60

    try:
        handle_transfer(db, "key-2", Transfer(source="alice", target="bob", amount=40))
    except KeyReusedError as exc:
        print(exc)
    #> key 'key-2' was used for a different transfer

    # An effect outside the database: the bank pays, then the reply is lost.
    bank = Bank()
    bank.drop_next_reply = True
    try:
        await request_payout(db, bank, "key-3", "bob", 50)
    except ConnectionResetError as exc:
        print(f"payout failed: {exc}; balances: {balances(db)}")
    #> payout failed: connection to the bank reset; balances: alice 40, bob 10
    print("reconciled:", await reconcile(db, bank), "| bank payouts:", len(bank.payouts))
    #> reconciled: 1 | bank payouts: 1
    print("client retries:", await request_payout(db, bank, "key-3", "bob", 50))
    #> client retries: bank-1
    print("bank payouts:", len(bank.payouts), "| pending:", await reconcile(db, bank))
    #> bank payouts: 1 | pending: 0
    db.close()


if __name__ == "__main__":
    asyncio.run(main())
