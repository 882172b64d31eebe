"""P092, before: one copy of each helper per type, or one copy typed with Any.

The copies drift: the float version below gained a bounds check the int
version never got. The Any versions run, but everything they return is Any,
and a decorator typed `Callable[..., Any]` lets a type checker accept any call
at all, so a missing argument is found only when the code runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def clamp_int(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))


def clamp_float(value: float, low: float, high: float) -> float:
    if high < low:
        raise ValueError("bounds reversed")
    return max(low, min(value, high))


def dedupe_any(items: list[Any]) -> list[Any]:
    """Typed with Any: callers get list[Any] back, whatever they passed in."""
    seen: set[Any] = set()
    unique: list[Any] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            unique.append(item)
    return unique


def retry_untyped(attempts: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for _ in range(attempts - 1):
                try:
                    return fn(*args, **kwargs)
                except ConnectionError:
                    continue
            return fn(*args, **kwargs)

        return wrapper

    return decorate


@retry_untyped(3)
def fetch(key: str) -> bytes:
    return key.encode()


def main() -> None:
    # The int copy silently "clamps" with reversed bounds; the float copy refuses.
    print(clamp_int(5, 10, 1))
    #> 10
    try:
        clamp_float(5.0, 10.0, 1.0)
    except ValueError as exc:
        print("float copy:", exc)
    #> float copy: bounds reversed

    print(dedupe_any(["eu", "us", "eu"]))
    #> ['eu', 'us']

    # mypy --strict accepts this call: the wrapper takes `...`.
    try:
        fetch()
    except TypeError:
        print("missing argument found at run time, not by the type checker")
    #> missing argument found at run time, not by the type checker


if __name__ == "__main__":
    main()
