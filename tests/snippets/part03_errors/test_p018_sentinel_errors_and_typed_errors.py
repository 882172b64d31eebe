"""P018: statuses follow exception classes, typed errors carry fields, messages are never parsed."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part03_errors import p018_sentinel_errors_and_typed_errors as p018
from snippets.part03_errors import p018_sentinel_errors_and_typed_errors_before as before
from snippets.part03_errors.p018_sentinel_errors_and_typed_errors import (
    Account,
    AccountError,
    Accounts,
    ConflictError,
    NotFoundError,
    Response,
    ValidationError,
    respond,
)

DemoCheck = Callable[[ModuleType], None]


def raising(exc: Exception) -> Callable[[], Account]:
    def action() -> Account:
        raise exc

    return action


def test_store_raises_each_class_for_its_condition() -> None:
    accounts = Accounts()
    assert accounts.register("ada", "ada@example.org") == Account("ada", "ada@example.org")
    assert accounts.get("ada").email == "ada@example.org"
    with pytest.raises(NotFoundError):
        accounts.get("bob")
    with pytest.raises(ConflictError):
        accounts.register("bob", "ada@example.org")
    with pytest.raises(ValidationError) as info:
        accounts.register("bob", "bob@localhost")
    assert (info.value.field, info.value.reason) == ("email", "expected name@domain.tld")


@pytest.mark.parametrize("email", ["", "@example.org", "bob", "bob@", "bob@localhost"])
def test_every_malformed_email_is_a_validation_error(email: str) -> None:
    with pytest.raises(ValidationError):
        Accounts().register("bob", email)


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (NotFoundError("account 'bob'"), Response(404, "no such account")),
        (ConflictError("email taken"), Response(409, "email taken")),
        (ValidationError("email", "too long"), Response(400, "field 'email': too long")),
    ],
)
def test_respond_maps_each_class_to_its_status(exc: AccountError, expected: Response) -> None:
    assert respond(raising(exc)) == expected


@pytest.mark.parametrize(
    "exc",
    [
        # The words of a 404, but not the class: a bug, so it must not become a client error.
        RuntimeError("mail template 'welcome' not found"),
        LookupError("account 'bob' not found"),
        ValueError("invalid email: x"),
    ],
)
def test_a_look_alike_message_of_another_class_propagates(exc: Exception) -> None:
    with pytest.raises(type(exc)) as info:
        respond(raising(exc))
    assert info.value is exc


def test_the_message_can_change_without_changing_the_status() -> None:
    assert respond(raising(NotFoundError("no account with id 'bob'"))).status == 404
    assert respond(raising(NotFoundError())).status == 404


def test_user_input_in_a_message_cannot_steer_the_status() -> None:
    accounts = Accounts()
    response = respond(lambda: accounts.register("eve", "not found"))
    assert response == Response(400, "field 'email': expected name@domain.tld")


def test_a_subclass_is_caught_by_its_base() -> None:
    class EmailNotFoundError(NotFoundError):
        pass

    assert respond(raising(EmailNotFoundError("by email"))).status == 404
    assert issubclass(ValidationError, AccountError)


def test_a_shared_instance_keeps_old_frames_from_raise_to_raise() -> None:
    # Why the Python "sentinel" is a class and not one module-level instance:
    # each raise of the same object appends to its traceback, so the frames of
    # earlier raises stay reachable from every later one.
    shared = NotFoundError("account")

    def lookup() -> None:
        raise shared

    depths = []
    for _ in range(3):
        try:
            lookup()
        except NotFoundError as exc:
            depths.append(len(traceback.extract_tb(exc.__traceback__)))
    assert depths[0] < depths[1] < depths[2]


def test_before_gets_three_of_five_wrong() -> None:
    assert before.respond(lambda: before.register("not found")) == "404 no such account"
    assert before.respond(lambda: before.get_reworded("bob")) == "500 internal error"
    assert before.respond(before.send_welcome) == "404 no such account"
    assert before.respond(lambda: "ok") == "200 ok"


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p018)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
