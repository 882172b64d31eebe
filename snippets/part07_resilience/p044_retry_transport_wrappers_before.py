"""P044 before: a retrying client that retries everything, the same way, every time.

Someone added retries to the shared HTTP client, so every call site got them
for free. It retries every method, so a POST whose response was lost is sent
again and the payment provider charges the card again. It ignores the
server's Retry-After and comes back after its own fixed pause, so a server
that asked for 30 quiet seconds gets three more requests within a third of a
second.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str] = field(default_factory=dict)


class PaymentProvider:
    """Charges the card, and then, this time, the connection drops before the reply."""

    def __init__(self) -> None:
        self.charges = 0
        self.requests = 0

    async def send(self, method: str, url: str) -> Response:
        self.requests += 1
        await asyncio.sleep(0)
        if url == "/charges":
            self.charges += 1  # the effect has happened...
            raise ConnectionResetError("connection reset")  # ...but the reply is lost
        return Response(429, {"Retry-After": "30"})


class RetryingClient:
    def __init__(self, provider: PaymentProvider, attempts: int = 4, pause: float = 0.1) -> None:
        self.provider = provider
        self.attempts = attempts
        self.pause = pause
        self.waited = 0.0

    async def send(self, method: str, url: str) -> Response:
        attempt = 1
        while True:
            try:
                response = await self.provider.send(method, url)
                if response.status < 400 or attempt == self.attempts:
                    return response
            except ConnectionError:  # POST or GET, it makes no difference here
                if attempt == self.attempts:
                    raise
            self.waited += self.pause  # Retry-After is never read
            await asyncio.sleep(0)
            attempt += 1


async def main() -> None:
    provider = PaymentProvider()
    client = RetryingClient(provider)
    try:
        await client.send("POST", "/charges")
    except ConnectionResetError:
        print(f"the customer clicked Pay once and was charged {provider.charges} times")
    #> the customer clicked Pay once and was charged 4 times

    provider.requests, client.waited = 0, 0.0
    response = await client.send("GET", "/balance")
    print(f"{response.status}, Retry-After {response.headers['Retry-After']}s: "
          f"{provider.requests} requests in {client.waited:.1f}s")
    #> 429, Retry-After 30s: 4 requests in 0.3s


if __name__ == "__main__":
    asyncio.run(main())
