"""P083 Fakes over mocks: test against a small working store, not a script of calls.

`register` signs up a user through a `UserStore`, a Protocol with two methods.
`InMemoryUserStore` is a fake: a real implementation of that Protocol, kept in
a dict, with the rule the database enforces (one user per email). The tests in
`RegisterTest` register users and then look at what the store holds; they never
say which methods `register` must call. So they fail `register_case_sensitive`,
which looks up the email before normalizing it, and pass any correct rewrite.
"""

from __future__ import annotations

import unittest
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class User:
    email: str
    name: str


class DuplicateEmailError(Exception):
    """The email is already registered."""


class UserStore(Protocol):
    def find_by_email(self, email: str) -> User | None: ...

    def save(self, user: User) -> None: ...


def register(store: UserStore, email: str, name: str) -> User:
    """Register `name` under `email`, compared without case or surrounding spaces."""
    normalized = email.strip().lower()
    if store.find_by_email(normalized) is not None:
        raise DuplicateEmailError(f"{normalized!r} is already registered")
    user = User(normalized, name)
    store.save(user)
    return user


def register_case_sensitive(store: UserStore, email: str, name: str) -> User:
    """The bug: it looks up the email as typed, then saves it lower-cased."""
    if store.find_by_email(email) is not None:
        raise DuplicateEmailError(f"{email!r} is already registered")
    user = User(email.strip().lower(), name)
    store.save(user)
    return user


class StoreConflictError(Exception):
    """What the database's unique index on email raises; the fake raises it too."""


class InMemoryUserStore:
    """A working UserStore in memory, with the database's one rule: unique emails.

    `save_error`, when set, is raised by the next save, to stand in for an outage.
    """

    def __init__(self, *users: User) -> None:
        self._by_email: dict[str, User] = {}
        self.save_error: Exception | None = None
        for user in users:
            self.save(user)

    def find_by_email(self, email: str) -> User | None:
        return self._by_email.get(email)

    def save(self, user: User) -> None:
        if self.save_error is not None:
            error, self.save_error = self.save_error, None
            raise error
        if user.email in self._by_email:
            raise StoreConflictError(f"unique index: email {user.email!r} exists")
        self._by_email[user.email] = user

    def emails(self) -> list[str]:
        return sorted(self._by_email)


Register = Callable[[UserStore, str, str], User]


class RegisterTest(unittest.TestCase):
    """Each test starts from a fake store, calls register, and checks outcomes, not calls."""

    longMessage = False

    def __init__(
        self, method: str = "test_stores_the_user", *, register: Register = register
    ) -> None:
        super().__init__(method)
        self.register = register

    def test_stores_the_user(self) -> None:
        store = InMemoryUserStore()
        user = self.register(store, " Ann@Example.com ", "Ann")
        self.assertEqual(user, User("ann@example.com", "Ann"))
        self.assertEqual(store.find_by_email("ann@example.com"), user)

    def test_same_email_twice_is_refused(self) -> None:
        store = InMemoryUserStore(User("ann@example.com", "Ann"))
        with self.assertRaises(DuplicateEmailError, msg="same email accepted twice"):
            self.register(store, "ann@example.com", "Another Ann")

    def test_email_differing_in_case_is_refused(self) -> None:
        store = InMemoryUserStore(User("ann@example.com", "Ann"))
        with self.assertRaises(DuplicateEmailError, msg="'ANN@example.com' was not seen as taken"):
            self.register(store, "ANN@example.com", "Another Ann")
        self.assertEqual(store.emails(), ["ann@example.com"])

    def test_store_failure_reaches_the_caller(self) -> None:
        store = InMemoryUserStore()
        store.save_error = ConnectionError("database unavailable")
        with self.assertRaisesRegex(ConnectionError, "database unavailable"):
            self.register(store, "bo@example.com", "Bo")
        self.assertEqual(store.emails(), [])


def failing_tests(implementation: Register) -> list[str]:
    """Run every RegisterTest against `implementation`; return the failing test names."""
    names = unittest.TestLoader().getTestCaseNames(RegisterTest)
    suite = unittest.TestSuite(RegisterTest(name, register=implementation) for name in names)
    result = unittest.TestResult()
    suite.run(result)
    return sorted(test.id().rpartition(".")[2] for test, _ in [*result.failures, *result.errors])


def main() -> None:
    store = InMemoryUserStore()
    print(register(store, " Ann@Example.com ", "Ann"))
    #> User(email='ann@example.com', name='Ann')
    try:
        register(store, "ANN@example.com", "Another Ann")
    except DuplicateEmailError as exc:
        print("refused:", exc)
    #> refused: 'ann@example.com' is already registered

    print("register:", failing_tests(register))
    #> register: []
    # The fake keeps what was saved, so the case-sensitive lookup misses Ann,
    # the save hits the unique index, and the test sees the wrong exception.
    print("register_case_sensitive:", failing_tests(register_case_sensitive))
    #> register_case_sensitive: ['test_email_differing_in_case_is_refused']


if __name__ == "__main__":
    main()
