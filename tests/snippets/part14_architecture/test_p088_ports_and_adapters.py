"""P088: the core behind its ports, each adapter against its port, and the dependency rule."""

from __future__ import annotations

import asyncio
import typing
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part14_architecture import p088_ports_and_adapters as p088

DemoCheck = Callable[[ModuleType], None]


def test_the_core_service_depends_on_ports_only() -> None:
    hints = typing.get_type_hints(p088.Checkout.__init__)
    assert hints == {
        "orders": p088.OrderRepository,
        "notifier": p088.Notifier,
        "return": type(None),
    }


def _status(code: int) -> p088.Transport:
    async def send(method: str, url: str, body: bytes) -> int:
        return code

    return send


def test_place_stores_then_notifies() -> None:
    orders, notifier = p088.InMemoryOrders(), p088.RecordingNotifier()
    checkout = p088.Checkout(orders, notifier)
    order = asyncio.run(checkout.place("o-1", "ada", 10))
    assert order == p088.Order("o-1", "ada", 10)
    assert orders.rows == {"o-1": order} and notifier.sent == ["o-1"]


@pytest.mark.parametrize("cents", [0, -1])
def test_place_refuses_a_non_positive_amount_and_touches_no_port(cents: int) -> None:
    orders, notifier = p088.InMemoryOrders(), p088.RecordingNotifier()
    with pytest.raises(ValueError, match="must be positive"):
        asyncio.run(p088.Checkout(orders, notifier).place("o-1", "ada", cents))
    assert orders.rows == {} and notifier.sent == []


def test_place_refuses_a_duplicate_without_notifying_again() -> None:
    orders, notifier = p088.InMemoryOrders(), p088.RecordingNotifier()
    checkout = p088.Checkout(orders, notifier)
    asyncio.run(checkout.place("o-1", "ada", 10))
    with pytest.raises(p088.DuplicateOrderError):
        asyncio.run(checkout.place("o-1", "bo", 20))
    assert orders.rows["o-1"].customer == "ada" and notifier.sent == ["o-1"]


def test_in_memory_adapter_speaks_the_core_errors() -> None:
    orders = p088.InMemoryOrders()
    with pytest.raises(p088.OrderNotFoundError, match="o-9"):
        asyncio.run(orders.get("o-9"))
    asyncio.run(orders.add(p088.Order("o-1", "ada", 1)))
    with pytest.raises(p088.DuplicateOrderError):
        asyncio.run(orders.add(p088.Order("o-1", "ada", 1)))


def test_webhook_adapter_sends_json_and_accepts_any_2xx() -> None:
    seen: list[tuple[str, str, bytes]] = []

    async def send(method: str, url: str, body: bytes) -> int:
        seen.append((method, url, body))
        return 299

    asyncio.run(p088.WebhookNotifier("https://h/x", send).order_placed(p088.Order("o-1", "ada", 5)))
    assert seen == [("POST", "https://h/x", b'{"id": "o-1", "customer": "ada", "cents": 5}')]


@pytest.mark.parametrize("status", [199, 300, 404, 503])
def test_webhook_adapter_turns_a_bad_status_into_the_core_error(status: int) -> None:
    notifier = p088.WebhookNotifier("u", _status(status))
    with pytest.raises(p088.NotificationError, match=f"answered {status}"):
        asyncio.run(notifier.order_placed(p088.Order("o-1", "ada", 5)))


def test_webhook_adapter_turns_a_network_error_into_the_core_error() -> None:
    async def send(method: str, url: str, body: bytes) -> int:
        raise ConnectionRefusedError("refused")

    with pytest.raises(p088.NotificationError, match="unreachable: ConnectionRefusedError") as info:
        asyncio.run(p088.WebhookNotifier("u", send).order_placed(p088.Order("o-1", "ada", 5)))
    assert isinstance(info.value.__cause__, ConnectionRefusedError)


def test_the_sample_layout_keeps_the_rule() -> None:
    assert p088.check_core(p088.LAYOUT, "shop.core") == []
    # No module of the sample imports infrastructure, adapters included.
    assert p088.check_core(p088.LAYOUT, "shop") == []


@pytest.mark.parametrize(
    ("source", "name"),
    [
        (
            "from shop.adapters.memory import InMemoryOrders\n",
            "shop.adapters.memory.InMemoryOrders",
        ),
        ("from ..adapters import webhook\n", "shop.adapters.webhook"),
        ("import shop.main\n", "shop.main"),
        ("from http import client\n", "http.client"),
        ("import urllib.request\n", "urllib.request"),
    ],
)
def test_the_core_may_not_import_adapters_wiring_or_infrastructure(source: str, name: str) -> None:
    layout = dict(p088.LAYOUT, **{"shop/core/orders.py": source})
    assert p088.check_core(layout, "shop.core") == [
        f"shop/core/orders.py:1: the core imports {name}"
    ]


def test_relative_imports_inside_the_core_and_a_prefix_package_are_fine() -> None:
    layout = dict(
        p088.LAYOUT, **{"shop/core/rules.py": "from . import orders\nfrom .orders import Order\n"}
    )
    layout["shop/core_extras.py"] = "import sqlite3\n"  # not inside shop.core
    assert p088.check_core(layout, "shop.core") == []
    assert list(p088.imported("shop/core/__init__.py", "from . import x\n")) == [(1, "shop.core.x")]


def test_a_relative_import_above_the_top_is_an_error() -> None:
    with pytest.raises(ValueError, match="beyond the top-level package"):
        list(p088.imported("main.py", "from . import x\n"))


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p088)
