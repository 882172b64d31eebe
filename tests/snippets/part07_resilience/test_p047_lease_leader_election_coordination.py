"""P047: one holder at a time, expiry hands the lease over, fencing tokens only go up."""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from snippets.part07_resilience import p047_lease_leader_election_coordination as p047
from snippets.part07_resilience import p047_lease_leader_election_coordination_before as before
from snippets.part07_resilience.p047_lease_leader_election_coordination import (
    Elector,
    FencedStore,
    LeaseStore,
    ManualClock,
    NotLeaderError,
    StaleTokenError,
    open_database,
)

DemoCheck = Callable[[ModuleType], None]
TTL = 10.0
MARGIN = 2.0


def electors(*names: str) -> tuple[ManualClock, list[Elector]]:
    clock = ManualClock()
    leases = LeaseStore(open_database(), clock=clock)
    return clock, [
        Elector(leases, "job", name, ttl=TTL, margin=MARGIN, clock=clock) for name in names
    ]


def test_one_acquires_the_other_is_refused_and_renewal_keeps_the_token() -> None:
    clock, (a, b) = electors("a", "b")
    term = a.tick()
    assert term is not None
    assert (term.token, term.lead_until) == (1, TTL - MARGIN)
    assert b.tick() is None
    clock.now = 5.0
    renewed = a.tick()
    assert renewed is not None
    assert (renewed.token, renewed.lead_until) == (1, 5.0 + TTL - MARGIN)
    clock.now = 14.9  # a's lease runs until 15 in the table
    assert b.tick() is None


def test_a_holder_that_stops_renewing_loses_the_lease_at_expiry() -> None:
    clock, (a, b) = electors("a", "b")
    a.tick()
    clock.now = TTL - MARGIN
    assert not a.is_leader()  # its own deadline comes first
    with pytest.raises(NotLeaderError):
        a.fencing_token()
    clock.now = TTL
    term = b.tick()
    assert term is not None
    assert term.token == 2
    assert a.tick() is None


def test_an_expired_holder_gets_a_new_term_even_if_nobody_else_took_it() -> None:
    clock, (a,) = electors("a")
    a.tick()
    clock.now = 25.0
    term = a.tick()
    assert term is not None
    assert term.token == 2


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_two_candidates_racing_at_the_same_instant_give_one_leader(order: str) -> None:
    async def scenario() -> None:
        _, (a, b) = electors("a", "b")
        first, second = (a, b) if order == "ab" else (b, a)

        async def campaign(elector: Elector) -> bool:
            await asyncio.sleep(0)
            return elector.tick() is not None

        won = await asyncio.gather(campaign(first), campaign(second))
        assert list(won) == [True, False]
        assert first.is_leader()
        assert not second.is_leader()

    asyncio.run(scenario())


def test_no_interleaving_of_ticks_and_clock_jumps_gives_two_leaders() -> None:
    steps = list(itertools.product("ab", [0.0, 3.0, 7.0, 11.0]))
    for script in itertools.product(steps, repeat=4):
        clock, (a, b) = electors("a", "b")
        by_name = {"a": a, "b": b}
        terms: list[tuple[str, int]] = []
        for who, jump in script:
            clock.now += jump
            term = by_name[who].tick()
            if term is not None:
                if terms and terms[-1][0] != who:
                    assert term.token > terms[-1][1], script  # a new holder, a newer token
                terms.append((who, term.token))
            assert a.is_leader() + b.is_leader() <= 1, script
        tokens = [token for _, token in terms]
        assert tokens == sorted(tokens), script


def test_the_naive_lock_fails_the_same_race() -> None:
    async def scenario() -> None:
        db = sqlite3.connect(":memory:")
        db.executescript(before.SCHEMA)
        replicas = [before.NaiveLock(db, me, now=0.0) for me in ("a", "b")]
        won = await asyncio.gather(*(r.try_acquire(ttl=10.0) for r in replicas))
        assert won == [True, True]
        assert not await before.NaiveLock(db, "c", now=5.0).try_acquire(ttl=10.0)

    asyncio.run(scenario())


