"""P033: one message at a time, in order, replies through futures, and an actor owned by its opener."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part05_concurrency import p033_actor_like_goroutine_ownership_model as p033
from snippets.part05_concurrency import p033_actor_like_goroutine_ownership_model_before as before
from snippets.part05_concurrency.p033_actor_like_goroutine_ownership_model import (
    ActorStoppedError,
    PaymentDeclinedError,
    Payments,
    SeatActor,
    SeatTakenError,
)

DemoCheck = Callable[[ModuleType], None]


async def steps(count: int) -> None:
    for _ in range(count):
        await asyncio.sleep(0)


class SlowPayments(Payments):
    """Charges that take several turns, counted while in flight; can be held shut."""

    def __init__(self, turns: int = 3) -> None:
        super().__init__()
        self.turns = turns
        self.in_flight = 0
        self.peak = 0
        self.started: list[str] = []
        self.gate = asyncio.Event()
        self.gate.set()

    async def charge(self, guest: str) -> None:
        self.started.append(guest)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await self.gate.wait()
            await steps(self.turns)
            await super().charge(guest)
        finally:
            self.in_flight -= 1


def seats(count: int) -> list[str]:
    return [f"{row}{letter}" for row in range(1, count + 1) for letter in "AB"][:count]


@pytest.mark.parametrize("guests", [2, 5, 40])
def test_racing_guests_get_one_booking_and_one_charge(guests: int) -> None:
    names = [f"guest-{n}" for n in range(guests)]

    async def scenario() -> None:
        payments = SlowPayments()
        async with SeatActor(["12A"], payments) as actor:
            results = await asyncio.gather(
                *(actor.book("12A", name) for name in names), return_exceptions=True
            )
            assert results[0] is None
            assert all(isinstance(r, SeatTakenError) for r in results[1:])
            assert payments.charged == [names[0]]
            assert await actor.holder("12A") == names[0]

    asyncio.run(scenario())


@pytest.mark.parametrize("guests", [2, 5])
def test_the_before_version_charges_everyone_and_keeps_the_last(guests: int) -> None:
    payments = before.Payments()
    seat_map = before.SeatMap(["12A"], payments)

    async def scenario() -> None:
        await asyncio.gather(*(seat_map.book("12A", f"g{n}") for n in range(guests)))

    asyncio.run(scenario())
    assert payments.charged == [f"g{n}" for n in range(guests)]
    assert seat_map.holders["12A"] == f"g{guests - 1}"


def test_before_still_refuses_a_seat_taken_before_the_check() -> None:
    async def scenario() -> None:
        seat_map = before.SeatMap(["1A"], before.Payments())
        await seat_map.book("1A", "ann")
        with pytest.raises(before.SeatTakenError):
            await seat_map.book("1A", "bob")

    asyncio.run(scenario())


@pytest.mark.parametrize("turns", [0, 1, 5])
def test_messages_are_handled_one_at_a_time_in_arrival_order(turns: int) -> None:
    async def scenario() -> None:
        payments = SlowPayments(turns)
        all_seats = seats(30)
        async with SeatActor(all_seats, payments, mailbox_size=4) as actor:
            async with asyncio.TaskGroup() as group:
                for n, seat in enumerate(all_seats):
                    group.create_task(actor.book(seat, f"guest-{n}"))
            assert payments.peak == 1  # even though every charge awaits several turns
            assert payments.charged == [f"guest-{n}" for n in range(30)]
            for n, seat in enumerate(all_seats):
                assert await actor.holder(seat) == f"guest-{n}"

    asyncio.run(scenario())


def test_each_sender_gets_its_own_reply() -> None:
    async def scenario() -> None:
        payments = Payments(declined=["eve"])
        async with SeatActor(["1A", "1B", "1C"], payments) as actor:
            await actor.book("1C", "zed")
            results = await asyncio.gather(
                actor.book("1A", "ann"),
                actor.book("1B", "eve"),
                actor.book("1C", "bob"),
                actor.release("1C", "bob"),
                actor.holder("1A"),
                actor.holder("nope"),
                actor.release("1C", "zed"),
                actor.holder("1C"),
                return_exceptions=True,
            )
        kinds = [type(r) for r in results]
        assert kinds == [
            type(None),
            PaymentDeclinedError,
            SeatTakenError,
            PermissionError,
            str,
            LookupError,
            type(None),
            type(None),
        ]
        assert results[4] == "ann"
        assert payments.charged == ["zed", "ann"]

    asyncio.run(scenario())


def test_a_query_sent_after_a_change_sees_it_without_awaiting_it() -> None:
    async def scenario() -> None:
        async with SeatActor(["1A"], SlowPayments(turns=5)) as actor:
            booking = asyncio.create_task(actor.book("1A", "ann"))
            await asyncio.sleep(0)
            assert not booking.done()
            assert await actor.holder("1A") == "ann"
            assert booking.done()
            await booking

    asyncio.run(scenario())


def test_a_sender_that_gives_up_before_its_turn_is_skipped() -> None:
    async def scenario() -> None:
        payments = SlowPayments()
        payments.gate.clear()
        async with SeatActor(["1A", "1B"], payments) as actor:
            first = asyncio.create_task(actor.book("1A", "ann"))
            second = asyncio.create_task(actor.book("1B", "bob"))
            await steps(3)
            second.cancel()  # bob's message waits in the mailbox behind ann's
            with pytest.raises(asyncio.CancelledError):
                await second
            payments.gate.set()
            await first
            assert await actor.holder("1B") is None
        assert payments.started == ["ann"]

    asyncio.run(scenario())


@pytest.mark.parametrize(("guest", "holder"), [("ann", "ann"), ("eve", None)])
def test_a_sender_that_gives_up_mid_message_does_not_break_the_actor(
    guest: str, holder: str | None
) -> None:
    async def scenario() -> None:
        payments = SlowPayments()
        payments.declined = {"eve"}
        payments.gate.clear()
        async with SeatActor(["1A", "1B"], payments) as actor:
            booking = asyncio.create_task(actor.book("1A", guest))
            await steps(3)
            assert payments.in_flight == 1
            booking.cancel()  # the charge is under way: the actor finishes it
            with pytest.raises(asyncio.CancelledError):
                await booking
            payments.gate.set()
            assert await actor.holder("1A") == holder  # the outcome stands, reply or not
            await actor.book("1B", "bob")  # and the actor still answers the next sender
            assert await actor.holder("1B") == "bob"

    asyncio.run(scenario())


def test_a_full_mailbox_makes_senders_wait() -> None:
    async def scenario() -> None:
        payments = SlowPayments()
        payments.gate.clear()
        async with SeatActor(seats(10), payments, mailbox_size=2) as actor:
            senders = [asyncio.create_task(actor.book(seat, "g")) for seat in seats(10)]
            await steps(10)
            # Two sent and unanswered: one in the actor, one in the mailbox; eight wait.
            assert actor._mailbox.qsize() == 1
            assert sum(sender.done() for sender in senders) == 0
            assert payments.started == ["g"]
            payments.gate.set()
            results = await asyncio.gather(*senders, return_exceptions=True)
            assert results.count(None) == 10

    asyncio.run(scenario())


def test_closing_answers_every_message_already_sent() -> None:
    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        payments = SlowPayments()
        async with SeatActor(seats(6), payments) as actor:
            senders = [asyncio.create_task(actor.book(seat, seat)) for seat in seats(6)]
            await asyncio.sleep(0)  # every sender has put its message
        assert all(sender.done() for sender in senders)
        assert [sender.result() for sender in senders] == [None] * 6
        assert payments.charged == seats(6)
        assert asyncio.all_tasks() - baseline == set()
        with pytest.raises(ActorStoppedError):
            await actor.book("1A", "late")

    asyncio.run(scenario())


@pytest.mark.parametrize("mailbox_size", [100, 1])
def test_an_error_in_the_owner_stops_the_actor_and_fails_every_waiting_sender(
    mailbox_size: int,
) -> None:
    """With room 1, three of the four senders are still waiting for room when it stops."""

    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        payments = SlowPayments()
        payments.gate.clear()
        senders: list[asyncio.Task[None]] = []
        with pytest.raises(ValueError, match="owner failed"):
            async with SeatActor(seats(4), payments, mailbox_size=mailbox_size) as actor:
                senders = [asyncio.create_task(actor.book(seat, "g")) for seat in seats(4)]
                await steps(3)
                assert payments.started == ["g"]
                raise ValueError("owner failed")
        results = await asyncio.gather(*senders, return_exceptions=True)
        assert [type(r) for r in results] == [ActorStoppedError] * 4  # none left hanging
        assert payments.charged == []
        assert asyncio.all_tasks() - baseline == set()

    asyncio.run(scenario())


@pytest.mark.parametrize("mailbox_size", [1, 5])
def test_cancelling_the_owner_while_it_closes_leaves_no_actor_behind(mailbox_size: int) -> None:
    """With room 1 the owner waits to queue its stop signal; with room 5, for the actor."""

    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        payments = SlowPayments()
        payments.gate.clear()
        senders: list[asyncio.Task[None]] = []

        async def owner() -> None:
            async with SeatActor(seats(4), payments, mailbox_size=mailbox_size) as actor:
                for seat in seats(2):  # one in the actor, one in the mailbox
                    senders.append(asyncio.create_task(actor.book(seat, "g")))
                await steps(3)

        task = asyncio.create_task(owner())
        await steps(10)
        assert not task.done()  # closing waits: the actor is stuck on a charge
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        results = await asyncio.gather(*senders, return_exceptions=True)
        assert [type(r) for r in results] == [ActorStoppedError] * 2
        assert asyncio.all_tasks() - baseline == set()

    asyncio.run(scenario())


def test_an_actor_that_was_never_opened_refuses_messages() -> None:
    async def scenario() -> None:
        actor = SeatActor(["1A"], Payments())
        with pytest.raises(ActorStoppedError, match="not running"):
            await actor.holder("1A")

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p033)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
