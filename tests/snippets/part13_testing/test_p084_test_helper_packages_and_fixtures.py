"""P084: the factory, the fixture's cleanup, the shared assertion and the suite built on them."""

from __future__ import annotations

import unittest
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part13_testing import p084_test_helper_packages_and_fixtures as p084

DemoCheck = Callable[[ModuleType], None]

TEST_NAMES = [
    "test_added_customer_can_be_read_back",
    "test_email_is_unique_ignoring_case",
    "test_factory_gives_distinct_valid_customers",
    "test_id_is_unique",
]


class _Probe(unittest.TestCase):
    def runTest(self) -> None:  # noqa: N802 - unittest's name
        pass


def test_factory_defaults_are_valid_and_ids_are_fresh() -> None:
    factory = p084.CustomerFactory()
    first, second = factory.build(), factory.build()
    assert (first.id, second.id) == (1, 2)
    assert first.email != second.email
    assert (first.country, first.credit_cents) == ("NL", 10_000)


def test_factory_overrides_only_the_given_fields() -> None:
    customer = p084.CustomerFactory().build(email="x@y.test", credit_cents=0)
    assert customer == p084.Customer(1, "x@y.test", "NL", 0)


def test_factory_overrides_are_still_validated() -> None:
    with pytest.raises(ValueError, match="credit -1 is negative"):
        p084.CustomerFactory().build(credit_cents=-1)


@pytest.mark.parametrize(
    ("email", "country", "message"),
    [
        ("no-at-sign", "NL", "has no '@'"),
        ("a@b.test", "nl", "not an ISO code"),
        ("a@b.test", "NLD", "not an ISO code"),
    ],
)
def test_customer_rejects_invalid_records(email: str, country: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        p084.Customer(1, email, country, 0)


def test_open_registry_closes_at_cleanup_not_before() -> None:
    log: list[str] = []
    probe = _Probe()
    registry = p084.open_registry(probe, p084.Registry, log)
    assert not registry.closed and log == []
    probe.doCleanups()
    assert registry.closed and log == ["closed runTest"]
    with pytest.raises(RuntimeError, match="closed"):
        registry.add(p084.CustomerFactory().build())


def test_assert_rejected_passes_fails_and_checks_the_reason() -> None:
    probe = _Probe()
    registry = p084.Registry("r", [])
    customers = p084.CustomerFactory()
    taken = customers.build()
    registry.add(taken)
    p084.assert_rejected(probe, registry, taken, "is taken")  # passes
    with pytest.raises(AssertionError, match="rejected for the wrong reason"):
        p084.assert_rejected(probe, registry, taken, "banned")
    with pytest.raises(AssertionError, match="was accepted, want rejected: taken"):
        p084.assert_rejected(probe, registry, customers.build(), "taken")


def test_registry_compares_email_without_case_and_the_buggy_one_does_not() -> None:
    customers = p084.CustomerFactory()
    good, bad = p084.Registry("a", []), p084.CaseSensitiveRegistry("b", [])
    for registry in (good, bad):
        registry.add(customers.build(email="ada@example.test"))
    with pytest.raises(ValueError, match="is taken"):
        good.add(customers.build(email="ADA@example.test"))
    bad.add(customers.build(email="ADA@example.test"))


def test_suite_passes_against_the_real_registry_and_closes_every_registry() -> None:
    run = p084.run_suite(p084.Registry)
    assert (run.tests, dict(run.failures)) == (4, {})
    assert run.cleanups == [f"closed {name}" for name in TEST_NAMES]


def test_suite_catches_the_case_bug_and_still_cleans_up_the_failing_test() -> None:
    run = p084.run_suite(p084.CaseSensitiveRegistry)
    assert dict(run.failures) == {
        "test_email_is_unique_ignoring_case": "Ada@Example.test was accepted, want rejected: taken"
    }
    assert "closed test_email_is_unique_ignoring_case" in run.cleanups
    assert len(run.cleanups) == 4


def test_errors_in_a_test_are_reported_and_cleaned_up() -> None:
    class Broken(p084.Registry):
        def get(self, customer_id: int) -> p084.Customer:
            raise KeyError(customer_id)

    run = p084.run_suite(Broken)
    assert list(run.failures) == [
        "test_added_customer_can_be_read_back",
        "test_factory_gives_distinct_valid_customers",
    ]
    assert len(run.cleanups) == 4


def test_each_run_gets_its_own_log() -> None:
    first, second = p084.run_suite(p084.Registry), p084.run_suite(p084.Registry)
    assert first.cleanups is not second.cleanups and len(second.cleanups) == 4


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p084)
