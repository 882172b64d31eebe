"""P058: each strategy as a table of carts, selection by name, and the context's checks."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from types import ModuleType

import pytest

from snippets.part09_api import p058_strategy as p058
from snippets.part09_api import p058_strategy_before as before
from snippets.part09_api.p058_strategy import (
    PRICING,
    Cart,
    Checkout,
    Line,
    PricingStrategy,
    VolumeTiers,
    choose,
    no_discount,
    percent_off,
    three_for_two,
)

DemoCheck = Callable[[ModuleType], None]


def cart(*lines: tuple[str, str, int]) -> Cart:
    return Cart(tuple(Line(sku, Decimal(price), qty) for sku, price, qty in lines))


EMPTY = cart()
ONE_TEA = cart(("tea", "4.50", 1))
MIXED = cart(("tea", "4.50", 6), ("mug", "12.00", 2), ("honey", "7.25", 3))  # 11 items, 72.75
FIFTY = cart(("pen", "1.00", 50))
THIRDS = cart(("clip", "0.10", 3), ("pad", "3.35", 1))  # 3.65; 5% is 0.1825

# One table for every named strategy: (name, cart, total the customer pays).
TOTALS = [
    ("regular", MIXED, "72.75"),
    ("regular", EMPTY, "0.00"),
    ("staff", MIXED, "58.20"),
    ("staff", ONE_TEA, "3.60"),
    ("staff", EMPTY, "0.00"),
    ("wholesale", cart(("tea", "4.50", 9)), "40.50"),  # 9 items: below the first tier
    ("wholesale", cart(("tea", "4.50", 10)), "42.75"),  # exactly 10: 5% off
    ("wholesale", MIXED, "69.11"),  # 3.6375 off, rounded half up
    ("wholesale", FIFTY, "45.00"),  # the highest tier reached wins
    ("wholesale", cart(("clip", "0.09", 10)), "0.85"),  # 0.045 off: half a cent rounds up
    ("3-for-2", MIXED, "56.50"),
    ("3-for-2", cart(("mug", "12.00", 2)), "24.00"),  # two items: nothing free
    ("3-for-2", cart(("mug", "12.00", 2), ("clip", "0.10", 1)), "24.00"),  # the cheapest is free
    ("3-for-2", EMPTY, "0.00"),
]


@pytest.mark.parametrize(
    ("name", "given", "want"), TOTALS, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(TOTALS)]
)
def test_each_strategy_prices_each_cart(name: str, given: Cart, want: str) -> None:
    assert Checkout(choose(name)).total(given) == Decimal(want)


def test_the_discount_is_rounded_once_half_up_by_the_context() -> None:
    five_percent = VolumeTiers(((1, 5),))
    assert five_percent(THIRDS) == Decimal("0.1825")  # strategies do not round
    assert Checkout(five_percent).total(THIRDS) == Decimal("3.47")


def test_strategies_do_not_change_the_cart_and_can_be_reused() -> None:
    snapshot = MIXED.lines
    for strategy in PRICING.values():
        first, second = strategy(MIXED), strategy(MIXED)
        assert first == second
    assert MIXED.lines == snapshot


def test_choose_refuses_an_unknown_name_and_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="'wholesail'") as info:
        choose("wholesail")
    assert str(info.value).endswith("expected one of: 3-for-2, regular, staff, wholesale")
    with pytest.raises(ValueError, match="unknown pricing ''"):
        choose("")


def test_the_registry_cannot_be_changed_at_run_time() -> None:
    with pytest.raises(TypeError):
        PRICING["free"] = no_discount  # type: ignore[index]


def test_any_callable_with_the_right_shape_is_a_strategy() -> None:
    def flat_five(c: Cart) -> Decimal:
        return Decimal(5) if c.subtotal >= 5 else Decimal(0)

    strategy: PricingStrategy = flat_five
    assert Checkout(strategy).total(MIXED) == Decimal("67.75")
    assert Checkout(strategy).total(ONE_TEA) == Decimal("4.50")


@pytest.mark.parametrize("discount", ["-0.01", "72.76"])
def test_the_context_refuses_a_discount_outside_zero_and_the_subtotal(discount: str) -> None:
    with pytest.raises(ValueError, match=f"discount of {discount} on 72.75"):
        Checkout(lambda c: Decimal(discount)).total(MIXED)


def test_a_discount_of_the_whole_subtotal_is_allowed() -> None:
    assert Checkout(lambda c: c.subtotal).total(MIXED) == Decimal("0.00")
    assert Checkout(percent_off(100)).total(MIXED) == Decimal("0.00")


@pytest.mark.parametrize("percent", [0, -5, 101])
def test_percent_off_checks_its_setting_when_made(percent: int) -> None:
    with pytest.raises(ValueError, match=f"got {percent}"):
        percent_off(percent)


@pytest.mark.parametrize(
    ("tiers", "message"),
    [
        ((), "ascending"),
        (((50, 10), (10, 5)), "ascending"),
        (((10, 5), (10, 7)), "ascending"),
        (((0, 5),), "ascending"),
        (((10, 0),), "percent"),
        (((10, 150),), "percent"),
    ],
)
def test_volume_tiers_are_validated_when_made(
    tiers: tuple[tuple[int, int], ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        VolumeTiers(tiers)


def test_an_object_strategy_compares_and_prints_by_its_settings() -> None:
    assert VolumeTiers(((10, 5),)) == VolumeTiers(((10, 5),))
    assert repr(PRICING["wholesale"]) == "VolumeTiers(tiers=((10, 5), (50, 10)))"


def test_three_for_two_frees_the_cheapest_of_each_group_of_three() -> None:
    given = cart(("a", "9.00", 1), ("b", "1.00", 1), ("c", "5.00", 1), ("d", "2.00", 3))
    # Dearest first: 9, 5, 2 | 2, 2, 1 -> the 2 and the 1 are free.
    assert three_for_two(given) == Decimal("3.00")


def test_before_a_typo_silently_charges_full_price() -> None:
    items = [("tea", Decimal("4.50"), 8), ("mug", Decimal("12.00"), 2)]
    assert before.total(items, "wholesale") == Decimal("57.00")
    assert before.total(items, "wholesail") == Decimal("60.00")
    assert before.total(items, "staff") == Decimal("48.00")
    assert before.total([("pen", Decimal("1.00"), 50)], "wholesale") == Decimal("45.00")
    assert before.total([("pen", Decimal("1.00"), 9)], "wholesale") == Decimal("9.00")


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p058)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
