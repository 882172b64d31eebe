"""P045 Shared Transport / Client Reuse: one pooled client per process, handed to its users.

A client owns a pool of open connections. Built once at startup and closed at
shutdown, it pays for a connection's handshakes once and reuses that
connection for every later request to the same origin. Code that sends
requests receives the client as an argument and never builds one of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Protocol, Self
from urllib.parse import urlsplit


class Connection(Protocol):
    """One open connection to an origin, such as a TCP socket with TLS on top."""

    async def round_trip(self, path: str) -> str: ...

    def close(self) -> None: ...


Dialer = Callable[[str], Awaitable[Connection]]


class ClientClosedError(RuntimeError):
    """Raised when code sends a request through a client that shutdown has closed."""


class PooledClient:
    """An HTTP-style client that keeps idle connections per origin and reuses them.

    Args:
        dial: opens a new connection to an origin ("https://host:port"); this is
            where DNS, the TCP handshake and the TLS handshake are paid for.
        max_idle_per_host: idle connections kept per origin once a request ends.
            Extra ones are closed, so set it near the number of requests you send
            to one origin at the same time, or every burst closes and reopens.
    """

    def __init__(self, dial: Dialer, *, max_idle_per_host: int) -> None:
        if max_idle_per_host < 1:
            raise ValueError("max_idle_per_host must be at least 1")
        self._dial = dial
        self._max_idle = max_idle_per_host
        self._idle: dict[str, list[Connection]] = {}
        self._closed = False

    async def get(self, url: str) -> str:
        """Send one request, on an idle connection to the URL's origin if there is one."""
        if self._closed:
            raise ClientClosedError("client is closed: it is created once, at startup")
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        idle = self._idle.get(origin)
        connection = idle.pop() if idle else await self._dial(origin)
        try:
            response = await connection.round_trip(parts.path or "/")
        except BaseException:
            # Failed or cancelled halfway: part of a response may still be
            # unread, so this connection must never carry another request.
            connection.close()
            raise
        self._release(origin, connection)
        return response

    def _release(self, origin: str, connection: Connection) -> None:
        idle = self._idle.setdefault(origin, [])
        if self._closed or len(idle) >= self._max_idle:
            connection.close()
        else:
            idle.append(connection)

    def idle_connections(self) -> int:
        """How many open connections wait in the pool for the next request."""
        return sum(len(idle) for idle in self._idle.values())

    async def aclose(self) -> None:
        """Close every idle connection; requests still running close theirs when they end."""
        self._closed = True
        for idle in self._idle.values():
            for connection in idle:
                connection.close()
        self._idle.clear()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


HANDSHAKE_MS = 30  # TCP and TLS 1.3 to a service in the same region, roughly


class FakeNetwork:
    """Stands in for DNS, TCP and TLS: counts the connections opened and still open."""

    def __init__(self) -> None:
        self.opened = 0
        self.open_now = 0

    @property
    def handshake_ms(self) -> int:
        return self.opened * HANDSHAKE_MS

    async def dial(self, origin: str) -> FakeConnection:
        await asyncio.sleep(0)  # the handshakes' round trips
        self.opened += 1
        self.open_now += 1
        return FakeConnection(self, origin)


class FakeConnection:
    def __init__(self, network: FakeNetwork, origin: str) -> None:
        self._network = network
        self.origin = origin
        self.is_open = True

    async def round_trip(self, path: str) -> str:
        if not self.is_open:
            raise ConnectionError("connection is closed")
        await asyncio.sleep(0)
        return f"200 {self.origin}{path}"

    def close(self) -> None:
        if self.is_open:
            self.is_open = False
            self._network.open_now -= 1


class PriceLookup:
    """Application code: it receives the shared client and never builds one."""

    def __init__(self, client: PooledClient, base_url: str) -> None:
        self._client = client
        self._base_url = base_url

    async def price(self, sku: str) -> str:
        return await self._client.get(f"{self._base_url}/prices/{sku}")


async def main() -> None:
    network = FakeNetwork()
    # Startup: one client for the whole process, closed when the block ends.
    async with PooledClient(network.dial, max_idle_per_host=4) as client:
        prices = PriceLookup(client, "https://prices.internal")
        print(await prices.price("sku-0"))
        #> 200 https://prices.internal/prices/sku-0
        for n in range(1, 50):
            await prices.price(f"sku-{n}")
        print("50 requests one after another, connections opened:", network.opened)
        #> 50 requests one after another, connections opened: 1

        await asyncio.gather(*(prices.price(f"sku-{n}") for n in range(8)))
        print("after a burst of 8 at once, opened:", network.opened)
        #> after a burst of 8 at once, opened: 8
        print("kept idle for the next burst:", client.idle_connections())
        #> kept idle for the next burst: 4
        print("handshake time paid in total:", network.handshake_ms, "ms")
        #> handshake time paid in total: 240 ms

    # Shutdown: the block closed the pool.
    print("connections still open:", network.open_now)
    #> connections still open: 0
    try:
        await prices.price("sku-1")
    except ClientClosedError as exc:
        print(exc)
    #> client is closed: it is created once, at startup


if __name__ == "__main__":
    asyncio.run(main())
