"""P080: the parser, the table runner, and what the copy-pasted test fails to report."""

from __future__ import annotations

import unittest
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part13_testing import p080_table_driven_tests as p080
from snippets.part13_testing import p080_table_driven_tests_before as before

DemoCheck = Callable[[ModuleType], None]

VALID = [case for case in p080.CASES if not case.want_error]
INVALID = [case for case in p080.CASES if case.want_error]
ALL_NAMES = [case.name for case in p080.CASES]


# The same table, read by pytest: what most projects write instead of subTest.
@pytest.mark.parametrize("case", VALID, ids=lambda case: case.name)
def test_parse_duration_returns_seconds(case: p080.Case) -> None:
    assert p080.parse_duration(case.given) == case.want


@pytest.mark.parametrize("case", INVALID, ids=lambda case: case.name)
def test_parse_duration_rejects_and_quotes_the_input(case: p080.Case) -> None:
    with pytest.raises(ValueError, match="invalid duration") as info:
        p080.parse_duration(case.given)
    assert ascii(case.given) in str(info.value)


def test_case_names_are_unique() -> None:
    assert len(set(ALL_NAMES)) == len(ALL_NAMES)


@pytest.mark.parametrize(("want", "want_error"), [(None, False), (5, True)])
def test_a_case_needs_exactly_one_outcome(want: int | None, want_error: bool) -> None:
    with pytest.raises(ValueError, match="exactly one of want and want_error"):
        p080.Case("broken row", "1h", want=want, want_error=want_error)


def test_the_table_passes_against_the_real_parser() -> None:
    assert p080.run_table(p080.parse_duration) == p080.TableRun(cases=13, failures={})


def test_the_loose_parser_fails_exactly_its_three_bugs() -> None:
    run = p080.run_table(p080.parse_duration_loose)
    assert run.failures == {
        "empty string": "'' returned 0, want ValueError",
        "trailing newline": "'5m\\n' returned 300, want ValueError",
        "fullwidth digit": "'\\uff15m' returned 300, want ValueError",
    }
    # The bugs its docstring names, checked without the table in between.
    assert [p080.parse_duration_loose(text) for text in ("", "5m\n", "\uff15m")] == [0, 300, 300]


def test_every_row_runs_after_a_failure() -> None:
    run = p080.run_table(lambda text: -1)
    assert list(run.failures) == ALL_NAMES  # 13 failures, in table order, from one test


def test_a_valid_row_that_raises_fails_under_its_name() -> None:
    def reject_everything(text: str) -> int:
        raise ValueError(f"no {text!a}")

    run = p080.run_table(reject_everything)
    assert list(run.failures) == [case.name for case in VALID]
    assert run.failures["hours and minutes"] == "'1h30m' raised ValueError, want 5400"


def test_an_error_that_does_not_quote_the_input_fails() -> None:
    def vague(text: str) -> int:
        if text == "90":
            raise ValueError("bad duration")
        return p080.parse_duration(text)

    run = p080.run_table(vague)
    assert run.failures == {
        "number without unit": "error does not quote the input: bad duration",
    }


def test_unexpected_exceptions_are_reported_in_table_order() -> None:
    def crashes_on_hours(text: str) -> int:
        if text == "2h":
            raise TypeError("boom")
        return p080.parse_duration_loose(text)

    run = p080.run_table(crashes_on_hours)
    # unittest files the TypeError under errors and the rest under failures;
    # the summary puts them back in the order of the table.
    assert list(run.failures) == [
        "hours only",
        "empty string",
        "trailing newline",
        "fullwidth digit",
    ]
    assert run.failures["hours only"] == "TypeError: boom"


def test_a_custom_table_runs_alone() -> None:
    table = [p080.Case("one minute", "1m", want=60), p080.Case("wrong on purpose", "1m", want=61)]
    run = p080.run_table(p080.parse_duration, table)
    assert run == p080.TableRun(cases=2, failures={"wrong on purpose": "'1m' returned 60, want 61"})


def test_unittest_discovery_runs_the_table_against_the_real_parser() -> None:
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(p080.ParseDurationTable)
    result = unittest.TestResult()
    suite.run(result)
    assert (result.testsRun, result.wasSuccessful()) == (1, True)


def test_the_copy_pasted_test_stops_at_the_first_failure() -> None:
    result, tried = before.run_test(before.parse_duration_loose)
    assert len(result.failures) == 1
    assert tried == ["1h30m", "45s", "2h", "1h0m5s", "0s", ""]


def test_the_copy_pasted_test_checks_the_same_inputs_as_the_table() -> None:
    result, tried = before.run_test(before.parse_duration)
    assert result.wasSuccessful()
    assert tried == [case.given for case in p080.CASES]


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p080)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
