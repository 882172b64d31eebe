"""P019 Structured Error Classification: errors carry a kind, one table turns kinds into statuses.

The domain raises errors that say what kind of failure happened (the input is
invalid, the thing does not exist, it conflicts with another change, a
dependency is down) and nothing about HTTP. The HTTP boundary asks one function
for the kind, looks the status up in one table, and so answers the same way on
every endpoint. An error without a kind is a bug: the client gets 500 and a
generic message, and the log gets the whole chain.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar, Final

from snippets.part03_errors.p017_error_wrapping import chain_message, error_chain


class Kind(enum.Enum):
    """What went wrong, seen from the caller. The value is the code clients branch on."""

    INVALID = "invalid"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    UNAVAILABLE = "unavailable"
    INTERNAL = "internal"


class AppError(Exception):
    """An error that knows its kind; its message is written for the client to read.

    Raise one of the subclasses. AppError itself is INTERNAL: a failure the code
    noticed but the client can do nothing about, so its message is never shown.
    """

    kind: ClassVar[Kind] = Kind.INTERNAL


class InvalidError(AppError):
    """The request itself is wrong; sending it again unchanged will fail again."""

    kind = Kind.INVALID


class NotFoundError(AppError):
    """The resource the request names does not exist."""

    kind = Kind.NOT_FOUND


class ConflictError(AppError):
    """The request is valid but clashes with the current state (a stale version, a duplicate)."""

    kind = Kind.CONFLICT


class UnavailableError(AppError):
    """A dependency is down or overloaded; the same request may work later."""

    kind = Kind.UNAVAILABLE


def classified(exc: BaseException) -> AppError | None:
    """The first AppError in the `raise ... from` chain, from the outside in, or None."""
    for link in error_chain(exc):
        if isinstance(link, AppError):
            return link
    return None


def classify(exc: BaseException) -> Kind:
    """The kind of `exc`: the outermost kind in its chain, or INTERNAL if it has none.

    The outermost wins because a layer that catches a classified error and
    raises another kind `from` it knows more about this request than the layer
    below: a missing product is NOT_FOUND to the catalog, but INVALID to the
    order that names it.
    """
    found = classified(exc)
    return found.kind if found is not None else Kind.INTERNAL


# The HTTP boundary. Nothing above this line knows that HTTP exists; a gRPC
# boundary would keep its own table from the same kinds to its own codes.

HTTP_STATUS: Final[Mapping[Kind, int]] = MappingProxyType(
    {
        Kind.INVALID: 400,
        Kind.NOT_FOUND: 404,
        Kind.CONFLICT: 409,
        Kind.UNAVAILABLE: 503,
        Kind.INTERNAL: 500,
    }
)


@dataclass(frozen=True)
class Response:
    status: int
    body: str


def error_response(exc: Exception, request_id: str, log: Callable[[str], None]) -> Response:
    """The response every endpoint gives for `exc`, and one log line if it is a 5xx.

    The body holds the kind's code and, for a classified error, the message
    written for the client. The text of anything else may name a file, a query
    or a host, so it goes to the log only.
    """
    found = classified(exc)
    kind = found.kind if found is not None else Kind.INTERNAL
    status = HTTP_STATUS[kind]
    message = str(found) if found is not None and kind is not Kind.INTERNAL else "internal error"
    if status >= 500:
        log(f"{request_id} {status} {chain_message(exc)}")
    return Response(status, json.dumps({"code": kind.value, "message": message}))


def handle(
    request_id: str, action: Callable[[], str], log: Callable[[str], None]
) -> Response:
    """Run one endpoint's action; every failure goes through the same classification."""
    try:
        return Response(200, action())
    except Exception as exc:
        return error_response(exc, request_id, log)


# A small shop to classify errors in. Its methods raise kinds, never statuses.


class Inventory:
    """A remote stock service; `down` makes every call fail like a refused connection."""

    def __init__(self) -> None:
        self.down = False

    def reserve(self, sku: str, quantity: int) -> None:
        if self.down:
            raise ConnectionRefusedError("connect to inventory:7000 refused")


