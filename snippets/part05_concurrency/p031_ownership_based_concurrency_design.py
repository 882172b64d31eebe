"""P031 Ownership-Based Concurrency Design: one task owns the stock, the others send it messages.

The stock levels are a local variable of one task, the owner. No other code
can reach them: other tasks hold an `Inventory` handle, whose methods put a
message in the owner's inbox and wait for the reply. The owner handles one
message at a time, from start to finish, so a reservation that awaits the
ledger in the middle cannot interleave with another reservation. Nothing is
locked, because nothing is shared.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

Record = Callable[[str, int], Awaitable[None]]


class InventoryClosedError(Exception):
    """Raised to callers once the owner has stopped, or is stopping, taking messages."""


@dataclass(frozen=True)
class Reserve:
    """Take `quantity` of `sku` if that many are in stock; the reply says whether it did."""

    sku: str
    quantity: int
    reply: asyncio.Future[bool]


@dataclass(frozen=True)
class Levels:
    """Ask for a copy of every stock level."""

    reply: asyncio.Future[dict[str, int]]


Message = Reserve | Levels


class Inventory:
    """What other tasks hold: each method is a message to the owner and a wait for its reply."""

    def __init__(self, inbox: asyncio.Queue[Message | None]) -> None:
        self._inbox = inbox
        self._closed = False

    async def reserve(self, sku: str, quantity: int) -> bool:
        """Reserve `quantity` of `sku`: True if it was in stock, False if not."""
        reply: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._send(Reserve(sku, quantity, reply))
        return await reply

    async def levels(self) -> dict[str, int]:
        """A copy of the stock levels: changing it changes nothing in the inventory."""
        reply: asyncio.Future[dict[str, int]] = asyncio.get_running_loop().create_future()
        self._send(Levels(reply))
        return await reply

    def _send(self, message: Message) -> None:
        if self._closed:
            raise InventoryClosedError("inventory is closed")
        self._inbox.put_nowait(message)

    def _close(self) -> None:
        """Take no new messages; the owner still answers those already sent."""
        self._closed = True
        self._inbox.put_nowait(None)


async def _reserve(stock: dict[str, int], record: Record, sku: str, quantity: int) -> bool:
    if quantity < 1:
        raise ValueError(f"quantity must be at least 1, got {quantity}")
    available = stock.get(sku, 0)
    if available < quantity:
        return False
    await record(sku, -quantity)  # no other message is handled until this one is done
    stock[sku] = available - quantity  # so `available` is still the truth here
    return True


async def _snapshot(stock: dict[str, int]) -> dict[str, int]:
    return dict(stock)  # a copy: the owner's dict never leaves the owner


async def _answer(reply: asyncio.Future[T], work: Awaitable[T]) -> None:
    try:
        result = await work
    except Exception as exc:  # one message's failure goes to its sender; the owner goes on
        if not reply.done():
            reply.set_exception(exc)
    else:
        if not reply.done():  # the sender may have been cancelled while we worked
            reply.set_result(result)


async def _own(
    initial: Mapping[str, int], inbox: asyncio.Queue[Message | None], record: Record
) -> None:
    """The owner: the only code that can read or change `stock`."""
    stock = dict(initial)
    message: Message | None = None
    try:
        while (message := await inbox.get()) is not None:
            if message.reply.cancelled():
                continue  # the sender gave up before its turn: do not act for nobody
            if isinstance(message, Reserve):
                await _answer(message.reply, _reserve(stock, record, message.sku, message.quantity))
            else:
                await _answer(message.reply, _snapshot(stock))
    finally:
        # Also reached when the owner is cancelled: no sender may wait for ever.
        unanswered: list[Message | None] = [message]
        while not inbox.empty():
            unanswered.append(inbox.get_nowait())
        for pending in unanswered:
            if pending is not None and not pending.reply.done():
                pending.reply.set_exception(InventoryClosedError("inventory is closed"))


@asynccontextmanager
async def open_inventory(stock: Mapping[str, int], record: Record) -> AsyncIterator[Inventory]:
    """Start the owner task and yield a handle to it; leaving the block stops the owner.

    Args:
        stock: the starting levels; the owner keeps its own copy.
        record: writes one stock change to the ledger; awaited by the owner.
    """
    inbox: asyncio.Queue[Message | None] = asyncio.Queue()
    inventory = Inventory(inbox)
    async with asyncio.TaskGroup() as group:
        group.create_task(_own(stock, inbox, record))
        try:
            yield inventory
        finally:
            inventory._close()  # then the group waits until the owner has answered the rest


class Ledger:
    """A stand-in ledger service: records stock changes, and can be down."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, int]] = []
        self.down = False

    async def record(self, sku: str, change: int) -> None:
        await asyncio.sleep(0)  # the write's round trip: every other task runs meanwhile
        if self.down:
            raise ConnectionError("ledger unavailable")
        self.entries.append((sku, change))


async def main() -> None:
    ledger = Ledger()
    async with open_inventory({"lamp": 3, "desk": 1}, ledger.record) as inventory:
        shoppers = [inventory.reserve("lamp", 1) for _ in range(10)]
        results = await asyncio.gather(*shoppers)
        print(f"confirmed: {results.count(True)}, refused: {results.count(False)}")
        #> confirmed: 3, refused: 7
        print("stock:", await inventory.levels())
        #> stock: {'lamp': 0, 'desk': 1}

        # One message fails: its sender gets the error, the stock is unchanged,
        # and the owner keeps serving everyone else.
        ledger.down = True
        try:
            await inventory.reserve("desk", 1)
        except ConnectionError as exc:
            print("reserve failed:", exc)
        #> reserve failed: ledger unavailable
        ledger.down = False
        print("desk after the failure:", (await inventory.levels())["desk"])
        #> desk after the failure: 1
    print("ledger entries:", ledger.entries)
    #> ledger entries: [('lamp', -1), ('lamp', -1), ('lamp', -1)]

    try:
        await inventory.reserve("desk", 1)
    except InventoryClosedError as exc:
        print("after the block:", exc)
    #> after the block: inventory is closed


if __name__ == "__main__":
    asyncio.run(main())
