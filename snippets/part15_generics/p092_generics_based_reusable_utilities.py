"""P092 Generics-Based Reusable Utilities: write a helper once, typed by what it needs.

Each helper states the least it needs from its type: `clamp` needs values that
can be ordered (a Protocol bound), `dedupe` needs hashable values (the
`Hashable` bound, Go's `comparable`), and `retry` needs nothing from the
function it wraps, whose parameters it keeps through a `ParamSpec`. The caller
gets back the type it passed in, so nothing downstream is `Any`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, ParamSpec, Protocol, TypeVar


class SupportsLessThan(Protocol):
    """Anything with `<`: ints, floats, strings, dates, Decimals, tuples of those."""

    def __lt__(self, other: Any, /) -> bool: ...


OrderedT = TypeVar("OrderedT", bound=SupportsLessThan)
HashableT = TypeVar("HashableT", bound=Hashable)
P = ParamSpec("P")
R = TypeVar("R")


def clamp(value: OrderedT, low: OrderedT, high: OrderedT) -> OrderedT:
    """Limit `value` to [low, high]; one function for every ordered type.

    Raises:
        ValueError: the bounds are reversed, which is a caller's bug, not a value to fix.
    """
    if high < low:
        raise ValueError(f"clamp bounds reversed: low={low!r} high={high!r}")
    if value < low:
        return low
    if high < value:
        return high
    return value


def dedupe(items: Iterable[HashableT]) -> list[HashableT]:
    """Drop repeated items, keeping the first of each, in input order."""
    seen: set[HashableT] = set()
    unique: list[HashableT] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            unique.append(item)
    return unique


def retry(
    attempts: int, *, on: tuple[type[Exception], ...]
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Call the decorated function up to `attempts` times while it raises one of `on`.

    `Callable[P, R]` in and out: the wrapper has the same parameters and result
    type as the function, so a type checker still checks every call through it.
    The last error propagates unchanged; other exceptions are not retried.
    """
    if attempts < 1:
        raise ValueError(f"attempts must be at least 1, got {attempts}")

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            for _ in range(attempts - 1):
                try:
                    return fn(*args, **kwargs)
                except on:
                    continue
            return fn(*args, **kwargs)

        return wrapper

    return decorate


@dataclass(frozen=True)
class Version:
    """A user type that works with `clamp` only because it defines `<`."""

    major: int
    minor: int

    def __lt__(self, other: Version) -> bool:
        return (self.major, self.minor) < (other.major, other.minor)

    def __str__(self) -> str:
        return f"v{self.major}.{self.minor}"


def main() -> None:
    # One clamp for ints, floats, strings and a user type with `<`.
    print(clamp(250, 1, 100), clamp(-0.5, 0.0, 1.0), clamp("m", "a", "k"))
    #> 100 0.0 k
    print(clamp(Version(3, 9), Version(1, 0), Version(2, 4)))
    #> v2.4
    try:
        clamp(5, 10, 1)
    except ValueError as exc:
        print("rejected:", exc)
    #> rejected: clamp bounds reversed: low=10 high=1

    print(dedupe(["eu", "us", "eu", "ap", "us"]), dedupe([3, 1, 3, 2, 1]))
    #> ['eu', 'us', 'ap'] [3, 1, 2]

    calls: list[str] = []

    @retry(3, on=(ConnectionError,))
    def fetch(key: str, *, shard: int = 0) -> bytes:
        calls.append(key)
        if len(calls) < 3:
            raise ConnectionError("connection reset")
        return f"{key}@{shard}".encode()

    print(fetch("user-7", shard=2), len(calls), fetch.__name__)
    #> b'user-7@2' 3 fetch

    calls.clear()

    @retry(2, on=(ConnectionError,))
    def always_down(key: str) -> bytes:
        calls.append(key)
        raise ConnectionError(f"{key}: connection refused")

    try:
        always_down("user-8")
    except ConnectionError as exc:
        print(f"gave up after {len(calls)} calls: {exc}")
    #> gave up after 2 calls: user-8: connection refused


if __name__ == "__main__":
    main()
