"""P058 Strategy Pattern via Interfaces / Functions: pass the varying rule in as a value.

`Checkout` totals a cart the same way whatever the promotion; the promotion
itself is a `PricingStrategy`: anything callable as `strategy(cart)` that
returns the discount. Most strategies are plain functions or closures. One that
carries settings worth validating and printing, `VolumeTiers`, is a frozen
dataclass with `__call__`; the Protocol accepts both. `choose` picks a strategy
by name once, at startup, and refuses a name it does not know.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Protocol

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Line:
    sku: str
    unit_price: Decimal
    quantity: int


@dataclass(frozen=True)
class Cart:
    lines: tuple[Line, ...]

    @property
    def subtotal(self) -> Decimal:
        return sum((line.unit_price * line.quantity for line in self.lines), Decimal(0))

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)


class PricingStrategy(Protocol):
    """Returns the discount for a cart: between 0 and the subtotal, never rounded.

    A strategy must not change the cart or keep state between calls, so one
    instance can price every cart of every customer.
    """

    def __call__(self, cart: Cart, /) -> Decimal: ...


# --- Strategies as functions: the common case. ---


def no_discount(cart: Cart) -> Decimal:
    return Decimal(0)


def three_for_two(cart: Cart) -> Decimal:
    """Every third item is free, taking items from the dearest down: the cheapest of each three."""
    prices = sorted(
        (line.unit_price for line in cart.lines for _ in range(line.quantity)), reverse=True
    )
    return sum(prices[2::3], Decimal(0))


def percent_off(percent: int) -> PricingStrategy:
    """A closure strategy: the setting is checked once, when the strategy is made."""
    if not 0 < percent <= 100:
        raise ValueError(f"percent must be in 1..100, got {percent}")
    rate = Decimal(percent) / 100

    def discount(cart: Cart) -> Decimal:
        return cart.subtotal * rate

    return discount


# --- A strategy as an object: worth it when its settings should be validated and shown. ---


@dataclass(frozen=True)
class VolumeTiers:
    """Percent off by item count: the highest tier the cart reaches applies.

    `tiers` is ((min_items, percent), ...) in ascending order of min_items.
    """

    tiers: tuple[tuple[int, int], ...]

    def __post_init__(self) -> None:
        thresholds = [minimum for minimum, _ in self.tiers]
        if not self.tiers or thresholds != sorted(set(thresholds)) or thresholds[0] < 1:
            raise ValueError(f"tiers need distinct, ascending minimums from 1: {self.tiers}")
        if any(not 0 < percent <= 100 for _, percent in self.tiers):
            raise ValueError(f"every tier's percent must be in 1..100: {self.tiers}")

    def __call__(self, cart: Cart) -> Decimal:
        reached = [percent for minimum, percent in self.tiers if cart.item_count >= minimum]
        return cart.subtotal * Decimal(reached[-1]) / 100 if reached else Decimal(0)


PRICING: Mapping[str, PricingStrategy] = MappingProxyType(
    {
        "regular": no_discount,
        "staff": percent_off(20),
        "wholesale": VolumeTiers(((10, 5), (50, 10))),
        "3-for-2": three_for_two,
    }
)


def choose(name: str) -> PricingStrategy:
    """The strategy configured as `name`; ValueError listing the valid names otherwise."""
    strategy = PRICING.get(name)
    if strategy is None:
        raise ValueError(f"unknown pricing {name!r}; expected one of: {', '.join(sorted(PRICING))}")
    return strategy


class Checkout:
    """Totals carts with one pricing strategy; it never asks which strategy it has."""

    def __init__(self, pricing: PricingStrategy) -> None:
        self._pricing = pricing

    def total(self, cart: Cart) -> Decimal:
        """Subtotal minus the strategy's discount, rounded once, here, to the cent."""
        discount = self._pricing(cart).quantize(CENT, ROUND_HALF_UP)
        if not 0 <= discount <= cart.subtotal:
            raise ValueError(f"pricing gave a discount of {discount} on {cart.subtotal}")
        return (cart.subtotal - discount).quantize(CENT)


def main() -> None:
    cart = Cart(
        (
            Line("tea", Decimal("4.50"), 6),
            Line("mug", Decimal("12.00"), 2),
            Line("honey", Decimal("7.25"), 3),
        )
    )
    for name in ("regular", "staff", "wholesale", "3-for-2"):
        print(f"{name:>9}: {Checkout(choose(name)).total(cart)}")
    #>   regular: 72.75
    #>     staff: 58.20
    #> wholesale: 69.11
    #>   3-for-2: 56.50

    # A one-off promotion needs no class and no registration: any matching callable works.
    def ten_off_over_50(cart: Cart) -> Decimal:
        return Decimal(10) if cart.subtotal > 50 else Decimal(0)

    print("one-off:", Checkout(ten_off_over_50).total(cart))
    #> one-off: 62.75
    print(PRICING["wholesale"])
    #> VolumeTiers(tiers=((10, 5), (50, 10)))

    # A typo in the configuration stops startup instead of charging full price.
    try:
        choose("wholesail")
    except ValueError as exc:
        print(exc)
    #> unknown pricing 'wholesail'; expected one of: 3-for-2, regular, staff, wholesale
    try:
        VolumeTiers(((50, 10), (10, 5)))
    except ValueError as exc:
        print(exc)
    #> tiers need distinct, ascending minimums from 1: ((50, 10), (10, 5))


if __name__ == "__main__":
    main()
