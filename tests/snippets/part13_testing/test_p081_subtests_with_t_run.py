"""P081: named subtests with fresh state, selection by keyword, and the shared-state trap."""

from __future__ import annotations

import unittest
from collections.abc import Callable, Mapping
from types import ModuleType

import pytest

from snippets.part13_testing import p081_subtests_with_t_run as p081
from snippets.part13_testing import p081_subtests_with_t_run_before as before

DemoCheck = Callable[[ModuleType], None]

ALL_SUBTESTS = [
    "test_discount/takes ten percent",
    "test_discount/second code is refused",
    "test_discount/unknown code is refused",
    "test_remove/removes the whole line",
    "test_remove/missing line is refused",
    "test_total/empty cart",
    "test_total/one book",
    "test_total/quantity multiplies",
    "test_total/unknown item is refused",
]


def test_cart_totals_and_discount() -> None:
    cart = p081.Cart(p081.PRICES)
    cart.add("book")
    cart.add("pen", 3)
    assert cart.total() == 1650
    cart.apply_code("SAVE10")
    assert cart.total() == 1485  # 1650 - 165


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda cart: cart.add("lamp"), "unknown item 'lamp'"),
        (lambda cart: cart.add("pen", 0), "quantity must be at least 1, got 0"),
        (lambda cart: cart.remove("mug"), "'mug' is not in the cart"),
        (lambda cart: cart.apply_code("FREE"), "unknown code 'FREE'"),
    ],
    ids=["unknown item", "zero quantity", "missing line", "unknown code"],
)
def test_cart_refuses_bad_requests(action: Callable[[p081.Cart], None], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        action(p081.Cart(p081.PRICES))


def test_second_code_is_refused_and_the_buggy_cart_accepts_it() -> None:
    cart = p081.Cart(p081.PRICES)
    cart.apply_code("SAVE10")
    with pytest.raises(ValueError, match="already applied"):
        cart.apply_code("SAVE10")
    buggy = p081.CartWithoutLimit(p081.PRICES)
    buggy.apply_code("SAVE10")
    buggy.apply_code("SAVE10")
    with pytest.raises(ValueError, match="unknown code 'FREE'"):
        buggy.apply_code("FREE")


def test_every_subtest_runs_and_passes_against_the_real_cart() -> None:
    log = p081.run_suite()
    assert log.testsRun == 3
    assert log.outcomes == dict.fromkeys(ALL_SUBTESTS, "ok")


def test_one_bug_fails_one_named_subtest_and_the_rest_still_run() -> None:
    log = p081.run_suite(p081.CartWithoutLimit)
    assert list(log.outcomes) == ALL_SUBTESTS
    assert {name: out for name, out in log.outcomes.items() if out != "ok"} == {
        "test_discount/second code is refused": "FAIL the same code was accepted twice",
    }


class TotalWrong(p081.Cart):
    """Every total is one cent too much: every subtest that reads a total fails."""

    def total(self) -> int:
        return super().total() + 1


class CrashingRemove(p081.Cart):
    def remove(self, item: str) -> None:
        raise KeyError(item)


def test_a_failure_early_in_a_method_does_not_stop_its_later_subtests() -> None:
    log = p081.run_suite(TotalWrong, keyword="total")
    assert log.outcomes == {
        "test_total/empty cart": "FAIL an empty cart must cost 0",
        "test_total/one book": "FAIL 1201 != 1200",
        "test_total/quantity multiplies": "FAIL 451 != 450",
        "test_total/unknown item is refused": "ok",
    }


def test_an_unexpected_exception_is_an_error_of_that_subtest_only() -> None:
    log = p081.run_suite(CrashingRemove, keyword="remove")
    assert log.outcomes == {
        "test_remove/removes the whole line": "ERROR KeyError: 'book'",
        "test_remove/missing line is refused": "ERROR KeyError: 'mug'",
    }
    assert len(log.errors) == 2


@pytest.mark.parametrize(
    ("keyword", "methods"),
    [
        ("discount", ["test_discount"]),
        ("mov", ["test_remove"]),  # like -k, any substring of the full name
        ("CartTest", ["test_discount", "test_remove", "test_total"]),
        ("nothing matches", []),
    ],
)
def test_keyword_selects_whole_methods(keyword: str, methods: list[str]) -> None:
    log = p081.run_suite(keyword=keyword)
    assert log.testsRun == len(methods)
    assert sorted({name.partition("/")[0] for name in log.outcomes}) == methods


def test_a_subtest_name_cannot_be_selected() -> None:
    # Go's -run reaches inside a test; unittest's -k only sees method names.
    assert p081.run_suite(keyword="empty cart").testsRun == 0


def test_the_shared_price_list_is_read_only() -> None:
    with pytest.raises(TypeError):
        p081.PRICES["book"] = 1  # type: ignore[index]


def test_unittest_discovery_builds_the_suite_for_the_real_cart() -> None:
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(p081.CartTest)
    result = unittest.TestResult()
    suite.run(result)
    assert (result.testsRun, result.wasSuccessful()) == (3, True)


def test_the_shared_cart_test_fails_a_correct_cart() -> None:
    assert before.run_test() == {"three pens": "AssertionError: total 1650, want 450"}


def test_the_shared_cart_blocks_depend_on_their_order() -> None:
    # Each block run on a cart of its own, as the per-subtest setup would do it.
    prices: Mapping[str, int] = before.PRICES
    cart = before.Cart(prices)
    with pytest.raises(ValueError, match="'book' is not in the cart"):
        cart.remove("book")
    with pytest.raises(ValueError, match="unknown item 'lamp'"):
        cart.add("lamp")
    cart.add("pen", 3)
    assert cart.total() == 450
    cart.apply_code("SAVE10")
    assert cart.total() == 405
    with pytest.raises(ValueError, match="refused"):
        cart.apply_code("SAVE10")


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p081)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
