"""P067 before: a "list everything" helper hides paging by reading every page.

`list_invoices` returns a plain list, which is easy to use and costs the whole
collection: every page is fetched before the caller can look at the first item,
even when the caller wants only the first three matches.
"""

from __future__ import annotations

from typing import NamedTuple


class Invoice(NamedTuple):
    number: int
    overdue: bool


class InvoiceAPI:
    """A paged API: each call returns one page and the cursor of the next (or None)."""

    def __init__(self, total: int, page_size: int) -> None:
        self._invoices = [Invoice(n, overdue=n % 7 == 3) for n in range(total)]
        self._page_size = page_size
        self.calls = 0

    def list_page(self, cursor: int | None) -> tuple[list[Invoice], int | None]:
        self.calls += 1
        start = cursor or 0
        end = start + self._page_size
        return self._invoices[start:end], (end if end < len(self._invoices) else None)


def list_invoices(api: InvoiceAPI) -> list[Invoice]:
    result: list[Invoice] = []
    cursor: int | None = None
    while True:
        page, cursor = api.list_page(cursor)
        result.extend(page)
        if cursor is None:
            return result


def main() -> None:
    api = InvoiceAPI(total=1_000, page_size=50)
    first_overdue = [inv.number for inv in list_invoices(api) if inv.overdue][:3]
    print(f"first three overdue: {first_overdue}")
    #> first three overdue: [3, 10, 17]
    print(f"API calls made: {api.calls}")
    #> API calls made: 20


if __name__ == "__main__":
    main()
