"""P048: one contract, run against the sqlite3 repository and the in-memory fake alike."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from types import ModuleType
from typing import Any

import pytest

from snippets.part08_data import p048_repository as p048
from snippets.part08_data import p048_repository_before as before
from snippets.part08_data.p048_repository import (
    Customer,
    CustomerExistsError,
    CustomerNotFoundError,
    CustomerRepository,
    EmailTakenError,
    InMemoryCustomerRepository,
    LoyaltyService,
    SqliteCustomerRepository,
    Tier,
    open_database,
)

DemoCheck = Callable[[ModuleType], None]

IMPLEMENTATIONS: dict[str, Callable[[], CustomerRepository]] = {
    "sqlite": lambda: SqliteCustomerRepository(open_database()),
    "in-memory fake": InMemoryCustomerRepository,
}

ADA = Customer("c-1", "ada@example.com", "Ada")
LIN = Customer("c-2", "lin@example.com", "Lin", Tier.GOLD)


@pytest.fixture(params=list(IMPLEMENTATIONS), ids=list(IMPLEMENTATIONS))
def repo(request: pytest.FixtureRequest) -> CustomerRepository:
    return IMPLEMENTATIONS[request.param]()


# The contract. Each check takes any implementation; the tests below run every
# check against both, and one test shows that a subtly wrong fake fails.


def check_get_returns_what_add_stored(repo: CustomerRepository) -> None:
    repo.add(ADA)
    repo.add(LIN)
    assert repo.get("c-1") == ADA
    assert repo.get("c-2") == LIN


def check_get_of_an_unknown_id_raises_not_found(repo: CustomerRepository) -> None:
    with pytest.raises(CustomerNotFoundError) as info:
        repo.get("c-404")
    assert info.value.key == "c-404"


def check_email_lookup_ignores_ascii_case(repo: CustomerRepository) -> None:
    repo.add(ADA)
    assert repo.find_by_email("ADA@Example.COM") == ADA
    assert repo.find_by_email("bob@example.com") is None


def check_email_lookup_compares_other_letters_exactly(repo: CustomerRepository) -> None:
    elodie = Customer("c-3", "élodie@example.com", "Élodie")
    repo.add(elodie)
    assert repo.find_by_email("ÉLODIE@example.com") is None
    repo.add(Customer("c-4", "Élodie@example.com", "Another Élodie"))  # not a duplicate
    assert repo.find_by_email("élodie@EXAMPLE.com") == elodie


def check_add_refuses_an_existing_id(repo: CustomerRepository) -> None:
    repo.add(ADA)
    with pytest.raises(CustomerExistsError):
        repo.add(replace(ADA, email="other@example.com"))
    assert repo.get("c-1") == ADA


def check_add_refuses_an_email_in_use_in_any_ascii_case(repo: CustomerRepository) -> None:
    repo.add(ADA)
    with pytest.raises(EmailTakenError):
        repo.add(Customer("c-2", "Ada@Example.com", "Ada again"))
    with pytest.raises(CustomerNotFoundError):
        repo.get("c-2")


def check_update_replaces_every_field(repo: CustomerRepository) -> None:
    repo.add(ADA)
    changed = Customer("c-1", "ada@lovelace.example", "Ada L.", Tier.GOLD)
    repo.update(changed)
    assert repo.get("c-1") == changed
    assert repo.find_by_email("ada@example.com") is None


def check_update_of_an_unknown_id_raises_not_found(repo: CustomerRepository) -> None:
    with pytest.raises(CustomerNotFoundError):
        repo.update(ADA)
    with pytest.raises(CustomerNotFoundError):
        repo.get("c-1")


def check_update_refuses_another_customers_email(repo: CustomerRepository) -> None:
    repo.add(ADA)
    repo.add(LIN)
    with pytest.raises(EmailTakenError):
        repo.update(replace(LIN, email="ADA@example.com"))
    assert repo.get("c-2") == LIN
    repo.update(replace(ADA, email="Ada@Example.com"))  # its own email, recased
    assert repo.get("c-1").email == "Ada@Example.com"


CONTRACT = [
    check_get_returns_what_add_stored,
    check_get_of_an_unknown_id_raises_not_found,
    check_email_lookup_ignores_ascii_case,
    check_email_lookup_compares_other_letters_exactly,
    check_add_refuses_an_existing_id,
    check_add_refuses_an_email_in_use_in_any_ascii_case,
    check_update_replaces_every_field,
    check_update_of_an_unknown_id_raises_not_found,
    check_update_refuses_another_customers_email,
]


@pytest.mark.parametrize("check", CONTRACT, ids=lambda c: c.__name__.removeprefix("check_"))
def test_contract(repo: CustomerRepository, check: Callable[[CustomerRepository], None]) -> None:
    check(repo)


class FoldsEveryLetter(InMemoryCustomerRepository):
    """A plausible fake with `str.lower`: it folds É to é, which SQLite does not."""

    def find_by_email(self, email: str) -> Customer | None:
        return next(
            (c for c in self._by_id.values() if c.email.lower() == email.lower()),
            None,
        )


class ForgetsUniqueEmails(InMemoryCustomerRepository):
    """A happy-path fake: it stores anything it is given."""

    def add(self, customer: Customer) -> None:
        self._by_id[customer.id] = customer


@pytest.mark.parametrize(
    ("fake", "check"),
    [
        (FoldsEveryLetter, check_email_lookup_compares_other_letters_exactly),
        (ForgetsUniqueEmails, check_add_refuses_an_email_in_use_in_any_ascii_case),
        (ForgetsUniqueEmails, check_add_refuses_an_existing_id),
    ],
)
def test_the_contract_catches_a_fake_that_drifts(
    fake: type[InMemoryCustomerRepository], check: Callable[[CustomerRepository], None]
) -> None:
    # A failed assert, or pytest.raises reporting "DID NOT RAISE".
    with pytest.raises((AssertionError, pytest.fail.Exception)):
        check(fake())


@pytest.mark.parametrize(("spent", "tier"), [(99_999, Tier.STANDARD), (100_000, Tier.GOLD)])
def test_the_service_upgrades_at_the_threshold(
    repo: CustomerRepository, spent: int, tier: Tier
) -> None:
    repo.add(ADA)
    returned = LoyaltyService(repo).record_spending("ada@example.com", spent)
    assert returned.tier is tier
    assert repo.get("c-1") == returned


def test_the_service_leaves_gold_customers_alone() -> None:
    updates: list[Customer] = []

    class Recording(InMemoryCustomerRepository):
        def update(self, customer: Customer) -> None:
            updates.append(customer)
            super().update(customer)

    repo = Recording()
    repo.add(LIN)
    assert LoyaltyService(repo).record_spending("lin@example.com", 500_000) == LIN
    assert updates == []


def test_the_service_reports_an_unknown_email(repo: CustomerRepository) -> None:
    with pytest.raises(CustomerNotFoundError) as info:
        LoyaltyService(repo).record_spending("nobody@example.com", 1)
    assert info.value.key == "nobody@example.com"


def test_other_integrity_errors_are_not_disguised_as_domain_errors() -> None:
    repo = SqliteCustomerRepository(open_database())
    nameless: Any = None
    with pytest.raises(sqlite3.IntegrityError):
        repo.add(Customer("c-1", "ada@example.com", nameless))
    repo.add(ADA)
    with pytest.raises(sqlite3.IntegrityError):
        repo.update(Customer("c-1", "ada@example.com", nameless))


def test_before_returns_a_stale_row_and_leaks_sqlite_errors() -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(before.SCHEMA)
    before.register(db, "c-1", "ada@example.com", "Ada")
    assert before.record_spending(db, "ada@example.com", 5_000)[3] == 0
    assert db.execute("SELECT tier_code FROM customers").fetchone() == (0,)
    assert before.record_spending(db, "ada@example.com", 150_000)[3] == 0
    assert db.execute("SELECT tier_code FROM customers").fetchone() == (1,)
    with pytest.raises(LookupError):
        before.record_spending(db, "nobody@example.com", 1)


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p048)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
