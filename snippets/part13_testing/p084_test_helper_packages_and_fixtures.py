"""P084 Test Helper Packages and Fixtures: tests say what differs, helpers do the rest.

The code under test is a `Registry` of `Customer` records that must be opened
and closed like a database connection. The test kit below it has three kinds
of helper: `CustomerFactory.build` returns a valid customer and lets a test
override only the field it is about; `open_registry` opens a registry for one
test and registers its closing with `addCleanup`, so it is closed even when the
test fails; `assert_rejected` is an assertion several tests share. The suite
`RegistryTests` uses them, and `run_suite` runs it programmatically against any
registry class, reporting failures and the cleanups that ran.
"""

from __future__ import annotations

import io
import unittest
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

# --- the code under test ---------------------------------------------------

@dataclass(frozen=True)
class Customer:
    """A customer record; the constructor refuses a record that is not valid."""

    id: int
    email: str
    country: str
    credit_cents: int

    def __post_init__(self) -> None:
        if "@" not in self.email:
            raise ValueError(f"customer {self.id}: email {self.email!r} has no '@'")
        if len(self.country) != 2 or not self.country.isascii() or not self.country.isupper():
            raise ValueError(f"customer {self.id}: country {self.country!r} is not an ISO code")
        if self.credit_cents < 0:
            raise ValueError(f"customer {self.id}: credit {self.credit_cents} is negative")


class Registry:
    """Customers by id, with unique e-mail addresses compared without case.

    It stands in for a connection: it must be closed, and `log` records when.
    """

    def __init__(self, name: str, log: list[str]) -> None:
        self.name = name
        self.log = log
        self.closed = False
        self._by_id: dict[int, Customer] = {}

    def _key(self, email: str) -> str:
        return email.casefold()

    def add(self, customer: Customer) -> None:
        if self.closed:
            raise RuntimeError(f"registry {self.name} is closed")
        taken = {self._key(c.email) for c in self._by_id.values()}
        if customer.id in self._by_id:
            raise ValueError(f"id {customer.id} is taken")
        if self._key(customer.email) in taken:
            raise ValueError(f"email {customer.email!r} is taken")
        self._by_id[customer.id] = customer

    def get(self, customer_id: int) -> Customer:
        return self._by_id[customer_id]

    def close(self) -> None:
        self.closed = True
        self.log.append(f"closed {self.name}")


class CaseSensitiveRegistry(Registry):
    """A plausible bug: e-mail addresses compared as typed, so Ada@ and ada@ both get in."""

    def _key(self, email: str) -> str:
        return email


# --- the test kit: what a tests/helpers module or a Go xxxtest package holds ---

class CustomerFactory:
    """Builds valid customers; each call gets a fresh id and e-mail address.

    A test passes only the fields it is about, so a new required field changes
    this factory, not every test that makes a customer.
    """

    def __init__(self) -> None:
        self._next = 0

    def build(
        self,
        *,
        email: str | None = None,
        country: str = "NL",
        credit_cents: int = 10_000,
    ) -> Customer:
        self._next += 1
        n = self._next
        return Customer(n, email or f"customer{n}@example.test", country, credit_cents)


def open_registry(test: unittest.TestCase, cls: type[Registry], log: list[str]) -> Registry:
    """Open a registry for one test; `addCleanup` closes it when that test ends, pass or fail."""
    registry = cls(test.id().rsplit(".", 1)[-1], log)
    test.addCleanup(registry.close)
    return registry


def assert_rejected(test: unittest.TestCase, registry: Registry, customer: Customer, why: str) -> None:
    """Fail, in the caller's test, unless `registry.add` refuses `customer` with `why` in the message."""
    __tracebackhide__ = True  # pytest: report the failure at the caller, like Go's t.Helper()
    try:
        registry.add(customer)
    except ValueError as exc:
        test.assertIn(why, str(exc), f"rejected for the wrong reason: {exc}")
        return
    test.fail(f"{customer.email} was accepted, want rejected: {why}")


# --- the suite, written with the kit ----------------------------------------

class RegistryTests(unittest.TestCase):
    """Each test states only what it is about; the kit supplies the rest."""

    registry_class: ClassVar[type[Registry]] = Registry
    log: ClassVar[list[str]] = []  # replaced by run_suite with a fresh list per run
    longMessage = False

    def setUp(self) -> None:
        self.customers = CustomerFactory()
        self.registry = open_registry(self, self.registry_class, self.log)

    def test_added_customer_can_be_read_back(self) -> None:
        ada = self.customers.build(country="GB")
        self.registry.add(ada)
        self.assertEqual(self.registry.get(ada.id), ada)

    def test_email_is_unique_ignoring_case(self) -> None:
        self.registry.add(self.customers.build(email="ada@example.test"))
        assert_rejected(self, self.registry, self.customers.build(email="Ada@Example.test"), "taken")

    def test_id_is_unique(self) -> None:
        first = self.customers.build()
        self.registry.add(first)
        assert_rejected(self, self.registry, first, f"id {first.id} is taken")

    def test_factory_gives_distinct_valid_customers(self) -> None:
        for _ in range(3):
            self.registry.add(self.customers.build())
        self.assertEqual(self.registry.get(3).email, "customer3@example.test")


@dataclass(frozen=True)
class SuiteRun:
    """What one run found: tests run, failing tests with their messages, cleanups in order."""

    tests: int
    failures: Mapping[str, str]
    cleanups: list[str]


def run_suite(cls: type[Registry]) -> SuiteRun:
    """Run `RegistryTests` against `cls`; the runner's text (with timings) is discarded."""
    log: list[str] = []
    suite_class = type("RegistryTests", (RegistryTests,), {"registry_class": cls, "log": log})
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(suite_class)
    result = unittest.TextTestRunner(stream=io.StringIO()).run(suite)
    failures = {
        test.id().rsplit(".", 1)[-1]: trace.rstrip().splitlines()[-1].removeprefix("AssertionError: ")
        for test, trace in [*result.failures, *result.errors]
    }
    return SuiteRun(result.testsRun, dict(sorted(failures.items())), log)


def print_run(label: str, run: SuiteRun) -> None:
    print(f"{label}: {len(run.failures)} of {run.tests} tests failed")
    for name, message in run.failures.items():
        print(f"  {name}: {message}")
    print(f"  cleanups: {', '.join(run.cleanups)}")


def main() -> None:
    factory = CustomerFactory()
    print(factory.build())
    #> Customer(id=1, email='customer1@example.test', country='NL', credit_cents=10000)
    print(factory.build(country="GB", credit_cents=0))
    #> Customer(id=2, email='customer2@example.test', country='GB', credit_cents=0)

    print_run("Registry", run_suite(Registry))
    #> Registry: 0 of 4 tests failed
    #>   cleanups: closed test_added_customer_can_be_read_back, closed test_email_is_unique_ignoring_case, closed test_factory_gives_distinct_valid_customers, closed test_id_is_unique
    print_run("CaseSensitiveRegistry", run_suite(CaseSensitiveRegistry))
    #> CaseSensitiveRegistry: 1 of 4 tests failed
    #>   test_email_is_unique_ignoring_case: Ada@Example.test was accepted, want rejected: taken
    #>   cleanups: closed test_added_customer_can_be_read_back, closed test_email_is_unique_ignoring_case, closed test_factory_gives_distinct_valid_customers, closed test_id_is_unique


if __name__ == "__main__":
    main()
