"""P003 Functional Options: required values by position, optional settings by name.

In Python the idiomatic form is keyword-only arguments with defaults, and a
frozen dataclass with `kw_only=True` is exactly that: one place for every
default, names required at each call site, validation in `__post_init__`, and
no mutation once built. Options as callables (`ServerConfig -> ServerConfig`)
are kept for the cases where a group of settings must be a value: a preset
shared between call sites, or a setting computed from the current one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, replace
from typing import TypeAlias


@dataclass(frozen=True, kw_only=True)
class ServerConfig:
    """Every optional setting of a Server, with its default. Immutable once built.

    `kw_only=True` makes the generated constructor accept keywords only, so the
    two timeouts can never be swapped by position. Every construction, including
    each `dataclasses.replace`, runs `__post_init__`, so no invalid config exists.
    """

    read_timeout: float = 5.0
    write_timeout: float = 10.0
    max_connections: int = 100

    def __post_init__(self) -> None:
        for name in ("read_timeout", "write_timeout"):
            seconds = getattr(self, name)
            # isfinite rejects NaN and infinity; an infinite timeout is no timeout at all.
            if not (seconds > 0 and math.isfinite(seconds)):
                raise ValueError(
                    f"{name} must be a positive, finite number of seconds, got {seconds!r}"
                )
        if self.max_connections < 1:
            raise ValueError(f"max_connections must be at least 1, got {self.max_connections!r}")


DEFAULT_CONFIG = ServerConfig()

Option: TypeAlias = Callable[[ServerConfig], ServerConfig]
"""A setting as a value: takes a config and returns a new one, never changing its input."""


def with_timeouts(*, read: float, write: float) -> Option:
    """Set both timeouts; keyword-only again, so the option cannot swap them either."""

    def apply(config: ServerConfig) -> ServerConfig:
        return replace(config, read_timeout=read, write_timeout=write)

    return apply


def with_max_connections(limit: int) -> Option:
    """Cap the number of connections served at once."""

    def apply(config: ServerConfig) -> ServerConfig:
        return replace(config, max_connections=limit)

    return apply


def scaled_timeouts(factor: float) -> Option:
    """Multiply whatever timeouts are set so far: a dict of keyword arguments cannot do this."""

    def apply(config: ServerConfig) -> ServerConfig:
        return replace(
            config,
            read_timeout=config.read_timeout * factor,
            write_timeout=config.write_timeout * factor,
        )

    return apply


def combine(*options: Option) -> Option:
    """Bundle options into one, applied in the order given: this is how presets are made."""

    def apply(config: ServerConfig) -> ServerConfig:
        for option in options:
            config = option(config)
        return config

    return apply


def configure(*options: Option, base: ServerConfig = DEFAULT_CONFIG) -> ServerConfig:
    """Apply `options` to `base` in order; when two set the same field, the later wins.

    Raises:
        ValueError: an option produced an invalid value; the message names the field.
    """
    return combine(*options)(base)


BULK_DOWNLOADS: Option = combine(with_timeouts(read=5.0, write=120.0), with_max_connections(20))
"""A preset shared by every service that streams large files."""


class Server:
    """A server whose address is required and whose settings come as one config.

    Args:
        addr: where to listen; required, so it stays positional.
        config: every optional setting; keyword-only, defaults to DEFAULT_CONFIG.
    """

    def __init__(self, addr: str, *, config: ServerConfig = DEFAULT_CONFIG) -> None:
        if not addr:
            raise ValueError("addr must not be empty")
        self.addr = addr
        self.config = config

    def describe(self) -> str:
        c = self.config
        return (
            f"{self.addr} read={c.read_timeout}s write={c.write_timeout}s"
            f" max_connections={c.max_connections}"
        )


def main() -> None:
    print(Server("0.0.0.0:8080").describe())
    #> 0.0.0.0:8080 read=5.0s write=10.0s max_connections=100

    # The keyword form: every setting named, everything unnamed keeps its default.
    streaming = Server("0.0.0.0:8080", config=ServerConfig(write_timeout=30.0))
    print(streaming.describe())
    #> 0.0.0.0:8080 read=5.0s write=30.0s max_connections=100
    try:
        ServerConfig(30.0, 5.0)  # type: ignore[call-arg]
    except TypeError as exc:
        print("by position:", exc)
    #> by position: ServerConfig.__init__() takes 1 positional argument but 3 were given

    # The option form: a shared preset, then a local override that wins.
    downloads = Server("0.0.0.0:9000", config=configure(BULK_DOWNLOADS, with_max_connections(50)))
    print(downloads.describe())
    #> 0.0.0.0:9000 read=5.0s write=120.0s max_connections=50
    print(configure(with_timeouts(read=2.0, write=4.0), scaled_timeouts(3)))
    #> ServerConfig(read_timeout=6.0, write_timeout=12.0, max_connections=100)

    # A bad value stops construction, and the error names the setting.
    try:
        ServerConfig(read_timeout=-1.0)
    except ValueError as exc:
        print("rejected:", exc)
    #> rejected: read_timeout must be a positive, finite number of seconds, got -1.0
    try:
        configure(BULK_DOWNLOADS, scaled_timeouts(0))
    except ValueError as exc:
        print("rejected:", exc)
    #> rejected: read_timeout must be a positive, finite number of seconds, got 0.0

    try:
        downloads.config.max_connections = 10_000  # type: ignore[misc]
    except FrozenInstanceError as exc:
        print("frozen:", exc)
    #> frozen: cannot assign to field 'max_connections'


if __name__ == "__main__":
    main()
