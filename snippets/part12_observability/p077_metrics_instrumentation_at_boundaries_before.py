"""P077 before: metrics calls scattered through the business code.

Each handler counts its own requests. The count sits after the work, so a
request that raises is never counted; the label is the raw path, so every order
ID starts a new series; and the error counter is bumped by hand in one branch
only. The dashboard shows a healthy service while requests are failing.
"""

from __future__ import annotations

import asyncio
from collections import Counter

requests_total: Counter[str] = Counter()
errors_total: Counter[str] = Counter()


async def load_order(order_id: str) -> str:
    await asyncio.sleep(0)
    if order_id == "13":
        raise RuntimeError("database connection reset")
    return f"order {order_id}"


async def get_order(path: str) -> tuple[int, str]:
    order_id = path.rsplit("/", 1)[-1]
    if not order_id.isdigit():
        errors_total[path] += 1  # counted here, but not when the database fails
        return 400, "bad id"
    body = await load_order(order_id)  # an exception skips the line below
    requests_total[path] += 1  # one series per order: unbounded
    return 200, body


async def main() -> None:
    for order_id in ["42", "43", "x", "13", "13"]:
        try:
            status, _ = await get_order(f"/orders/{order_id}")
            print(order_id, status)
        except RuntimeError as exc:
            print(order_id, "raised:", exc)
    #> 42 200
    #> 43 200
    #> x 400
    #> 13 raised: database connection reset
    #> 13 raised: database connection reset
    print("series:", len(requests_total), "requests:", sum(requests_total.values()))
    #> series: 2 requests: 2
    print("errors counted:", sum(errors_total.values()))
    #> errors counted: 1


if __name__ == "__main__":
    asyncio.run(main())
