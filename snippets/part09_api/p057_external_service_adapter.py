"""P057 Adapter Pattern Around External Services: one class speaks the vendor's language.

Checkout needs a single thing from a payment provider: charge an amount for an
order. It states that need as `PaymentGateway`, in its own terms: `Money`,
`Receipt`, and three exception classes. `PayFluxGateway` is the only code that
knows the PayFlux SDK. It converts `Money` to the SDK's minor units, turns the
order ID into an idempotency key, turns the SDK's response into a `Receipt`,
and maps each way the SDK reports a failure to one domain exception, keeping
the SDK's exception as the cause. Changing provider, or testing checkout,
touches nothing outside the adapter.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

# --- The vendor's SDK. In a real project this is `import payflux`, not your code. ---


@dataclass(frozen=True)
class PayFluxCharge:
    """A charge as the SDK returns it: the vendor's field names and units."""

    id: str
    status: str  # "succeeded" or "failed"; a failed charge is not an exception
    amount: int  # minor units: cents for EUR, yen for JPY
    currency: str  # lower-case ISO 4217 code
    failure_code: str | None = None


class PayFluxError(Exception):
    """The SDK's one exception class; `code` and `http_status` say what went wrong."""

    def __init__(self, message: str, *, code: str, http_status: int) -> None:
        super().__init__(message)
        self.code = code
        self.http_status = http_status


class PayFluxAPI(Protocol):
    """The slice of the SDK client the adapter calls; a test fake implements only this."""

    async def create_charge(
        self, *, amount: int, currency: str, source: str, idempotency_key: str
    ) -> PayFluxCharge: ...


# --- Your domain: the names checkout uses, owned by checkout. ---


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str  # upper-case ISO 4217 code

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


@dataclass(frozen=True)
class Receipt:
    payment_id: str
    charged: Money


class PaymentError(Exception):
    """Any payment failure. Raised as itself for problems the caller cannot fix by retrying."""


class PaymentDeclinedError(PaymentError):
    """The payment method was refused: ask the customer for another; a retry will not help."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"payment declined: {reason}")
        self.reason = reason


class PaymentUnavailableError(PaymentError):
    """The provider is unreachable or overloaded: retry later with the same order ID."""


class PaymentGateway(Protocol):
    """What checkout needs from any payment provider, and nothing more."""

    async def charge(self, order_id: str, amount: Money, card_token: str) -> Receipt: ...


# --- The adapter: the only place that knows both vocabularies. ---

_MINOR_UNIT_DIGITS = {"EUR": 2, "USD": 2, "JPY": 0}
_DECLINE_REASONS = {
    "card_declined": "declined by the bank",
    "insufficient_funds": "insufficient funds",
    "expired_card": "card expired",
}
_RETRYABLE_CODES = frozenset({"rate_limited", "api_connection_error"})


def to_minor_units(money: Money) -> int:
    """Exact conversion to the SDK's integer units; ValueError instead of silent rounding."""
    digits = _MINOR_UNIT_DIGITS.get(money.currency)
    if digits is None:
        raise ValueError(f"unsupported currency {money.currency!r}")
    scaled = money.amount.scaleb(digits)
    if scaled <= 0 or scaled != scaled.to_integral_value():
        raise ValueError(f"{money} is not a positive amount in whole minor units")
    return int(scaled)


def from_minor_units(amount: int, currency: str) -> Money:
    code = currency.upper()
    return Money(Decimal(amount).scaleb(-_MINOR_UNIT_DIGITS[code]), code)


def translate_error(exc: PayFluxError) -> PaymentError:
    """Map one SDK error to the domain exception that tells checkout what to do next."""
    if exc.code in _DECLINE_REASONS:
        return PaymentDeclinedError(_DECLINE_REASONS[exc.code])
    if exc.code in _RETRYABLE_CODES or exc.http_status >= 500:
        return PaymentUnavailableError(f"payment provider busy or down ({exc.code})")
    return PaymentError(f"payment provider refused the request ({exc.code})")


