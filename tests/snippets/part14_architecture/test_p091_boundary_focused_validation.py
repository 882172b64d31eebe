"""P091: the boundary parser collects every problem per field, and the core trusts what it returns."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from snippets.part14_architecture import p091_boundary_focused_validation as p091
from snippets.part14_architecture import p091_boundary_focused_validation_before as before

DemoCheck = Callable[[ModuleType], None]

GOOD: dict[str, Any] = {"email": "ada@example.com", "name": "Ada", "age": 36}


def problems(raw: object) -> dict[str, str]:
    with pytest.raises(p091.InvalidInputError) as info:
        p091.parse_signup(raw)
    return info.value.problems


def test_a_good_signup_becomes_typed_values() -> None:
    signup = p091.parse_signup(
        {**GOOD, "email": "  Ada@Example.COM ", "name": " Ada \t King ", "plan": "pro"}
    )
    assert signup == p091.Signup(p091.Email("ada@example.com"), "Ada King", 36, p091.Plan.PRO)


def test_plan_defaults_to_free() -> None:
    assert p091.parse_signup(GOOD).plan is p091.Plan.FREE


def test_every_bad_field_is_reported_at_once_in_field_order() -> None:
    raw = {"zzz": 1, "email": 5, "name": "A", "age": 200, "plan": "gold", "aaa": 2}
    got = problems(raw)
    assert list(got) == ["email", "name", "age", "plan", "aaa", "zzz"]
    assert got == {
        "email": "must be a string",
        "name": "must be 2 to 50 characters",
        "age": "must be between 13 and 130",
        "plan": "must be one of free, pro",
        "aaa": "unknown field",
        "zzz": "unknown field",
    }


def test_missing_fields_are_required_except_the_defaulted_one() -> None:
    assert problems({}) == {"email": "is required", "name": "is required", "age": "is required"}


@pytest.mark.parametrize("raw", [[], "text", None, 3])
def test_a_body_that_is_not_an_object(raw: object) -> None:
    assert problems(raw) == {"body": "must be a JSON object"}


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("email", "ada", "must look like name@example.com"),
        ("email", "@example.com", "must look like name@example.com"),
        ("email", "ada@example", "must look like name@example.com"),
        ("email", "ada@@example.com", "must look like name@example.com"),
        ("email", "a da@example.com", "must look like name@example.com"),
        ("name", 7, "must be a string"),
        ("name", "x" * 51, "must be 2 to 50 characters"),
        ("name", "   ", "must be 2 to 50 characters"),
        ("age", True, "must be a whole number"),  # bool is an int subclass
        ("age", 36.0, "must be a whole number"),
        ("age", "36", "must be a whole number"),
        ("age", 12, "must be between 13 and 130"),
        ("plan", ["pro"], "must be one of free, pro"),
        ("plan", "PRO", "must be one of free, pro"),
    ],
)
def test_field_rules(field: str, value: object, problem: str) -> None:
    assert problems({**GOOD, field: value}) == {field: problem}


@pytest.mark.parametrize(("age", "name"), [(13, "Al"), (130, "x" * 50)])
def test_limits_are_inclusive(age: int, name: str) -> None:
    signup = p091.parse_signup({**GOOD, "age": age, "name": name})
    assert (signup.age, signup.name) == (age, name)


def test_an_email_cannot_be_built_invalid_even_past_the_boundary() -> None:
    with pytest.raises(ValueError, match="must look like"):
        p091.Email("Ada@example.com")  # not lower-cased: only Email.parse normalises
    assert p091.Email.parse(" Ada@Example.com").address == "ada@example.com"


def test_invalid_input_error_message_lists_the_fields() -> None:
    assert str(p091.InvalidInputError({"a": "x", "b": "y"})) == "a: x, b: y"


def test_register_applies_only_the_stateful_rule() -> None:
    accounts: dict[p091.Email, p091.Signup] = {}
    signup = p091.parse_signup(GOOD)
    p091.register(signup, accounts)
    with pytest.raises(p091.EmailTakenError):
        p091.register(p091.parse_signup({**GOOD, "email": "ADA@example.com"}), accounts)
    assert list(accounts) == [p091.Email("ada@example.com")]


@pytest.mark.parametrize(
    ("body", "status", "response"),
    [
        (json.dumps(GOOD), 201, {"email": "ada@example.com", "plan": "free"}),
        ("{not json", 400, {"body": "must be valid JSON"}),
        ("[1]", 400, {"body": "must be a JSON object"}),
        (json.dumps({**GOOD, "age": 5}), 400, {"age": "must be between 13 and 130"}),
    ],
)
def test_handler_status_and_body(body: str, status: int, response: dict[str, str]) -> None:
    accounts: dict[p091.Email, p091.Signup] = {}
    code, text = p091.handle_signup(body, accounts)
    assert (code, json.loads(text)) == (status, response)
    assert len(accounts) == (1 if status == 201 else 0)


def test_before_reports_one_problem_at_a_time_and_lets_bad_data_in() -> None:
    accounts: before.Accounts = {}
    assert before.handle_signup('{"email": "a@b.c", "name": "Ada", "age": "x"}', accounts) == (
        400,
        "invalid age",
    )
    assert before.handle_signup('{"email": "a@b.c", "name": "Ada", "age": 3}', accounts) == (
        201,
        "created",
    )
    with pytest.raises(ValueError, match="name too short"):
        before.handle_signup('{"email": "b@b.c", "name": "Al", "age": 40}', accounts)
    before.admin_import({"email": "nope", "name": "Bob", "age": -5}, accounts)
    assert sorted(accounts) == ["a@b.c", "nope"]


def test_demos_print_their_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
    check_demo(p091)
