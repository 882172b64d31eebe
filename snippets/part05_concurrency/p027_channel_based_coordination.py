"""P027 Channel-Based Coordination: Go's channel signals, and their asyncio counterparts.

Three signals coordinate the pollers below, each with one owner:

- data: an `asyncio.Queue`, Go's channel. asyncio queues cannot be closed
  before Python 3.13, so "no more data" is an end marker (`None`) that the
  queue's owner puts once, after every sender has returned.
- a broadcast: an `asyncio.Event`. One `set()` is seen by every poller, as
  one `close(stop)` is seen by every goroutine that receives from `stop`.
- a hard stop: task cancellation. It reaches a task at whatever `await` it is
  blocked on, which a flag checked between reads cannot do; it plays the part
  of the `case <-ctx.Done()` arm that Go puts in every blocking `select`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from typing import NamedTuple


class Reading(NamedTuple):
    sensor: str
    seq: int


class Sensor:
    """A stand-in data source. It gives `limit` readings (None: no end), or hangs.

    A hung sensor's `read` waits for ever, like a device that stopped
    answering; `cancelled` records that a cancellation reached that wait.
    """

    def __init__(self, name: str, limit: int | None = None, *, hangs: bool = False) -> None:
        self.name = name
        self.limit = limit
        self.hangs = hangs
        self.taken = 0
        self.cancelled = False

    async def read(self) -> Reading | None:
        if self.hangs:
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                self.cancelled = True
                raise
        await asyncio.sleep(0)  # the device's round trip
        if self.limit is not None and self.taken == self.limit:
            return None
        self.taken += 1
        return Reading(self.name, self.taken)


async def poll(sensor: Sensor, out: asyncio.Queue[Reading | None], stop: asyncio.Event) -> None:
    """Send the sensor's readings to `out` until it has no more or `stop` is set.

    `stop` is checked between readings: a graceful stop, that lets a reading
    already taken reach the queue. A poller blocked inside `read` does not see
    it; cancelling the task is what ends that wait.
    """
    while not stop.is_set():
        reading = await sensor.read()
        if reading is None:
            return
        await out.put(reading)  # waits while the queue is full: backpressure


async def poll_all(
    sensors: Sequence[Sensor], out: asyncio.Queue[Reading | None], stop: asyncio.Event
) -> None:
    """Own `out`: run one poller per sensor, and end the stream once all have returned.

    With several senders, none of them may end the stream: the others might
    still send. Only the owner, after the last sender has returned, puts the
    end marker, exactly once, as Go closes a channel once, after `wg.Wait()`.
    """
    async with asyncio.TaskGroup() as group:
        for sensor in sensors:
            group.create_task(poll(sensor, out, stop))
    await out.put(None)


async def receive(inbox: asyncio.Queue[Reading | None]) -> AsyncIterator[Reading]:
    """Yield items until the end marker: Go's `for reading := range inbox`."""
    while (item := await inbox.get()) is not None:
        yield item


async def gather_readings(
    sensors: Sequence[Sensor], *, want: int | None = None, queue_size: int = 4
) -> list[Reading]:
    """Collect readings from every sensor through one bounded queue.

    With `want`, one `stop.set()` after that many readings stops every poller;
    the readings already on their way are still received, so none is lost. The
    function returns only after the end marker, so every poller has returned.
    Cancelling it cancels every poller, wherever it waits.
    """
    readings: asyncio.Queue[Reading | None] = asyncio.Queue(maxsize=queue_size)
    stop = asyncio.Event()
    received: list[Reading] = []
    async with asyncio.TaskGroup() as group:
        group.create_task(poll_all(sensors, readings, stop))
        async for reading in receive(readings):
            received.append(reading)
            if len(received) == want:
                stop.set()  # one call reaches every poller: Go's close(stop)
    return received


async def main() -> None:
    # End of data: the stream ends once, after the last poller has returned.
    a, b = Sensor("a", limit=2), Sensor("b", limit=3)
    received = await gather_readings([a, b])
    print("received:", ", ".join(f"{r.sensor}{r.seq}" for r in sorted(received)))
    #> received: a1, a2, b1, b2, b3

    # Broadcast: three endless sensors; one stop.set() after 5 readings stops all.
    endless = [Sensor(name) for name in ("x", "y", "z")]
    received = await gather_readings(endless, want=5)
    taken = sum(sensor.taken for sensor in endless)
    print(f"every poller returned; readings taken but never received: {taken - len(received)}")
    #> every poller returned; readings taken but never received: 0

    # A flag cannot reach a poller blocked in read(); a cancellation can.
    stuck = Sensor("stuck", hangs=True)
    task = asyncio.create_task(gather_readings([Sensor("x"), stuck], want=2))
    for _ in range(20):
        await asyncio.sleep(0)
    print(f"stop is set, but the stuck poller still waits: done={task.done()}")
    #> stop is set, but the stuck poller still waits: done=False
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print(f"cancelled: stuck read cancelled={stuck.cancelled}, done={task.done()}")
    #> cancelled: stuck read cancelled=True, done=True


if __name__ == "__main__":
    asyncio.run(main())
