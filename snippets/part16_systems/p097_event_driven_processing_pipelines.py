"""P097 Event-Driven Processing Pipelines: stages joined by bounded queues.

Each stage is one task that reads events from its inbox, handles them one at a
time and puts the result in the next stage's inbox, so events leave the
pipeline in the order they entered it. Every queue holds at most `capacity`
events: a slow sink makes the stages before it wait, and the source is read
only as fast as the sink keeps up. An event whose handler raises goes to the
dead-letter list with the stage's name and the error, and the pipeline goes on.
When the source ends, an end marker follows the last event through every
stage, so each stage finishes its input before the next one is told to stop.
"""

from __future__ import annotations

import asyncio
import dataclasses
import enum
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Event:
    """An order event; stages return a new one rather than changing it."""

    seq: int
    order_id: str
    customer: str
    amount_cents: int
    currency: str = ""


Handler = Callable[[Event], Awaitable[Event | None]]  # None means: drop this event


@dataclass(frozen=True)
class Stage:
    name: str
    handle: Handler


@dataclass(frozen=True)
class DeadLetter:
    """An event that a stage could not handle, kept for inspection or replay."""

    event: Event
    stage: str
    error: str


@dataclass
class Report:
    delivered: int = 0
    dropped: int = 0
    dead_letters: list[DeadLetter] = field(default_factory=list)


class _End(enum.Enum):
    END = "end"  # the end marker: no event follows it


async def run_pipeline(
    source: AsyncIterable[Event],
    stages: Sequence[Stage],
    sink: Callable[[Event], Awaitable[None]],
    *,
    capacity: int,
) -> Report:
    """Push every event from `source` through `stages` into `sink`.

    Returns after the source has ended and every event read from it has been
    delivered, dropped by a stage or dead-lettered. A handler's `Exception`
    dead-letters that one event; a cancellation of the caller stops every stage.

    Raises:
        ValueError: if `capacity` is less than 1.
    """
    if capacity < 1:
        raise ValueError(f"capacity must be at least 1, got {capacity}")
    queues: list[asyncio.Queue[Event | _End]] = [
        asyncio.Queue(maxsize=capacity) for _ in range(len(stages) + 1)
    ]
    report = Report()

    def dead_letter(event: Event, stage: str, exc: Exception) -> None:
        report.dead_letters.append(DeadLetter(event, stage, f"{type(exc).__name__}: {exc}"))

    async def run_stage(
        stage: Stage, inbox: asyncio.Queue[Event | _End], outbox: asyncio.Queue[Event | _End]
    ) -> None:
        while not isinstance(item := await inbox.get(), _End):
            try:
                result = await stage.handle(item)
            except Exception as exc:  # CancelledError is not an Exception: it still stops us
                dead_letter(item, stage.name, exc)
                continue
            if result is None:
                report.dropped += 1
            else:
                await outbox.put(result)  # waits while the next stage is behind
        await outbox.put(item)  # the end marker, after every event this stage passed on

    async def run_sink(inbox: asyncio.Queue[Event | _End]) -> None:
        while not isinstance(item := await inbox.get(), _End):
            try:
                await sink(item)
            except Exception as exc:
                dead_letter(item, "sink", exc)
            else:
                report.delivered += 1

    # Leaving this block normally waits for every stage to see the end marker;
    # a cancellation or a failing source cancels them all instead.
    async with asyncio.TaskGroup() as group:
        for stage, inbox, outbox in zip(stages, queues[:-1], queues[1:], strict=True):
            group.create_task(run_stage(stage, inbox, outbox))
        group.create_task(run_sink(queues[-1]))
        async for event in source:
            await queues[0].put(event)  # waits while the first stage is behind
        await queues[0].put(_End.END)
    return report


# ---- a demo: validate, de-duplicate and price order events ----

RATES = {"acme": "EUR", "globex": "USD"}


async def validate(event: Event) -> Event:
    if event.amount_cents <= 0:
        raise ValueError(f"amount must be positive, got {event.amount_cents}")
    return event


def deduplicate() -> Handler:
    seen: set[str] = set()

    async def handle(event: Event) -> Event | None:
        if event.order_id in seen:
            return None  # a redelivery of an order already passed on
        seen.add(event.order_id)
        return event

    return handle


async def price(event: Event) -> Event:
    currency = RATES.get(event.customer)
    if currency is None:
        raise LookupError(f"no account for customer {event.customer!r}")
    return dataclasses.replace(event, currency=currency)


class Warehouse:
    """A slow sink: each event takes several turns of the event loop."""

    def __init__(self, source: Source) -> None:
        self.received: list[str] = []
        self._source = source
        self.peak_read_ahead = 0  # events read from the source but not yet stored

    async def store(self, event: Event) -> None:
        for _ in range(5):
            await asyncio.sleep(0)
        if event.order_id == "o-13":
            raise ConnectionError("warehouse rejected o-13")
        self.received.append(f"{event.order_id}:{event.currency}")
        ahead = self._source.read - event.seq
        self.peak_read_ahead = max(self.peak_read_ahead, ahead)


class Source:
    """Yields events and counts how many have been read."""

    def __init__(self, events: Iterable[Event]) -> None:
        self._events = events
        self.read = 0

    async def __aiter__(self) -> AsyncIterator[Event]:
        for event in self._events:
            self.read += 1
            yield event


def orders(count: int) -> Iterable[Event]:
    for seq in range(1, count + 1):
        customer = "initech" if seq == 7 else ("acme" if seq % 2 else "globex")
        amount = 0 if seq == 4 else 100 * seq
        order_id = "o-2" if seq == 5 else f"o-{seq}"  # seq 5 redelivers order o-2
        yield Event(seq, order_id, customer, amount)


async def main() -> None:
    stages = [Stage("validate", validate), Stage("dedupe", deduplicate()), Stage("price", price)]

    source = Source(orders(14))
    warehouse = Warehouse(source)
    report = await run_pipeline(source, stages, warehouse.store, capacity=2)
    print(" ".join(warehouse.received))
    #> o-1:EUR o-2:USD o-3:EUR o-6:USD o-8:USD o-9:EUR o-10:USD o-11:EUR o-12:USD o-14:USD
    print(f"read {source.read}, delivered {report.delivered}, dropped {report.dropped}")
    #> read 14, delivered 10, dropped 1
    for letter in report.dead_letters:
        print(f"dead letter #{letter.event.seq} at {letter.stage}: {letter.error}")
    #> dead letter #4 at validate: ValueError: amount must be positive, got 0
    #> dead letter #7 at price: LookupError: no account for customer 'initech'
    #> dead letter #13 at sink: ConnectionError: warehouse rejected o-13

    # Reading runs ahead of the sink by a fixed number of events, whatever the
    # input's length: (stages + 1) x capacity queued, plus one in each stage's
    # hands and one in the source loop's.
    for count in (100, 10_000):
        source = Source(Event(seq, f"o-{seq}", "acme", 100) for seq in range(1, count + 1))
        warehouse = Warehouse(source)
        await run_pipeline(source, stages[:1], warehouse.store, capacity=2)
        print(f"{count} events: read ahead of the sink at most {warehouse.peak_read_ahead}")
    #> 100 events: read ahead of the sink at most 6
    #> 10000 events: read ahead of the sink at most 6


if __name__ == "__main__":
    asyncio.run(main())
