"""P021 before: stop at the first error, and the caller finds the problems one by one.

The validator raises at the first bad field, so a client with four mistakes
needs five round trips: each answer names one mistake, and fixing it reveals
the next. The concurrent stock check uses a bare TaskGroup, which cancels the
other checks when the first one fails: one short item is reported, and the
second is found only on the next order attempt.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from typing import Any


class FieldError(ValueError):
    pass


class OutOfStockError(Exception):
    pass


@dataclass(frozen=True)
class Order:
    customer_id: str
    sku: str
    quantity: int
    country: str


def validate_first_error(order: Order) -> None:
    if not order.customer_id:
        raise FieldError("customer_id")
    if not order.sku:
        raise FieldError("sku")
    if order.quantity < 1:
        raise FieldError("quantity")
    if len(order.country) != 2:
        raise FieldError("country")


FIXES: dict[str, Any] = {"customer_id": "c-1", "sku": "tea", "quantity": 1, "country": "DE"}


def submit_until_accepted(order: Order) -> list[str]:
    """A client that fixes exactly what each answer names, then sends the order again."""
    answers = []
    while True:
        try:
            validate_first_error(order)
        except FieldError as exc:
            field = str(exc)
            answers.append(f"400 {field} is invalid")
            order = replace(order, **{field: FIXES[field]})
        else:
            answers.append("201 accepted")
            return answers


async def check(sku: str, turns: int, available: int, checked: list[str]) -> None:
    for _ in range(turns):
        await asyncio.sleep(0)
    checked.append(sku)
    if available == 0:
        raise OutOfStockError(sku)


async def check_all_with_taskgroup(checked: list[str]) -> list[str]:
    reported: list[str] = []
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(check("mug", 1, 0, checked))
            group.create_task(check("tea", 2, 5, checked))
            group.create_task(check("pot", 3, 0, checked))  # cancelled before it answers
    except* OutOfStockError as failures:
        reported = [str(exc) for exc in failures.exceptions]
    return reported


async def main() -> None:
    answers = submit_until_accepted(Order("", "", 0, "Germany"))
    print(f"{len(answers)} round trips:", "; ".join(answers))
    #> 5 round trips: 400 customer_id is invalid; 400 sku is invalid; 400 quantity is invalid; 400 country is invalid; 201 accepted

    checked: list[str] = []
    print("reported out of stock:", await check_all_with_taskgroup(checked))
    #> reported out of stock: ['mug']
    print("checks that finished:", checked)
    #> checks that finished: ['mug']


if __name__ == "__main__":
    asyncio.run(main())
