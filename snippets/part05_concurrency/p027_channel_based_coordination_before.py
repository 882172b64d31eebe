"""P027 before: signals sent as ordinary messages, by whoever feels like sending them.

Two mistakes that Go code makes with channels and Python code makes with
queues. First, every sender ends the stream when it finishes; the receiver
stops at the first end marker, the slower sender's readings are lost, and
that sender waits for ever on a full queue that nobody reads. (In Go, the
second `close` of the channel would at least panic.) Second, a stop request
sent as one message is taken by one poller; the others never hear it.
"""

from __future__ import annotations

import asyncio
from typing import Any

STOP = "stop"


class Sensor:
    """Gives `limit` readings, or never runs out when `limit` is None."""

    def __init__(self, name: str, limit: int | None = None) -> None:
        self.name = name
        self.limit = limit
        self.taken = 0

    async def read(self) -> str | None:
        await asyncio.sleep(0)
        if self.limit is not None and self.taken == self.limit:
            return None
        self.taken += 1
        return f"{self.name}{self.taken}"


async def poll_then_end(sensor: Sensor, out: asyncio.Queue[str | None]) -> None:
    while (reading := await sensor.read()) is not None:
        await out.put(reading)
    await out.put(None)  # "I'm done" is read as "the stream is done"


async def poll_until_told(sensor: Sensor, inbox: asyncio.Queue[str]) -> None:
    while inbox.empty() or inbox.get_nowait() != STOP:  # get_nowait takes the message
        await sensor.read()


def new_tasks(before: set[asyncio.Task[Any]]) -> int:
    """Tasks that exist now and did not in `before` (a baseline keeps Pyodide's own out)."""
    return len(asyncio.all_tasks() - before)


async def main() -> None:
    before = asyncio.all_tasks()
    out: asyncio.Queue[str | None] = asyncio.Queue(maxsize=1)
    fast, slow = Sensor("a", limit=1), Sensor("b", limit=4)
    pollers = [asyncio.create_task(poll_then_end(s, out)) for s in (fast, slow)]
    received: list[str] = []
    while (item := await out.get()) is not None:
        received.append(item)
    for _ in range(20):
        await asyncio.sleep(0)
    print(f"received {len(received)} of 5 readings, "
          f"pollers blocked for ever on the full queue: {new_tasks(before)}")
    #> received 1 of 5 readings, pollers blocked for ever on the full queue: 1

    # One stop message, three pollers: only the one that takes it stops.
    inbox: asyncio.Queue[str] = asyncio.Queue()
    pollers += [asyncio.create_task(poll_until_told(Sensor(n), inbox)) for n in "xyz"]
    inbox.put_nowait(STOP)
    for _ in range(20):
        await asyncio.sleep(0)
    print(f"pollers still running after the stop message: {new_tasks(before) - 1} of 3")
    #> pollers still running after the stop message: 2 of 3

    for poller in pollers:  # nothing in the code above would ever end them
        poller.cancel()
    await asyncio.gather(*pollers, return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main())
