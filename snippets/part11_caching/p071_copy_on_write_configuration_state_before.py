"""P071 before: handlers read a live, shared config dict that a reload edits in place.

A request reads the database host, awaits some I/O, then reads the port. If a
reload lands during that await, the request pairs the old host with the new
port: a connection string that never existed in any version of the config.
"""

from __future__ import annotations

import asyncio

CONFIG: dict[str, object] = {"db_host": "db-a", "db_port": 5432}


async def handle_request(reload_done: asyncio.Event) -> str:
    host = CONFIG["db_host"]
    await reload_done.wait()  # stands for any await: a cache lookup, a log flush
    port = CONFIG["db_port"]
    return f"{host}:{port}"


def reload() -> None:
    """Move to the new database, editing the shared dict field by field."""
    CONFIG["db_host"] = "db-b"
    CONFIG["db_port"] = 6432


async def main() -> None:
    reload_done = asyncio.Event()
    request = asyncio.create_task(handle_request(reload_done))
    await asyncio.sleep(0)  # the request has read the host and is awaiting
    reload()
    reload_done.set()
    print("request connected to", await request)
    #> request connected to db-a:6432
    print("valid addresses: db-a:5432 (before), db-b:6432 (after)")
    #> valid addresses: db-a:5432 (before), db-b:6432 (after)


if __name__ == "__main__":
    asyncio.run(main())
