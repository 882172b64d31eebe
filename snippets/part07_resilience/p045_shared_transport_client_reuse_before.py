"""P045 before: each call builds its own client, so each call opens a new connection.

The client pools connections as every HTTP client library does, but the
function creates a fresh one per call and drops it afterwards. The pool never
serves a second request: every call dials and handshakes again, and every
dropped client leaves its connection open until someone else closes it.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

HANDSHAKE_MS = 30  # TCP and TLS 1.3 to a service in the same region, roughly


class FakeNetwork:
    """Counts the connections opened, and those nobody has closed yet."""

    def __init__(self) -> None:
        self.opened = 0
        self.open_now = 0

    async def dial(self, origin: str) -> str:
        await asyncio.sleep(0)  # the handshakes' round trips
        self.opened += 1
        self.open_now += 1
        return origin


class Client:
    """Keeps its connections open for reuse, as real HTTP clients do."""

    def __init__(self, network: FakeNetwork) -> None:
        self._network = network
        self._idle: list[str] = []

    async def get(self, url: str) -> str:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        connection = self._idle.pop() if self._idle else await self._network.dial(origin)
        await asyncio.sleep(0)
        self._idle.append(connection)  # ready for a next request that never comes
        return f"200 {url}"


async def fetch_price(network: FakeNetwork, sku: str) -> str:
    client = Client(network)  # a new pool for every call, used once, never closed
    return await client.get(f"https://prices.internal/prices/{sku}")


async def main() -> None:
    network = FakeNetwork()
    print(await fetch_price(network, "sku-0"))
    #> 200 https://prices.internal/prices/sku-0
    for n in range(1, 50):
        await fetch_price(network, f"sku-{n}")
    print("50 requests one after another, connections opened:", network.opened)
    #> 50 requests one after another, connections opened: 50
    print("handshake time paid in total:", network.opened * HANDSHAKE_MS, "ms")
    #> handshake time paid in total: 1500 ms
    print("connections left open by clients nobody closed:", network.open_now)
    #> connections left open by clients nobody closed: 50


if __name__ == "__main__":
    asyncio.run(main())
