"""P045: one pooled client reuses connections, bounds its idle pool and closes at shutdown."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part07_resilience import p045_shared_transport_client_reuse as p045
from snippets.part07_resilience import p045_shared_transport_client_reuse_before as before
from snippets.part07_resilience.p045_shared_transport_client_reuse import (
    ClientClosedError,
    Connection,
    FakeNetwork,
    PooledClient,
)

DemoCheck = Callable[[ModuleType], None]


def test_sequential_requests_share_one_connection() -> None:
    async def scenario() -> None:
        network = FakeNetwork()
        async with PooledClient(network.dial, max_idle_per_host=2) as client:
            for n in range(20):
                assert await client.get(f"https://api.test/items/{n}") == (
                    f"200 https://api.test/items/{n}"
                )
            assert network.opened == 1
            assert client.idle_connections() == 1

    asyncio.run(scenario())


def test_each_origin_has_its_own_connections() -> None:
    async def scenario() -> None:
        network = FakeNetwork()
        async with PooledClient(network.dial, max_idle_per_host=2) as client:
            for _ in range(3):
                await client.get("https://a.test/x")
                await client.get("https://b.test/x")
                await client.get("http://a.test/x")  # another scheme is another origin
            assert network.opened == 3
            assert await client.get("https://a.test") == "200 https://a.test/"

    asyncio.run(scenario())


@pytest.mark.parametrize(("burst", "max_idle"), [(8, 4), (5, 5), (3, 10), (6, 1)])
def test_a_burst_opens_what_it_needs_and_keeps_at_most_max_idle(burst: int, max_idle: int) -> None:
    async def scenario() -> None:
        network = FakeNetwork()
        async with PooledClient(network.dial, max_idle_per_host=max_idle) as client:
            await asyncio.gather(*(client.get(f"https://api.test/{n}") for n in range(burst)))
            assert network.opened == burst
            kept = min(burst, max_idle)
            assert client.idle_connections() == kept
            assert network.open_now == kept
            # The next burst of the same size redials only what the pool closed.
            await asyncio.gather(*(client.get(f"https://api.test/{n}") for n in range(burst)))
            assert network.opened == burst + (burst - kept)

    asyncio.run(scenario())


class BrokenConnection:
    """Fails every request; records whether the client closed it."""

    def __init__(self) -> None:
        self.closed = False

    async def round_trip(self, path: str) -> str:
        await asyncio.sleep(0)
        raise ConnectionResetError("reset by peer")

    def close(self) -> None:
        self.closed = True


def test_a_failed_request_closes_its_connection_instead_of_pooling_it() -> None:
    async def scenario() -> None:
        broken = BrokenConnection()
        network = FakeNetwork()
        dialled: list[str] = []

        async def dial(origin: str) -> Connection:
            dialled.append(origin)
            return broken if len(dialled) == 1 else await network.dial(origin)

        async with PooledClient(dial, max_idle_per_host=2) as client:
            with pytest.raises(ConnectionResetError):
                await client.get("https://api.test/a")
            assert broken.closed
            assert client.idle_connections() == 0
            assert await client.get("https://api.test/b") == "200 https://api.test/b"
            assert dialled == ["https://api.test", "https://api.test"]

    asyncio.run(scenario())


def test_a_cancelled_request_closes_its_connection() -> None:
    async def scenario() -> None:
        hang = asyncio.Event()

        class Hanging:
            closed = False

            async def round_trip(self, path: str) -> str:
                await hang.wait()
                return "never"

            def close(self) -> None:
                Hanging.closed = True

        async def dial(origin: str) -> Connection:
            return Hanging()

        async with PooledClient(dial, max_idle_per_host=2) as client:
            request = asyncio.create_task(client.get("https://api.test/slow"))
            await asyncio.sleep(0)
            request.cancel()
            with pytest.raises(asyncio.CancelledError):
                await request
            assert Hanging.closed
            assert client.idle_connections() == 0

    asyncio.run(scenario())


def test_shutdown_closes_idle_connections_and_those_still_in_flight() -> None:
    async def scenario() -> None:
        network = FakeNetwork()
        client = PooledClient(network.dial, max_idle_per_host=4)
        await asyncio.gather(*(client.get(f"https://api.test/{n}") for n in range(3)))
        in_flight = asyncio.create_task(client.get("https://api.test/late"))
        await asyncio.sleep(0)  # in_flight has taken an idle connection
        await client.aclose()
        assert network.open_now == 1
        assert await in_flight == "200 https://api.test/late"
        assert network.open_now == 0
        assert client.idle_connections() == 0
        with pytest.raises(ClientClosedError):
            await client.get("https://api.test/again")
        assert network.opened == 3

    asyncio.run(scenario())


def test_the_context_manager_closes_the_pool_even_when_the_body_fails() -> None:
    async def scenario() -> None:
        network = FakeNetwork()
        with pytest.raises(KeyError):
            async with PooledClient(network.dial, max_idle_per_host=2) as client:
                await client.get("https://api.test/x")
                raise KeyError("handler bug")
        assert network.open_now == 0

    asyncio.run(scenario())


def test_fake_connection_refuses_requests_once_closed() -> None:
    async def scenario() -> None:
        network = FakeNetwork()
        connection = await network.dial("https://api.test")
        connection.close()
        connection.close()
        assert network.open_now == 0
        with pytest.raises(ConnectionError):
            await connection.round_trip("/")

    asyncio.run(scenario())


def test_rejects_an_empty_idle_pool() -> None:
    with pytest.raises(ValueError, match="max_idle_per_host"):
        PooledClient(FakeNetwork().dial, max_idle_per_host=0)


def test_before_pays_one_connection_per_call_and_leaks_them() -> None:
    async def scenario() -> None:
        network = before.FakeNetwork()
        for n in range(7):
            await before.fetch_price(network, f"sku-{n}")
        assert network.opened == 7
        assert network.open_now == 7

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p045)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
