"""P052: a version check turns a silent lost update into a conflict and a retry."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from types import ModuleType

import pytest

from snippets.part08_data import p052_optimistic_concurrency as p052
from snippets.part08_data import p052_optimistic_concurrency_before as before
from snippets.part08_data.p052_optimistic_concurrency import (
    Account,
    ConflictError,
    InsufficientFundsError,
    NotFoundError,
    connect,
    deposit,
    get_account,
    save_account,
    update_account,
    withdraw,
)

DemoCheck = Callable[[ModuleType], None]


@pytest.fixture
def conn() -> sqlite3.Connection:
    conn = connect()
    conn.execute("INSERT INTO accounts (id, balance_cents) VALUES ('acc-1', 10000)")
    return conn


def test_without_a_version_check_one_of_two_clients_is_lost() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE accounts (id TEXT PRIMARY KEY, balance_cents INTEGER)")
    conn.execute("INSERT INTO accounts VALUES ('acc-1', 10000)")

    async def client(cents: int) -> None:
        balance = before.get_balance(conn, "acc-1")
        await asyncio.sleep(0)  # the other client runs between this read and the write
        before.set_balance(conn, "acc-1", balance + cents)

    async def run() -> None:
        await asyncio.gather(client(5000), client(3000))

    asyncio.run(run())
    assert before.get_balance(conn, "acc-1") == 13000  # 18000 was expected


def test_with_a_version_check_the_second_client_conflicts_and_retries(
    conn: sqlite3.Connection,
) -> None:
    conflicts: list[str] = []

    async def client(name: str, cents: int) -> None:
        while True:
            account = get_account(conn, "acc-1")
            await asyncio.sleep(0)
            try:
                save_account(conn, deposit(cents)(account))
                return
            except ConflictError:
                conflicts.append(name)

    async def run() -> None:
        await asyncio.gather(client("alice", 5000), client("bob", 3000))

    asyncio.run(run())
    assert conflicts == ["bob"]
    assert get_account(conn, "acc-1") == Account("acc-1", 18000, 3)


def test_a_stale_save_changes_nothing(conn: sqlite3.Connection) -> None:
    stale = get_account(conn, "acc-1")
    save_account(conn, replace(stale, balance_cents=1))
    with pytest.raises(ConflictError) as info:
        save_account(conn, replace(stale, balance_cents=2))
    assert (info.value.account_id, info.value.read_version) == ("acc-1", 1)
    assert get_account(conn, "acc-1") == Account("acc-1", 1, 2)


def test_each_save_bumps_the_version_by_one(conn: sqlite3.Connection) -> None:
    account = get_account(conn, "acc-1")
    for expected in (2, 3, 4):
        account = save_account(conn, account)
        assert account.version == expected == get_account(conn, "acc-1").version


def test_update_retries_with_a_fresh_read_after_a_conflict(conn: sqlite3.Connection) -> None:
    seen: list[int] = []

    def change(account: Account) -> Account:
        seen.append(account.version)
        if len(seen) == 1:
            # Another writer saves between our read and our write.
            save_account(conn, deposit(5000)(get_account(conn, "acc-1")))
        return deposit(3000)(account)

    result = update_account(conn, "acc-1", change)
    assert seen == [1, 2]
    assert result == Account("acc-1", 18000, 3) == get_account(conn, "acc-1")


def test_update_gives_up_after_its_attempts(conn: sqlite3.Connection) -> None:
    calls = 0

    def always_overtaken(account: Account) -> Account:
        nonlocal calls
        calls += 1
        save_account(conn, get_account(conn, "acc-1"))
        return account

    with pytest.raises(ConflictError):
        update_account(conn, "acc-1", always_overtaken, attempts=2)
    assert calls == 2


def test_business_errors_are_not_retried(conn: sqlite3.Connection) -> None:
    calls = 0

    def change(account: Account) -> Account:
        nonlocal calls
        calls += 1
        return withdraw(20000)(account)

    with pytest.raises(InsufficientFundsError):
        update_account(conn, "acc-1", change)
    assert calls == 1
    assert get_account(conn, "acc-1") == Account("acc-1", 10000, 1)


def test_withdraw_within_the_balance(conn: sqlite3.Connection) -> None:
    assert update_account(conn, "acc-1", withdraw(10000)).balance_cents == 0


def test_a_missing_row_is_not_found_rather_than_a_conflict(conn: sqlite3.Connection) -> None:
    with pytest.raises(NotFoundError):
        save_account(conn, Account("acc-404", 0, 1))
    with pytest.raises(NotFoundError):
        update_account(conn, "acc-404", deposit(1))


def test_attempts_must_be_positive(conn: sqlite3.Connection) -> None:
    with pytest.raises(ValueError, match="attempts"):
        update_account(conn, "acc-1", deposit(1), attempts=0)


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p052)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
