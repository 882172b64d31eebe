"""P010 Immutable Configuration Objects: build the settings once, then nobody can change them.

`Settings` is a frozen dataclass, and `__post_init__` finishes the job that
`frozen=True` leaves undone: it copies every collection it is given into a
type that has no mutating methods (a tuple for the list of origins, a
`MappingProxyType` over a private dict for the feature flags). A component
that needs a different value derives its own object with `dataclasses.replace`;
the shared one stays as it was. A reload builds a whole new object and
publishes it in one assignment, so a request that took a snapshot keeps
seeing one consistent version from its first line to its last.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Mapping
from dataclasses import FrozenInstanceError, dataclass, field, replace
from types import MappingProxyType


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The service's settings, immutable all the way down.

    Collections are copied on construction, so neither the caller that built
    the object nor any reader can change what another reader sees. Because the
    flags are a mapping proxy, a Settings object is not hashable.
    """

    db_timeout: float = 2.0
    allowed_origins: tuple[str, ...] = ()
    flags: Mapping[str, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not (self.db_timeout > 0 and math.isfinite(self.db_timeout)):
            raise ValueError(
                f"db_timeout must be a positive number of seconds, got {self.db_timeout!r}"
            )
        # frozen=True blocks `self.x = ...`, so the one-time copies use object.__setattr__.
        # tuple() also turns a list from an untyped caller (a JSON document) into a tuple.
        object.__setattr__(self, "allowed_origins", tuple(self.allowed_origins))
        object.__setattr__(self, "flags", MappingProxyType(dict(self.flags)))

    def accepts(self, origin: str) -> bool:
        return origin in self.allowed_origins

    def enabled(self, flag: str) -> bool:
        return self.flags.get(flag, False)


class SettingsHolder:
    """The one place that knows the current settings; a reload replaces the whole object.

    Readers call `current` once per unit of work (a request, a job) and use that
    object throughout, so a reload in the middle never mixes old and new values.
    """

    def __init__(self, initial: Settings) -> None:
        self._current = initial
        self.version = 1

    @property
    def current(self) -> Settings:
        return self._current

    def publish(self, new: Settings) -> None:
        """Make `new` the settings of every unit of work that starts from now on."""
        self._current = new
        self.version += 1


async def handle_checkout(holder: SettingsHolder, origin: str) -> str:
    """A request: one snapshot at the start, used even if a reload lands meanwhile."""
    settings = holder.current
    await asyncio.sleep(0)  # the database call; a reload may run now
    verdict = "accepted" if settings.accepts(origin) else "rejected"
    return f"{verdict}, timeout {settings.db_timeout:.0f}s"


async def main() -> None:
    document: dict[str, bool] = {"new_checkout": False}  # as parsed from a file
    shared = Settings(db_timeout=2.0, allowed_origins=("https://shop.example",), flags=document)
    document["new_checkout"] = True  # the loader's dict changes later: no effect
    print("new_checkout:", shared.enabled("new_checkout"))
    #> new_checkout: False

    # A component that wants a different value gets its own object.
    export = replace(shared, db_timeout=300.0)
    print(f"export: {export.db_timeout:.0f}s, everyone else: {shared.db_timeout:.0f}s")
    #> export: 300s, everyone else: 2s

    try:
        shared.db_timeout = 300.0  # type: ignore[misc]
    except FrozenInstanceError as exc:
        print("frozen:", exc)
    #> frozen: cannot assign to field 'db_timeout'
    try:
        shared.allowed_origins.append("https://partner.example")  # type: ignore[attr-defined]
    except AttributeError:
        print("origins are a tuple: no append")
    #> origins are a tuple: no append
    try:
        shared.flags["new_checkout"] = True  # type: ignore[index]
    except TypeError:
        print("flags are a read-only mapping")
    #> flags are a read-only mapping

    # A reload publishes a new object; a request in flight keeps its snapshot.
    holder = SettingsHolder(shared)
    in_flight = asyncio.create_task(handle_checkout(holder, "https://partner.example"))
    await asyncio.sleep(0)  # the request has taken its snapshot and is waiting
    origins = (*shared.allowed_origins, "https://partner.example")
    holder.publish(replace(shared, db_timeout=5.0, allowed_origins=origins))
    print("request that started before the reload:", await in_flight)
    #> request that started before the reload: rejected, timeout 2s
    print("request that starts after it:", await handle_checkout(holder, "https://partner.example"))
    #> request that starts after it: accepted, timeout 5s
    print("settings version:", holder.version)
    #> settings version: 2

    try:
        replace(shared, db_timeout=float("nan"))
    except ValueError as exc:
        print("rejected:", exc)
    #> rejected: db_timeout must be a positive number of seconds, got nan


if __name__ == "__main__":
    asyncio.run(main())
