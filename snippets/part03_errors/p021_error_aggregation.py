"""P021 Error Aggregation: report every error at once, not only the first.

Validation records one exception per problem and raises them together as an
ExceptionGroup (Python 3.11+). Work that runs concurrently lets every task
finish and groups the failures, instead of stopping at the first. The boundary
handles each kind of failure with `except*`, which picks the exceptions of one
type out of a group, however deeply the groups are nested.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


class FieldError(ValueError):
    """One invalid field; `field` is its path in the request, such as lines[1].quantity."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field} {problem}")
        self.field = field


class OutOfStockError(Exception):
    """A line asks for more than the warehouse has."""

    def __init__(self, sku: str, wanted: int, available: int) -> None:
        super().__init__(f"{sku}: wanted {wanted}, {available} left")
        self.sku = sku


def raise_if_any(message: str, errors: Sequence[Exception]) -> None:
    """Raise every error in `errors` together as one ExceptionGroup; do nothing if empty.

    This is the Python counterpart of Go's errors.Join, which returns nil for no
    errors. ExceptionGroup itself refuses an empty list, so callers need this check.
    """
    if errors:
        raise ExceptionGroup(message, list(errors))


def leaves(exc: BaseException) -> Iterator[BaseException]:
    """The exceptions at the bottom of a tree of groups, depth first, in the order added."""
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            yield from leaves(inner)
    else:
        yield exc


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int


@dataclass(frozen=True)
class Order:
    customer_id: str
    lines: tuple[Line, ...]


def validate_line(index: int, line: Line) -> None:
    errors: list[Exception] = []
    if not line.sku:
        errors.append(FieldError(f"lines[{index}].sku", "is required"))
    if line.quantity < 1:
        errors.append(FieldError(f"lines[{index}].quantity", "must be at least 1"))
    raise_if_any(f"lines[{index}] is invalid", errors)


def validate_order(order: Order) -> None:
    """Check every field, then raise one ExceptionGroup holding every problem found."""
    errors: list[Exception] = []
    if not order.customer_id.strip():
        errors.append(FieldError("customer_id", "is required"))
    if not order.lines:
        errors.append(FieldError("lines", "must not be empty"))
    for index, line in enumerate(order.lines):
        try:
            validate_line(index, line)
        except ExceptionGroup as group:
            errors.append(group)  # one group per bad line, nested in the order's group
    raise_if_any("order is invalid", errors)


async def settle(awaitable: Awaitable[T]) -> T | Exception:
    """Await `awaitable`; return the Exception it raises instead of propagating it."""
    try:
        return await awaitable
    except Exception as exc:
        return exc


async def gather_all(message: str, awaitables: Sequence[Awaitable[T]]) -> list[T]:
    """Run every awaitable at once, let each one finish, then raise every failure together.

    A TaskGroup on its own cancels the other tasks at the first failure, so the
    caller would hear only about the failures that happened before that. Here
    each task settles into a value or an exception. Cancelling the caller
    still cancels every task and waits for them: `settle` catches Exception,
    and CancelledError is not one.
    """
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(settle(awaitable)) for awaitable in awaitables]
    outcomes = [task.result() for task in tasks]
    raise_if_any(message, [outcome for outcome in outcomes if isinstance(outcome, Exception)])
    return [outcome for outcome in outcomes if not isinstance(outcome, Exception)]


class Inventory:
    """A remote stock service. Each SKU's answer takes its own number of loop turns."""

    def __init__(self, stock: Mapping[str, int], turns: Mapping[str, int]) -> None:
        self._stock = dict(stock)
        self._turns = dict(turns)
        self.checked: list[str] = []

    async def check(self, line: Line) -> str:
        for _ in range(self._turns.get(line.sku, 1)):
            await asyncio.sleep(0)
        self.checked.append(line.sku)
        available = self._stock.get(line.sku, 0)
        if line.quantity > available:
            raise OutOfStockError(line.sku, line.quantity, available)
        return f"{line.sku} x{line.quantity}"


async def place_order(order: Order, inventory: Inventory) -> str:
    validate_order(order)
    checks = [inventory.check(line) for line in order.lines]
    return "ok: " + ", ".join(await gather_all("stock check failed", checks))


async def respond(action: Callable[[], Awaitable[str]]) -> tuple[int, list[str]]:
    """The boundary: a status and every problem, each handled by its type with except*.

    For one group, every matching except* clause runs, so a group holding both
    kinds fills both lists. Anything no clause matches propagates, still in a
    group. `return` is not allowed inside an except* clause, hence the lists.
    """
    invalid: list[str] = []
    short: list[str] = []
    try:
        return 201, [await action()]
    except* FieldError as group:
        invalid = [str(exc) for exc in leaves(group)]
    except* OutOfStockError as group:
        short = [str(exc) for exc in leaves(group)]
    return (400 if invalid else 409), invalid + short


def render(exc: BaseException, depth: int = 0) -> Iterator[str]:
    """The group tree as indented lines: a group's message, then its members."""
    if isinstance(exc, BaseExceptionGroup):
        yield "  " * depth + exc.message
        for inner in exc.exceptions:
            yield from render(inner, depth + 1)
    else:
        yield "  " * depth + f"{type(exc).__name__}: {exc}"


async def main() -> None:
    inventory = Inventory(stock={"tea": 10, "mug": 3}, turns={"tea": 1, "mug": 1, "pot": 3})
    typo = Order("", (Line("tea", 0), Line("", -1)))
    try:
        validate_order(typo)
    except ExceptionGroup as group:
        print("\n".join(render(group)))
    #> order is invalid
    #>   FieldError: customer_id is required
    #>   lines[0] is invalid
    #>     FieldError: lines[0].quantity must be at least 1
    #>   lines[1] is invalid
    #>     FieldError: lines[1].sku is required
    #>     FieldError: lines[1].quantity must be at least 1

    orders = {
        "good": Order("c-1", (Line("tea", 2), Line("mug", 1))),
        "typos": typo,
        "short": Order("c-2", (Line("mug", 5), Line("tea", 1), Line("pot", 1))),
    }
    for name, order in orders.items():
        status, problems = await respond(functools.partial(place_order, order, inventory))
        print(f"{name}: {status}", *problems, sep="\n  ")
    #> good: 201
    #>   ok: tea x2, mug x1
    #> typos: 400
    #>   customer_id is required
    #>   lines[0].quantity must be at least 1
    #>   lines[1].sku is required
    #>   lines[1].quantity must be at least 1
    #> short: 409
    #>   mug: wanted 5, 3 left
    #>   pot: wanted 1, 0 left


if __name__ == "__main__":
    asyncio.run(main())
