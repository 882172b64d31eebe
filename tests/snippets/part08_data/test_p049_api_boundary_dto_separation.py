"""P049: request and response DTOs keep internal fields off the wire, both ways."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from types import ModuleType

import pytest

from snippets.part08_data import p049_api_boundary_dto_separation as p049
from snippets.part08_data import p049_api_boundary_dto_separation_before as before
from snippets.part08_data.p049_api_boundary_dto_separation import (
    BadRequestError,
    CreateUserRequest,
    NotFoundError,
    User,
    UserResponse,
    UserService,
    handle_create_user,
    handle_get_user,
)

DemoCheck = Callable[[ModuleType], None]

PUBLIC_KEYS = ["id", "email", "display_name", "created_at"]
SECRET_HASH = "argon2id$v=19$m=65536$c2FsdA$aGFzaA"


def service() -> UserService:
    ids = iter(["usr_a", "usr_b", "usr_c"])
    return UserService(
        hash_password=lambda password: SECRET_HASH,
        clock=lambda: datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
        new_public_id=lambda: next(ids),
    )


def body(**fields: object) -> str:
    data: dict[str, object] = {"email": "ada@example.com", "display_name": "Ada", "password": "pw"}
    data.update(fields)
    return json.dumps(data)


def internal_user(**fields: object) -> User:
    user = User(
        row_id=4711,
        public_id="usr_x",
        email="ada@example.com",
        display_name="Ada",
        password_hash=SECRET_HASH,
        role="admin",
        created_at=datetime(2024, 5, 1, 11, 30, tzinfo=timezone(timedelta(hours=2))),
        failed_logins=9,
    )
    for name, value in fields.items():
        setattr(user, name, value)
    return user


def test_response_has_exactly_the_public_fields_in_contract_order() -> None:
    payload = json.loads(UserResponse.from_domain(internal_user()).to_json())
    assert list(payload) == PUBLIC_KEYS
    assert payload["id"] == "usr_x"


def test_serialized_response_never_contains_internal_fields_or_values() -> None:
    text = UserResponse.from_domain(internal_user()).to_json()
    for leaked in ("password", SECRET_HASH, "row_id", "4711", "role", "admin", "failed_logins"):
        assert leaked not in text


def test_the_handler_response_leaks_nothing_it_stored() -> None:
    users = service()
    status, text = handle_create_user(users, body())
    assert status == 201
    stored = users.get(json.loads(text)["id"])
    assert stored.password_hash == SECRET_HASH
    assert SECRET_HASH not in text
    assert str(stored.row_id) not in json.loads(text).values()
    assert list(json.loads(text)) == PUBLIC_KEYS


def test_changing_internal_fields_does_not_change_the_response() -> None:
    first = UserResponse.from_domain(internal_user()).to_json()
    second = UserResponse.from_domain(
        internal_user(row_id=1, failed_logins=0, role="member", password_hash="other")
    ).to_json()
    assert first == second


def test_created_at_is_converted_to_utc() -> None:
    response = UserResponse.from_domain(internal_user())
    assert response.created_at == "2024-05-01T09:30:00Z"


def test_client_cannot_set_fields_that_the_request_dto_lacks() -> None:
    users = service()
    status, text = handle_create_user(users, body(role="admin", row_id=1, failed_logins=-5))
    assert status == 201
    stored = users.get(json.loads(text)["id"])
    assert (stored.role, stored.row_id, stored.failed_logins) == ("member", 1, 0)


def test_domain_normalises_what_the_dto_carried() -> None:
    request = CreateUserRequest.from_json(body(email=" Ada@Example.COM ", display_name=" Ada "))
    user = service().register(request)
    assert (user.email, user.display_name) == ("ada@example.com", "Ada")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "body is not valid JSON"),
        ("[1, 2]", "body must be a JSON object"),
        ('{"display_name": "Ada", "password": "pw"}', "email must be a non-empty string"),
        (body(display_name=7), "display_name must be a non-empty string"),
        (body(password="   "), "password must be a non-empty string"),
    ],
)
def test_invalid_requests_are_400_with_a_safe_message(text: str, message: str) -> None:
    with pytest.raises(BadRequestError, match=message):
        CreateUserRequest.from_json(text)
    status, response = handle_create_user(service(), text)
    assert (status, json.loads(response)) == (400, {"error": message})


def test_the_plain_text_password_is_kept_out_of_the_request_repr() -> None:
    request = CreateUserRequest.from_json(body(password="hunter2"))
    assert request.password == "hunter2"
    assert "hunter2" not in repr(request)


def test_unknown_user_is_404_and_a_not_found_error() -> None:
    users = service()
    with pytest.raises(NotFoundError):
        users.get("usr_missing")
    status, text = handle_get_user(users, "usr_missing")
    assert (status, json.loads(text)) == (404, {"error": "no such user"})


def test_get_returns_the_same_public_view_as_create() -> None:
    users = service()
    _, created = handle_create_user(users, body())
    status, fetched = handle_get_user(users, json.loads(created)["id"])
    assert (status, fetched) == (200, created)


def test_default_public_ids_are_random_and_prefixed() -> None:
    users = UserService(hash_password=str.upper, clock=lambda: datetime(2024, 1, 1, tzinfo=UTC))
    first = users.register(CreateUserRequest("a@example.com", "A", "pw"))
    second = users.register(CreateUserRequest("b@example.com", "B", "pw"))
    assert first.public_id.startswith("usr_") and len(first.public_id) == 16
    assert first.public_id != second.public_id


def test_the_before_version_leaks_the_hash_and_accepts_a_role() -> None:
    status, text = before.handle_create_user({}, body(role="admin"))
    payload = json.loads(text)
    assert status == 201
    assert payload["role"] == "admin"
    assert "password_hash" in payload and "row_id" in payload


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p049)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
