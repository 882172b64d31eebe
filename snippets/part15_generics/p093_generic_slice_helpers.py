"""P093 Generic Slice Helpers: in Python, comprehensions first; helpers only for what they lack.

Mapping, filtering and summing are comprehensions and built-ins in Python, so
this module defines no `map_` or `filter_`. It defines the three collection
operations a comprehension does not express in one readable line: grouping by
a key without sorting first, splitting by a predicate in one pass, and
indexing by a key that must be unique.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


class DuplicateKeyError(ValueError):
    """Two items produced the same key where keys must be unique."""


def group_by(items: Iterable[T], key: Callable[[T], K]) -> dict[K, list[T]]:
    """Items per key; keys in first-seen order, items in input order. No sorting needed."""
    groups: dict[K, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def partition(items: Iterable[T], predicate: Callable[[T], bool]) -> tuple[list[T], list[T]]:
    """Split into (matching, not matching) in one pass, each keeping input order."""
    matching: list[T] = []
    rest: list[T] = []
    for item in items:
        (matching if predicate(item) else rest).append(item)
    return matching, rest


def index_by(items: Iterable[T], key: Callable[[T], K]) -> dict[K, T]:
    """One item per key. Raises DuplicateKeyError instead of keeping the last silently."""
    index: dict[K, T] = {}
    for item in items:
        k = key(item)
        if k in index:
            raise DuplicateKeyError(f"duplicate key {k!r}")
        index[k] = item
    return index


@dataclass(frozen=True)
class Order:
    id: str
    customer: str
    status: str
    cents: int


ORDERS = [
    Order("o1", "ada", "paid", 1200),
    Order("o2", "bob", "open", 800),
    Order("o3", "ada", "paid", 450),
    Order("o4", "cy", "refunded", 300),
    Order("o5", "bob", "paid", 2000),
]


def main() -> None:
    # Map, filter and reduce: a comprehension and sum() say it directly.
    paid = [o for o in ORDERS if o.status == "paid"]
    print([o.id for o in paid], sum(o.cents for o in paid))
    #> ['o1', 'o3', 'o5'] 3650

    # Grouping is where a helper earns its place: no sort, no adjacency rule.
    by_customer = group_by(ORDERS, lambda o: o.customer)
    print({name: [o.id for o in orders] for name, orders in by_customer.items()})
    #> {'ada': ['o1', 'o3'], 'bob': ['o2', 'o5'], 'cy': ['o4']}

    big, small = partition(ORDERS, lambda o: o.cents >= 1000)
    print([o.id for o in big], [o.id for o in small])
    #> ['o1', 'o5'] ['o2', 'o3', 'o4']

    print(index_by(ORDERS, lambda o: o.id)["o4"].status)
    #> refunded
    try:
        index_by(ORDERS, lambda o: o.customer)
    except DuplicateKeyError as exc:
        print("rejected:", exc)
    #> rejected: duplicate key 'ada'


if __name__ == "__main__":
    main()
