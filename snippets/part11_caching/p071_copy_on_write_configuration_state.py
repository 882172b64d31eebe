"""P071 Copy-on-Write Configuration / State: readers keep a snapshot, writers swap it.

The current configuration is a frozen object. A reader takes one reference to
it and uses that reference for the whole request. A writer never edits the
object: it builds a new version from the old one, validates it, and rebinds a
single attribute. Readers that already hold the old version keep it unchanged.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Mapping
from types import MappingProxyType


@dataclasses.dataclass(frozen=True)
class Config:
    """One version of the settings. Nothing in it can change after construction."""

    db_host: str
    db_port: int
    flags: Mapping[str, bool] = dataclasses.field(default_factory=dict)
    version: int = 1

    def __post_init__(self) -> None:
        if not self.db_host:
            raise ValueError("db_host must not be empty")
        if not 0 < self.db_port < 65536:
            raise ValueError(f"db_port {self.db_port} is out of range")
        # Copy the caller's dict, then expose it read-only: neither the caller
        # nor a reader can change the flags of a published version.
        object.__setattr__(self, "flags", MappingProxyType(dict(self.flags)))

    @property
    def db_address(self) -> str:
        return f"{self.db_host}:{self.db_port}"


class ConfigStore:
    """Holds the current Config; `current` is a lock-free read of one reference."""

    def __init__(self, initial: Config) -> None:
        self._current = initial

    @property
    def current(self) -> Config:
        """The snapshot to use for a whole request: read it once, then keep it."""
        return self._current

    def update(self, change: Callable[[Config], Config]) -> Config:
        """Build the next version from the current one and publish it.

        `change` is synchronous on purpose: with no `await` between reading the
        old version and storing the new one, no other task can publish in
        between, so no update is lost. If `change` raises (say, validation
        fails), nothing is published and readers keep the old version.
        """
        old = self._current
        new = change(old)
        new = dataclasses.replace(new, version=old.version + 1)
        self._current = new  # the only write readers can observe
        return new

    def set_flag(self, name: str, enabled: bool) -> Config:
        return self.update(lambda c: dataclasses.replace(c, flags={**c.flags, name: enabled}))

    def move_database(self, host: str, port: int) -> Config:
        return self.update(lambda c: dataclasses.replace(c, db_host=host, db_port=port))


async def handle_request(store: ConfigStore, io_done: asyncio.Event) -> str:
    config = store.current  # one read; every later field comes from this version
    host = config.db_host
    await io_done.wait()  # a reload may happen here; this request does not see it
    return f"v{config.version} {host}:{config.db_port} new_checkout={config.flags['new_checkout']}"


async def main() -> None:
    store = ConfigStore(Config("db-a", 5432, {"new_checkout": False}))
    io_done = asyncio.Event()
    in_flight = asyncio.create_task(handle_request(store, io_done))
    await asyncio.sleep(0)  # the request has taken its snapshot and is awaiting

    store.move_database("db-b", 6432)
    store.set_flag("new_checkout", True)
    io_done.set()
    print("request in flight:", await in_flight)
    #> request in flight: v1 db-a:5432 new_checkout=False
    print("next request:     ", await handle_request(store, io_done))
    #> next request:      v3 db-b:6432 new_checkout=True

    try:
        store.move_database("db-c", 0)
    except ValueError as exc:
        print("rejected:", exc, "| still serving", store.current.db_address)
    #> rejected: db_port 0 is out of range | still serving db-b:6432

    snapshot = store.current
    try:
        snapshot.flags["new_checkout"] = False  # type: ignore[index]
    except TypeError:
        print("flags of a published version are read-only")
    #> flags of a published version are read-only


if __name__ == "__main__":
    asyncio.run(main())
