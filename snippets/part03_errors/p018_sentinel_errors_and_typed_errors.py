"""P018 Sentinel Errors and Typed Errors: callers match an error by its class, never its text.

Go distinguishes sentinel errors (a value such as ErrNotFound, matched with
errors.Is) from typed errors (a struct with fields, extracted with errors.As).
In Python both are exception classes. A "sentinel" is a class whose name is the
whole message for the caller (`NotFoundError`, `ConflictError`); a "typed"
error is a class whose attributes carry what the caller needs
(`ValidationError.field`). `respond` chooses the status with `except` clauses
on those classes, so rewording a message can never change a status code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class AccountError(Exception):
    """Base class of the errors callers of `Accounts` are expected to handle."""


class NotFoundError(AccountError):
    """The account does not exist. The class says everything a caller branches on."""


class ConflictError(AccountError):
    """The change clashes with an existing account, such as an email already in use."""


class ValidationError(AccountError):
    """The input broke a rule. `field` and `reason` are what the caller shows the user."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"invalid {field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class Account:
    user_id: str
    email: str


class Accounts:
    """An in-memory account store that raises the classes above, and nothing else on purpose."""

    def __init__(self) -> None:
        self._by_id: dict[str, Account] = {}

    def get(self, user_id: str) -> Account:
        account = self._by_id.get(user_id)
        if account is None:
            raise NotFoundError(f"account {user_id!r}")
        return account

    def register(self, user_id: str, email: str) -> Account:
        local, _, domain = email.partition("@")
        if not local or "." not in domain:
            raise ValidationError("email", "expected name@domain.tld")
        if any(a.email == email for a in self._by_id.values()):
            raise ConflictError(f"email {email!r} is already in use")
        account = self._by_id[user_id] = Account(user_id, email)
        return account


@dataclass(frozen=True)
class Response:
    status: int
    body: str


def respond(action: Callable[[], Account]) -> Response:
    """Map the outcome of one request to an HTTP response, by exception class only.

    Anything that is not an AccountError is a bug and propagates: the server's
    outermost layer turns it into a 500 and logs it.
    """
    try:
        account = action()
    except NotFoundError:
        return Response(404, "no such account")
    except ConflictError as exc:
        return Response(409, str(exc))
    except ValidationError as exc:
        # The typed error's fields build the answer; the message is not parsed.
        return Response(400, f"field {exc.field!r}: {exc.reason}")
    return Response(200, f"{account.user_id} <{account.email}>")


def main() -> None:
    accounts = Accounts()
    requests: list[tuple[str, Callable[[], Account]]] = [
        ("register ada", lambda: accounts.register("ada", "ada@example.org")),
        ("get ada", lambda: accounts.get("ada")),
        ("get bob", lambda: accounts.get("bob")),
        ("register bob", lambda: accounts.register("bob", "ada@example.org")),
        ("register eve", lambda: accounts.register("eve", "not found")),
    ]
    for name, action in requests:
        response = respond(action)
        print(f"{name:<13}{response.status} {response.body}")
    #> register ada 200 ada <ada@example.org>
    #> get ada      200 ada <ada@example.org>
    #> get bob      404 no such account
    #> register bob 409 email 'ada@example.org' is already in use
    #> register eve 400 field 'email': expected name@domain.tld

    # One except clause for every expected failure: the subclasses all match.
    try:
        accounts.get("carol")
    except AccountError as exc:
        print(type(exc).__name__, "is an AccountError:", exc)
    #> NotFoundError is an AccountError: account 'carol'


if __name__ == "__main__":
    main()