def test_replicas_with_their_own_connections_share_one_lease(tmp_path: Path) -> None:
    path = str(tmp_path / "leases.db")
    open_database(path).close()
    clock = ManualClock()
    a = Elector(
        LeaseStore(sqlite3.connect(path), clock=clock), "job", "a", ttl=TTL, margin=0, clock=clock
    )
    b = Elector(
        LeaseStore(sqlite3.connect(path), clock=clock), "job", "b", ttl=TTL, margin=0, clock=clock
    )
    assert a.tick() is not None
    assert b.tick() is None
    clock.now = TTL
    term = b.tick()
    assert term is not None
    assert term.token == 2
    assert b.fencing_token() == 2


def test_release_hands_over_at_once_and_only_the_holder_can_release() -> None:
    clock, (a, b) = electors("a", "b")
    a.tick()
    b.resign()  # not the holder: nothing changes
    assert b.tick() is None
    clock.now = 1.0
    a.resign()
    assert not a.is_leader()
    term = b.tick()
    assert term is not None
    assert term.token == 2


def test_leases_with_different_names_are_independent() -> None:
    clock = ManualClock()
    leases = LeaseStore(open_database(), clock=clock)
    assert leases.try_acquire("billing", "a", TTL) == 1
    assert leases.try_acquire("reports", "b", TTL) == 1
    assert leases.try_acquire("billing", "b", TTL) is None


def test_the_fenced_store_refuses_only_older_tokens() -> None:
    store = FencedStore()
    store.write(1, "first")
    store.write(1, "same term again")
    store.write(3, "newer term")
    with pytest.raises(StaleTokenError, match="token 2 is older than 3"):
        store.write(2, "late")
    assert store.records == ["first", "same term again", "newer term"]


def test_fencing_token_needs_a_term() -> None:
    _, (a,) = electors("a")
    with pytest.raises(NotLeaderError, match="a does not hold the lease"):
        a.fencing_token()


@pytest.mark.parametrize("margin", [-1.0, TTL, TTL + 1])
def test_rejects_a_margin_outside_the_ttl(margin: float) -> None:
    clock = ManualClock()
    with pytest.raises(ValueError, match="margin"):
        Elector(
            LeaseStore(open_database(), clock=clock),
            "job",
            "a",
            ttl=TTL,
            margin=margin,
            clock=clock,
        )


def test_rejects_an_empty_holder_name() -> None:
    with pytest.raises(ValueError, match="holder"):
        LeaseStore(open_database(), clock=ManualClock()).try_acquire("job", "", TTL)


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p047)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)


def test_run_works_only_while_leading_and_resigns_when_cancelled() -> None:
    async def scenario() -> None:
        clock, (holder, runner) = electors("holder", "runner")
        holder.tick()  # holds the lease until t=10
        tokens: list[int] = []
        past_20 = asyncio.Event()
        parked = asyncio.Event()  # never set: the loop waits here once t > 20

        async def work(token: int) -> None:
            tokens.append(token)

        async def wait() -> None:
            clock.now += 4.0
            if clock.now > 20.0:
                past_20.set()
                await parked.wait()

        task = asyncio.create_task(runner.run(work, wait=wait))
        await past_20.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert tokens == [2, 2, 2]  # refused at t=0, 4, 8; leads at t=12, 16, 20
        assert holder.tick() is not None  # the runner released the lease

    asyncio.run(scenario())


def test_run_skips_work_when_the_request_outlasted_the_term() -> None:
    async def scenario() -> None:
        now = 0.0

        def slow_clock() -> float:
            nonlocal now
            now += 9.0  # every reading is 9 s after the last: a very slow request
            return now

        leases = LeaseStore(open_database(), clock=slow_clock)
        elector = Elector(leases, "job", "a", ttl=TTL, margin=MARGIN, clock=slow_clock)
        calls = 0

        async def work(token: int) -> None:
            raise AssertionError("work ran after the term had ended")

        async def wait() -> None:
            nonlocal calls
            calls += 1
            if calls == 3:
                raise asyncio.CancelledError

        with pytest.raises(asyncio.CancelledError):
            await elector.run(work, wait=wait)

    asyncio.run(scenario())
