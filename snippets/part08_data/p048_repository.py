"""P048 Repository (lightweight): a narrow, domain-shaped interface in front of storage.

Services depend on a small Protocol that takes and returns domain objects and
raises domain errors. One implementation speaks SQL to sqlite3; an in-memory
fake serves fast tests. Both pass the same contract tests, so what a test
proves with the fake also holds for the database.
"""

from __future__ import annotations

import enum
import sqlite3
import string
from dataclasses import dataclass, replace
from typing import Protocol


class Tier(enum.Enum):
    STANDARD = "standard"
    GOLD = "gold"


@dataclass(frozen=True)
class Customer:
    """The domain entity: what the service works with, whatever the table looks like."""

    id: str
    email: str
    name: str
    tier: Tier = Tier.STANDARD


class CustomerNotFoundError(LookupError):
    def __init__(self, key: str) -> None:
        super().__init__(f"no customer {key!r}")
        self.key = key


class CustomerExistsError(Exception):
    def __init__(self, customer_id: str) -> None:
        super().__init__(f"customer {customer_id!r} already exists")
        self.customer_id = customer_id


class EmailTakenError(Exception):
    def __init__(self, email: str) -> None:
        super().__init__(f"email {email!r} belongs to another customer")
        self.email = email


class CustomerRepository(Protocol):
    """Everything the services need from customer storage, and nothing more.

    Emails match without regard to ASCII case: "Ada@Example.com" finds
    "ada@example.com". Other letters are compared as they are.
    """

    def get(self, customer_id: str) -> Customer:
        """Return the customer, or raise CustomerNotFoundError."""
        ...

    def find_by_email(self, email: str) -> Customer | None: ...

    def add(self, customer: Customer) -> None:
        """Store a new customer, or raise CustomerExistsError or EmailTakenError."""
        ...

    def update(self, customer: Customer) -> None:
        """Replace a stored customer, or raise CustomerNotFoundError or EmailTakenError."""
        ...


SCHEMA = """
CREATE TABLE customers (
    id           TEXT PRIMARY KEY,
    email        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    tier_code    INTEGER NOT NULL
);
"""
_TIER_CODES = {Tier.STANDARD: 0, Tier.GOLD: 1}
_TIERS = {code: tier for tier, code in _TIER_CODES.items()}
_COLUMNS = "id, email, display_name, tier_code"
Row = tuple[str, str, str, int]


def open_database(path: str = ":memory:") -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    return db


class SqliteCustomerRepository:
    """The production implementation. Rows, SQL and sqlite3 errors stay in here."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def get(self, customer_id: str) -> Customer:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM customers WHERE id = ?", (customer_id,)
        ).fetchone()
        if row is None:
            raise CustomerNotFoundError(customer_id)
        return self._to_customer(row)

    def find_by_email(self, email: str) -> Customer | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM customers WHERE email = ?", (email,)
        ).fetchone()
        return None if row is None else self._to_customer(row)

    def add(self, customer: Customer) -> None:
        try:
            with self._db:
                self._db.execute(
                    f"INSERT INTO customers ({_COLUMNS}) VALUES (?, ?, ?, ?)",
                    self._to_row(customer),
                )
        except sqlite3.IntegrityError as exc:
            # Decide by the error's code, not its message (Python 3.11+).
            if exc.sqlite_errorname == "SQLITE_CONSTRAINT_PRIMARYKEY":
                raise CustomerExistsError(customer.id) from exc
            if exc.sqlite_errorname == "SQLITE_CONSTRAINT_UNIQUE":
                raise EmailTakenError(customer.email) from exc
            raise

    def update(self, customer: Customer) -> None:
        _, email, name, tier_code = self._to_row(customer)
        try:
            with self._db:
                changed = self._db.execute(
                    "UPDATE customers SET email = ?, display_name = ?, tier_code = ?"
                    " WHERE id = ?",
                    (email, name, tier_code, customer.id),
                ).rowcount
        except sqlite3.IntegrityError as exc:
            if exc.sqlite_errorname == "SQLITE_CONSTRAINT_UNIQUE":
                raise EmailTakenError(customer.email) from exc
            raise
        if changed == 0:
            raise CustomerNotFoundError(customer.id)

    @staticmethod
    def _to_customer(row: Row) -> Customer:
        customer_id, email, name, tier_code = row
        return Customer(customer_id, email, name, _TIERS[tier_code])

    @staticmethod
    def _to_row(customer: Customer) -> Row:
        return (customer.id, customer.email, customer.name, _TIER_CODES[customer.tier])


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _email_key(email: str) -> str:
    """Fold ASCII letters only, exactly as SQLite's NOCASE collation does."""
    return email.translate(_ASCII_LOWER)


