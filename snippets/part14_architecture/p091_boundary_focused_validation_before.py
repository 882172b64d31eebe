"""P091 before: every layer checks a little, none checks everything.

The handler looks at the email and stops at the first problem, so a client
with three mistakes needs three round trips. The core re-checks the name with
a different limit than the handler, so a name the handler accepted fails deep
inside with an error the handler never maps. And the admin import calls the
core directly, so the email check it depends on never runs there.
"""

from __future__ import annotations

import json
from typing import Any

Accounts = dict[str, dict[str, Any]]


def create_account(data: dict[str, Any], accounts: Accounts) -> None:
    if len(data["name"]) < 3:  # the handler says 2
        raise ValueError("name too short")
    accounts[data["email"]] = data


def handle_signup(body: str, accounts: Accounts) -> tuple[int, str]:
    data = json.loads(body)
    if "@" not in data.get("email", ""):
        return 400, "invalid email"
    if len(data.get("name", "")) < 2:
        return 400, "invalid name"
    if not isinstance(data.get("age"), int):
        return 400, "invalid age"
    create_account(data, accounts)
    return 201, "created"


def admin_import(row: dict[str, Any], accounts: Accounts) -> None:
    create_account(row, accounts)  # no handler, so no email check


def main() -> None:
    accounts: Accounts = {}
    print(handle_signup('{"email": "ada", "name": "A", "age": "old"}', accounts))
    #> (400, 'invalid email')
    print(handle_signup('{"email": "ada@example.com", "name": "A", "age": "old"}', accounts))
    #> (400, 'invalid name')
    try:
        handle_signup('{"email": "al@example.com", "name": "Al", "age": 40}', accounts)
    except ValueError as err:
        print("escaped the handler:", err)
    #> escaped the handler: name too short
    admin_import({"email": "not an email", "name": "Bob", "age": -5}, accounts)
    print(sorted(accounts))
    #> ['not an email']


if __name__ == "__main__":
    main()
