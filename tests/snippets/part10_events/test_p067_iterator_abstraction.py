"""P067: the paged iterable is lazy, stops early, restarts, and ends on the last page."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part10_events import p067_iterator_abstraction as p067
from snippets.part10_events import p067_iterator_abstraction_before as before
from snippets.part10_events.p067_iterator_abstraction import Cursor, InvoiceAPI, Paged

DemoCheck = Callable[[ModuleType], None]


def test_building_and_starting_the_loop_fetch_nothing_until_an_item_is_needed() -> None:
    api = InvoiceAPI(total=100, page_size=10)
    it = iter(Paged(api.list_page))
    assert api.calls == 0
    assert next(it).number == 0
    assert api.calls == 1


@pytest.mark.parametrize(("taken", "calls"), [(1, 1), (10, 1), (11, 2), (35, 4)])
def test_taking_n_items_fetches_only_the_pages_that_hold_them(taken: int, calls: int) -> None:
    api = InvoiceAPI(total=100, page_size=10)
    numbers = [inv.number for inv in itertools.islice(Paged(api.list_page), taken)]
    assert numbers == list(range(taken))
    assert api.calls == calls


@pytest.mark.parametrize(("total", "page_size", "calls"), [(100, 10, 10), (95, 10, 10), (3, 10, 1)])
def test_full_pass_yields_every_item_once_and_stops_at_the_last_page(
    total: int, page_size: int, calls: int
) -> None:
    api = InvoiceAPI(total=total, page_size=page_size)
    assert [inv.number for inv in Paged(api.list_page)] == list(range(total))
    assert api.calls == calls


def test_each_loop_starts_again_at_the_first_page() -> None:
    api = InvoiceAPI(total=30, page_size=10)
    invoices = Paged(api.list_page)
    first = [inv.number for inv in itertools.islice(invoices, 5)]
    again = [inv.number for inv in itertools.islice(invoices, 5)]
    assert first == again == [0, 1, 2, 3, 4]


def test_empty_source_yields_nothing() -> None:
    def empty(cursor: Cursor) -> tuple[list[int], Cursor]:
        return [], None

    assert list(Paged(empty)) == []


def test_empty_page_in_the_middle_does_not_end_the_iteration() -> None:
    pages: dict[Cursor, tuple[list[str], Cursor]] = {None: (["a"], 1), 1: ([], 2), 2: (["b"], None)}
    assert list(Paged(pages.__getitem__)) == ["a", "b"]


def test_a_failing_fetch_raises_from_the_loop_after_the_earlier_items() -> None:
    def flaky(cursor: Cursor) -> tuple[list[int], Cursor]:
        if cursor is None:
            return [1, 2], 1
        raise ConnectionError("page 2 timed out")

    seen: list[int] = []
    with pytest.raises(ConnectionError):
        for item in Paged(flaky):
            seen.append(item)
    assert seen == [1, 2]


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p067)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
