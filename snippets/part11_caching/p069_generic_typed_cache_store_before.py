"""P069 before: one process-wide dict cache of `Any`, shared by every caller.

The type checker cannot tell what a key holds, so a value stored as a string by
one module is read as a number by another. Nothing expires and nothing is ever
evicted, so the cache also grows with every distinct key it has seen.
"""

from __future__ import annotations

from typing import Any

CACHE: dict[str, Any] = {}


def remember_price_from_feed(sku: str, raw: str) -> None:
    CACHE[f"price:{sku}"] = raw  # the feed sends text; nobody converts it


def price_for_two(sku: str) -> Any:
    price = CACHE[f"price:{sku}"]  # Any: mypy accepts whatever happens next
    return price * 2


def main() -> None:
    remember_price_from_feed("mug", "9.99")
    print("two mugs cost:", price_for_two("mug"))
    #> two mugs cost: 9.999.99

    for user in range(10_000):
        CACHE[f"session:{user}"] = {"user": user}
    print("entries after 10000 visitors:", len(CACHE))
    #> entries after 10000 visitors: 10001


if __name__ == "__main__":
    main()
