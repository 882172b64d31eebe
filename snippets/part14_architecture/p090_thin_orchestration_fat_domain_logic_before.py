"""P090 before: the business rules live in the handlers, so each entry point has its own copy.

The HTTP handler checks stock, prices the order and applies the bulk
discount between its JSON parsing and its response. The CSV import, written
later, copied the rules it could see and missed the discount, and it takes
stock line by line, so a rejected order leaves part of its stock taken.
Neither rule can be tested without building a request or a CSV row.
"""

from __future__ import annotations

import json

PRICES = {"pen": 250, "book": 1500}


def http_place_order(body: str, stock: dict[str, int]) -> tuple[int, str]:
    try:
        items = json.loads(body)["items"]
    except (ValueError, KeyError):
        return 400, "bad request"
    total = 0
    for item in items:
        if stock.get(item["sku"], 0) < item["qty"]:
            return 409, f"out of stock: {item['sku']}"
        total += PRICES[item["sku"]] * item["qty"]
    if total >= 10_000:
        total -= total // 10  # bulk discount: 10% from 100.00
    for item in items:
        stock[item["sku"]] -= item["qty"]
    return 201, f"total {total // 100}.{total % 100:02d}"


def csv_place_order(row: str, stock: dict[str, int]) -> str:
    total = 0
    for part in row.split(";"):
        sku, qty = part.split("=")
        if stock.get(sku, 0) < int(qty):
            return f"out of stock: {sku}"
        stock[sku] -= int(qty)  # taken before the whole order is known to fit
        total += PRICES[sku] * int(qty)
    return f"total {total // 100}.{total % 100:02d}"  # the discount was never copied


def main() -> None:
    stock = {"pen": 20, "book": 10}
    print(http_place_order('{"items": [{"sku": "book", "qty": 8}]}', stock))
    #> (201, 'total 108.00')
    print(csv_place_order("book=8", {"pen": 20, "book": 10}))
    #> total 120.00
    other = {"pen": 20, "book": 1}
    print(csv_place_order("pen=4;book=3", other), other)
    #> out of stock: book {'pen': 16, 'book': 1}


if __name__ == "__main__":
    main()
