"""P019 before: every handler turns exceptions into statuses with its own ladder of excepts.

Each endpoint was written by someone else, at another time. They agree on the
easy cases and disagree on the rest: the same dependency outage is a 503 on
one endpoint and a 500 on another, a bug's KeyError is reported as "not
found", one handler matches on message text, and a 500 body shows the client
the name of an internal host.
"""

from __future__ import annotations


class ProductMissingError(Exception):
    pass


class Shop:
    def __init__(self) -> None:
        self.orders = {7: "tea"}
        self.prices = {"tea": 4}
        self.inventory_down = False
        self.tax_rates = {"DE": 19}

    def get_order(self, order_id: int) -> str:
        if self.inventory_down:
            raise ConnectionRefusedError("connect to inventory:7000 refused")
        return self.orders[order_id]  # KeyError means "no such order" here...

    def tax_report(self, country: str) -> str:
        return f"{self.tax_rates[country]}%"  # ...and "bug in the tax table" here.

    def place_order(self, sku: str, quantity: int) -> str:
        if quantity < 1:
            raise ValueError("quantity must be at least 1")
        if sku not in self.prices:
            raise ProductMissingError(f"product {sku} not found")
        if self.inventory_down:
            raise ConnectionRefusedError("connect to inventory:7000 refused")
        return "placed"


def get_order_handler(shop: Shop, order_id: int) -> tuple[int, str]:
    try:
        return 200, shop.get_order(order_id)
    except KeyError:
        return 404, "not found"
    except ConnectionError:
        return 503, "try again later"


def tax_handler(shop: Shop, country: str) -> tuple[int, str]:
    try:
        return 200, shop.tax_report(country)
    except LookupError:  # copied from get_order_handler
        return 404, "not found"


def place_order_handler(shop: Shop, sku: str, quantity: int) -> tuple[int, str]:
    try:
        return 201, shop.place_order(sku, quantity)
    except ValueError as exc:
        return 400, str(exc)
    except Exception as exc:
        if "not found" in str(exc):  # matches on the wording of someone else's message
            return 404, str(exc)
        return 500, str(exc)


def main() -> None:
    shop = Shop()
    print("GET /orders/42  ", get_order_handler(shop, 42))
    #> GET /orders/42   (404, 'not found')
    print("GET /tax/NO     ", tax_handler(shop, "NO"))
    #> GET /tax/NO      (404, 'not found')
    print("POST sku=cake   ", place_order_handler(shop, "cake", 1))
    #> POST sku=cake    (404, 'product cake not found')

    shop.inventory_down = True
    print("inventory down:")
    #> inventory down:
    print("GET /orders/7   ", get_order_handler(shop, 7))
    #> GET /orders/7    (503, 'try again later')
    print("POST sku=tea    ", place_order_handler(shop, "tea", 1))
    #> POST sku=tea     (500, 'connect to inventory:7000 refused')


if __name__ == "__main__":
    main()
