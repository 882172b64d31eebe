"""P067 Iterator Abstraction: hide paging behind a lazy, re-iterable sequence.

`Paged` turns any "fetch one page, get the next cursor" function into an
iterable. Each `for` loop over it starts a fresh generator at the first page,
fetches a page only when the loop needs its first item, and fetches nothing
more once the loop stops. Callers compose it with generator expressions and
`itertools` (`islice`, `takewhile`), which are lazy too, so "the first three
overdue invoices" costs the pages that contain them and no more.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")
Cursor = int | None
FetchPage = Callable[[Cursor], tuple[list[T], Cursor]]


class Paged(Generic[T]):
    """An iterable over every item of a paged source, fetched as it is needed.

    Args:
        fetch: returns one page of items and the cursor of the next page,
            or None when that page was the last one. None asks for the first page.
    """

    def __init__(self, fetch: FetchPage[T]) -> None:
        self._fetch = fetch

    def __iter__(self) -> Iterator[T]:
        # A new generator per loop: a Paged can be iterated more than once,
        # unlike a generator object, which is empty after its first pass.
        cursor: Cursor = None
        while True:
            items, cursor = self._fetch(cursor)
            yield from items
            if cursor is None:
                return


class Invoice(NamedTuple):
    number: int
    overdue: bool


class InvoiceAPI:
    """A paged API: each call returns one page and the cursor of the next (or None)."""

    def __init__(self, total: int, page_size: int) -> None:
        self._invoices = [Invoice(n, overdue=n % 7 == 3) for n in range(total)]
        self._page_size = page_size
        self.calls = 0

    def list_page(self, cursor: Cursor) -> tuple[list[Invoice], Cursor]:
        self.calls += 1
        start = cursor or 0
        end = start + self._page_size
        return self._invoices[start:end], (end if end < len(self._invoices) else None)


def main() -> None:
    api = InvoiceAPI(total=1_000, page_size=50)
    invoices = Paged(api.list_page)
    print(f"API calls after building the iterable: {api.calls}")
    #> API calls after building the iterable: 0

    overdue = (inv.number for inv in invoices if inv.overdue)
    print(f"first three overdue: {list(itertools.islice(overdue, 3))}")
    #> first three overdue: [3, 10, 17]
    print(f"API calls made: {api.calls}")
    #> API calls made: 1

    below_120 = itertools.takewhile(lambda inv: inv.number < 120, invoices)
    print(f"invoices below 120: {sum(1 for _ in below_120)}, API calls now: {api.calls}")
    #> invoices below 120: 120, API calls now: 4

    once = iter(invoices)
    print(f"a generator is single-use: {sum(1 for _ in once)} then {sum(1 for _ in once)}")
    #> a generator is single-use: 1000 then 0
    print(f"the iterable starts over: {sum(1 for _ in invoices)}")
    #> the iterable starts over: 1000


if __name__ == "__main__":
    main()
