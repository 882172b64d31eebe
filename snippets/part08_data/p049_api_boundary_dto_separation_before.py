"""P049 before: the handler reads into the domain object and writes it back out.

One class serves as the storage record, the request shape and the response
shape. The request fills it with `**body`, so a client can set its own role;
the response dumps all of its fields, so the password hash and the internal row
id go out to whoever asked.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime


@dataclass
class User:
    row_id: int
    email: str
    display_name: str
    password_hash: str
    created_at: datetime
    role: str = "member"
    failed_logins: int = 0


def handle_create_user(users: dict[int, User], body: str) -> tuple[int, str]:
    data = json.loads(body)
    password = data.pop("password")
    user = User(
        row_id=len(users) + 1,
        password_hash="demo$" + hashlib.sha256(password.encode()).hexdigest()[:16],
        created_at=datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
        **data,  # every key the client sent becomes a field: "role" included
    )
    users[user.row_id] = user
    return 201, json.dumps(asdict(user), default=str)


def main() -> None:
    body = json.dumps(
        {"email": "ada@example.com", "display_name": "Ada", "password": "s3cret!", "role": "admin"}
    )
    status, response = handle_create_user({}, body)
    print(status)
    #> 201
    for key, value in json.loads(response).items():
        print(f"  {key}: {value}")
    #>   row_id: 1
    #>   email: ada@example.com
    #>   display_name: Ada
    #>   password_hash: demo$5cb7b35eb7ae9bbd
    #>   created_at: 2024-05-01 09:30:00+00:00
    #>   role: admin
    #>   failed_logins: 0


if __name__ == "__main__":
    main()
