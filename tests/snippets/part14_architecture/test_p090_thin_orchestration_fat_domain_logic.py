"""P090: the pure domain tested with plain values, and the thin shells tested for mapping only."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part14_architecture import p090_thin_orchestration_fat_domain_logic as p090
from snippets.part14_architecture import p090_thin_orchestration_fat_domain_logic_before as before

DemoCheck = Callable[[ModuleType], None]

PRICES = {"pen": 250, "book": 1500}


def order(*lines: tuple[str, int]) -> p090.Order:
    return p090.Order(tuple(p090.Line(sku, qty) for sku, qty in lines))


# ---- the domain: no I/O, no shop, no JSON ------------------------------------


@pytest.mark.parametrize(
    ("lines", "subtotal", "discount"),
    [
        ((("pen", 1),), 250, 0),
        ((("pen", 39), ("book", 1)), 11250, 1125),
        ((("book", 6), ("pen", 3)), 9750, 0),  # just under the threshold
        ((("pen", 40),), 10000, 1000),  # exactly at the threshold
    ],
)
def test_pricing_and_discount(
    lines: tuple[tuple[str, int], ...], subtotal: int, discount: int
) -> None:
    result = p090.confirm(order(*lines), {"pen": 100, "book": 100}, PRICES)
    assert (result.subtotal, result.discount, result.total) == (
        subtotal,
        discount,
        subtotal - discount,
    )


def test_confirm_changes_nothing_it_was_given() -> None:
    stock = {"pen": 5, "book": 2}
    result = p090.confirm(order(("pen", 2)), stock, PRICES)
    assert stock == {"pen": 5, "book": 2}
    assert result.stock == {"pen": 3, "book": 2}


def test_repeated_lines_are_checked_against_stock_together() -> None:
    with pytest.raises(p090.OutOfStockError, match="book: want 3, have 2"):
        p090.confirm(order(("book", 2), ("book", 1)), {"book": 2}, PRICES)


@pytest.mark.parametrize(
    ("the_order", "error"),
    [
        (p090.Order(()), p090.EmptyOrderError),
        (order(("lamp", 1)), p090.UnknownProductError),
        (order(("pen", 1), ("lamp", 1)), p090.UnknownProductError),
        (order(("pen", 6)), p090.OutOfStockError),
        (order(("book", 1)), p090.OutOfStockError),  # no stock entry at all
    ],
)
def test_rejections(the_order: p090.Order, error: type[p090.OrderError]) -> None:
    with pytest.raises(error):
        p090.confirm(the_order, {"pen": 5}, PRICES)


def test_a_line_cannot_have_a_quantity_below_one() -> None:
    with pytest.raises(ValueError, match="quantity must be at least 1"):
        p090.Line("pen", 0)


# ---- the shells: parsing and mapping only ------------------------------------


def shop() -> p090.Shop:
    return p090.Shop(prices=dict(PRICES), stock={"pen": 20, "book": 10})


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ('{"items": [{"sku": "pen", "qty": 2}]}', 201),
        ("not json", 400),
        ('{"orders": []}', 400),
        ('{"items": 3}', 400),
        ('{"items": [{"sku": "pen"}]}', 400),
        ('{"items": [{"sku": "pen", "qty": "two"}]}', 400),
        ('{"items": []}', 422),
        ('{"items": [{"sku": "lamp", "qty": 1}]}', 422),
        ('{"items": [{"sku": "pen", "qty": 21}]}', 409),
    ],
)
def test_http_maps_each_outcome_to_a_status(body: str, status: int) -> None:
    s = shop()
    got, _ = p090.http_place_order(body, s)
    assert got == status
    assert s.stock == ({"pen": 18, "book": 10} if status == 201 else {"pen": 20, "book": 10})


def test_an_unmapped_rejection_is_422() -> None:
    class Embargoed(p090.OrderError):
        pass

    assert p090.STATUS.get(Embargoed, 422) == 422


def test_both_entry_points_agree_because_they_share_the_rule() -> None:
    a, b = shop(), shop()
    assert p090.http_place_order('{"items": [{"sku": "book", "qty": 8}]}', a) == (
        201,
        "total 108.00",
    )
    assert p090.csv_place_order("book=8", b) == "total 108.00"
    assert a.stock == b.stock == {"pen": 20, "book": 2}


@pytest.mark.parametrize("row", ["pen=4;book=11", "pen", "pen=x", "pen=0"])
def test_a_rejected_csv_row_takes_no_stock(row: str) -> None:
    s = shop()
    assert p090.csv_place_order(row, s).startswith("rejected: ")
    assert s.stock == {"pen": 20, "book": 10}


def test_before_the_copies_disagree_and_leak_stock() -> None:
    assert before.http_place_order('{"items": [{"sku": "book", "qty": 8}]}', {"book": 10}) == (
        201,
        "total 108.00",
    )
    assert before.csv_place_order("book=8", {"book": 10}) == "total 120.00"
    stock = {"pen": 20, "book": 1}
    assert before.csv_place_order("pen=4;book=3", stock) == "out of stock: book"
    assert stock == {"pen": 16, "book": 1}  # the pens were taken anyway
    assert before.http_place_order("{}", {}) == (400, "bad request")
    small = before.http_place_order('{"items": [{"sku": "pen", "qty": 3}]}', {"pen": 3})
    assert small == (201, "total 7.50")
    assert before.http_place_order('{"items": [{"sku": "pen", "qty": 3}]}', {"pen": 1}) == (
        409,
        "out of stock: pen",
    )


def test_demos_print_their_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
    check_demo(p090)
