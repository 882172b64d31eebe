"""P049 API Boundary DTO Separation: the wire sees DTOs, never the domain objects.

The domain `User` holds what the service needs internally: a password hash, a
database row id, a role, a failed-login counter. A request body is parsed into
`CreateUserRequest`, which has no field a client may not set, and a response is
built field by field into `UserResponse`. A field added to `User` tomorrow stays
private until someone adds it to a response DTO on purpose.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime


class BadRequestError(Exception):
    """The body is not a valid request; the message is safe to send to the client."""


class NotFoundError(LookupError):
    """No user has this public id."""


@dataclass
class User:
    """The domain model: internal, free to change, never serialized as it is."""

    row_id: int  # the database's surrogate key; clients use public_id
    public_id: str
    email: str
    display_name: str
    password_hash: str
    role: str
    created_at: datetime
    failed_logins: int = 0


@dataclass(frozen=True)
class CreateUserRequest:
    """What a client may send to create a user, and nothing else."""

    email: str
    display_name: str
    password: str = field(repr=False)  # plain text: keep it out of logs and reprs

    @classmethod
    def from_json(cls, body: str) -> CreateUserRequest:
        """Read the three declared fields; any other key in the body is never looked at."""
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise BadRequestError("body is not valid JSON") from exc
        if not isinstance(data, dict):
            raise BadRequestError("body must be a JSON object")
        return cls(
            email=_required_text(data, "email"),
            display_name=_required_text(data, "display_name"),
            password=_required_text(data, "password"),
        )


def _required_text(data: dict[str, object], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise BadRequestError(f"{name} must be a non-empty string")
    return value


@dataclass(frozen=True)
class UserResponse:
    """The public contract for a user. Every field here is meant to be seen."""

    id: str
    email: str
    display_name: str
    created_at: str  # RFC 3339 in UTC, e.g. 2024-05-01T09:30:00Z

    @classmethod
    def from_domain(cls, user: User) -> UserResponse:
        """Copy the public fields one by one: a new domain field is private by default."""
        created = user.created_at.astimezone(UTC).isoformat(timespec="seconds")
        return cls(
            id=user.public_id,
            email=user.email,
            display_name=user.display_name,
            created_at=created.replace("+00:00", "Z"),
        )

    def to_json(self) -> str:
        # asdict is safe on a DTO, and only on a DTO: all of its fields are public.
        return json.dumps(asdict(self))


def _random_public_id() -> str:
    return "usr_" + secrets.token_hex(6)


class UserService:
    """Domain logic: it takes request DTOs in and hands domain objects out."""

    def __init__(
        self,
        *,
        hash_password: Callable[[str], str],
        clock: Callable[[], datetime],
        new_public_id: Callable[[], str] = _random_public_id,
    ) -> None:
        self._hash_password = hash_password
        self._clock = clock
        self._new_public_id = new_public_id
        self._users: dict[str, User] = {}

    def register(self, request: CreateUserRequest) -> User:
        user = User(
            row_id=len(self._users) + 1,
            public_id=self._new_public_id(),
            email=request.email.strip().lower(),
            display_name=request.display_name.strip(),
            password_hash=self._hash_password(request.password),
            role="member",  # decided here, never read from the request
            created_at=self._clock(),
        )
        self._users[user.public_id] = user
        return user

    def get(self, public_id: str) -> User:
        try:
            return self._users[public_id]
        except KeyError:
            raise NotFoundError(public_id) from None


def handle_create_user(service: UserService, body: str) -> tuple[int, str]:
    """POST /users: request DTO in, response DTO out; the domain object stays inside."""
    try:
        request = CreateUserRequest.from_json(body)
    except BadRequestError as exc:
        return 400, json.dumps({"error": str(exc)})
    user = service.register(request)
    return 201, UserResponse.from_domain(user).to_json()


def handle_get_user(service: UserService, public_id: str) -> tuple[int, str]:
    """GET /users/{id}."""
    try:
        user = service.get(public_id)
    except NotFoundError:
        return 404, json.dumps({"error": "no such user"})
    return 200, UserResponse.from_domain(user).to_json()


def demo_hash(password: str) -> str:
    """A stand-in so the demo is deterministic. Use argon2, bcrypt or scrypt for real."""
    return "demo$" + hashlib.sha256(password.encode()).hexdigest()[:16]


def main() -> None:
    service = UserService(
        hash_password=demo_hash,
        clock=lambda: datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
        new_public_id=lambda: "usr_4f1c9a",
    )
    body = json.dumps(
        {"email": "Ada@Example.com", "display_name": "Ada", "password": "s3cret!", "role": "admin"}
    )
    status, response = handle_create_user(service, body)
    print(status, response)
    #> 201 {"id": "usr_4f1c9a", "email": "ada@example.com", "display_name": "Ada", "created_at": "2024-05-01T09:30:00Z"}

    user = service.get("usr_4f1c9a")
    print("inside the service:", user.row_id, user.role, user.password_hash)
    #> inside the service: 1 member demo$5cb7b35eb7ae9bbd

    user.failed_logins = 3  # the domain changes; the contract does not
    print(*handle_get_user(service, "usr_4f1c9a"))
    #> 200 {"id": "usr_4f1c9a", "email": "ada@example.com", "display_name": "Ada", "created_at": "2024-05-01T09:30:00Z"}
    print(*handle_get_user(service, "usr_000000"))
    #> 404 {"error": "no such user"}
    print(*handle_create_user(service, '{"email": "bob@example.com", "display_name": "Bob"}'))
    #> 400 {"error": "password must be a non-empty string"}
    print(CreateUserRequest.from_json(body))
    #> CreateUserRequest(email='Ada@Example.com', display_name='Ada')


if __name__ == "__main__":
    main()
