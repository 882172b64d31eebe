"""P082 Golden-File Testing: compare rendered text with a stored, reviewed copy.

`render_invoice` turns invoice lines into an aligned text table. `InvoiceGoldenTest`
renders three invoices and compares each, byte for byte, with a file under a
golden directory, named after the test method. `check_golden` does the
comparison: a missing file or a difference fails with a unified diff, and in
update mode (UPDATE_GOLDEN=1, Go's `-update`) it rewrites the file instead.
The demo works in a temporary directory it creates, so it runs the same way in
CPython and in the browser's virtual filesystem.
"""

from __future__ import annotations

import difflib
import os
import tempfile
import unittest
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class Line:
    item: str
    quantity: int
    unit_cents: int


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def render_invoice(number: str, lines: Sequence[Line]) -> str:
    """The invoice as text: a header, one row per line, a total; columns aligned."""
    width = max([len("Item"), len("Total"), *(len(line.item) for line in lines)])
    rows = [f"Invoice {number}", f"{'Item':<{width}}  {'Qty':>3}  {'Amount':>9}"]
    total = 0
    for line in lines:
        amount = line.quantity * line.unit_cents
        total += amount
        rows.append(f"{line.item:<{width}}  {line.quantity:>3}  {_money(amount):>9}")
    rows.append(f"{'Total':<{width}}  {'':>3}  {_money(total):>9}")
    return "\n".join(rows) + "\n"


def render_invoice_capped(number: str, lines: Sequence[Line]) -> str:
    """A rewrite with one bug: it caps the item column at 12 and cuts longer names short."""
    width = min(12, max([len("Item"), len("Total"), *(len(line.item) for line in lines)]))
    rows = [f"Invoice {number}", f"{'Item':<{width}}  {'Qty':>3}  {'Amount':>9}"]
    total = 0
    for line in lines:
        amount = line.quantity * line.unit_cents
        total += amount
        rows.append(f"{line.item[:width]:<{width}}  {line.quantity:>3}  {_money(amount):>9}")
    rows.append(f"{'Total':<{width}}  {'':>3}  {_money(total):>9}")
    return "\n".join(rows) + "\n"


Outcome = Literal["match", "written", "unchanged"]
UPDATE_HINT = "run with UPDATE_GOLDEN=1 to accept the new output"


def check_golden(path: Path, got: str, *, update: bool) -> Outcome:
    """Compare `got` with the file at `path`, or rewrite the file when `update` is set.

    The file is read and written as UTF-8 with "\\n" line endings on every
    platform, so a checkout on Windows compares the same bytes. A missing file
    or any difference raises AssertionError with a unified diff.
    """
    want = path.read_text(encoding="utf-8") if path.exists() else None
    if update:
        if want == got:
            return "unchanged"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8", newline="")
        return "written"
    if want is None:
        raise AssertionError(f"golden file {path.name} is missing: {UPDATE_HINT}")
    if want != got:
        diff = difflib.unified_diff(
            want.splitlines(), got.splitlines(), f"{path.name} (golden)", "got", lineterm=""
        )
        raise AssertionError(f"{path.name} differs, {UPDATE_HINT}\n" + "\n".join(diff))
    return "match"


Renderer = Callable[[str, Sequence[Line]], str]


class InvoiceGoldenTest(unittest.TestCase):
    """Each test renders one invoice and checks it against `<golden_dir>/<test name>.golden`."""

    longMessage = False

    def __init__(
        self,
        method: str = "test_invoice",
        *,
        render: Renderer = render_invoice,
        golden_dir: Path = Path("testdata"),
        update: bool | None = None,
    ) -> None:
        super().__init__(method)
        self.render = render
        self.golden_dir = golden_dir
        self.update = os.environ.get("UPDATE_GOLDEN") == "1" if update is None else update

    def assert_golden(self, got: str) -> None:
        name = self.id().rpartition(".")[2]
        check_golden(self.golden_dir / f"{name}.golden", got, update=self.update)

    def test_invoice(self) -> None:
        lines = [Line("Notebook", 3, 450), Line("Pen", 10, 120)]
        self.assert_golden(self.render("2024-0042", lines))

    def test_empty_invoice(self) -> None:
        self.assert_golden(self.render("2024-0043", []))

    def test_long_item_names(self) -> None:
        lines = [Line("Ergonomic office chair", 1, 23900), Line("Desk lamp", 2, 3450)]
        self.assert_golden(self.render("2024-0044", lines))


