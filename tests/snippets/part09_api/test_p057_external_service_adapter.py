"""P057: the adapter translates the SDK's units, responses and errors into the domain's."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from decimal import Decimal
from types import ModuleType

import pytest

from snippets.part09_api import p057_external_service_adapter as p057
from snippets.part09_api import p057_external_service_adapter_before as before
from snippets.part09_api.p057_external_service_adapter import (
    FakePayFlux,
    Money,
    PayFluxCharge,
    PayFluxError,
    PayFluxGateway,
    PaymentDeclinedError,
    PaymentError,
    PaymentUnavailableError,
    Receipt,
    checkout,
    from_minor_units,
    to_minor_units,
)

DemoCheck = Callable[[ModuleType], None]

EUR_5 = Money(Decimal("5.00"), "EUR")


def charge(vendor: FakePayFlux, amount: Money = EUR_5, order_id: str = "A-1") -> Receipt:
    return asyncio.run(PayFluxGateway(vendor).charge(order_id, amount, "tok_visa"))


def failure(vendor: FakePayFlux, amount: Money = EUR_5) -> PaymentError:
    with pytest.raises(PaymentError) as info:
        charge(vendor, amount)
    return info.value


def test_a_charge_is_sent_in_the_vendors_units_and_keyed_by_order() -> None:
    vendor = FakePayFlux()
    receipt = charge(vendor, Money(Decimal("19.99"), "EUR"), order_id="A-42")
    assert vendor.calls == [
        {"amount": 1999, "currency": "eur", "source": "tok_visa", "key": "order-A-42"}
    ]
    assert receipt == Receipt("ch_1", Money(Decimal("19.99"), "EUR"))


def test_a_retry_of_the_same_order_reuses_the_idempotency_key() -> None:
    vendor = FakePayFlux([PayFluxError("busy", code="rate_limited", http_status=429)])
    with pytest.raises(PaymentUnavailableError):
        charge(vendor, order_id="A-7")
    charge(vendor, order_id="A-7")
    assert [call["key"] for call in vendor.calls] == ["order-A-7", "order-A-7"]


@pytest.mark.parametrize(
    ("money", "minor"),
    [
        (Money(Decimal("19.99"), "EUR"), 1999),
        (Money(Decimal("0.01"), "USD"), 1),
        (Money(Decimal("19.9"), "EUR"), 1990),
        (Money(Decimal("1200"), "JPY"), 1200),
    ],
)
def test_minor_units_round_trip_exactly(money: Money, minor: int) -> None:
    assert to_minor_units(money) == minor
    assert from_minor_units(minor, money.currency.lower()) == money


@pytest.mark.parametrize(
    ("money", "message"),
    [
        (Money(Decimal("10.005"), "EUR"), "whole minor units"),
        (Money(Decimal("1.5"), "JPY"), "whole minor units"),
        (Money(Decimal("0"), "EUR"), "positive"),
        (Money(Decimal("-3.00"), "EUR"), "positive"),
        (Money(Decimal("3.00"), "GBP"), "unsupported currency 'GBP'"),
    ],
)
def test_an_amount_the_sdk_cannot_take_is_refused_before_any_call(
    money: Money, message: str
) -> None:
    vendor = FakePayFlux()
    with pytest.raises(ValueError, match=message):
        charge(vendor, money)
    assert vendor.calls == []


@pytest.mark.parametrize(
    ("code", "status", "kind", "text"),
    [
        ("card_declined", 402, PaymentDeclinedError, "declined by the bank"),
        ("insufficient_funds", 402, PaymentDeclinedError, "insufficient funds"),
        ("expired_card", 402, PaymentDeclinedError, "card expired"),
        ("rate_limited", 429, PaymentUnavailableError, "busy or down (rate_limited)"),
        ("api_connection_error", 0, PaymentUnavailableError, "busy or down"),
        ("internal", 503, PaymentUnavailableError, "busy or down (internal)"),
        ("invalid_source", 400, PaymentError, "refused the request (invalid_source)"),
    ],
)
def test_each_sdk_error_becomes_one_domain_error_with_the_sdk_error_as_cause(
    code: str, status: int, kind: type[PaymentError], text: str
) -> None:
    vendor_error = PayFluxError("vendor text", code=code, http_status=status)
    error = failure(FakePayFlux([vendor_error]))
    assert type(error) is kind
    assert text in str(error)
    assert error.__cause__ is vendor_error


@pytest.mark.parametrize("network_error", [ConnectionError("reset"), TimeoutError("slow")])
def test_network_failures_are_unavailable(network_error: Exception) -> None:
    error = failure(FakePayFlux([network_error]))
    assert type(error) is PaymentUnavailableError
    assert error.__cause__ is network_error


@pytest.mark.parametrize(
    ("failure_code", "reason"),
    [
        ("expired_card", "card expired"),
        (None, "declined by the bank"),
        ("fraud", "declined by the bank"),
    ],
)
def test_a_failed_status_in_a_normal_response_is_a_decline(
    failure_code: str | None, reason: str
) -> None:
    failed = PayFluxCharge("ch_9", "failed", 500, "eur", failure_code=failure_code)
    error = failure(FakePayFlux([failed]))
    assert isinstance(error, PaymentDeclinedError)
    assert error.reason == reason


def test_an_unknown_status_is_an_error_not_a_payment() -> None:
    error = failure(FakePayFlux([PayFluxCharge("ch_9", "pending", 500, "eur")]))
    assert type(error) is PaymentError
    assert "'pending'" in str(error)


def test_cancellation_is_not_translated() -> None:
    async def scenario() -> None:
        started = asyncio.Event()

        class HangingPayFlux:
            async def create_charge(
                self, *, amount: int, currency: str, source: str, idempotency_key: str
            ) -> PayFluxCharge:
                started.set()
                await asyncio.Event().wait()
                raise AssertionError("unreachable")

        task = asyncio.create_task(PayFluxGateway(HangingPayFlux()).charge("A-1", EUR_5, "tok"))
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())


def test_checkout_depends_only_on_the_domain_interface() -> None:
    class DecliningGateway:
        async def charge(self, order_id: str, amount: Money, card_token: str) -> Receipt:
            raise PaymentDeclinedError("card expired")

    class BusyGateway:
        async def charge(self, order_id: str, amount: Money, card_token: str) -> Receipt:
            raise PaymentUnavailableError("down")

    assert asyncio.run(checkout(DecliningGateway(), "A-1", EUR_5, "tok")) == (
        "402 card expired: try another card"
    )
    assert asyncio.run(checkout(BusyGateway(), "A-1", EUR_5, "tok")) == (
        "503 payment temporarily unavailable"
    )
    paid = asyncio.run(checkout(PayFluxGateway(FakePayFlux()), "A-1", EUR_5, "tok"))
    assert paid == "200 paid 5.00 EUR (ref ch_1)"


def test_before_call_sites_disagree_and_lose_a_cent() -> None:
    sdk = before.FakePayFlux()
    asyncio.run(before.checkout(sdk, 19.99, "tok"))
    assert sdk.charged_cents == [1998]
    funds = before.PayFluxError("no", code="insufficient_funds")
    assert asyncio.run(before.checkout(before.FakePayFlux(funds), 5.0, "tok")) == (
        "503 try again later"
    )
    declined = before.PayFluxError("no", code="card_declined")
    assert asyncio.run(before.checkout(before.FakePayFlux(declined), 5.0, "tok")) == "402 declined"
    failed = before.PayFluxCharge("ch", "failed", 500, "eur")
    assert asyncio.run(before.checkout(before.FakePayFlux(failed), 5.0, "tok")) == "200 paid"
    limited = before.PayFluxError("slow down", code="rate_limited")
    renewal = before.renew_subscription(before.FakePayFlux(limited), 999, "tok")
    assert asyncio.run(renewal) == "subscription cancelled"
    assert asyncio.run(before.renew_subscription(before.FakePayFlux(), 999, "tok")) == (
        "subscription renewed"
    )


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p057)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
