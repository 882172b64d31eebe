"""P081 before: subtests that share one cart, so each depends on the ones above it.

`setUp` runs once per test method, not once per `subTest` block. The test below
builds its cart in `setUp` and lets four subtests change it in turn. Against a
correct cart it reports a failure that is not a bug ("three pens" sees the book
an earlier block added), and one of its passes is luck: "remove the book" only
passes because another block put the book there. The module is
self-contained, so it carries its own copy of the cart.
"""

from __future__ import annotations

import unittest
from collections.abc import Mapping
from types import MappingProxyType

PRICES: Mapping[str, int] = MappingProxyType({"book": 1200, "pen": 150, "mug": 800})


class Cart:
    """Lines of (item, quantity) priced in cents; SAVE10 takes 10% off, once."""

    def __init__(self, prices: Mapping[str, int]) -> None:
        self.prices = prices
        self.lines: dict[str, int] = {}
        self.code: str | None = None

    def add(self, item: str, quantity: int = 1) -> None:
        if item not in self.prices:
            raise ValueError(f"unknown item {item!r}")
        self.lines[item] = self.lines.get(item, 0) + quantity

    def remove(self, item: str) -> None:
        if item not in self.lines:
            raise ValueError(f"{item!r} is not in the cart")
        del self.lines[item]

    def apply_code(self, code: str) -> None:
        if code != "SAVE10" or self.code is not None:
            raise ValueError(f"code {code!r} refused")
        self.code = code

    def total(self) -> int:
        subtotal = sum(self.prices[item] * n for item, n in self.lines.items())
        return subtotal - subtotal // 10 if self.code else subtotal


class CartTest(unittest.TestCase):
    """Named subtests, but one cart between them: the order of the blocks is part of the test."""

    longMessage = False

    def setUp(self) -> None:
        self.cart = Cart(PRICES)  # once for the method, shared by every block below

    def test_cart(self) -> None:
        with self.subTest(name="one book"):
            self.cart.add("book")
            self.assertEqual(self.cart.total(), 1200, f"total {self.cart.total()}, want 1200")
        with self.subTest(name="three pens"):
            self.cart.add("pen", 3)
            self.assertEqual(self.cart.total(), 450, f"total {self.cart.total()}, want 450")
        with self.subTest(name="remove the book"):
            self.cart.remove("book")  # there is a book only because "one book" ran first
            self.assertEqual(self.cart.total(), 450, f"total {self.cart.total()}, want 450")
        with self.subTest(name="ten percent off"):
            self.cart.apply_code("SAVE10")
            self.assertEqual(self.cart.total(), 405, f"total {self.cart.total()}, want 405")


def run_test() -> dict[str, str]:
    """Run the shared-cart test; return each failing subtest's name and message."""
    result = unittest.TestResult()
    CartTest("test_cart").run(result)
    failures: dict[str, str] = {}
    for subtest, trace in result.failures:
        params: Mapping[str, object] = getattr(subtest, "params", {})
        failures[str(params.get("name"))] = trace.rstrip().splitlines()[-1]
    return failures


def main() -> None:
    # The cart is correct, yet the test fails.
    for name, message in run_test().items():
        print(f"{name}: {message}")
    #> three pens: AssertionError: total 1650, want 450

    # What "remove the book" would meet if it ran on a cart of its own.
    try:
        Cart(PRICES).remove("book")
    except ValueError as exc:
        print("remove the book, alone:", exc)
    #> remove the book, alone: 'book' is not in the cart


if __name__ == "__main__":
    main()
