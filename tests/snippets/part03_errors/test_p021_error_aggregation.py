"""P021: every problem is reported in one go, and each can be matched by its type."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part03_errors import p021_error_aggregation as p021
from snippets.part03_errors import p021_error_aggregation_before as before
from snippets.part03_errors.p021_error_aggregation import (
    FieldError,
    Inventory,
    Line,
    Order,
    OutOfStockError,
    gather_all,
    leaves,
    place_order,
    raise_if_any,
    respond,
    validate_order,
)

DemoCheck = Callable[[ModuleType], None]


def validation_group(order: Order) -> ExceptionGroup[Exception]:
    with pytest.raises(ExceptionGroup) as info:
        validate_order(order)
    return info.value


def test_every_invalid_field_is_reported_at_once() -> None:
    group = validation_group(Order(" ", (Line("tea", 0), Line("", -1), Line("mug", 1))))
    assert [exc.field for exc in leaves(group) if isinstance(exc, FieldError)] == [
        "customer_id",
        "lines[0].quantity",
        "lines[1].sku",
        "lines[1].quantity",
    ]
    assert all(isinstance(exc, FieldError) for exc in leaves(group))


def test_groups_nest_one_per_bad_line() -> None:
    group = validation_group(Order("c-1", (Line("", 1), Line("tea", 1), Line("mug", 0))))
    assert group.message == "order is invalid"
    assert [g.message for g in group.exceptions if isinstance(g, ExceptionGroup)] == [
        "lines[0] is invalid",
        "lines[2] is invalid",
    ]


def test_an_empty_order_names_both_missing_parts() -> None:
    group = validation_group(Order("", ()))
    assert [str(exc) for exc in leaves(group)] == [
        "customer_id is required",
        "lines must not be empty",
    ]


def test_a_valid_order_raises_nothing() -> None:
    validate_order(Order("c-1", (Line("tea", 1),)))


def test_raise_if_any_is_silent_for_no_errors_and_keeps_the_objects() -> None:
    raise_if_any("nothing wrong", [])
    first, second = FieldError("a", "is bad"), OutOfStockError("mug", 2, 1)
    with pytest.raises(ExceptionGroup) as info:
        raise_if_any("two problems", [first, second])
    assert info.value.exceptions == (first, second)
    with pytest.raises(ValueError):
        raise ExceptionGroup("ExceptionGroup itself refuses an empty list", [])


def test_except_star_matches_leaves_by_type_through_nesting() -> None:
    nested = ExceptionGroup(
        "outer",
        [
            FieldError("customer_id", "is required"),
            ExceptionGroup("inner", [OutOfStockError("mug", 5, 3), FieldError("x", "is bad")]),
        ],
    )
    fields: list[str] = []
    stock: list[str] = []
    try:
        raise nested
    except* FieldError as group:
        fields = [exc.field for exc in leaves(group) if isinstance(exc, FieldError)]
    except* OutOfStockError as group:
        stock = [exc.sku for exc in leaves(group) if isinstance(exc, OutOfStockError)]
    assert fields == ["customer_id", "x"]
    assert stock == ["mug"]


def test_every_concurrent_check_runs_and_failures_keep_input_order() -> None:
    async def scenario() -> None:
        # pot fails last in time but comes first in the order.
        inventory = Inventory({"tea": 9}, turns={"pot": 5, "tea": 3, "mug": 1})
        lines = (Line("pot", 1), Line("tea", 1), Line("mug", 1))
        with pytest.raises(ExceptionGroup) as info:
            await place_order(Order("c-1", lines), inventory)
        assert inventory.checked == ["mug", "tea", "pot"]
        assert [exc.sku for exc in leaves(info.value) if isinstance(exc, OutOfStockError)] == [
            "pot",
            "mug",
        ]
        assert info.value.message == "stock check failed"

    asyncio.run(scenario())


def test_gather_all_returns_every_value_in_order() -> None:
    async def value(v: int, turns: int) -> int:
        for _ in range(turns):
            await asyncio.sleep(0)
        return v

    assert asyncio.run(gather_all("x", [value(1, 3), value(2, 0), value(3, 1)])) == [1, 2, 3]


def test_cancelling_the_caller_cancels_every_check_and_leaves_no_task() -> None:
    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        started: list[int] = []

        async def forever(n: int) -> None:
            started.append(n)
            await asyncio.Event().wait()

        caller = asyncio.create_task(gather_all("x", [forever(1), forever(2)]))
        for _ in range(3):
            await asyncio.sleep(0)
        assert started == [1, 2]
        caller.cancel()
        with pytest.raises(asyncio.CancelledError):
            await caller
        assert asyncio.all_tasks() == baseline

    asyncio.run(scenario())


def test_respond_reports_both_kinds_when_a_group_holds_both() -> None:
    async def mixed() -> str:
        raise ExceptionGroup(
            "mixed", [OutOfStockError("mug", 5, 3), FieldError("customer_id", "is required")]
        )

    status, problems = asyncio.run(respond(mixed))
    assert status == 400  # fix the request first
    assert problems == ["customer_id is required", "mug: wanted 5, 3 left"]


def test_respond_handles_a_single_exception_that_is_not_in_a_group() -> None:
    async def bare() -> str:
        raise FieldError("lines", "must not be empty")

    assert asyncio.run(respond(bare)) == (400, ["lines must not be empty"])


def test_respond_lets_unmatched_exceptions_through_and_only_those() -> None:
    bug = RuntimeError("bug")

    async def with_a_bug() -> str:
        raise ExceptionGroup("mixed", [FieldError("a", "is bad"), bug])

    with pytest.raises(ExceptionGroup) as info:
        asyncio.run(respond(with_a_bug))
    assert list(leaves(info.value)) == [bug]


def test_respond_success_and_stock_statuses() -> None:
    inventory = Inventory({"tea": 1}, turns={})
    good = Order("c-1", (Line("tea", 1),))
    short = Order("c-1", (Line("tea", 2),))
    assert asyncio.run(respond(lambda: place_order(good, inventory))) == (201, ["ok: tea x1"])
    assert asyncio.run(respond(lambda: place_order(short, inventory))) == (
        409,
        ["tea: wanted 2, 1 left"],
    )


def test_before_finds_problems_one_round_trip_at_a_time() -> None:
    answers = before.submit_until_accepted(before.Order("", "", 0, "Germany"))
    assert len(answers) == 5
    assert before.submit_until_accepted(before.Order("c", "tea", 1, "DE")) == ["201 accepted"]
    checked: list[str] = []
    assert asyncio.run(before.check_all_with_taskgroup(checked)) == ["mug"]
    assert "pot" not in checked  # the second shortage was never found


def test_before_taskgroup_reports_nothing_when_all_in_stock() -> None:
    async def scenario() -> list[str]:
        checked: list[str] = []
        async with asyncio.TaskGroup() as group:
            group.create_task(before.check("tea", 1, 5, checked))
        return checked

    assert asyncio.run(scenario()) == ["tea"]


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p021)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
