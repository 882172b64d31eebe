"""P057 before: business code calls the vendor's SDK directly, at every call site.

Checkout and subscription renewal each build the SDK's request and read its
error codes themselves. Each converts euros to cents its own way, each decides
on its own which codes mean "declined" and which mean "try later", and neither
noticed that the SDK reports some declines as a normal response with
`status="failed"` rather than as an exception.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass


@dataclass(frozen=True)
class PayFluxCharge:
    """The SDK's response type, which now appears all over the business code."""

    id: str
    status: str
    amount: int
    currency: str


class PayFluxError(Exception):
    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


class FakePayFlux:
    """Plays the SDK: raises or returns the next scripted outcome, else succeeds."""

    def __init__(self, *outcomes: PayFluxCharge | PayFluxError) -> None:
        self.outcomes = list(outcomes)
        self.charged_cents: list[int] = []

    async def create_charge(self, *, amount: int, currency: str, source: str) -> PayFluxCharge:
        await asyncio.sleep(0)
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if isinstance(outcome, PayFluxError):
            raise outcome
        self.charged_cents.append(amount)
        return outcome or PayFluxCharge("ch_1", "succeeded", amount, currency)


async def checkout(sdk: FakePayFlux, euros: float, card: str) -> str:
    try:
        # float arithmetic: 19.99 * 100 is 1998.9999999999998, and int() truncates.
        await sdk.create_charge(amount=int(euros * 100), currency="eur", source=card)
    except PayFluxError as exc:
        if exc.code == "card_declined":
            return "402 declined"
        return "503 try again later"  # insufficient_funds lands here too
    return "200 paid"  # a response with status "failed" lands here


async def renew_subscription(sdk: FakePayFlux, cents: int, card: str) -> str:
    try:
        await sdk.create_charge(amount=cents, currency="EUR", source=card)
    except PayFluxError:
        return "subscription cancelled"  # every error, rate limits included
    return "subscription renewed"


async def main() -> None:
    sdk = FakePayFlux()
    print(await checkout(sdk, 19.99, "tok_visa"), "- cents sent:", sdk.charged_cents[0])
    #> 200 paid - cents sent: 1998

    sdk = FakePayFlux(PayFluxError("Insufficient funds.", code="insufficient_funds"))
    print("insufficient funds at checkout:", await checkout(sdk, 5.0, "tok_visa"))
    #> insufficient funds at checkout: 503 try again later

    sdk = FakePayFlux(PayFluxCharge("ch_2", "failed", 500, "eur"))
    print("declined as a response, at checkout:", await checkout(sdk, 5.0, "tok_visa"))
    #> declined as a response, at checkout: 200 paid

    sdk = FakePayFlux(PayFluxError("Too many requests.", code="rate_limited"))
    print("rate limited during renewal:", await renew_subscription(sdk, 999, "tok_visa"))
    #> rate limited during renewal: subscription cancelled


if __name__ == "__main__":
    asyncio.run(main())
