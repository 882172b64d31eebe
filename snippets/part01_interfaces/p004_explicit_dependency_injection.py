"""P004 Explicit Dependency Injection Without Frameworks: constructors ask, one function wires.

Every class receives what it uses as constructor arguments and never looks
anything up: no module-level instances, no registry, no container. One
function, the composition root, builds the whole graph from the settings, in
dependency order, and owns the lifetime of every resource it opened. A test
skips the root and calls the constructors it needs with fakes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Protocol

# --- Resources: things with a lifetime, opened and closed by the composition root. ---


class Database:
    """Stands in for a connection pool: it must be opened once and closed once."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.tables: dict[str, dict[str, int]] = {"users": {}}
        self.closed = False

    def close(self) -> None:
        self.closed = True
        print(f"closed database {self.url}")


class SmtpMailer:
    """Stands in for an SMTP connection; it records what it would have sent."""

    def __init__(self, host: str) -> None:
        if host.endswith(".invalid"):
            raise ConnectionError(f"cannot reach SMTP host {host}")
        self.host = host
        self.sent: list[tuple[str, str]] = []

    def send(self, to: str, subject: str) -> None:
        self.sent.append((to, subject))

    def close(self) -> None:
        print(f"closed mailer {self.host}")


# --- Application code: each class states its dependencies in its constructor. ---


class UserStore(Protocol):
    def add(self, email: str) -> int: ...

    def exists(self, email: str) -> bool: ...


class Mailer(Protocol):
    def send(self, to: str, subject: str) -> None: ...


class UserRepository:
    """Users in the database it is given; it does not know where that comes from."""

    def __init__(self, db: Database) -> None:
        self._users = db.tables["users"]

    def add(self, email: str) -> int:
        user_id = len(self._users) + 1
        self._users[email] = user_id
        return user_id

    def exists(self, email: str) -> bool:
        return email in self._users


class SignupError(Exception):
    """A signup the service refuses; the message is safe to show to the user."""


class SignupService:
    """Registers users and welcomes them. Everything it touches arrives here."""

    def __init__(self, *, users: UserStore, mailer: Mailer) -> None:
        self._users = users
        self._mailer = mailer

    def signup(self, email: str) -> int:
        if "@" not in email:
            raise SignupError(f"{email!r} is not an email address")
        if self._users.exists(email):
            raise SignupError(f"{email} is already registered")
        user_id = self._users.add(email)
        self._mailer.send(email, "Welcome aboard")
        return user_id


class SignupHandler:
    """The HTTP edge: turns a request body into a call and a status code."""

    def __init__(self, service: SignupService) -> None:
        self._service = service

    def post(self, body: dict[str, str]) -> tuple[int, str]:
        try:
            user_id = self._service.signup(body.get("email", ""))
        except SignupError as exc:
            return 409, str(exc)
        return 201, f"user {user_id} created"


# --- The composition root: the one place that knows the concrete classes. ---


@dataclass(frozen=True, kw_only=True)
class Settings:
    database_url: str
    smtp_host: str

    def __post_init__(self) -> None:
        for name in ("database_url", "smtp_host"):
            if not getattr(self, name):
                raise ValueError(f"setting {name} is empty")


@dataclass(frozen=True)
class App:
    """What the server needs from the wiring: its handlers."""

    signup: SignupHandler


@contextmanager
def build_app(settings: Settings) -> Iterator[App]:
    """Wire the application from `settings`; close its resources when the block ends.

    Dependencies are built before the things that use them, so the order of the
    lines is the dependency order. Resources are closed in the reverse order,
    also when wiring fails halfway: a mailer that cannot connect closes the
    database that was already open.
    """
    with ExitStack() as resources:
        db = Database(settings.database_url)
        resources.callback(db.close)
        mailer = SmtpMailer(settings.smtp_host)
        resources.callback(mailer.close)

        users = UserRepository(db)
        service = SignupService(users=users, mailer=mailer)
        yield App(signup=SignupHandler(service))


class RecordingMailer:
    """A fake for tests: no connection, no lifetime, just a list."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, to: str, subject: str) -> None:
        self.sent.append((to, subject))


def serve(settings: Settings, requests: list[dict[str, str]]) -> None:
    """What the process's entry point does: wire once, serve, close on the way out."""
    with build_app(settings) as app:
        for body in requests:
            print(app.signup.post(body))


def main() -> None:
    settings = Settings(database_url="memory://users", smtp_host="smtp.example.com")
    serve(settings, [{"email": "ada@example.com"}, {"email": "ada@example.com"}])
    #> (201, 'user 1 created')
    #> (409, 'ada@example.com is already registered')
    #> closed mailer smtp.example.com
    #> closed database memory://users

    # A test builds only the part it checks, with fakes, and needs no root at all.
    mailer = RecordingMailer()
    service = SignupService(users=UserRepository(Database("memory://test")), mailer=mailer)
    print(service.signup("grace@example.com"), mailer.sent)
    #> 1 [('grace@example.com', 'Welcome aboard')]

    # Wiring fails at startup, before any request is served, and closes what it opened.
    try:
        serve(Settings(database_url="memory://users", smtp_host="smtp.invalid"), [{"email": "x@y"}])
    except ConnectionError as exc:
        print("startup failed:", exc)
    #> closed database memory://users
    #> startup failed: cannot reach SMTP host smtp.invalid
    try:
        Settings(database_url="memory://users", smtp_host="")
    except ValueError as exc:
        print("startup failed:", exc)
    #> startup failed: setting smtp_host is empty

if __name__ == "__main__":
    main()
