"""P091 Boundary-Focused Validation: parse raw input once, then trust the types.

`parse_signup` is the boundary. It takes the raw, decoded JSON object (any
shape), checks every field, and either returns a `Signup` whose fields are
already the right types (an `Email`, a trimmed name, an `int` age, a `Plan`)
or raises `InvalidInputError` with one message per bad field, so a client fixes
everything in one round trip. Past that point nothing re-checks: `register`
takes a `Signup` and applies only the rule that needs state, that an email is
not taken. `Email` checks itself when built, so even code that skips the
boundary cannot make a bad one.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

NAME_LENGTH = range(2, 51)
AGE = range(13, 131)


class Plan(enum.Enum):
    FREE = "free"
    PRO = "pro"


@dataclass(frozen=True)
class Email:
    """A lower-cased address with one @, a local part and a dotted domain."""

    address: str

    def __post_init__(self) -> None:
        local, at, domain = self.address.partition("@")
        ok = at and local and "@" not in domain and "." in domain.strip(".")
        if not ok or self.address != self.address.lower() or " " in self.address:
            raise ValueError("must look like name@example.com")

    @classmethod
    def parse(cls, raw: str) -> Email:
        return cls(raw.strip().lower())


@dataclass(frozen=True)
class Signup:
    email: Email
    name: str
    age: int
    plan: Plan


class InvalidInputError(ValueError):
    """Every problem found at the boundary, by field name, in field order."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__(", ".join(f"{field}: {problem}" for field, problem in problems.items()))
        self.problems = dict(problems)


def _email(raw: object) -> Email:
    if not isinstance(raw, str):
        raise ValueError("must be a string")
    return Email.parse(raw)


def _name(raw: object) -> str:
    if not isinstance(raw, str):
        raise ValueError("must be a string")
    name = " ".join(raw.split())
    if len(name) not in NAME_LENGTH:
        raise ValueError(f"must be {NAME_LENGTH.start} to {NAME_LENGTH.stop - 1} characters")
    return name


def _age(raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):  # True is an int in Python
        raise ValueError("must be a whole number")
    if raw not in AGE:
        raise ValueError(f"must be between {AGE.start} and {AGE.stop - 1}")
    return raw


def _plan(raw: object) -> Plan:
    for plan in Plan:
        if raw == plan.value:
            return plan
    raise ValueError(f"must be one of {', '.join(p.value for p in Plan)}")


KNOWN_FIELDS = ("email", "name", "age", "plan")
_REQUIRED = object()


def parse_signup(raw: object) -> Signup:
    """The boundary: raw decoded JSON in, a `Signup` out, or every problem at once."""
    if not isinstance(raw, dict):
        raise InvalidInputError({"body": "must be a JSON object"})
    problems: dict[str, str] = {}

    def take(field: str, convert: Callable[[object], T], default: object = _REQUIRED) -> T | None:
        value = raw.get(field, default)
        if value is _REQUIRED:
            problems[field] = "is required"
            return None
        try:
            return convert(value)
        except ValueError as err:
            problems[field] = str(err)
            return None

    email = take("email", _email)
    name = take("name", _name)
    age = take("age", _age)
    plan = take("plan", _plan, default=Plan.FREE.value)
    for field in sorted(str(key) for key in raw if key not in KNOWN_FIELDS):
        problems[field] = "unknown field"
    if problems:
        raise InvalidInputError(problems)
    # No problems means every take() returned a value; this only informs the type checker.
    assert email is not None and name is not None and age is not None and plan is not None
    return Signup(email, name, age, plan)


# ---- the core: typed input, no re-checks -----------------------------------


class EmailTakenError(Exception):
    pass


def register(signup: Signup, accounts: dict[Email, Signup]) -> None:
    """Only the rule that needs state; the shape of `signup` is already certain."""
    if signup.email in accounts:
        raise EmailTakenError(signup.email.address)
    accounts[signup.email] = signup


def handle_signup(body: str, accounts: dict[Email, Signup]) -> tuple[int, str]:
    try:
        signup = parse_signup(json.loads(body))
    except InvalidInputError as err:
        return 400, json.dumps(err.problems)
    except ValueError:
        return 400, json.dumps({"body": "must be valid JSON"})
    try:
        register(signup, accounts)
    except EmailTakenError:
        return 409, json.dumps({"email": "is already registered"})
    return 201, json.dumps({"email": signup.email.address, "plan": signup.plan.value})


def main() -> None:
    accounts: dict[Email, Signup] = {}
    print(handle_signup('{"email": "ada", "name": "A", "age": "old", "nick": "x"}', accounts))
    #> (400, '{"email": "must look like name@example.com", "name": "must be 2 to 50 characters", "age": "must be a whole number", "nick": "unknown field"}')
    print(handle_signup('{"email": " Ada@Example.com ", "name": "Ada  Lovelace", "age": 36}', accounts))
    #> (201, '{"email": "ada@example.com", "plan": "free"}')
    print(handle_signup('{"email": "ADA@example.com", "name": "Ada", "age": 36, "plan": "pro"}', accounts))
    #> (409, '{"email": "is already registered"}')
    print(handle_signup('{"name": "Bob", "age": true, "plan": "gold"}', accounts))
    #> (400, '{"email": "is required", "age": "must be a whole number", "plan": "must be one of free, pro"}')
    signup = next(iter(accounts.values()))
    print(f"stored: {signup.email.address} | {signup.name} | {signup.age} | {signup.plan.value}")
    #> stored: ada@example.com | Ada Lovelace | 36 | free


if __name__ == "__main__":
    main()
