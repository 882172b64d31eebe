"""P092: one helper per behaviour works across types, keeps signatures, and fails loudly."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from types import ModuleType

import pytest

from snippets.part15_generics import p092_generics_based_reusable_utilities as p092
from snippets.part15_generics import p092_generics_based_reusable_utilities_before as before
from snippets.part15_generics.p092_generics_based_reusable_utilities import (
    Version,
    clamp,
    dedupe,
    retry,
)

DemoCheck = Callable[[ModuleType], None]


@pytest.mark.parametrize(
    ("value", "low", "high", "expected"),
    [
        (5, 1, 10, 5),
        (-3, 1, 10, 1),
        (99, 1, 10, 10),
        (1, 1, 10, 1),
        (10, 1, 10, 10),
        (7, 7, 7, 7),
        (Decimal("2.50"), Decimal("0"), Decimal("1.99"), Decimal("1.99")),
        ("zeta", "alpha", "omega", "omega"),
        (date(2020, 1, 1), date(2024, 1, 1), date(2025, 1, 1), date(2024, 1, 1)),
        (Version(1, 2), Version(1, 0), Version(2, 0), Version(1, 2)),
    ],
)
def test_clamp_works_for_any_ordered_type(
    value: object, low: object, high: object, expected: object
) -> None:
    result = clamp(value, low, high)  # type: ignore[type-var]
    assert result == expected
    assert type(result) is type(expected)


def test_clamp_returns_the_bound_object_itself() -> None:
    low = Version(1, 0)
    assert clamp(Version(0, 9), low, Version(2, 0)) is low


@pytest.mark.parametrize(("low", "high"), [(10, 1), (0.5, -0.5)])
def test_clamp_rejects_reversed_bounds(low: float, high: float) -> None:
    with pytest.raises(ValueError, match="bounds reversed"):
        clamp(0, low, high)


def test_dedupe_keeps_the_first_of_each_in_order() -> None:
    assert dedupe(["b", "a", "b", "c", "a"]) == ["b", "a", "c"]
    assert dedupe(iter([(1, 2), (1, 2), (0, 0)])) == [(1, 2), (0, 0)]
    assert dedupe([]) == []
    assert dedupe([1, True, 1.0]) == [1]  # equal values count as repeats, as in Go


def test_retry_returns_the_first_success_and_keeps_the_signature() -> None:
    failures = [ConnectionError("a"), ConnectionError("b")]

    def flaky(key: str, *, shard: int = 0) -> str:
        if failures:
            raise failures.pop(0)
        return f"{key}:{shard}"

    wrapped = retry(3, on=(ConnectionError,))(flaky)
    assert wrapped("k", shard=4) == "k:4"
    assert failures == []
    assert wrapped.__name__ == "flaky"
    assert inspect.signature(wrapped) == inspect.signature(flaky)


def test_retry_gives_up_after_the_last_attempt_with_the_last_error() -> None:
    errors = [TimeoutError("first"), TimeoutError("second"), TimeoutError("third")]

    @retry(2, on=(TimeoutError,))
    def down() -> None:
        raise errors.pop(0)

    with pytest.raises(TimeoutError, match=r"^second$"):
        down()
    assert [str(e) for e in errors] == ["third"]


def test_retry_does_not_retry_other_errors() -> None:
    calls: list[int] = []

    @retry(5, on=(ConnectionError,))
    def broken() -> None:
        calls.append(1)
        raise KeyError("bug")

    with pytest.raises(KeyError):
        broken()
    assert calls == [1]


def test_retry_rejects_zero_attempts() -> None:
    with pytest.raises(ValueError, match="attempts"):
        retry(0, on=(ConnectionError,))


def test_before_copies_drift_and_lose_the_signature() -> None:
    assert before.clamp_int(5, 10, 1) == 10
    with pytest.raises(ValueError):
        before.clamp_float(5.0, 10.0, 1.0)
    assert before.dedupe_any([2, 2, 1]) == [2, 1]
    assert before.clamp_float(0.5, 0.0, 1.0) == 0.5
    kinds = [p.kind for p in inspect.signature(before.fetch).parameters.values()]
    assert kinds == [inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD]
    assert before.fetch("k") == b"k"
    attempts: list[int] = []

    @before.retry_untyped(2)
    def down() -> None:
        attempts.append(1)
        raise ConnectionError

    with pytest.raises(ConnectionError):
        down()
    assert len(attempts) == 2


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p092)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
