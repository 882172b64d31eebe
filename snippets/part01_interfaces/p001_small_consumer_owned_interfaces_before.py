"""P001 before: the provider publishes one wide interface, and every consumer depends on all of it.

The customer package ships an abstract base class with every operation it
offers. The reminder job, which only looks up email addresses, is typed against
the whole class, so its test fake must implement seven methods it never calls.
When the provider adds an eighth, that fake stops working, although the job did
not change at all.
"""

from __future__ import annotations

from abc import ABC, abstractmethod


class CustomerRepository(ABC):
    """Release 1 of the provider's interface: one class for every consumer."""

    @abstractmethod
    def add(self, customer_id: str, name: str, email: str) -> None: ...

    @abstractmethod
    def get_name(self, customer_id: str) -> str: ...

    @abstractmethod
    def rename(self, customer_id: str, name: str) -> None: ...

    @abstractmethod
    def change_email(self, customer_id: str, email: str) -> None: ...

    @abstractmethod
    def deactivate(self, customer_id: str) -> None: ...

    @abstractmethod
    def active_ids(self) -> list[str]: ...

    @abstractmethod
    def search(self, text: str) -> list[str]: ...

    @abstractmethod
    def email_of(self, customer_id: str) -> str: ...


class ReminderJob:
    """Calls `email_of` and nothing else, but asks for a whole CustomerRepository."""

    def __init__(self, customers: CustomerRepository) -> None:
        self._customers = customers

    def address_for(self, customer_id: str) -> str:
        return self._customers.email_of(customer_id)


class FakeCustomers(CustomerRepository):
    """The fake in the reminder job's tests: one real method, seven stubs."""

    def __init__(self, emails: dict[str, str]) -> None:
        self._emails = emails

    def email_of(self, customer_id: str) -> str:
        return self._emails[customer_id]

    def add(self, customer_id: str, name: str, email: str) -> None:
        raise NotImplementedError

    def get_name(self, customer_id: str) -> str:
        raise NotImplementedError

    def rename(self, customer_id: str, name: str) -> None:
        raise NotImplementedError

    def change_email(self, customer_id: str, email: str) -> None:
        raise NotImplementedError

    def deactivate(self, customer_id: str) -> None:
        raise NotImplementedError

    def active_ids(self) -> list[str]:
        raise NotImplementedError

    def search(self, text: str) -> list[str]:
        raise NotImplementedError


class CustomerRepositoryRelease2(CustomerRepository):
    """Release 2: the provider adds an operation another team asked for."""

    @abstractmethod
    def merge(self, keep_id: str, drop_id: str) -> None: ...


class FakeCustomersOnRelease2(FakeCustomers, CustomerRepositoryRelease2):
    """The same fake, unchanged, after the provider package is upgraded."""


def main() -> None:
    job = ReminderJob(FakeCustomers({"c-1": "ada@example.com"}))
    print(job.address_for("c-1"))
    #> ada@example.com
    print("methods the fake must define:", len(CustomerRepository.__abstractmethods__))
    #> methods the fake must define: 8

    # Nothing in the reminder job changed, yet its tests no longer build their fake.
    try:
        FakeCustomersOnRelease2({"c-1": "ada@example.com"})  # type: ignore[abstract]
    except TypeError:
        print("release 2, fake still missing:", sorted(FakeCustomersOnRelease2.__abstractmethods__))
    #> release 2, fake still missing: ['merge']


if __name__ == "__main__":
    main()
