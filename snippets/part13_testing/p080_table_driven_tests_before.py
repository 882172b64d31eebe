"""P080 before: copy-pasted asserts in one test, where the first failure hides the rest.

The test below is the usual first draft: one assert per input, one after the
other. Run against a parser with three bugs, it stops at the first one. Its
message does not say which input failed, the inputs after it are never tried,
and the two other bugs stay hidden until someone fixes the first and runs the
test again. The module is self-contained, so it defines both parsers it needs.
"""

from __future__ import annotations

import io
import re
import unittest
from collections.abc import Callable

Parser = Callable[[str], int]

_SECONDS_PER_UNIT = (3600, 60, 1)


def parse_duration(text: str) -> int:
    """Seconds in "1h30m", "45s" or "2h0m5s"; ValueError quoting the input otherwise."""
    match = re.fullmatch(r"(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?", text)
    if not text or match is None:
        raise ValueError(f"invalid duration {text!a}")
    amounts = match.groups()
    return sum(int(n) * unit for n, unit in zip(amounts, _SECONDS_PER_UNIT, strict=True) if n)


def parse_duration_loose(text: str) -> int:
    """The same parser with three bugs: it accepts "", "5m\\n" and "\\uff15m" (fullwidth 5)."""
    match = re.match(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$", text)
    if match is None:
        raise ValueError(f"invalid duration {text!a}")
    amounts = match.groups()
    return sum(int(n) * unit for n, unit in zip(amounts, _SECONDS_PER_UNIT, strict=True) if n)


class ParseDurationTest(unittest.TestCase):
    """One test method, one assert per input, written by copying the line above."""

    def __init__(
        self, method: str = "test_parse_duration", *, parse: Parser = parse_duration
    ) -> None:
        super().__init__(method)
        self.parse = parse

    def test_parse_duration(self) -> None:
        parse = self.parse
        self.assertEqual(parse("1h30m"), 5400)
        self.assertEqual(parse("45s"), 45)
        self.assertEqual(parse("2h"), 7200)
        self.assertEqual(parse("1h0m5s"), 3605)
        self.assertEqual(parse("0s"), 0)
        with self.assertRaises(ValueError):
            parse("")
        with self.assertRaises(ValueError):
            parse("90")
        with self.assertRaises(ValueError):
            parse("1d")
        with self.assertRaises(ValueError):
            parse("30m1h")
        with self.assertRaises(ValueError):
            parse("1h1h")
        with self.assertRaises(ValueError):
            parse("-5m")
        with self.assertRaises(ValueError):
            parse("5m\n")
        with self.assertRaises(ValueError):
            parse("\uff15m")


class Recorder:
    """Wraps a parser and remembers every input the test passed to it."""

    def __init__(self, parse: Parser) -> None:
        self.parse = parse
        self.seen: list[str] = []

    def __call__(self, text: str) -> int:
        self.seen.append(text)
        return self.parse(text)


def run_test(parse: Parser) -> tuple[unittest.TestResult, list[str]]:
    """Run the copy-pasted test against `parse`; return the result and the inputs it tried."""
    recorder = Recorder(parse)
    result = unittest.TextTestRunner(stream=io.StringIO()).run(ParseDurationTest(parse=recorder))
    return result, recorder.seen


def outcome(parse: Parser, text: str) -> int | str:
    try:
        return parse(text)
    except ValueError:
        return "ValueError"


def main() -> None:
    _, every_input = run_test(parse_duration)  # all pass, so every input is tried
    result, tried = run_test(parse_duration_loose)
    print(f"tests run: {result.testsRun}, failed: {len(result.failures)}")
    #> tests run: 1, failed: 1
    print("failure message:", result.failures[0][1].rstrip().splitlines()[-1])
    #> failure message: AssertionError: ValueError not raised
    print(f"inputs tried before the test stopped: {len(tried)} of {len(every_input)}")
    #> inputs tried before the test stopped: 6 of 13
    never_tried = [text for text in every_input if text not in tried]
    print("never tried:", ", ".join(map(ascii, never_tried)))
    #> never tried: '90', '1d', '30m1h', '1h1h', '-5m', '5m\n', '\uff15m'
    hidden = [
        text
        for text in never_tried
        if outcome(parse_duration_loose, text) != outcome(parse_duration, text)
    ]
    print("also wrong, and nobody was told:", ", ".join(map(ascii, hidden)))
    #> also wrong, and nobody was told: '5m\n', '\uff15m'


if __name__ == "__main__":
    main()