class Shop:
    def __init__(self, inventory: Inventory) -> None:
        self.inventory = inventory
        self.prices = {"tea": 4, "mug": 9}
        self.orders: dict[int, tuple[str, int]] = {7: ("tea", 1)}  # id -> (sku, version)
        self.tax_rates = {"DE": 19, "FR": 20}

    def get_order(self, order_id: int) -> str:
        if order_id not in self.orders:
            raise NotFoundError(f"order {order_id} does not exist")
        return f"order {order_id}: {self.orders[order_id][0]}"

    def price(self, sku: str) -> int:
        if sku not in self.prices:
            raise NotFoundError(f"product {sku!r} does not exist")
        return self.prices[sku]

    def place_order(self, sku: str, quantity: int) -> str:
        if quantity < 1:
            raise InvalidError(f"quantity must be at least 1, got {quantity}")
        try:
            total = self.price(sku) * quantity
        except NotFoundError as exc:
            # Reclassified: the URL exists; the body names something that does not.
            raise InvalidError(f"unknown product {sku!r}") from exc
        try:
            self.inventory.reserve(sku, quantity)
        except ConnectionError as exc:
            # The adapter turns a driver's error into a kind; the cause stays for the log.
            raise UnavailableError("inventory is unavailable, try again later") from exc
        return f"placed: {quantity} x {sku} = {total}"

    def update_order(self, order_id: int, sku: str, version: int) -> str:
        current = self.orders.get(order_id)
        if current is None:
            raise NotFoundError(f"order {order_id} does not exist")
        if current[1] != version:
            raise ConflictError(f"order {order_id} is at version {current[1]}, not {version}")
        self.orders[order_id] = (sku, version + 1)
        return f"order {order_id} is now {sku}, version {version + 1}"

    def tax_report(self, country: str) -> str:
        return f"tax in {country}: {self.tax_rates[country]}%"  # a KeyError here is a bug


def main() -> None:
    inventory = Inventory()
    shop = Shop(inventory)
    calls: list[tuple[str, Callable[[], str]]] = [
        ("GET /orders/7", lambda: shop.get_order(7)),
        ("GET /orders/42", lambda: shop.get_order(42)),
        ("POST /orders qty=0", lambda: shop.place_order("tea", 0)),
        ("POST /orders sku=cake", lambda: shop.place_order("cake", 1)),
        ("PUT /orders/7 v1", lambda: shop.update_order(7, "mug", 1)),
        ("PUT /orders/7 v1 again", lambda: shop.update_order(7, "tea", 1)),
        ("GET /tax/NO", lambda: shop.tax_report("NO")),
    ]
    for number, (label, action) in enumerate(calls, start=1):
        response = handle(f"req-{number}", action, log=print)
        print(f"{label:<24}{response.status} {response.body}")
    #> GET /orders/7           200 order 7: tea
    #> GET /orders/42          404 {"code": "not_found", "message": "order 42 does not exist"}
    #> POST /orders qty=0      400 {"code": "invalid", "message": "quantity must be at least 1, got 0"}
    #> POST /orders sku=cake   400 {"code": "invalid", "message": "unknown product 'cake'"}
    #> PUT /orders/7 v1        200 order 7 is now mug, version 2
    #> PUT /orders/7 v1 again  409 {"code": "conflict", "message": "order 7 is at version 2, not 1"}
    #> req-7 500 KeyError: 'NO'
    #> GET /tax/NO             500 {"code": "internal", "message": "internal error"}

    inventory.down = True
    response = handle("req-8", lambda: shop.place_order("tea", 2), log=print)
    #> req-8 503 inventory is unavailable, try again later: ConnectionRefusedError: connect to inventory:7000 refused
    print(response.status, response.body)
    #> 503 {"code": "unavailable", "message": "inventory is unavailable, try again later"}


if __name__ == "__main__":
    main()
