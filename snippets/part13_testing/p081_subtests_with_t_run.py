"""P081 Subtests: one named block per behaviour, each with its own fresh state.

`CartTest` groups the checks for a shopping cart into three test methods, and
each method into named `subTest` blocks. Every block builds its own cart with
`new_cart`, so no block depends on what an earlier one did, and a failing block
is reported under "method/name" while its siblings still run. The price list
is the only thing the blocks share, and it is read-only. `run_suite` runs the
suite with unittest's own loader and keeps one line per subtest; its `keyword`
selects test methods the way `python -m unittest -k` does.
"""

from __future__ import annotations

import unittest
from collections.abc import Callable, Mapping
from types import MappingProxyType, TracebackType

PRICES: Mapping[str, int] = MappingProxyType({"book": 1200, "pen": 150, "mug": 800})
"""Cents per item. Shared by every subtest, so it is a read-only view."""

DISCOUNT_CODE = "SAVE10"


class Cart:
    """A shopping cart: lines of (item, quantity), at most one discount code."""

    def __init__(self, prices: Mapping[str, int]) -> None:
        self.prices = prices
        self.lines: dict[str, int] = {}
        self.code: str | None = None

    def add(self, item: str, quantity: int = 1) -> None:
        if item not in self.prices:
            raise ValueError(f"unknown item {item!r}")
        if quantity < 1:
            raise ValueError(f"quantity must be at least 1, got {quantity}")
        self.lines[item] = self.lines.get(item, 0) + quantity

    def remove(self, item: str) -> None:
        if item not in self.lines:
            raise ValueError(f"{item!r} is not in the cart")
        del self.lines[item]

    def apply_code(self, code: str) -> None:
        if code != DISCOUNT_CODE:
            raise ValueError(f"unknown code {code!r}")
        if self.code is not None:
            raise ValueError(f"code {self.code!r} is already applied")
        self.code = code

    def total(self) -> int:
        """The sum of the lines in cents, less 10% (rounded down) with a code."""
        subtotal = sum(self.prices[item] * n for item, n in self.lines.items())
        return subtotal - subtotal // 10 if self.code else subtotal


class CartWithoutLimit(Cart):
    """A cart with one bug: it accepts the same code a second time without complaint."""

    def apply_code(self, code: str) -> None:
        if code != DISCOUNT_CODE:
            raise ValueError(f"unknown code {code!r}")
        self.code = code


CartFactory = Callable[[Mapping[str, int]], Cart]


class CartTest(unittest.TestCase):
    """Three test methods, each split into named subtests that build their own cart."""

    longMessage = False  # report only the message written for the check

    def __init__(self, method: str = "test_total", *, make: CartFactory = Cart) -> None:
        super().__init__(method)
        self.make = make

    def new_cart(self, *lines: tuple[str, int]) -> Cart:
        """A fresh cart holding `lines`: called inside each subtest, never shared."""
        cart = self.make(PRICES)
        for item, quantity in lines:
            cart.add(item, quantity)
        return cart

    def test_total(self) -> None:
        with self.subTest(name="empty cart"):
            self.assertEqual(self.new_cart().total(), 0, "an empty cart must cost 0")
        with self.subTest(name="one book"):
            self.assertEqual(self.new_cart(("book", 1)).total(), 1200)
        with self.subTest(name="quantity multiplies"):
            self.assertEqual(self.new_cart(("pen", 3)).total(), 450)
        with (
            self.subTest(name="unknown item is refused"),
            self.assertRaisesRegex(ValueError, "unknown item 'lamp'"),
        ):
            self.new_cart(("lamp", 1))

    def test_remove(self) -> None:
        with self.subTest(name="removes the whole line"):
            cart = self.new_cart(("book", 1), ("pen", 3))
            cart.remove("book")
            self.assertEqual(cart.total(), 450)
        with (
            self.subTest(name="missing line is refused"),
            self.assertRaisesRegex(ValueError, "'mug' is not in the cart"),
        ):
            self.new_cart(("book", 1)).remove("mug")

    def test_discount(self) -> None:
        with self.subTest(name="takes ten percent"):
            cart = self.new_cart(("book", 1), ("pen", 3))
            cart.apply_code(DISCOUNT_CODE)
            self.assertEqual(cart.total(), 1485)
        with self.subTest(name="second code is refused"):
            cart = self.new_cart(("book", 1))
            cart.apply_code(DISCOUNT_CODE)
            with self.assertRaises(ValueError, msg="the same code was accepted twice"):
                cart.apply_code(DISCOUNT_CODE)
        with (
            self.subTest(name="unknown code is refused"),
            self.assertRaisesRegex(ValueError, "unknown code 'FREE'"),
        ):
            self.new_cart(("book", 1)).apply_code("FREE")


ExcInfo = tuple[type[BaseException], BaseException, TracebackType] | tuple[None, None, None]


class SubtestLog(unittest.TestResult):
    """A TestResult that keeps one line per finished subtest: "ok" or what went wrong."""

    def __init__(self) -> None:
        super().__init__()
        self.outcomes: dict[str, str] = {}

    def addSubTest(  # noqa: N802 - unittest's name
        self, test: unittest.TestCase, subtest: unittest.TestCase, err: ExcInfo | None
    ) -> None:
        super().addSubTest(test, subtest, err)
        params: Mapping[str, object] = getattr(subtest, "params", {})
        name = f"{test.id().rpartition('.')[2]}/{params.get('name', '?')}"
        if err is None or err[0] is None:
            self.outcomes[name] = "ok"
        elif issubclass(err[0], AssertionError):
            self.outcomes[name] = f"FAIL {err[1]}"
        else:
            self.outcomes[name] = f"ERROR {err[0].__name__}: {err[1]}"


def run_suite(make: CartFactory = Cart, keyword: str | None = None) -> SubtestLog:
    """Run `CartTest` against carts built by `make`, every method or those matching `keyword`.

    The keyword is matched as `python -m unittest -k` matches it: as `*keyword*`
    against the test's full name. It picks test methods; the subtests of a
    method cannot be picked one by one.
    """
    loader = unittest.TestLoader()
    if keyword is not None:
        loader.testNamePatterns = [f"*{keyword}*"]
    names = loader.getTestCaseNames(CartTest)  # sorted: discount, remove, total
    suite = unittest.TestSuite(CartTest(name, make=make) for name in names)
    log = SubtestLog()
    suite.run(log)
    return log


def print_log(label: str, log: SubtestLog, *, only_problems: bool = False) -> None:
    bad = [name for name, outcome in log.outcomes.items() if outcome != "ok"]
    print(f"{label}: methods {log.testsRun}, subtests {len(log.outcomes)}, failed {len(bad)}")
    for name, outcome in log.outcomes.items():
        if not only_problems or outcome != "ok":
            print(f"  {name}: {outcome}")


def main() -> None:
    print_log("Cart", run_suite(), only_problems=True)
    #> Cart: methods 3, subtests 9, failed 0

    # One wrong behaviour fails one named subtest; the eight others still ran.
    print_log("CartWithoutLimit", run_suite(CartWithoutLimit), only_problems=True)
    #> CartWithoutLimit: methods 3, subtests 9, failed 1
    #>   test_discount/second code is refused: FAIL the same code was accepted twice

    # Like `python -m unittest -k discount`: one method, all of its subtests.
    print_log("-k discount", run_suite(keyword="discount"))
    #> -k discount: methods 1, subtests 3, failed 0
    #>   test_discount/takes ten percent: ok
    #>   test_discount/second code is refused: ok
    #>   test_discount/unknown code is refused: ok


if __name__ == "__main__":
    main()
