"""P033 Actor-Like Ownership: one task owns the seat map; others send it messages.

`SeatActor` keeps who holds which seat in a dict that only its own task ever
touches. Callers do not read or write that dict: `book`, `release` and
`holder` put a message and a reply future into the actor's mailbox and await
the future. The actor takes one message at a time, in arrival order, and
finishes it, awaits included, before it looks at the next one. That is why a
check followed by an `await` followed by a write is safe inside it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType


class SeatTakenError(Exception):
    """The seat already has a holder."""


class PaymentDeclinedError(Exception):
    """The payment provider refused the charge."""


class ActorStoppedError(RuntimeError):
    """The actor is not running, so the message was not (or not fully) handled."""


@dataclass(frozen=True)
class Book:
    seat: str
    guest: str


@dataclass(frozen=True)
class Release:
    seat: str
    guest: str


@dataclass(frozen=True)
class Holder:
    seat: str


Message = Book | Release | Holder
Reply = asyncio.Future[str | None]


class Payments:
    """A stand-in payment provider that remembers whom it charged."""

    def __init__(self, declined: Iterable[str] = ()) -> None:
        self.declined = set(declined)
        self.charged: list[str] = []

    async def charge(self, guest: str) -> None:
        await asyncio.sleep(0)  # the provider's round trip: every other task runs meanwhile
        if guest in self.declined:
            raise PaymentDeclinedError(f"card of {guest} declined")
        self.charged.append(guest)


class SeatActor:
    """Owns the seat map; every read and write of it arrives as a message.

    Args:
        seats: the seats, all free at the start.
        payments: charged inside the actor before a seat is given away.
        mailbox_size: messages that may be sent and not yet answered; a
            sender waits for room, and learns if the actor stops meanwhile.
    """

    def __init__(self, seats: Iterable[str], payments: Payments, *, mailbox_size: int = 100) -> None:
        self._holders: dict[str, str | None] = dict.fromkeys(seats)  # the actor's alone
        self._payments = payments
        self._mailbox: asyncio.Queue[tuple[Message, Reply] | None] = asyncio.Queue()
        self._room = asyncio.Semaphore(mailbox_size)  # bounds the mailbox; see _ask
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    async def book(self, seat: str, guest: str) -> None:
        """Charge `guest` and give them `seat`, or raise SeatTakenError."""
        await self._ask(Book(seat, guest))

    async def release(self, seat: str, guest: str) -> None:
        """Free `seat`; only its holder may release it."""
        await self._ask(Release(seat, guest))

    async def holder(self, seat: str) -> str | None:
        """Who holds `seat`, as of every message sent before this one."""
        return await self._ask(Holder(seat))

    async def _ask(self, message: Message) -> str | None:
        # A slot is held from sending until the answer arrives. Unlike a task
        # waiting in Queue.put, a task waiting here always wakes up: every
        # slot is released once its reply is resolved, even by a stopped actor.
        async with self._room:
            if self._task is None or self._stopping or self._task.done():
                raise ActorStoppedError(f"seat actor is not running; {message} was not sent")
            reply: Reply = asyncio.get_running_loop().create_future()
            self._mailbox.put_nowait((message, reply))
            # Cancelling this await cancels the reply; the actor then skips
            # the message if it has not started it yet.
            return await reply

    async def __aenter__(self) -> SeatActor:
        self._task = asyncio.create_task(self._run(), name="seat-actor")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # The owner started the actor, so the owner ends it. A normal exit
        # lets it answer every message already sent; an error stops it now.
        assert self._task is not None
        self._stopping = True
        try:
            if exc_type is None and not self._task.done():
                self._mailbox.put_nowait(None)  # queued behind every message already sent
                await asyncio.wait([self._task])
        finally:
            if not self._task.done():
                self._task.cancel()
                await asyncio.wait([self._task])

    async def _run(self) -> None:
        current: Reply | None = None
        try:
            while (item := await self._mailbox.get()) is not None:
                message, current = item
                if current.cancelled():
                    continue  # the sender gave up before we started: as if never sent
                try:
                    result = await self._handle(message)
                except Exception as exc:  # the sender's problem, not the actor's: keep going
                    if not current.done():
                        current.set_exception(exc)
                else:
                    if not current.done():
                        current.set_result(result)
        finally:
            # Whatever stopped the loop, no sender is left waiting for an answer.
            pending = [current] if current is not None else []
            while not self._mailbox.empty():
                if (item := self._mailbox.get_nowait()) is not None:
                    pending.append(item[1])
            for reply in pending:
                if not reply.done():
                    reply.set_exception(ActorStoppedError("seat actor stopped first"))

    async def _handle(self, message: Message) -> str | None:
        match message:
            case Book(seat, guest):
                if self._seat(seat) is not None:
                    raise SeatTakenError(f"seat {seat} is taken")
                # Safe to await: no other message runs until this one is done.
                await self._payments.charge(guest)
                self._holders[seat] = guest
                return None
            case Release(seat, guest):
                if self._seat(seat) != guest:
                    raise PermissionError(f"seat {seat} is not held by {guest}")
                self._holders[seat] = None
                return None
            case _:  # Holder: the only kind left
                return self._seat(message.seat)

    def _seat(self, seat: str) -> str | None:
        if seat not in self._holders:
            raise LookupError(f"no seat {seat}")
        return self._holders[seat]


async def main() -> None:
    payments = Payments(declined=["eve"])
    async with SeatActor(["12A", "12B"], payments) as seats:
        results = await asyncio.gather(
            seats.book("12A", "ann"), seats.book("12A", "bob"), return_exceptions=True
        )
        print(f"errors: {[r for r in results if isinstance(r, Exception)]}")
        #> errors: [SeatTakenError('seat 12A is taken')]
        print(f"charged: {payments.charged}, seat 12A belongs to {await seats.holder('12A')}")
        #> charged: ['ann'], seat 12A belongs to ann

        # A failing message fails only its own sender; the actor goes on.
        for attempt in (seats.book("12B", "eve"), seats.release("12A", "bob"), seats.holder("99Z")):
            try:
                await attempt
            except (PaymentDeclinedError, PermissionError, LookupError) as exc:
                print(f"{type(exc).__name__}: {exc}")
        #> PaymentDeclinedError: card of eve declined
        #> PermissionError: seat 12A is not held by bob
        #> LookupError: no seat 99Z

        # Messages from one sender are handled in the order sent: the query,
        # sent second, sees the booking, sent first, without awaiting it.
        booking = asyncio.create_task(seats.book("12B", "cat"))
        await asyncio.sleep(0)  # let the booking task put its message in the mailbox
        print(f"12B: {await seats.holder('12B')}")
        #> 12B: cat
        await booking

    try:
        await seats.holder("12A")
    except ActorStoppedError as exc:
        print(f"after stop: {exc}")
    #> after stop: seat actor is not running; Holder(seat='12A') was not sent


if __name__ == "__main__":
    asyncio.run(main())
