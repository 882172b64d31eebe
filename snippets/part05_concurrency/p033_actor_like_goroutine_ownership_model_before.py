"""P033 before: every request handler books seats on a shared seat map.

`book` checks that the seat is free, charges the guest, then writes the
holder. The charge is an `await`, so two handlers can both see the seat free,
both charge their guest, and both write: the second overwrites the first. One
guest paid for a seat that now belongs to someone else.
"""

from __future__ import annotations

import asyncio


class SeatTakenError(Exception):
    """The seat already has a holder."""


class Payments:
    """A stand-in payment provider that remembers whom it charged."""

    def __init__(self) -> None:
        self.charged: list[str] = []

    async def charge(self, guest: str) -> None:
        await asyncio.sleep(0)  # the provider's round trip: every other task runs meanwhile
        self.charged.append(guest)


class SeatMap:
    """Seats and their holders, changed directly by whichever task calls `book`."""

    def __init__(self, seats: list[str], payments: Payments) -> None:
        self.holders: dict[str, str | None] = dict.fromkeys(seats)
        self.payments = payments

    async def book(self, seat: str, guest: str) -> None:
        if self.holders[seat] is not None:  # check ...
            raise SeatTakenError(f"seat {seat} is taken")
        await self.payments.charge(guest)  # ... wait ...
        self.holders[seat] = guest  # ... act on what was true before the wait


async def main() -> None:
    payments = Payments()
    seats = SeatMap(["12A", "12B"], payments)
    results = await asyncio.gather(
        seats.book("12A", "ann"), seats.book("12A", "bob"), return_exceptions=True
    )
    print(f"errors: {[r for r in results if isinstance(r, Exception)]}")
    #> errors: []
    print(f"charged: {payments.charged}, seat 12A belongs to {seats.holders['12A']}")
    #> charged: ['ann', 'bob'], seat 12A belongs to bob


if __name__ == "__main__":
    asyncio.run(main())
