"""P093: grouping without sorting, one-pass partition, unique index, and the traps they avoid."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part15_generics import p093_generic_slice_helpers as p093
from snippets.part15_generics import p093_generic_slice_helpers_before as before
from snippets.part15_generics.p093_generic_slice_helpers import (
    ORDERS,
    DuplicateKeyError,
    group_by,
    index_by,
    partition,
)

DemoCheck = Callable[[ModuleType], None]


def test_group_by_collects_non_adjacent_items_in_first_seen_order() -> None:
    groups = group_by(["b1", "a1", "b2", "c1", "a2"], lambda s: s[0])
    assert list(groups) == ["b", "a", "c"]
    assert groups == {"b": ["b1", "b2"], "a": ["a1", "a2"], "c": ["c1"]}


def test_group_by_keeps_every_item_exactly_once() -> None:
    groups = group_by(ORDERS, lambda o: o.status)
    assert {o.id for g in groups.values() for o in g} == {o.id for o in ORDERS}
    assert sum(len(g) for g in groups.values()) == len(ORDERS)
    assert [o.id for o in groups["paid"]] == ["o1", "o3", "o5"]


def test_group_by_accepts_a_one_shot_iterator_and_empty_input() -> None:
    assert group_by(iter(range(6)), lambda n: n % 3) == {0: [0, 3], 1: [1, 4], 2: [2, 5]}
    assert group_by([], len) == {}


def test_partition_splits_in_one_pass_and_keeps_order() -> None:
    seen: list[int] = []

    def even(n: int) -> bool:
        seen.append(n)
        return n % 2 == 0

    assert partition(iter([5, 2, 8, 1, 4]), even) == ([2, 8, 4], [5, 1])
    assert seen == [5, 2, 8, 1, 4]  # the predicate ran once per item
    assert partition([], even) == ([], [])


def test_index_by_maps_each_key_to_its_item() -> None:
    index = index_by(ORDERS, lambda o: o.id)
    assert list(index) == [o.id for o in ORDERS]
    assert all(index[o.id] is o for o in ORDERS)


def test_index_by_rejects_a_duplicate_key_instead_of_dropping_an_item() -> None:
    with pytest.raises(DuplicateKeyError, match="duplicate key 'ada'"):
        index_by(ORDERS, lambda o: o.customer)
    assert issubclass(DuplicateKeyError, ValueError)


def test_helpers_agree_with_the_comprehensions_they_stand_for() -> None:
    matching, rest = partition(ORDERS, lambda o: o.status == "paid")
    assert matching == [o for o in ORDERS if o.status == "paid"]
    assert rest == [o for o in ORDERS if o.status != "paid"]


def test_before_itertools_groupby_splits_unsorted_groups() -> None:
    keys = [key for key, _ in itertools.groupby(before.ORDERS, lambda o: o[1])]
    assert keys == ["ada", "bob", "ada"]
    assert len({o[1]: o for o in before.ORDERS}) < len(before.ORDERS)


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p093)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
