"""P080 Table-Driven Tests: the cases are rows of data, and one loop checks every row.

The function under test, `parse_duration`, turns "1h30m" into 5400 seconds.
Its cases live in `CASES`, a tuple of frozen `Case` rows. `ParseDurationTable`
checks each row inside its own `subTest`, so a wrong row never stops the rows
after it, and each failure is reported under the row's name. `run_table` runs
the same table against any implementation and keeps only the facts that do not
change from run to run: how many rows there were, and which ones failed.
"""

from __future__ import annotations

import io
import re
import unittest
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

Parser = Callable[[str], int]

_DURATION = re.compile(r"(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?")
_SECONDS_PER_UNIT = (3600, 60, 1)


def parse_duration(text: str) -> int:
    """Return the number of seconds in a duration such as "1h30m", "45s" or "2h0m5s".

    The units are h, m and s, each at most once and in that order, each after a
    whole number written in ASCII digits. Anything else, the empty string
    included, raises ValueError. The message quotes the input with `ascii()`,
    so a newline or a lookalike digit shows up as an escape, not as nothing.
    """
    match = _DURATION.fullmatch(text)
    if not text or match is None:
        raise ValueError(
            f"invalid duration {text!a}: expected whole hours, minutes and seconds"
            " in that order, like '1h30m' or '45s'"
        )
    amounts = match.groups()
    return sum(int(n) * unit for n, unit in zip(amounts, _SECONDS_PER_UNIT, strict=True) if n)


def parse_duration_loose(text: str) -> int:
    r"""A plausible rewrite of `parse_duration` with three bugs, kept to show what the table finds.

    It passes every ordinary case. But `re.match` with `$` also matches before a
    trailing newline, `\d` matches any Unicode digit (and `int` reads the
    fullwidth digit U+FF15 as 5), and the empty string matches with every group
    empty, so it returns 0 instead of raising.
    """
    match = re.match(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$", text)
    if match is None:
        raise ValueError(f"invalid duration {text!a}")
    amounts = match.groups()
    return sum(int(n) * unit for n, unit in zip(amounts, _SECONDS_PER_UNIT, strict=True) if n)


@dataclass(frozen=True)
class Case:
    """One row of the table: a named input and the one outcome it must produce.

    Give `want` (the seconds expected) or `want_error=True` (the input must be
    rejected with a ValueError that quotes it): exactly one of the two.
    """

    name: str
    given: str
    want: int | None = None
    want_error: bool = False

    def __post_init__(self) -> None:
        if (self.want is None) != self.want_error:
            raise ValueError(f"case {self.name!r}: give exactly one of want and want_error")


CASES: tuple[Case, ...] = (
    Case("hours and minutes", "1h30m", want=5400),
    Case("seconds only", "45s", want=45),
    Case("hours only", "2h", want=7200),
    Case("all three units", "1h0m5s", want=3605),
    Case("zero", "0s", want=0),
    Case("empty string", "", want_error=True),
    Case("number without unit", "90", want_error=True),
    Case("unknown unit", "1d", want_error=True),
    Case("units out of order", "30m1h", want_error=True),
    Case("unit repeated", "1h1h", want_error=True),
    Case("negative", "-5m", want_error=True),
    Case("trailing newline", "5m\n", want_error=True),
    Case("fullwidth digit", "\uff15m", want_error=True),
)


class ParseDurationTable(unittest.TestCase):
    """Checks every row of a table against one implementation of the parser.

    Test discovery builds it as `ParseDurationTable("test_table")`, which checks
    `CASES` against `parse_duration`; `run_table` passes another implementation.
    """

    longMessage = False  # report only the message written for the row

    def __init__(
        self,
        method: str = "test_table",
        *,
        parse: Parser = parse_duration,
        cases: Sequence[Case] = CASES,
    ) -> None:
        super().__init__(method)
        self.parse = parse
        self.cases = cases

    def test_table(self) -> None:
        for case in self.cases:
            with self.subTest(name=case.name):
                self.check(case)

    def check(self, case: Case) -> None:
        try:
            got = self.parse(case.given)
        except ValueError as exc:
            self.assertTrue(case.want_error, f"{case.given!a} raised ValueError, want {case.want}")
            self.assertIn(ascii(case.given), str(exc), f"error does not quote the input: {exc}")
            return
        self.assertFalse(case.want_error, f"{case.given!a} returned {got}, want ValueError")
        self.assertEqual(got, case.want, f"{case.given!a} returned {got}, want {case.want}")


@dataclass(frozen=True)
class TableRun:
    """What one run of the table found: the number of rows, and each failing row's message."""

    cases: int
    failures: Mapping[str, str]  # row name -> failure message, in table order


def run_table(parse: Parser, cases: Sequence[Case] = CASES) -> TableRun:
    """Run the table against `parse` with unittest's own runner, and summarise the result.

    The runner's text output contains timings, so it goes to a buffer that is
    thrown away; the summary is read from the result object instead.
    """
    suite = ParseDurationTable(parse=parse, cases=cases)
    result = unittest.TextTestRunner(stream=io.StringIO()).run(suite)
    found = {_row_name(test): _message(trace) for test, trace in [*result.failures, *result.errors]}
    position = {case.name: index for index, case in enumerate(cases)}
    ordered = sorted(found.items(), key=lambda item: position.get(item[0], len(position)))
    return TableRun(cases=len(cases), failures=dict(ordered))


def _row_name(test: unittest.TestCase) -> str:
    # unittest reports a failing subTest as a stand-in test whose `params` hold
    # the keyword arguments given to subTest(); anything else keeps its own id.
    params: Mapping[str, object] = getattr(test, "params", {})
    return str(params.get("name", test.id()))


def _message(trace: str) -> str:
    return trace.rstrip().splitlines()[-1].removeprefix("AssertionError: ")


def print_run(label: str, run: TableRun) -> None:
    print(f"{label}: {len(run.failures)} of {run.cases} cases failed")
    for name, message in run.failures.items():
        print(f"  {name}: {message}")


def main() -> None:
    print(parse_duration("1h30m"))
    #> 5400
    try:
        parse_duration("90")
    except ValueError as exc:
        print(exc)
    #> invalid duration '90': expected whole hours, minutes and seconds in that order, like '1h30m' or '45s'

    # The same table, run against two implementations.
    print_run("parse_duration", run_table(parse_duration))
    #> parse_duration: 0 of 13 cases failed
    print_run("parse_duration_loose", run_table(parse_duration_loose))
    #> parse_duration_loose: 3 of 13 cases failed
    #>   empty string: '' returned 0, want ValueError
    #>   trailing newline: '5m\n' returned 300, want ValueError
    #>   fullwidth digit: '\uff15m' returned 300, want ValueError


if __name__ == "__main__":
    main()
