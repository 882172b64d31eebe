"""P038 before: a background job launched and forgotten, then "fixed" with a tight loop.

The refresher is started with a bare `asyncio.create_task`. The first time the
price feed fails, the task ends; nothing restarts it and nothing reports it,
so the service goes on serving the prices it loaded at startup. The usual
next step, `while True` with `except: continue`, restarts at once and forever,
and sends a feed that is already down as many calls as the loop can make.
"""

from __future__ import annotations

import asyncio


class PriceFeed:
    def __init__(self) -> None:
        self.up = False
        self.calls = 0

    async def fetch(self) -> dict[str, float]:
        self.calls += 1
        await asyncio.sleep(0)
        if not self.up:
            raise ConnectionError("price feed unavailable")
        return {"EUR": 1.08}


async def refresh_prices(feed: PriceFeed, prices: dict[str, float]) -> None:
    while True:
        prices.update(await feed.fetch())
        await asyncio.sleep(30)


async def refresh_prices_no_matter_what(feed: PriceFeed, prices: dict[str, float]) -> None:
    while True:
        try:
            prices.update(await feed.fetch())
        except ConnectionError:
            continue  # try again, right now
        await asyncio.sleep(30)


async def turns(count: int) -> None:
    for _ in range(count):
        await asyncio.sleep(0)


async def main() -> None:
    feed = PriceFeed()
    prices = {"EUR": 1.05}  # loaded at startup
    refresher = asyncio.create_task(refresh_prices(feed, prices))  # and forgotten
    await turns(1_000)
    print("refresher running:", not refresher.done(), "| prices:", prices)
    #> refresher running: False | prices: {'EUR': 1.05}
    refresher.exception()  # read here only so Python does not warn at exit; in a service nobody does

    feed.calls = 0
    stubborn = asyncio.create_task(refresh_prices_no_matter_what(feed, prices))
    await turns(1_000)
    print("calls to a feed that is down, in 1,000 turns of the event loop:", feed.calls)
    #> calls to a feed that is down, in 1,000 turns of the event loop: 1000
    stubborn.cancel()
    await asyncio.wait([stubborn])


if __name__ == "__main__":
    asyncio.run(main())
