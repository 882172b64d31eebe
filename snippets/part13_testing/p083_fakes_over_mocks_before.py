"""P083 before: tests written with unittest.mock, which check calls instead of outcomes.

Each test scripts what the store returns and then asserts which methods were
called with which arguments. The script says "no user has this email", so the
lookup's argument never matters to the outcome, and the assertions copy the
arguments the code happened to pass when the test was written. Run against
the case-sensitive `register`, which lets a second "ANN@example.com" in, both
tests pass. Run against the fixed `register`, one of them fails: the test has
locked the bug in.
"""

from __future__ import annotations

import unittest
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from unittest import mock


@dataclass(frozen=True)
class User:
    email: str
    name: str


class DuplicateEmailError(Exception):
    """The email is already registered."""


class UserStore(Protocol):
    def find_by_email(self, email: str) -> User | None: ...

    def save(self, user: User) -> None: ...


def register_case_sensitive(store: UserStore, email: str, name: str) -> User:
    """The bug: it looks up the email as typed, then saves it lower-cased."""
    if store.find_by_email(email) is not None:
        raise DuplicateEmailError(f"{email!r} is already registered")
    user = User(email.strip().lower(), name)
    store.save(user)
    return user


def register(store: UserStore, email: str, name: str) -> User:
    """The fix: normalize first, then look up and save the same string."""
    normalized = email.strip().lower()
    if store.find_by_email(normalized) is not None:
        raise DuplicateEmailError(f"{normalized!r} is already registered")
    user = User(normalized, name)
    store.save(user)
    return user


Register = Callable[[UserStore, str, str], User]


class RegisterMockTest(unittest.TestCase):
    """Mock-based tests: scripted answers in, expected calls out."""

    def __init__(
        self, method: str = "test_saves_the_user", *, register: Register = register_case_sensitive
    ) -> None:
        super().__init__(method)
        self.register = register

    def test_saves_the_user(self) -> None:
        store = mock.create_autospec(UserStore, instance=True)
        store.find_by_email.return_value = None  # scripted: nobody has this email
        self.register(store, "Ann@Example.com", "Ann")
        store.find_by_email.assert_called_once_with("Ann@Example.com")
        store.save.assert_called_once_with(User("ann@example.com", "Ann"))

    def test_refuses_a_registered_email(self) -> None:
        store = mock.create_autospec(UserStore, instance=True)
        store.find_by_email.return_value = User("ann@example.com", "Ann")  # scripted: taken
        with self.assertRaises(DuplicateEmailError):
            self.register(store, "ann@example.com", "Another Ann")
        store.save.assert_not_called()


def failing_tests(implementation: Register) -> list[str]:
    names = unittest.TestLoader().getTestCaseNames(RegisterMockTest)
    suite = unittest.TestSuite(RegisterMockTest(name, register=implementation) for name in names)
    result = unittest.TestResult()
    suite.run(result)
    return sorted(test.id().rpartition(".")[2] for test, _ in [*result.failures, *result.errors])


class ListStore:
    """Just enough of a store to show the bug in use: a list of saved users."""

    def __init__(self) -> None:
        self.saved: list[User] = []

    def find_by_email(self, email: str) -> User | None:
        return next((user for user in self.saved if user.email == email), None)

    def save(self, user: User) -> None:
        self.saved.append(user)


def main() -> None:
    print("register_case_sensitive fails:", failing_tests(register_case_sensitive))
    #> register_case_sensitive fails: []
    print("register (the fix) fails:", failing_tests(register))
    #> register (the fix) fails: ['test_saves_the_user']

    # Meanwhile, in use, the code the mock tests approve lets in a duplicate.
    store = ListStore()
    register_case_sensitive(store, "ann@example.com", "Ann")
    register_case_sensitive(store, "ANN@example.com", "Another Ann")
    print([user.email for user in store.saved])
    #> ['ann@example.com', 'ann@example.com']


if __name__ == "__main__":
    main()