class InMemoryCustomerRepository:
    """The fake for tests. It keeps the contract, errors included, not just the happy path.

    Customers are frozen, so handing out the stored object is safe: a caller
    cannot change what is stored without calling `update`.
    """

    def __init__(self) -> None:
        self._by_id: dict[str, Customer] = {}

    def get(self, customer_id: str) -> Customer:
        try:
            return self._by_id[customer_id]
        except KeyError:
            # The KeyError is this fake's detail; callers see the domain error only.
            raise CustomerNotFoundError(customer_id) from None

    def find_by_email(self, email: str) -> Customer | None:
        key = _email_key(email)
        return next((c for c in self._by_id.values() if _email_key(c.email) == key), None)

    def add(self, customer: Customer) -> None:
        if customer.id in self._by_id:
            raise CustomerExistsError(customer.id)
        self._check_email_free(customer)
        self._by_id[customer.id] = customer

    def update(self, customer: Customer) -> None:
        if customer.id not in self._by_id:
            raise CustomerNotFoundError(customer.id)
        self._check_email_free(customer)
        self._by_id[customer.id] = customer

    def _check_email_free(self, customer: Customer) -> None:
        owner = self.find_by_email(customer.email)
        if owner is not None and owner.id != customer.id:
            raise EmailTakenError(customer.email)


GOLD_THRESHOLD_CENTS = 100_000


class LoyaltyService:
    """Business rules only: it knows the repository's interface, not the database."""

    def __init__(self, customers: CustomerRepository) -> None:
        self._customers = customers

    def record_spending(self, email: str, spent_cents: int) -> Customer:
        customer = self._customers.find_by_email(email)
        if customer is None:
            raise CustomerNotFoundError(email)
        if spent_cents >= GOLD_THRESHOLD_CENTS and customer.tier is Tier.STANDARD:
            customer = replace(customer, tier=Tier.GOLD)
            self._customers.update(customer)
        return customer


def scenario(customers: CustomerRepository) -> list[str]:
    """One run of the service against any implementation, as lines of text."""
    customers.add(Customer("c-1", "ada@example.com", "Ada"))
    upgraded = LoyaltyService(customers).record_spending("Ada@Example.com", 150_000)
    lines = [f"{upgraded.id} is {upgraded.tier.value}; stored: {customers.get('c-1').tier.value}"]
    for attempt in (
        lambda: customers.add(Customer("c-2", "ADA@example.com", "Ada again")),
        lambda: customers.add(Customer("c-1", "lin@example.com", "Lin")),
        lambda: customers.get("c-404"),
    ):
        try:
            attempt()
        except (EmailTakenError, CustomerExistsError, CustomerNotFoundError) as exc:
            lines.append(f"{type(exc).__name__}: {exc}")
    return lines


def main() -> None:
    on_sqlite = scenario(SqliteCustomerRepository(open_database()))
    for line in on_sqlite:
        print(line)
    #> c-1 is gold; stored: gold
    #> EmailTakenError: email 'ADA@example.com' belongs to another customer
    #> CustomerExistsError: customer 'c-1' already exists
    #> CustomerNotFoundError: no customer 'c-404'
    in_memory = scenario(InMemoryCustomerRepository())
    print("the fake gives the same results:", in_memory == on_sqlite)
    #> the fake gives the same results: True


if __name__ == "__main__":
    main()
