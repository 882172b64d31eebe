"""P082 before: checking rendered text by looking for a few fragments in it.

Writing out a whole table as an expected string is tedious, so the test checks
pieces of it instead: the invoice number, the total, one item name, the number
of lines. Every check is true, and together they still pass a renderer that
cuts long item names short. The check for "Desk lamp" passes because the short
name is not cut; nobody wrote a check for the long name, because it was never
wrong before. The module carries its own copy of both renderers.
"""

from __future__ import annotations

import unittest
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    item: str
    quantity: int
    unit_cents: int


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _render(number: str, lines: Sequence[Line], cap: int | None) -> str:
    width = max([len("Item"), len("Total"), *(len(line.item) for line in lines)])
    if cap is not None:
        width = min(cap, width)
    rows = [f"Invoice {number}", f"{'Item':<{width}}  {'Qty':>3}  {'Amount':>9}"]
    total = 0
    for line in lines:
        total += line.quantity * line.unit_cents
        amount = _money(line.quantity * line.unit_cents)
        rows.append(f"{line.item[:width]:<{width}}  {line.quantity:>3}  {amount:>9}")
    rows.append(f"{'Total':<{width}}  {'':>3}  {_money(total):>9}")
    return "\n".join(rows) + "\n"


def render_invoice(number: str, lines: Sequence[Line]) -> str:
    return _render(number, lines, cap=None)


def render_invoice_capped(number: str, lines: Sequence[Line]) -> str:
    """The bug: the item column is capped at 12 characters and longer names are cut."""
    return _render(number, lines, cap=12)


Renderer = Callable[[str, Sequence[Line]], str]
LINES = (Line("Ergonomic office chair", 1, 23900), Line("Desk lamp", 2, 3450))


class InvoiceFragmentsTest(unittest.TestCase):
    """Checks pieces of the output, because spelling out the whole table is a chore."""

    def __init__(self, method: str = "test_invoice", *, render: Renderer = render_invoice) -> None:
        super().__init__(method)
        self.render = render

    def test_invoice(self) -> None:
        text = self.render("2024-0044", LINES)
        self.assertIn("Invoice 2024-0044", text)
        self.assertIn("Desk lamp", text)
        self.assertIn("308.00", text)
        self.assertEqual(len(text.splitlines()), 5)


def passes(render: Renderer) -> bool:
    result = unittest.TestResult()
    InvoiceFragmentsTest(render=render).run(result)
    return result.wasSuccessful()


def main() -> None:
    print("correct renderer passes:", passes(render_invoice))
    #> correct renderer passes: True
    print("capped renderer passes:", passes(render_invoice_capped))
    #> capped renderer passes: True
    print(render_invoice_capped("2024-0044", LINES), end="")
    #> Invoice 2024-0044
    #> Item          Qty     Amount
    #> Ergonomic of    1     239.00
    #> Desk lamp       2      69.00
    #> Total                 308.00


if __name__ == "__main__":
    main()
