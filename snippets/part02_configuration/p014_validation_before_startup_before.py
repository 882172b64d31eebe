"""P014 before: settings are read where they are used, and the first bad one stops the process.

`start` opens the database as soon as it has a URL, then reads the rest.
Each deploy reports one problem, so fixing four takes four deploys; every
failure after the connect has already opened a pool; a misspelt key is
ignored; and a pool smaller than the worker count starts without complaint.
"""

from __future__ import annotations

from collections.abc import Mapping


def start(env: Mapping[str, str], opened: list[str]) -> str:
    url = env["SHOP_DATABASE_URL"]  # KeyError if missing, before anything else is read
    opened.append(f"pool for {url.split('@')[-1]}")  # connected before the rest is checked
    port = int(env.get("SHOP_PORT", "8080"))  # ValueError on the next bad value, pool open
    level = env.get("SHOP_LOG_LEVEL", "info")  # SHOP_LOGLEVEL is never looked at
    workers = int(env.get("SHOP_WORKERS", "8"))
    pool_size = int(env.get("SHOP_DB_POOL_SIZE", "10"))
    return f"ready on :{port}, log level {level}, {workers} workers sharing {pool_size} connections"


def main() -> None:
    env = {
        "SHOP_PORT": "80a80",
        "SHOP_LOGLEVEL": "debug",
        "SHOP_WORKERS": "16",
        "SHOP_DB_POOL_SIZE": "1O",  # a letter O, not a zero
    }
    # What the operator changes after reading each failed deploy's one error.
    fixes = [
        ("SHOP_DATABASE_URL", "postgres://shop:s3cret@db:5432/shop"),
        ("SHOP_PORT", "8080"),
        ("SHOP_DB_POOL_SIZE", "10"),
    ]
    opened: list[str] = []
    deploy = 0
    while True:
        deploy += 1
        try:
            print(f"deploy {deploy}: {start(env, opened)}")
            break
        except (KeyError, ValueError) as exc:
            key, value = fixes[deploy - 1]
            print(f"deploy {deploy}: crashed with {type(exc).__name__}; operator fixes {key}")
            env[key] = value
    #> deploy 1: crashed with KeyError; operator fixes SHOP_DATABASE_URL
    #> deploy 2: crashed with ValueError; operator fixes SHOP_PORT
    #> deploy 3: crashed with ValueError; operator fixes SHOP_DB_POOL_SIZE
    #> deploy 4: ready on :8080, log level info, 16 workers sharing 10 connections
    print(f"pools opened by deploys that then crashed: {len(opened) - 1}")
    #> pools opened by deploys that then crashed: 2


if __name__ == "__main__":
    main()
