"""P043: one effect per key, atomic with the stored response, and pending work reconciled."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part07_resilience import p043_idempotent_handlers as p043
from snippets.part07_resilience import p043_idempotent_handlers_before as before
from snippets.part07_resilience.p043_idempotent_handlers import (
    Bank,
    InsufficientFundsError,
    KeyReusedError,
    Receipt,
    Transfer,
    handle_transfer,
    open_database,
    reconcile,
    request_payout,
    transaction,
)

DemoCheck = Callable[[ModuleType], None]

RENT = Transfer(source="alice", target="bob", amount=30)


def database(alice: int = 100, bob: int = 0) -> sqlite3.Connection:
    db = open_database()
    db.executemany("INSERT INTO accounts VALUES (?, ?)", [("alice", alice), ("bob", bob)])
    return db


def balance(db: sqlite3.Connection, name: str) -> int:
    value: int = db.execute("SELECT balance FROM accounts WHERE name = ?", (name,)).fetchone()[0]
    return value


def count(db: sqlite3.Connection, table: str) -> int:
    value: int = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return value


def crash_on(db: sqlite3.Connection, event: str, table: str) -> None:
    db.execute(
        f"CREATE TEMP TRIGGER crash BEFORE {event} ON {table}"
        " BEGIN SELECT RAISE(ABORT, 'process killed'); END"
    )


def test_a_repeated_request_returns_the_stored_response_and_moves_money_once() -> None:
    db = database()
    first = handle_transfer(db, "k", RENT)
    for _ in range(5):
        assert handle_transfer(db, "k", RENT) == Receipt(
            transfer_id=first.transfer_id, amount=30, replayed=True
        )
    assert not first.replayed
    assert (balance(db, "alice"), balance(db, "bob")) == (70, 30)
    assert count(db, "transfers") == 1


def test_different_keys_are_different_requests() -> None:
    db = database()
    ids = {handle_transfer(db, key, RENT).transfer_id for key in ("a", "b", "c")}
    assert len(ids) == 3
    assert balance(db, "alice") == 10


def test_a_crash_after_the_effect_and_before_the_commit_leaves_nothing_behind() -> None:
    db = database()
    crash_on(db, "UPDATE", "idempotency_keys")  # fails after both balance updates ran
    with pytest.raises(sqlite3.IntegrityError, match="process killed"):
        handle_transfer(db, "k", RENT)
    assert (balance(db, "alice"), balance(db, "bob")) == (100, 0)
    assert count(db, "transfers") == 0
    assert count(db, "idempotency_keys") == 0  # the key was released with the effect
    assert not db.in_transaction

    db.execute("DROP TRIGGER crash")
    assert handle_transfer(db, "k", RENT).replayed is False  # the retry runs for real, once
    assert handle_transfer(db, "k", RENT).replayed is True
    assert (balance(db, "alice"), balance(db, "bob")) == (70, 30)


def test_the_transaction_rolls_back_whatever_escapes_it_even_a_base_exception() -> None:
    db = database()
    for escaping in (KeyboardInterrupt(), asyncio.CancelledError(), ValueError("bug")):
        with pytest.raises(type(escaping)), transaction(db):
            db.execute("UPDATE accounts SET balance = 0")
            raise escaping
        assert balance(db, "alice") == 100
        assert not db.in_transaction


def test_a_key_reused_for_another_request_is_refused_and_changes_nothing() -> None:
    db = database()
    handle_transfer(db, "k", RENT)
    with pytest.raises(KeyReusedError, match="'k'"):
        handle_transfer(db, "k", Transfer(source="alice", target="bob", amount=31))
    with pytest.raises(KeyReusedError):
        handle_transfer(db, "k", Transfer(source="bob", target="alice", amount=30))
    assert balance(db, "alice") == 70


def test_a_refused_transfer_stores_no_key_so_a_later_retry_is_judged_afresh() -> None:
    db = database(alice=20)
    with pytest.raises(InsufficientFundsError):
        handle_transfer(db, "k", RENT)
    assert (balance(db, "alice"), count(db, "idempotency_keys")) == (20, 0)
    db.execute("UPDATE accounts SET balance = 50 WHERE name = 'alice'")
    assert handle_transfer(db, "k", RENT).replayed is False
    assert balance(db, "alice") == 20


def test_a_payout_whose_reply_was_lost_is_finished_by_reconcile_without_paying_twice() -> None:
    async def scenario() -> None:
        db, bank = database(), Bank()
        bank.drop_next_reply = True
        with pytest.raises(ConnectionResetError):
            await request_payout(db, bank, "p", "alice", 40)
        assert balance(db, "alice") == 60  # reserved with the pending row
        assert await reconcile(db, bank) == 1
        assert await reconcile(db, bank) == 0
        assert bank.payouts == {"p": ("alice", 40)}
        assert await request_payout(db, bank, "p", "alice", 40) == "bank-1"
        assert balance(db, "alice") == 60

    asyncio.run(scenario())


def test_a_payout_that_crashed_before_the_bank_call_is_made_by_reconcile() -> None:
    async def scenario() -> None:
        db, bank = database(), Bank()

        class Unreachable(Bank):
            async def pay_out(self, key: str, account: str, amount: int) -> str:
                raise TimeoutError("bank did not answer")

        with pytest.raises(TimeoutError):
            await request_payout(db, Unreachable(), "p", "alice", 25)
        assert bank.payouts == {}
        assert await reconcile(db, bank) == 1
        assert bank.payouts == {"p": ("alice", 25)}
        assert balance(db, "alice") == 75

    asyncio.run(scenario())


def test_a_client_retry_of_a_pending_payout_finishes_it() -> None:
    async def scenario() -> None:
        db, bank = database(), Bank()
        bank.drop_next_reply = True
        with pytest.raises(ConnectionResetError):
            await request_payout(db, bank, "p", "alice", 40)
        assert await request_payout(db, bank, "p", "alice", 40) == "bank-1"
        assert await reconcile(db, bank) == 0
        assert (len(bank.payouts), balance(db, "alice")) == (1, 60)

    asyncio.run(scenario())


def test_concurrent_payouts_with_one_key_pay_once() -> None:
    async def scenario() -> None:
        db, bank = database(), Bank()
        references = await asyncio.gather(
            *(request_payout(db, bank, "p", "alice", 10) for _ in range(5))
        )
        assert set(references) == {"bank-1"}
        assert (len(bank.payouts), balance(db, "alice")) == (1, 90)

    asyncio.run(scenario())


def test_a_payout_key_reused_for_another_payout_is_refused() -> None:
    async def scenario() -> None:
        db, bank = database(), Bank()
        await request_payout(db, bank, "p", "alice", 10)
        with pytest.raises(KeyReusedError):
            await request_payout(db, bank, "p", "alice", 11)
        with pytest.raises(KeyReusedError):
            await request_payout(db, bank, "p", "bob", 10)

    asyncio.run(scenario())


def test_a_payout_without_funds_records_nothing() -> None:
    async def scenario() -> None:
        db, bank = database(alice=5), Bank()
        with pytest.raises(InsufficientFundsError):
            await request_payout(db, bank, "p", "alice", 10)
        assert (count(db, "payouts"), bank.payouts) == (0, {})
        assert await reconcile(db, bank) == 0

    asyncio.run(scenario())


def test_the_before_handler_applies_the_effect_twice_after_a_crash_between_commits() -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(
        "CREATE TABLE accounts (name TEXT PRIMARY KEY, balance INTEGER NOT NULL);"
        "CREATE TABLE idempotency_keys (key TEXT PRIMARY KEY, response TEXT NOT NULL);"
        "INSERT INTO accounts VALUES ('alice', 100), ('bob', 0);"
    )
    assert before.handle_transfer(db, "k", "alice", "bob", 30) == {"amount": 30}
    assert before.handle_transfer(db, "k", "alice", "bob", 30) == {"amount": 30}
    assert balance(db, "alice") == 70  # without a crash the replay works
    crash_on(db, "INSERT", "idempotency_keys")
    with pytest.raises(sqlite3.IntegrityError):
        before.handle_transfer(db, "k2", "alice", "bob", 30)
    db.execute("DROP TRIGGER crash")
    before.handle_transfer(db, "k2", "alice", "bob", 30)
    assert balance(db, "alice") == 10  # one request, two effects


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p043)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
