"""P066: the stream is lazy, bounded by the page size, and always closes its cursor."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part10_events import p066_streaming_api as p066
from snippets.part10_events import p066_streaming_api_before as before
from snippets.part10_events.p066_streaming_api import (
    Client,
    Cursor,
    OrderTable,
    respond,
    stream_orders,
)

DemoCheck = Callable[[ModuleType], None]


def test_nothing_is_read_until_the_consumer_asks() -> None:
    async def scenario() -> None:
        table = OrderTable(size=1_000)
        stream = stream_orders(table, page_size=100)
        assert (table.rows_read, table.open_cursors) == (0, 0)
        first = await anext(stream)
        assert json.loads(first) == {"id": 0, "cents": 0}
        assert table.rows_read == 100
        await stream.aclose()
        assert table.open_cursors == 0

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("taken", "page_size", "read"), [(1, 7, 7), (6, 7, 7), (7, 7, 14), (15, 7, 21), (20, 50, 50)]
)
def test_rows_read_follow_what_the_consumer_took(taken: int, page_size: int, read: int) -> None:
    async def scenario() -> None:
        table = OrderTable(size=1_000)
        client = Client(wants=taken)
        assert await respond(stream_orders(table, page_size), client) == "client went away"
        assert len(client.received) == taken
        assert table.rows_read == read
        assert table.open_cursors == 0

    asyncio.run(scenario())


def test_full_stream_sends_every_row_in_order() -> None:
    async def scenario() -> None:
        table = OrderTable(size=23)
        client = Client()
        assert await respond(stream_orders(table, page_size=5), client) == "complete"
        assert [json.loads(line)["id"] for line in client.received] == list(range(23))
        assert table.open_cursors == 0

    asyncio.run(scenario())


def test_empty_table_ends_at_once_and_closes_the_cursor() -> None:
    async def scenario() -> None:
        table = OrderTable(size=0)
        client = Client()
        assert await respond(stream_orders(table, page_size=5), client) == "complete"
        assert client.received == []
        assert table.open_cursors == 0

    asyncio.run(scenario())


def test_breaking_out_without_aclose_leaves_the_cursor_open() -> None:
    async def scenario() -> None:
        table = OrderTable(size=100)
        stream = stream_orders(table, page_size=10)
        async for _ in stream:
            break
        # The generator is only suspended: its finally has not run yet.
        assert table.open_cursors == 1
        await stream.aclose()
        assert table.open_cursors == 0

    asyncio.run(scenario())


def test_a_failing_fetch_propagates_and_still_closes_the_cursor() -> None:
    class BrokenCursor(Cursor):
        async def fetch(self, limit: int) -> list[dict[str, int]]:
            if self._offset:
                raise ConnectionError("database connection lost")
            return await super().fetch(limit)

    class BrokenTable(OrderTable):
        async def open_cursor(self) -> Cursor:
            self.open_cursors += 1
            return BrokenCursor(self)

    async def scenario() -> None:
        table = BrokenTable(size=100)
        client = Client()
        with pytest.raises(ConnectionError):
            await respond(stream_orders(table, page_size=10), client)
        assert len(client.received) == 10
        assert table.open_cursors == 0

    asyncio.run(scenario())


def test_cancelling_the_response_closes_the_cursor() -> None:
    async def scenario() -> None:
        table = OrderTable(size=10_000)
        task = asyncio.create_task(respond(stream_orders(table, page_size=10), Client()))
        for _ in range(20):
            await asyncio.sleep(0)
        task.cancel()
        await asyncio.wait({task})
        assert task.cancelled()
        assert table.open_cursors == 0
        assert table.rows_read < table.size

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p066)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
