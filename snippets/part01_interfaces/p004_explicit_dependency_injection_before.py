"""P004 before: a service locator; each class fetches its dependencies from a global registry.

Nothing in `SignupService`'s signature says what it needs, so nothing checks it
at startup. A missing registration surfaces on the first request, halfway
through the work. Tests replace services by writing into the same global
registry, and what one test puts there is still there for the next.
"""

from __future__ import annotations

from typing import Any

_registry: dict[str, Any] = {}


def register(name: str, service: object) -> None:
    _registry[name] = service


def locate(name: str) -> Any:
    try:
        return _registry[name]
    except KeyError:
        raise LookupError(f"no service registered as {name!r}") from None


class UserRepository:
    def __init__(self) -> None:
        self.users: dict[str, int] = {}

    def add(self, email: str) -> int:
        self.users[email] = len(self.users) + 1
        return self.users[email]


class SmtpMailer:
    def send(self, to: str, subject: str) -> None:
        print(f"smtp: {subject!r} to {to}")


class RecordingMailer:
    def __init__(self) -> None:
        self.sent: list[str] = []

    def send(self, to: str, subject: str) -> None:
        self.sent.append(to)


class SignupService:
    """Takes no arguments; what it uses is decided by whatever is registered at call time."""

    def signup(self, email: str) -> int:
        user_id: int = locate("users").add(email)
        locate("mailer").send(email, "Welcome aboard")
        return user_id


def start_app() -> SignupService:
    register("users", UserRepository())
    # The mailer registration was lost in a refactoring. Nothing notices yet.
    return SignupService()


def main() -> None:
    service = start_app()
    print("started")
    #> started
    try:
        service.signup("ada@example.com")
    except LookupError as exc:
        print("first request:", exc)
    #> first request: no service registered as 'mailer'
    print("but the user was stored:", locate("users").users)
    #> but the user was stored: {'ada@example.com': 1}

    # Test A swaps in a fake mailer through the global registry...
    register("mailer", RecordingMailer())
    SignupService().signup("test-a@example.com")
    # ...and test B, written against the real SMTP mailer, silently gets the fake.
    SignupService().signup("test-b@example.com")
    print("the fake from test A received:", locate("mailer").sent)
    #> the fake from test A received: ['test-a@example.com', 'test-b@example.com']


if __name__ == "__main__":
    main()
