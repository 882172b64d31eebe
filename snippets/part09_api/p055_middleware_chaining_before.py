"""P055 before: every handler repeats the token check and the logging itself.

Three handlers, three copies of the same preamble, and the copies drift: the
newest handler forgot the token check, and the oldest logs in its own format
and lets an exception escape to the server. No single place says what every
request goes through, and no test can check the token rule once for all.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

TOKEN = "Bearer s3cret"


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str] = field(default_factory=dict)


async def list_reports(request: Request) -> tuple[int, str]:
    if request.headers.get("Authorization") != TOKEN:
        print(f"GET {request.path} -> 401")
        return 401, "unauthorized"
    await asyncio.sleep(0)
    print(f"GET {request.path} -> 200")
    return 200, "3 reports"


async def export_users(request: Request) -> tuple[int, str]:
    # Added last quarter by copying list_reports, minus the token check.
    await asyncio.sleep(0)
    print(f"GET {request.path} -> 200")
    return 200, "ada@example.com,bob@example.com"


async def rebuild_index(request: Request) -> tuple[int, str]:
    # The oldest handler: its own log format, and nothing turns an error into a 500.
    if request.headers.get("Authorization") != TOKEN:
        return 401, "unauthorized"
    print(f"[rebuild] {request.path}")
    raise RuntimeError("disk full")


async def main() -> None:
    anonymous = Request("/reports")
    print(await list_reports(anonymous))
    #> GET /reports -> 401
    #> (401, 'unauthorized')
    print(await export_users(Request("/users/export")))
    #> GET /users/export -> 200
    #> (200, 'ada@example.com,bob@example.com')
    try:
        await rebuild_index(Request("/index/rebuild", {"Authorization": TOKEN}))
    except RuntimeError as exc:
        print("escaped to the server:", exc)
    #> [rebuild] /index/rebuild
    #> escaped to the server: disk full


if __name__ == "__main__":
    asyncio.run(main())
