"""P088 Ports and Adapters: the core owns its ports, adapters implement them from outside.

The core is `Order`, its errors, two ports written as `typing.Protocol`
classes (`OrderRepository`, `Notifier`) and the `Checkout` service, which
knows only the ports. The adapters come after it: `InMemoryOrders` and
`RecordingNotifier` for tests, and `WebhookNotifier`, which turns the port's
call into an HTTP request through an injected transport and turns a bad
answer back into the core's `NotificationError`. `check_core` states the
dependency rule for a real project: it reads a layout held as source strings
with `ast` and reports every import from the core to an adapter or to an
infrastructure library.
"""

from __future__ import annotations

import ast
import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

# --- core: the domain, its errors and its ports ----------------------------


@dataclass(frozen=True)
class Order:
    id: str
    customer: str
    cents: int


class OrderError(Exception):
    """Base class of the errors the core defines; adapters raise these too."""


class OrderNotFoundError(OrderError):
    pass


class DuplicateOrderError(OrderError):
    pass


class NotificationError(OrderError):
    pass


class OrderRepository(Protocol):
    """Port: where orders are kept. `get` raises OrderNotFoundError for an unknown ID."""

    async def add(self, order: Order) -> None: ...
    async def get(self, order_id: str) -> Order: ...


class Notifier(Protocol):
    """Port: who hears about a placed order. Raises NotificationError."""

    async def order_placed(self, order: Order) -> None: ...


class Checkout:
    """The core service: rules only, and the ports it was given."""

    def __init__(self, orders: OrderRepository, notifier: Notifier) -> None:
        self._orders = orders
        self._notifier = notifier

    async def place(self, order_id: str, customer: str, cents: int) -> Order:
        if cents <= 0:
            raise ValueError(f"amount must be positive, got {cents}")
        try:
            await self._orders.get(order_id)
        except OrderNotFoundError:
            pass
        else:
            raise DuplicateOrderError(order_id)
        order = Order(order_id, customer, cents)
        await self._orders.add(order)
        await self._notifier.order_placed(order)
        return order


# --- adapters: outside the core, each implements one port ------------------


@dataclass
class InMemoryOrders:
    """OrderRepository in a dict: for tests and for running without a database."""

    rows: dict[str, Order] = field(default_factory=dict)

    async def add(self, order: Order) -> None:
        if order.id in self.rows:
            raise DuplicateOrderError(order.id)
        self.rows[order.id] = order

    async def get(self, order_id: str) -> Order:
        try:
            return self.rows[order_id]
        except KeyError:
            raise OrderNotFoundError(order_id) from None


@dataclass
class RecordingNotifier:
    """Notifier that remembers what it was told: a fake for tests."""

    sent: list[str] = field(default_factory=list)

    async def order_placed(self, order: Order) -> None:
        self.sent.append(order.id)


Transport = Callable[[str, str, bytes], Awaitable[int]]  # (method, url, body) -> status


class WebhookNotifier:
    """Notifier over HTTP: a JSON POST per order. Knows HTTP; the core does not."""

    def __init__(self, url: str, send: Transport) -> None:
        self._url = url
        self._send = send

    async def order_placed(self, order: Order) -> None:
        body = json.dumps({"id": order.id, "customer": order.customer, "cents": order.cents})
        try:
            status = await self._send("POST", self._url, body.encode())
        except OSError as exc:
            raise NotificationError(f"webhook unreachable: {type(exc).__name__}") from exc
        if not 200 <= status < 300:
            raise NotificationError(f"webhook answered {status}")


# --- the dependency rule, for a project laid out in packages ---------------

INFRASTRUCTURE = frozenset({"sqlite3", "http", "urllib", "socket", "requests", "httpx", "psycopg", "sqlalchemy"})


def module_name(path: str) -> str:
    """'shop/core/orders.py' -> 'shop.core.orders'; 'shop/core/__init__.py' -> 'shop.core'."""
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: str, source: str) -> Iterator[tuple[int, str]]:
    """(line, absolute module) per import; `from a import b` yields `a.b`, relative ones resolved."""
    module = module_name(path)
    package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".") if package else []
                if node.level > len(parts):
                    raise ValueError(f"{path}:{node.lineno}: relative import beyond the top-level package")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield from ((node.lineno, f"{base}.{alias.name}") for alias in node.names)


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def check_core(sources: Mapping[str, str], core: str) -> list[str]:
    """Every import from a module of `core` to a project module outside it or to infrastructure."""
    project = {module_name(path).partition(".")[0] for path in sources}
    found = []
    for path, source in sorted(sources.items()):
        if not within(module_name(path), core):
            continue
        for line, name in imported(path, source):
            top = name.partition(".")[0]
            if (top in project and not within(name, core)) or top in INFRASTRUCTURE:
                found.append(f"{path}:{line}: the core imports {name}")
    return found


LAYOUT: dict[str, str] = {
    "shop/core/__init__.py": "from .orders import Checkout, Order\n",
    "shop/core/orders.py": "from dataclasses import dataclass\nfrom typing import Protocol\n",
    "shop/adapters/memory.py": "from shop.core.orders import Order, OrderNotFoundError\n",
    "shop/adapters/webhook.py": "import json\nfrom shop.core.orders import NotificationError, Order\n",
    "shop/main.py": "from shop.adapters.webhook import WebhookNotifier\nfrom shop.core import Checkout\n",
}


async def main() -> None:
    requests: list[str] = []

    async def transport(method: str, url: str, body: bytes) -> int:
        requests.append(f"{method} {url} {body.decode()}")
        return 503 if b'"o-3"' in body else 202

    orders = InMemoryOrders()
    checkout = Checkout(orders, WebhookNotifier("https://hooks.example/orders", transport))
    print(await checkout.place("o-1", "ada", 4999))
    #> Order(id='o-1', customer='ada', cents=4999)
    print(*requests)
    #> POST https://hooks.example/orders {"id": "o-1", "customer": "ada", "cents": 4999}
    for args in (("o-1", "bo", 100), ("o-2", "bo", 0), ("o-3", "cy", 250)):
        try:
            await checkout.place(*args)
        except (OrderError, ValueError) as exc:
            print(f"{args[0]}: {type(exc).__name__}: {exc}")
    #> o-1: DuplicateOrderError: o-1
    #> o-2: ValueError: amount must be positive, got 0
    #> o-3: NotificationError: webhook answered 503
    print(sorted(orders.rows))
    #> ['o-1', 'o-3']

    print(check_core(LAYOUT, "shop.core"))
    #> []
    tangled = dict(LAYOUT, **{"shop/core/orders.py": "import sqlite3\nfrom ..adapters import memory\n"})
    print(*check_core(tangled, "shop.core"), sep="\n")
    #> shop/core/orders.py:1: the core imports sqlite3
    #> shop/core/orders.py:2: the core imports shop.adapters.memory


if __name__ == "__main__":
    asyncio.run(main())