class PayFluxGateway:
    """A PaymentGateway backed by the PayFlux SDK.

    Args:
        client: the SDK client, or a fake with the same `create_charge` method.
    """

    def __init__(self, client: PayFluxAPI) -> None:
        self._client = client

    async def charge(self, order_id: str, amount: Money, card_token: str) -> Receipt:
        """Charge `amount` once per `order_id`; a retry with the same ID is not charged twice.

        Raises:
            ValueError: the amount cannot be charged as given; the SDK is not called.
            PaymentDeclinedError: the provider refused the payment method.
            PaymentUnavailableError: the provider could not be reached or asked us to slow down.
            PaymentError: any other refusal; the SDK's exception is its `__cause__`.
        """
        minor_units = to_minor_units(amount)
        try:
            charge = await self._client.create_charge(
                amount=minor_units,
                currency=amount.currency.lower(),
                source=card_token,
                idempotency_key=f"order-{order_id}",
            )
        except PayFluxError as exc:
            raise translate_error(exc) from exc
        except (ConnectionError, TimeoutError) as exc:
            raise PaymentUnavailableError("payment provider unreachable") from exc
        # CancelledError is a BaseException and passes through untranslated.
        if charge.status == "failed":
            code = charge.failure_code or "card_declined"
            raise PaymentDeclinedError(_DECLINE_REASONS.get(code, "declined by the bank"))
        if charge.status != "succeeded":
            raise PaymentError(f"unexpected charge status {charge.status!r}")
        return Receipt(charge.id, from_minor_units(charge.amount, charge.currency))


# --- A consumer that sees only the domain, and a fake SDK for the demo and tests. ---


async def checkout(gateway: PaymentGateway, order_id: str, total: Money, card_token: str) -> str:
    """Pay for an order and return the HTTP answer; no PayFlux name appears here."""
    try:
        receipt = await gateway.charge(order_id, total, card_token)
    except PaymentDeclinedError as exc:
        return f"402 {exc.reason}: try another card"
    except PaymentUnavailableError:
        return "503 payment temporarily unavailable"
    return f"200 paid {receipt.charged} (ref {receipt.payment_id})"


@dataclass
class FakePayFlux:
    """Plays the SDK: returns or raises the scripted outcomes in order, then succeeds."""

    outcomes: list[PayFluxCharge | Exception] = field(default_factory=list)
    calls: list[dict[str, object]] = field(default_factory=list)

    async def create_charge(
        self, *, amount: int, currency: str, source: str, idempotency_key: str
    ) -> PayFluxCharge:
        self.calls.append(
            {"amount": amount, "currency": currency, "source": source, "key": idempotency_key}
        )
        await asyncio.sleep(0)
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if isinstance(outcome, Exception):
            raise outcome
        return outcome or PayFluxCharge(f"ch_{len(self.calls)}", "succeeded", amount, currency)


async def main() -> None:
    vendor = FakePayFlux()
    gateway = PayFluxGateway(vendor)
    print(await checkout(gateway, "A-1001", Money(Decimal("19.99"), "EUR"), "tok_visa"))
    #> 200 paid 19.99 EUR (ref ch_1)
    print(vendor.calls[0])
    #> {'amount': 1999, 'currency': 'eur', 'source': 'tok_visa', 'key': 'order-A-1001'}
    print(await checkout(gateway, "J-7", Money(Decimal("1200"), "JPY"), "tok_jcb"))
    #> 200 paid 1200 JPY (ref ch_2)

    # Three ways the SDK says "no", two ways it says "not now": each becomes one domain answer.
    vendor.outcomes = [
        PayFluxError("Insufficient funds.", code="insufficient_funds", http_status=402),
        PayFluxCharge("ch_9", "failed", 1999, "eur", failure_code="expired_card"),
        PayFluxError("Too many requests.", code="rate_limited", http_status=429),
        ConnectionError("connection reset by peer"),
    ]
    for _ in range(4):
        print(await checkout(gateway, "A-1002", Money(Decimal("19.99"), "EUR"), "tok_visa"))
    #> 402 insufficient funds: try another card
    #> 402 card expired: try another card
    #> 503 payment temporarily unavailable
    #> 503 payment temporarily unavailable

    # An unknown refusal is a PaymentError; the SDK's exception stays as its cause.
    vendor.outcomes = [PayFluxError("No such token.", code="invalid_source", http_status=400)]
    try:
        await gateway.charge("A-1003", Money(Decimal("5.00"), "EUR"), "tok_gone")
    except PaymentError as exc:
        cause = exc.__cause__
        assert isinstance(cause, PayFluxError)
        print(f"{type(exc).__name__}: {exc}")
        print(f"caused by {cause!r}, HTTP {cause.http_status}")
    #> PaymentError: payment provider refused the request (invalid_source)
    #> caused by PayFluxError('No such token.'), HTTP 400

    # An amount the SDK cannot represent exactly is refused before any call.
    try:
        await gateway.charge("A-1004", Money(Decimal("10.005"), "EUR"), "tok_visa")
    except ValueError as exc:
        print(f"rejected: {exc}; SDK calls so far: {len(vendor.calls)}")
    #> rejected: 10.005 EUR is not a positive amount in whole minor units; SDK calls so far: 7


if __name__ == "__main__":
    asyncio.run(main())