def run_suite(render: Renderer, golden_dir: Path, *, update: bool) -> Mapping[str, str]:
    """Run every test of the suite; return each test's name and "ok" or its failure message."""
    names = unittest.TestLoader().getTestCaseNames(InvoiceGoldenTest)
    suite = unittest.TestSuite(
        InvoiceGoldenTest(name, render=render, golden_dir=golden_dir, update=update)
        for name in names
    )
    result = unittest.TestResult()
    suite.run(result)
    outcomes = dict.fromkeys(names, "ok")
    for test, trace in [*result.failures, *result.errors]:
        outcomes[test.id().rpartition(".")[2]] = _message(trace)
    return outcomes


def _message(trace: str) -> str:
    # Everything after the exception line's "AssertionError: ", diff included.
    lines = trace.rstrip().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("AssertionError: "))
    return "\n".join(lines[start:]).removeprefix("AssertionError: ")


def print_outcomes(label: str, outcomes: Mapping[str, str]) -> None:
    print(f"{label}:")
    for name, outcome in outcomes.items():
        print(f"  {name}: {outcome}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        golden = Path(tmp) / "testdata"

        # First run: nothing to compare with yet, so every test fails and says why.
        print_outcomes("no golden files", run_suite(render_invoice, golden, update=False))
        #> no golden files:
        #>   test_empty_invoice: golden file test_empty_invoice.golden is missing: run with UPDATE_GOLDEN=1 to accept the new output
        #>   test_invoice: golden file test_invoice.golden is missing: run with UPDATE_GOLDEN=1 to accept the new output
        #>   test_long_item_names: golden file test_long_item_names.golden is missing: run with UPDATE_GOLDEN=1 to accept the new output

        # Update mode writes the files; a person reads them before they are committed.
        run_suite(render_invoice, golden, update=True)
        print(sorted(path.name for path in golden.iterdir()))
        #> ['test_empty_invoice.golden', 'test_invoice.golden', 'test_long_item_names.golden']
        print((golden / "test_long_item_names.golden").read_text(encoding="utf-8"), end="")
        #> Invoice 2024-0044
        #> Item                    Qty     Amount
        #> Ergonomic office chair    1     239.00
        #> Desk lamp                 2      69.00
        #> Total                           308.00

        print_outcomes("same renderer", run_suite(render_invoice, golden, update=False))
        #> same renderer:
        #>   test_empty_invoice: ok
        #>   test_invoice: ok
        #>   test_long_item_names: ok

        # A rewrite that cuts long names: only the invoice with long names changes.
        outcomes = run_suite(render_invoice_capped, golden, update=False)
        print_outcomes("capped rewrite", outcomes)
        #> capped rewrite:
        #>   test_empty_invoice: ok
        #>   test_invoice: ok
        #>   test_long_item_names: test_long_item_names.golden differs, run with UPDATE_GOLDEN=1 to accept the new output
        #> --- test_long_item_names.golden (golden)
        #> +++ got
        #> @@ -1,5 +1,5 @@
        #>  Invoice 2024-0044
        #> -Item                    Qty     Amount
        #> -Ergonomic office chair    1     239.00
        #> -Desk lamp                 2      69.00
        #> -Total                           308.00
        #> +Item          Qty     Amount
        #> +Ergonomic of    1     239.00
        #> +Desk lamp       2      69.00
        #> +Total                 308.00


if __name__ == "__main__":
    main()
