"""P083: the fake store behaves like a store, and its tests judge outcomes, not calls."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part13_testing import p083_fakes_over_mocks as p083
from snippets.part13_testing import p083_fakes_over_mocks_before as before

DemoCheck = Callable[[ModuleType], None]

ALL_TESTS = [
    "test_email_differing_in_case_is_refused",
    "test_same_email_twice_is_refused",
    "test_store_failure_reaches_the_caller",
    "test_stores_the_user",
]


def test_the_fake_satisfies_the_protocol() -> None:
    store: p083.UserStore = p083.InMemoryUserStore()  # checked by mypy --strict
    assert store.find_by_email("nobody@example.com") is None


def test_the_fake_keeps_what_was_saved() -> None:
    ann = p083.User("ann@example.com", "Ann")
    store = p083.InMemoryUserStore(ann)
    store.save(p083.User("bo@example.com", "Bo"))
    assert store.find_by_email("ann@example.com") == ann
    assert store.emails() == ["ann@example.com", "bo@example.com"]


def test_the_fake_enforces_unique_emails_like_the_database() -> None:
    store = p083.InMemoryUserStore(p083.User("ann@example.com", "Ann"))
    with pytest.raises(p083.StoreConflictError, match=r"email 'ann@example\.com' exists"):
        store.save(p083.User("ann@example.com", "Other"))
    assert store.find_by_email("ann@example.com") == p083.User("ann@example.com", "Ann")


def test_save_error_fails_one_save_then_clears() -> None:
    store = p083.InMemoryUserStore()
    store.save_error = TimeoutError("slow")
    with pytest.raises(TimeoutError, match="slow"):
        store.save(p083.User("a@example.com", "A"))
    assert store.emails() == []
    store.save(p083.User("a@example.com", "A"))
    assert store.emails() == ["a@example.com"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [(" Ann@Example.com ", "ann@example.com"), ("BO@EXAMPLE.COM", "bo@example.com")],
)
def test_register_normalizes_the_email(typed: str, stored: str) -> None:
    store = p083.InMemoryUserStore()
    assert p083.register(store, typed, "X") == p083.User(stored, "X")
    assert store.emails() == [stored]


def test_register_refuses_a_taken_email_in_any_case_and_saves_nothing() -> None:
    store = p083.InMemoryUserStore(p083.User("ann@example.com", "Ann"))
    for typed in ("ann@example.com", "ANN@example.com", " Ann@Example.COM"):
        with pytest.raises(p083.DuplicateEmailError, match=r"'ann@example\.com' is already"):
            p083.register(store, typed, "Another Ann")
    assert store.emails() == ["ann@example.com"]


def test_the_case_sensitive_register_is_caught_by_the_fake() -> None:
    store = p083.InMemoryUserStore(p083.User("ann@example.com", "Ann"))
    with pytest.raises(p083.StoreConflictError):
        p083.register_case_sensitive(store, "ANN@example.com", "Another Ann")
    with pytest.raises(p083.DuplicateEmailError, match=r"'ann@example\.com' is already"):
        p083.register_case_sensitive(store, "ann@example.com", "Another Ann")


def test_the_fake_based_suite_passes_the_real_register() -> None:
    assert p083.failing_tests(p083.register) == []


def test_the_fake_based_suite_fails_only_the_case_bug() -> None:
    assert p083.failing_tests(p083.register_case_sensitive) == [
        "test_email_differing_in_case_is_refused"
    ]


def test_the_fake_based_suite_fails_a_register_that_never_saves() -> None:
    def forgetful(store: p083.UserStore, email: str, name: str) -> p083.User:
        return p083.User(email.strip().lower(), name)

    assert p083.failing_tests(forgetful) == ALL_TESTS


def test_the_fake_based_suite_accepts_a_harmless_refactor() -> None:
    def looks_up_twice(store: p083.UserStore, email: str, name: str) -> p083.User:
        normalized = email.strip().lower()
        if store.find_by_email(normalized) or store.find_by_email(normalized):
            raise p083.DuplicateEmailError(f"{normalized!r} is already registered")
        user = p083.User(normalized, name)
        store.save(user)
        return user

    assert p083.failing_tests(looks_up_twice) == []


def test_the_mock_suite_passes_the_bug_and_fails_the_fix() -> None:
    assert before.failing_tests(before.register_case_sensitive) == []
    assert before.failing_tests(before.register) == ["test_saves_the_user"]


def test_the_mock_suite_catches_a_missing_duplicate_check() -> None:
    def no_check(store: before.UserStore, email: str, name: str) -> before.User:
        user = before.User(email.strip().lower(), name)
        store.save(user)
        return user

    assert before.failing_tests(no_check) == [
        "test_refuses_a_registered_email",
        "test_saves_the_user",
    ]


def test_the_before_register_functions() -> None:
    store = before.ListStore()
    before.register(store, "ann@example.com", "Ann")
    with pytest.raises(before.DuplicateEmailError):
        before.register(store, "ANN@example.com", "Another Ann")
    with pytest.raises(before.DuplicateEmailError, match=r"'ann@example\.com' is already"):
        before.register_case_sensitive(store, "ann@example.com", "Another Ann")
    assert [user.email for user in store.saved] == ["ann@example.com"]


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p083)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
